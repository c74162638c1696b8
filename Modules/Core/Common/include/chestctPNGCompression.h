#ifndef chestctPNGCompression_h
#define chestctPNGCompression_h

namespace chestct
{

/** The zlib level of the PNG pictures ChestCT writes (montages, figures, stills).
 *
 * zlib's levels 1 to 3 take its fast string matcher, and on pictures this is
 * nearly all of the gain: lungdx-A0001-5mm's montage (1564 x 1564, RGB) is
 * 1.60 MB in 0.165 s at level 3, against 1.74 MB in 0.425 s at libpng's
 * default (6); the masked CT's montage is 396 KB in 0.077 s against 368 KB in
 * 0.094 s (one run of `chestct run` at each level). */
constexpr int kPNGCompressionLevel = 3;

} // namespace chestct

#endif
