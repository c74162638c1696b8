#include "chestctImageFileFormat.h"
#include "chestctLungSegmentation.h"
#include "chestctLabelOverlap.h"
#include "chestctReadHounsfieldVolume.h"
#include "chestctTestData.h"

#include "itkImageFileReader.h"
#include "itkImageRegionIterator.h"

#include <cmath>

#include <catch2/catch.hpp>

using LabelImage = itk::Image<unsigned char, 3>;

TEST_CASE("COPDGene at 4 mm agrees with its expert lung mask")
{
  const std::string series = chestct::testing::SharedDataPath("chest/copdgene-64px");
  const std::string expert = chestct::testing::SharedDataPath("masks/copdgene-64px");
  CHESTCT_REQUIRE_DATA(series, "chest/copdgene-64px");
  CHESTCT_REQUIRE_DATA(expert, "masks/copdgene-64px");

  const auto                      ct = chestct::ReadHounsfieldVolume(series);
  chestct::LungSegmentationReport report;
  const auto                      labels = chestct::SegmentLungs(ct.image, {}, &report);

  using ReaderType = itk::ImageFileReader<LabelImage>;
  auto reader = ReaderType::New();
  reader->SetFileName(expert + "/wholeLung-64.nrrd");
  reader->SetImageIO(chestct::CreateImageIO(chestct::ImageFileFormat::NRRD));
  reader->Update();
  // The expert mask is one label for both lungs; compare it with their union.
  auto both = LabelImage::New();
  both->CopyInformation(labels);
  both->SetRegions(labels->GetBufferedRegion());
  both->Allocate();
  itk::ImageRegionConstIterator<LabelImage> in(labels, labels->GetBufferedRegion());
  itk::ImageRegionIterator<LabelImage>      out(both, both->GetBufferedRegion());
  itk::ImageRegionIterator<LabelImage>      ref(reader->GetOutput(), reader->GetOutput()->GetBufferedRegion());
  std::size_t                               referenceVoxels = 0, testVoxels = 0;
  for (; !in.IsAtEnd(); ++in, ++out, ++ref)
  {
    out.Set(in.Get() != 0 ? 1 : 0);
    ref.Set(ref.Get() != 0 ? 1 : 0);
    referenceVoxels += ref.Get();
    testVoxels += out.Get();
  }
  REQUIRE(reader->GetOutput()->GetLargestPossibleRegion() == labels->GetLargestPossibleRegion());
  const double dice = chestct::testing::DiceOfLabel(reader->GetOutput(), both, 1);
  INFO("Dice " << dice << ", expert " << referenceVoxels << " voxels, ChestCT " << testVoxels);
  CHECK(dice >= 0.97);
  CHECK(std::abs(static_cast<double>(testVoxels) / static_cast<double>(referenceVoxels) - 1.0) < 0.03);
  CHECK(report.tracheaFound);
  CHECK(report.rightLungVolume > 0.0);
  CHECK(report.leftLungVolume > 0.0);
}

TEST_CASE("Lung-PET-CT-Dx A0001 gives two lungs of plausible size on the CT's own grid")
{
  const std::string series = chestct::testing::SharedDataPath("chest/lungdx-A0001-5mm");
  CHESTCT_REQUIRE_DATA(series, "chest/lungdx-A0001-5mm");
  const auto                      ct = chestct::ReadHounsfieldVolume(series);
  chestct::LungSegmentationReport report;
  const auto                      labels = chestct::SegmentLungs(ct.image, {}, &report);
  INFO("right " << report.rightLungVolume << " mL, left " << report.leftLungVolume << " mL");
  CHECK(report.tracheaFound);
  CHECK(report.rightLungVolume > 2000.0);
  CHECK(report.rightLungVolume < 5000.0);
  CHECK(report.leftLungVolume > 1500.0);
  CHECK(report.leftLungVolume < 4500.0);
  CHECK(report.rightLungVolume > report.leftLungVolume);
}
