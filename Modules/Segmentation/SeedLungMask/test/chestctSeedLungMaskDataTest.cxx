#include "chestctImageFileFormat.h"
#include "chestctMaskEvaluation.h"
#include "chestctSeedLungMask.h"
#include "chestctTestData.h"
#include "itkImageFileReader.h"

#include <catch2/catch.hpp>

#include <filesystem>

namespace
{
template <typename TImage>
typename TImage::Pointer
Read(const std::string & path)
{
  auto reader = itk::ImageFileReader<TImage>::New();
  reader->SetFileName(path);
  reader->SetImageIO(chestct::CreateImageIO(chestct::ImageFileFormatFromPath(path)));
  reader->Update();
  return reader->GetOutput();
}
} // namespace

TEST_CASE("On the seed's own 1 mm volume the seed method reproduces seed_pipeline.py's masks", "[seedmask][data]")
{
  // Written by /work/shared/reference/seed_pipeline.py DICOM_DIR OUT --nrrd (not part of the shared data).
  const std::filesystem::path folder = std::filesystem::path(CHESTCT_SEED_OUTPUT_ROOT) / "lungdx-A0001";
  const std::string volumePath = (folder / "resampled.nrrd").string(), maskPath = (folder / "lungmask.nrrd").string();
  std::error_code   error;
  const bool        present = std::filesystem::exists(volumePath, error) && std::filesystem::exists(maskPath, error);
  CHESTCT_REQUIRE_DATA(std::string(present ? volumePath : ""), "seed_pipeline.py output " + folder.string());
  const auto volume = Read<chestct::SeedLungMaskInputType>(volumePath);
  const auto mask = chestct::ComputeSeedLungMask(volume);
  auto       ours = chestct::EvaluationLabelImageType::New();
  ours->CopyInformation(mask);
  ours->SetRegions(mask->GetLargestPossibleRegion());
  ours->Allocate();
  std::copy(mask->GetBufferPointer(),
            mask->GetBufferPointer() + mask->GetBufferedRegion().GetNumberOfPixels(),
            ours->GetBufferPointer());
  const auto seed = Read<chestct::EvaluationLabelImageType>(maskPath);
  const auto result = chestct::EvaluateMasks(seed, ours);
  INFO("Dice " << result.all.dice << ", seed " << result.all.referenceVoxels << " voxels, ours "
               << result.all.testVoxels);
  CHECK_FALSE(result.resampled);
  CHECK(result.all.dice >= 0.95);
}
