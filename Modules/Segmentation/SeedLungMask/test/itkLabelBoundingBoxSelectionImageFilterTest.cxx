#include "itkLabelBoundingBoxSelectionImageFilter.h"
#include "itkPipelineMonitorImageFilter.h"

#include <catch2/catch.hpp>

namespace
{
using LabelImageType = itk::Image<unsigned int, 2>;
using FilterType = itk::LabelBoundingBoxSelectionImageFilter<LabelImageType>;

void
FillBox(LabelImageType * image, long column0, long column1, long row0, long row1, unsigned int label)
{
  for (long row = row0; row < row1; ++row)
  {
    for (long column = column0; column < column1; ++column)
    {
      image->SetPixel({ { column, row } }, label);
    }
  }
}
} // namespace

TEST_CASE("The bounding-box rule at its boundaries: strict, as the seed's", "[bbox]")
{
  auto filter = FilterType::New();
  // 100 x 100: extent < 90, top > 20, bottom (exclusive max row) < 80.
  CHECK(filter->Accepts(21, 10, 79, 50, 100, 100));
  CHECK_FALSE(filter->Accepts(20, 10, 79, 50, 100, 100)); // top on the line
  CHECK_FALSE(filter->Accepts(21, 10, 80, 50, 100, 100)); // bottom on the line
  CHECK(filter->Accepts(21, 0, 79, 89, 100, 100));        // 89 columns wide
  CHECK_FALSE(filter->Accepts(21, 0, 79, 90, 100, 100));  // 90 columns wide
  // Non-square: the bottom is compared with 4/5 of the number of columns, as the seed's code does.
  CHECK(filter->Accepts(21, 0, 39, 10, 100, 50));
  CHECK_FALSE(filter->Accepts(21, 0, 40, 10, 100, 50));
  // The fractions are parameters.
  filter->SetTopFraction(0.1);
  filter->SetBottomFraction(0.9);
  filter->SetMaximumExtentFraction(0.5);
  CHECK(filter->Accepts(11, 0, 60, 49, 100, 100));
  CHECK_FALSE(filter->Accepts(11, 0, 61, 49, 100, 100)); // 50 rows tall
  CHECK_FALSE(filter->Accepts(10, 0, 60, 49, 100, 100));
}

TEST_CASE("Labels whose box passes are kept with their value, the others cleared", "[bbox]")
{
  auto image = LabelImageType::New();
  image->SetRegions(LabelImageType::SizeType{ { 100, 100 } });
  image->Allocate(true);
  FillBox(image, 20, 40, 30, 70, 1); // a lung: kept
  FillBox(image, 60, 80, 30, 70, 7); // the other lung: kept
  FillBox(image, 0, 100, 90, 95, 3); // the table: too wide and too low
  FillBox(image, 45, 55, 5, 15, 4);  // above the top fifth
  FillBox(image, 45, 55, 30, 80, 5); // bottom exactly at 4/5: rejected
  auto monitor = itk::PipelineMonitorImageFilter<LabelImageType>::New();
  monitor->SetInput(image);
  auto filter = FilterType::New();
  filter->SetInput(monitor->GetOutput());
  // Ask for a corner only: the filter needs, and produces, the whole image.
  filter->GetOutput()->SetRequestedRegion(LabelImageType::RegionType({ { 0, 0 } }, { { 10, 10 } }));
  filter->GetOutput()->Update();
  CHECK(monitor->VerifyInputFilterRequestedLargestRegion());
  CHECK(filter->GetOutput()->GetBufferedRegion() == image->GetLargestPossibleRegion());
  CHECK(filter->GetSelectedLabels() == std::vector<unsigned int>{ 1, 7 });
  const LabelImageType * out = filter->GetOutput();
  CHECK(out->GetPixel({ { 25, 35 } }) == 1);
  CHECK(out->GetPixel({ { 65, 35 } }) == 7);
  CHECK(out->GetPixel({ { 50, 92 } }) == 0);
  CHECK(out->GetPixel({ { 50, 10 } }) == 0);
  CHECK(out->GetPixel({ { 50, 50 } }) == 0);
}
