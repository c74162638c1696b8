#include "chestctPNGWriter.h"

#include "chestctAtomicOutputFile.h"
#include "chestctError.h"

#include "itk_png.h"

#include <cerrno>
#include <csetjmp>
#include <cstdio>
#include <cstring>

namespace chestct
{
namespace
{
constexpr int kCompressionLevel = 3;

/** Writes the picture to `file`; false when libpng fails (it reports through longjmp, so nothing here has a
 * destructor that the jump could skip). */
bool
WriteRows(std::FILE * file, const unsigned char * rgb, unsigned int width, unsigned int height, bool bottomUp,
          int filters)
{
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  if (png == nullptr)
  {
    return false;
  }
  png_infop info = png_create_info_struct(png);
  if (info == nullptr || setjmp(png_jmpbuf(png)))
  {
    png_destroy_write_struct(&png, &info);
    return false;
  }
  png_init_io(png, file);
  png_set_IHDR(png,
               info,
               width,
               height,
               8,
               PNG_COLOR_TYPE_RGB,
               PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  png_set_compression_level(png, kCompressionLevel);
  png_set_filter(png, PNG_FILTER_TYPE_BASE, filters);
  png_write_info(png, info);
  const std::size_t rowBytes = 3 * static_cast<std::size_t>(width);
  for (unsigned int y = 0; y < height; ++y)
  {
    const unsigned int row = bottomUp ? height - 1 - y : y;
    png_write_row(png, rgb + row * rowBytes);
  }
  png_write_end(png, info);
  png_destroy_write_struct(&png, &info);
  return true;
}
} // namespace

void
WriteRGBPNG(const unsigned char * rgb, unsigned int width, unsigned int height, bool bottomUp, PNGFilters filters,
            const std::string & path)
{
  if (width == 0 || height == 0)
  {
    throw Error(path, "a picture of no pixels cannot be written as PNG", "report it: a program error");
  }
  AtomicOutputFile output(path);
  std::FILE *      file = std::fopen(output.TemporaryPath().c_str(), "wb");
  if (file == nullptr)
  {
    throw Error(path, std::string("could not be created: ") + std::strerror(errno), "check the folder and permissions");
  }
  const bool written = WriteRows(
    file, rgb, width, height, bottomUp, filters == PNGFilters::None ? PNG_FILTER_NONE : PNG_FILTER_SUB | PNG_FILTER_UP);
  if (std::fclose(file) != 0 || !written)
  {
    throw Error(path, "could not be written", "check free disk space and permissions");
  }
  output.Commit();
}

} // namespace chestct
