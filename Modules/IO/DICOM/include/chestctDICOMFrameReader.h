#ifndef chestctDICOMFrameReader_h
#define chestctDICOMFrameReader_h

#include <cstdint>
#include <string>
#include <vector>

namespace chestct
{

/** Decodes `file`'s pixel data through GDCM (uncompressed, JPEG lossless and
 * lossy, JPEG-LS, JPEG 2000, RLE) and copies the stored values of `frames`
 * (0-based frame numbers), frame after frame, to `destination`, which holds
 * rows x columns values per frame.
 *
 * Values are stored values, before RescaleSlope/RescaleIntercept: padding is
 * defined on them, and the rescale belongs to HounsfieldUnitRescaleImageFilter.
 * Bits above BitsStored are masked off, and signed values sign-extended from
 * BitsStored, so that overlay bits and 12-bit data read right.
 *
 * Throws chestct::Error naming the file when it cannot be read or decoded, is
 * not single-channel, or does not have the expected size.
 *
 * \ingroup ChestCTDICOM */
void
ReadDICOMStoredValues(const std::string & file, unsigned int rows, unsigned int columns,
                      const std::vector<unsigned int> & frames, std::int32_t * destination);

} // namespace chestct

#endif
