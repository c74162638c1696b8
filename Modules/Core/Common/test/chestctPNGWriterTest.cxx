// WriteRGBPNG: the pixels read back as written, in either row order and with either filter set, and a file
// that cannot be written is refused by name, with nothing left behind.
#include "chestctError.h"
#include "chestctPNGWriter.h"
#include "chestctTestData.h"

#include "itkImageFileReader.h"
#include "itkPNGImageIO.h"
#include "itkRGBPixel.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <vector>

namespace
{
using RGBImage = itk::Image<itk::RGBPixel<unsigned char>, 2>;

RGBImage::Pointer
ReadPNG(const std::string & path)
{
  auto reader = itk::ImageFileReader<RGBImage>::New();
  reader->SetImageIO(itk::PNGImageIO::New());
  reader->SetFileName(path);
  reader->Update();
  return reader->GetOutput();
}
} // namespace

TEST_CASE("A PNG picture reads back pixel for pixel, top row first", "[output][png]")
{
  const std::string          folder = chestct::testing::TemporaryFolder("png");
  const unsigned int         width = 37, height = 23; // odd sizes: no row is a multiple of anything
  std::vector<unsigned char> rgb(3 * width * height);
  for (std::size_t i = 0; i < rgb.size(); ++i)
  {
    rgb[i] = static_cast<unsigned char>((i * 7919) % 251); // every row different, every channel too
  }
  for (const auto filters : { chestct::PNGFilters::None, chestct::PNGFilters::SubOrUp })
  {
    for (const bool bottomUp : { false, true })
    {
      INFO("filters " << static_cast<int>(filters) << ", bottom-up " << bottomUp);
      const std::string path = folder + "/p.png";
      chestct::WriteRGBPNG(rgb.data(), width, height, bottomUp, filters, path);
      const auto picture = ReadPNG(path);
      REQUIRE(picture->GetLargestPossibleRegion().GetSize()[0] == width);
      REQUIRE(picture->GetLargestPossibleRegion().GetSize()[1] == height);
      std::size_t different = 0;
      for (unsigned int y = 0; y < height; ++y)
      {
        // The picture's top row is the buffer's first row, or its last when the buffer runs bottom-up.
        const unsigned int row = bottomUp ? height - 1 - y : y;
        for (unsigned int x = 0; x < width; ++x)
        {
          const auto & pixel = picture->GetPixel({ { x, y } });
          for (unsigned int c = 0; c < 3; ++c)
          {
            different += pixel[c] != rgb[3 * (row * width + x) + c];
          }
        }
      }
      CHECK(different == 0);
    }
  }
}

TEST_CASE("A PNG that cannot be written is refused by name and leaves nothing behind", "[output][png]")
{
  const std::string                folder = chestct::testing::TemporaryFolder("png-refused");
  const std::string                path = folder + "/missing-folder/p.png";
  const std::vector<unsigned char> rgb(3 * 4 * 4, 128);
  try
  {
    chestct::WriteRGBPNG(rgb.data(), 4, 4, false, chestct::PNGFilters::None, path);
    FAIL("a PNG was written into a folder that does not exist");
  }
  catch (const chestct::Error & error)
  {
    CHECK(error.File() == path);
  }
  CHECK(std::filesystem::is_empty(folder));
  CHECK_THROWS_AS(chestct::WriteRGBPNG(rgb.data(), 0, 4, false, chestct::PNGFilters::None, folder + "/q.png"),
                  chestct::Error);
  CHECK(std::filesystem::is_empty(folder));
}
