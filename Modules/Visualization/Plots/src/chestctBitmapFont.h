#ifndef chestctBitmapFont_h
#define chestctBitmapFont_h

#include "chestctMontage.h"

#include <string>

namespace chestct
{

/** Draws `text` (digits, capitals and - ( ) . , : / + =; other characters, lower case included, leave a space) with its
 * top-left corner at (x, y), each font pixel `scale` x `scale` picture pixels, in `colour` over a one-pixel dark
 * outline so that it reads on any background. Pixels outside the picture are skipped. The font is a
 * 5 x 7 bitmap built in: ChestCT needs only slice numbers, orientation letters and short titles, and a built-in font
 * keeps the montage free of a VTK/FreeType dependency and identical on every machine. */
void
DrawText(MontageImageType & picture, long x, long y, const std::string & text, unsigned int scale,
         const itk::RGBPixel<unsigned char> & colour);

/** The width in picture pixels of `text` drawn at `scale`. */
long
TextWidth(const std::string & text, unsigned int scale);

} // namespace chestct

#endif
