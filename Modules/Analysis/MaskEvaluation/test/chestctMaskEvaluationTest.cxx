#include "chestctMaskEvaluation.h"

#include <catch2/catch.hpp>

#include <cmath>

namespace
{
using ImageType = chestct::EvaluationLabelImageType;

ImageType::Pointer
MakeImage(unsigned int n, const ImageType::SpacingType & spacing, double originShift = 0.0)
{
  auto image = ImageType::New();
  image->SetRegions(ImageType::SizeType{ { n, n, n } });
  image->SetSpacing(spacing);
  ImageType::PointType origin;
  origin.Fill(originShift);
  image->SetOrigin(origin);
  image->Allocate(true);
  return image;
}

void
FillBox(ImageType * image, long x0, long x1, long y0, long y1, long z0, long z1, unsigned short value)
{
  for (long z = z0; z < z1; ++z)
    for (long y = y0; y < y1; ++y)
      for (long x = x0; x < x1; ++x)
        image->SetPixel({ { x, y, z } }, value);
}

void
FillBall(ImageType * image, double radiusMM, unsigned short value)
{
  const auto size = image->GetLargestPossibleRegion().GetSize();
  const auto spacing = image->GetSpacing();
  for (long z = 0; z < static_cast<long>(size[2]); ++z)
    for (long y = 0; y < static_cast<long>(size[1]); ++y)
      for (long x = 0; x < static_cast<long>(size[0]); ++x)
      {
        const double dx = (x - (size[0] - 1) / 2.0) * spacing[0], dy = (y - (size[1] - 1) / 2.0) * spacing[1],
                     dz = (z - (size[2] - 1) / 2.0) * spacing[2];
        if (dx * dx + dy * dy + dz * dz <= radiusMM * radiusMM)
          image->SetPixel({ { x, y, z } }, value);
      }
}

ImageType::SpacingType
Spacing(double x, double y, double z)
{
  ImageType::SpacingType s;
  s[0] = x;
  s[1] = y;
  s[2] = z;
  return s;
}
} // namespace

TEST_CASE("Cubes offset by two voxels have Dice 0.8, Jaccard 2/3 and Hausdorff two voxels", "[evaluation]")
{
  auto reference = MakeImage(32, Spacing(1, 1, 1));
  auto test = MakeImage(32, Spacing(1, 1, 1));
  FillBox(reference, 10, 20, 10, 20, 10, 20, 1);
  FillBox(test, 12, 22, 10, 20, 10, 20, 1);
  const auto result = chestct::EvaluateMasks(reference, test);
  REQUIRE(result.labels.size() == 1);
  const auto & cube = result.labels[0];
  CHECK(cube.referenceVoxels == 1000);
  CHECK(cube.intersectionVoxels == 800);
  CHECK(cube.dice == Approx(0.8).epsilon(1e-12));
  CHECK(cube.jaccard == Approx(2.0 / 3.0).epsilon(1e-12));
  CHECK(cube.referenceVolumeML == Approx(1.0));
  REQUIRE(cube.hausdorff);
  CHECK(*cube.hausdorff == Approx(2.0).margin(1e-9));
  CHECK(*cube.hausdorff95 <= 2.0 + 1e-9);
  CHECK(*cube.averageSurfaceDistance > 0.0);
  CHECK(*cube.averageSurfaceDistance < 2.0);
  CHECK_FALSE(result.resampled);
  CHECK(result.all.dice == Approx(0.8));
}

TEST_CASE("Anisotropic spacing scales the distances and the volumes", "[evaluation]")
{
  // The same voxels as above, 0.5 x 1 x 3 mm: the shift along x is now 1 mm, volumes 1.5 mL.
  auto reference = MakeImage(32, Spacing(0.5, 1, 3));
  auto test = MakeImage(32, Spacing(0.5, 1, 3));
  FillBox(reference, 10, 20, 10, 20, 10, 20, 1);
  FillBox(test, 12, 22, 10, 20, 10, 20, 1);
  const auto shiftedX = chestct::EvaluateMasks(reference, test).labels.at(0);
  CHECK(*shiftedX.hausdorff == Approx(1.0).margin(1e-9));
  CHECK(shiftedX.referenceVolumeML == Approx(1.5));
  CHECK(shiftedX.dice == Approx(0.8));
  // Shifted two voxels along z instead: 6 mm.
  auto testZ = MakeImage(32, Spacing(0.5, 1, 3));
  FillBox(testZ, 10, 20, 10, 20, 12, 22, 1);
  CHECK(*chestct::EvaluateMasks(reference, testZ).labels.at(0).hausdorff == Approx(6.0).margin(1e-9));
}

