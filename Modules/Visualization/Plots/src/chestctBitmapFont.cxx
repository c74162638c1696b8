#include "chestctBitmapFont.h"

#include <array>
#include <cstdint>

namespace chestct
{
namespace
{
// 5 x 7 glyphs, one byte per row, bit 4 the leftmost column.
struct Glyph
{
  char                        character;
  std::array<std::uint8_t, 7> rows;
};
constexpr Glyph kGlyphs[] = {
  { '0', { 0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E } }, { '1', { 0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E } },
  { '2', { 0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F } }, { '3', { 0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E } },
  { '4', { 0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02 } }, { '5', { 0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E } },
  { '6', { 0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E } }, { '7', { 0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08 } },
  { '8', { 0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E } }, { '9', { 0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C } },
  { '-', { 0x00, 0x00, 0x00, 0x1F, 0x00, 0x00, 0x00 } }, { 'A', { 0x0E, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11 } },
  { 'I', { 0x0E, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0E } }, { 'L', { 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1F } },
  { 'P', { 0x1E, 0x11, 0x11, 0x1E, 0x10, 0x10, 0x10 } }, { 'R', { 0x1E, 0x11, 0x11, 0x1E, 0x14, 0x12, 0x11 } },
  { 'S', { 0x0F, 0x10, 0x10, 0x0E, 0x01, 0x01, 0x1E } },
};

const Glyph *
Find(char c)
{
  for (const Glyph & glyph : kGlyphs)
  {
    if (glyph.character == c)
    {
      return &glyph;
    }
  }
  return nullptr;
}

void
Put(MontageImageType & picture, long x, long y, const itk::RGBPixel<unsigned char> & colour)
{
  const auto size = picture.GetBufferedRegion().GetSize();
  if (x >= 0 && y >= 0 && x < static_cast<long>(size[0]) && y < static_cast<long>(size[1]))
  {
    picture.SetPixel({ { x, y } }, colour);
  }
}

template <typename TFunction>
void
ForEachFontPixel(const std::string & text, unsigned int scale, TFunction f)
{
  const long advance = 6 * static_cast<long>(scale);
  for (std::size_t i = 0; i < text.size(); ++i)
  {
    const Glyph * glyph = Find(text[i]);
    if (glyph == nullptr)
    {
      continue;
    }
    for (long row = 0; row < 7; ++row)
    {
      for (long column = 0; column < 5; ++column)
      {
        if (glyph->rows[row] & (0x10 >> column))
        {
          f(static_cast<long>(i) * advance + column * scale, row * static_cast<long>(scale));
        }
      }
    }
  }
}
} // namespace

long
TextWidth(const std::string & text, unsigned int scale)
{
  return text.empty() ? 0 : static_cast<long>(text.size() * 6 - 1) * scale;
}

void
DrawText(MontageImageType & picture, long x, long y, const std::string & text, unsigned int scale,
         const itk::RGBPixel<unsigned char> & colour)
{
  itk::RGBPixel<unsigned char> outline;
  outline.Fill(0);
  const long s = scale;
  // Outline first: every font pixel's square grown by one picture pixel.
  ForEachFontPixel(text, scale, [&](long fx, long fy) {
    for (long dy = -1; dy <= s; ++dy)
    {
      for (long dx = -1; dx <= s; ++dx)
      {
        Put(picture, x + fx + dx, y + fy + dy, outline);
      }
    }
  });
  ForEachFontPixel(text, scale, [&](long fx, long fy) {
    for (long dy = 0; dy < s; ++dy)
    {
      for (long dx = 0; dx < s; ++dx)
      {
        Put(picture, x + fx + dx, y + fy + dy, colour);
      }
    }
  });
}

} // namespace chestct
