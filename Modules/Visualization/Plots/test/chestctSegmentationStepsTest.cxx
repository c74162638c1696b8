#include "chestctError.h"
#include "chestctSegmentationSteps.h"
#include "chestctTestData.h"

#include "itkImageFileReader.h"
#include "itkPNGImageIO.h"

#include <catch2/catch.hpp>

#include <filesystem>

namespace
{
template <typename TPixel>
typename itk::Image<TPixel, 2>::Pointer
Square(unsigned int columns, unsigned int rows, TPixel background, TPixel inside)
{
  auto image = itk::Image<TPixel, 2>::New();
  image->SetRegions(typename itk::Image<TPixel, 2>::SizeType{ { columns, rows } });
  image->Allocate();
  image->FillBuffer(background);
  for (long y = rows / 4; y < static_cast<long>(rows / 2); ++y)
  {
    for (long x = columns / 4; x < static_cast<long>(columns / 2); ++x)
    {
      image->SetPixel({ { x, y } }, inside);
    }
  }
  return image;
}
} // namespace

TEST_CASE("The segmentation-steps figure lays six panels out 3 x 2 with titles, and writes a PNG", "[plots][steps]")
{
  const auto                                        ct = Square<short>(100, 100, 40, -900);
  const auto                                        mask = Square<unsigned char>(100, 100, 0, 1);
  const auto                                        labels = Square<unsigned int>(100, 100, 0, 2);
  const chestct::DisplayWindow                      lung{ 1500, -600 };
  const std::vector<chestct::SegmentationStepPanel> panels{
    chestct::MakeGreyPanel("original", ct, lung),         chestct::MakeMaskPanel("threshold", mask),
    chestct::MakeMaskPanel("erosion and dilation", mask), chestct::MakeLabelPanel("labels", labels),
    chestct::MakeMaskPanel("final mask", mask),           chestct::MakeGreyPanel("mask applied", ct, lung, mask)
  };
  chestct::SegmentationStepsOptions options;
  options.panelSize = 100;
  const std::string  path = (std::filesystem::path(chestct::testing::TemporaryFolder("steps")) / "steps.png").string();
  const auto         picture = chestct::RenderSegmentationSteps(panels, path, options);
  const unsigned int gap = options.gap, title = 7 * options.titleScale + 2 * gap;
  CHECK(picture->GetLargestPossibleRegion().GetSize(0) == gap + 3 * (100 + gap));
  CHECK(picture->GetLargestPossibleRegion().GetSize(1) == gap + 2 * (title + 100 + gap));
  // Panel 4 (row 1, column 0): label 2 in its colour at the square, black elsewhere.
  const long x0 = gap, y0 = gap + (title + 100 + gap) + title;
  CHECK(picture->GetPixel({ { x0 + 30, y0 + 30 } }) == chestct::LabelColour(2));
  CHECK(picture->GetPixel({ { x0 + 80, y0 + 80 } }) == chestct::LabelColour(0));
  CHECK(chestct::LabelColour(1) != chestct::LabelColour(2));
  // Panel 6 (mask applied): the lung grey inside the mask, black outside it even where the CT is soft tissue.
  const long x5 = gap + 2 * (100 + gap);
  CHECK(picture->GetPixel({ { x5 + 30, y0 + 30 } })[0] == chestct::WindowGrey(-900, lung));
  CHECK(picture->GetPixel({ { x5 + 80, y0 + 80 } })[0] == 0);
  // Panel 1: soft tissue at 40 HU through the lung window.
  CHECK(picture->GetPixel({ { static_cast<long>(gap) + 80, static_cast<long>(gap + title) + 80 } })[0] ==
        chestct::WindowGrey(40, lung));
  // The PNG reads back as the same picture size.
  auto reader = itk::ImageFileReader<chestct::MontageImageType>::New();
  reader->SetFileName(path);
  reader->SetImageIO(itk::PNGImageIO::New());
  REQUIRE_NOTHROW(reader->Update());
  CHECK(reader->GetOutput()->GetLargestPossibleRegion() == picture->GetLargestPossibleRegion());
}

TEST_CASE("The segmentation-steps figure refuses no panels", "[plots][steps]")
{
  CHECK_THROWS_AS(chestct::RenderSegmentationSteps({}), chestct::Error);
  chestct::SegmentationStepPanel empty;
  empty.title = "nothing";
  CHECK_THROWS_AS(chestct::RenderSegmentationSteps({ empty }), chestct::Error);
}