TEST_CASE("Concentric spheres: Hausdorff, HD95 and ASSD near the difference of the radii", "[evaluation]")
{
  auto reference = MakeImage(48, Spacing(1, 1, 1));
  auto test = MakeImage(48, Spacing(1, 1, 1));
  FillBall(reference, 10.0, 1);
  FillBall(test, 14.0, 1);
  const auto result = chestct::EvaluateMasks(reference, test).labels.at(0);
  // Surface voxel centres lie within a voxel of the true spheres.
  CHECK(std::abs(*result.hausdorff - 4.0) <= 1.0);
  CHECK(std::abs(*result.hausdorff95 - 4.0) <= 1.0);
  CHECK(std::abs(*result.averageSurfaceDistance - 4.0) <= 1.0);
  CHECK(*result.hausdorff95 <= *result.hausdorff);
  // Dice of nested balls: 2 V10 / (V10 + V14), to the voxelisation.
  const double expected = 2.0 * 1000.0 / (1000.0 + 14.0 * 14.0 * 14.0);
  CHECK(result.dice == Approx(expected).epsilon(0.03));
  CHECK(result.testVolumeML == Approx(4.0 / 3.0 * M_PI * 14 * 14 * 14 / 1000.0).epsilon(0.03));
}

TEST_CASE("Identical masks agree perfectly, per label and for the union", "[evaluation]")
{
  auto reference = MakeImage(32, Spacing(1, 1, 1));
  FillBox(reference, 4, 12, 4, 20, 4, 20, 1);
  FillBox(reference, 18, 26, 4, 20, 4, 20, 2);
  const auto result = chestct::EvaluateMasks(reference, reference);
  REQUIRE(result.labels.size() == 2);
  CHECK(result.labels[0].name == "1");
  CHECK(result.labels[1].name == "2");
  CHECK(result.all.name == "union");
  CHECK(result.all.referenceVoxels == 2 * 8 * 16 * 16);
  for (const auto & m : { result.labels[0], result.labels[1], result.all })
  {
    CHECK(m.dice == 1.0);
    CHECK(m.jaccard == 1.0);
    CHECK(*m.hausdorff == 0.0);
    CHECK(*m.averageSurfaceDistance == 0.0);
  }
}

TEST_CASE("Empty masks: Dice 1 when both are empty, 0 when one is, and no distances", "[evaluation]")
{
  auto empty = MakeImage(16, Spacing(1, 1, 1));
  auto cube = MakeImage(16, Spacing(1, 1, 1));
  FillBox(cube, 4, 8, 4, 8, 4, 8, 1);
  const auto both = chestct::CompareLabel(empty, empty, 0);
  CHECK(both.dice == 1.0);
  CHECK(both.jaccard == 1.0);
  CHECK_FALSE(both.hausdorff);
  const auto one = chestct::EvaluateMasks(cube, empty);
  CHECK(one.all.dice == 0.0);
  CHECK(one.all.jaccard == 0.0);
  CHECK_FALSE(one.all.hausdorff);
  CHECK_FALSE(one.all.averageSurfaceDistance);
  CHECK(one.all.referenceVolumeML == Approx(0.064));
}

TEST_CASE("A test mask on another grid is resampled onto the reference grid by nearest neighbour", "[evaluation]")
{
  auto reference = MakeImage(40, Spacing(1, 1, 1));
  FillBox(reference, 10, 20, 10, 20, 10, 20, 1);
  // 2 mm voxels shifted by 0.5 mm: voxel 5..9 covers reference voxels 10..19 exactly, no ties.
  auto coarse = MakeImage(20, Spacing(2, 2, 2), 0.5);
  FillBox(coarse, 5, 10, 5, 10, 5, 10, 1);
  const auto result = chestct::EvaluateMasks(reference, coarse);
  CHECK(result.resampled);
  CHECK(result.all.dice == 1.0);
  CHECK(*result.all.hausdorff == 0.0);
}

TEST_CASE("Percentile interpolates between order statistics as numpy does", "[evaluation]")
{
  std::vector<double> values{ 4, 1, 3, 2, 0 };
  CHECK(chestct::Percentile(values, 50) == 2.0);
  CHECK(chestct::Percentile(values, 95) == Approx(3.8));
  CHECK(chestct::Percentile(values, 100) == 4.0);
}
