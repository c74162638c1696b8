// The signed distance to a mask's contour against ITK's SignedMaurerDistanceMapImageFilter, whose place it
// takes in the lung method, and against distances known in advance.
#include "chestctSignedContourDistance.h"

#include "itkImageRegionIteratorWithIndex.h"
#include "itkSignedMaurerDistanceMapImageFilter.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

namespace
{
using MaskImage = itk::Image<unsigned char, 3>;
using DistanceImage = itk::Image<float, 3>;

/** Random overlapping balls on an anisotropic grid, some cut by the image's edge, with holes. */
MaskImage::Pointer
RandomBlobs(std::uint32_t seed)
{
  auto mask = MaskImage::New();
  mask->SetRegions(MaskImage::SizeType{ { 47, 39, 23 } });
  const double spacing[3] = { 1.7, 1.6, 2.5 };
  mask->SetSpacing(spacing);
  mask->Allocate();
  mask->FillBuffer(0);
  std::mt19937                           random(seed);
  std::uniform_real_distribution<double> centre(-5.0, 80.0), radius(8.0, 20.0);
  for (int ball = 0; ball < 9; ++ball)
  {
    const double c[3] = { centre(random), centre(random) * 0.8, centre(random) * 0.7 };
    const double r = radius(random);
    const bool   hole = ball % 4 == 3;
    for (itk::ImageRegionIteratorWithIndex<MaskImage> it(mask, mask->GetBufferedRegion()); !it.IsAtEnd(); ++it)
    {
      double d2 = 0.0;
      for (unsigned int d = 0; d < 3; ++d)
      {
        const double x = it.GetIndex()[d] * spacing[d] - c[d];
        d2 += x * x;
      }
      if (d2 <= r * r)
      {
        it.Set(hole ? 0 : 1);
      }
    }
  }
  return mask;
}

DistanceImage::Pointer
Maurer(const MaskImage * mask)
{
  auto filter = itk::SignedMaurerDistanceMapImageFilter<MaskImage, DistanceImage>::New();
  filter->SetInput(mask);
  filter->SetUseImageSpacing(true);
  filter->SetSquaredDistance(false);
  filter->SetInsideIsPositive(false);
  filter->SetBackgroundValue(0);
  filter->Update();
  return filter->GetOutput();
}
} // namespace

TEST_CASE("The signed contour distance is SignedMaurerDistanceMapImageFilter's", "[lungs][distance]")
{
  for (const std::uint32_t seed : { 1u, 2u, 3u })
  {
    INFO("seed " << seed);
    const auto        mask = RandomBlobs(seed);
    const auto        expected = Maurer(mask);
    const auto        computed = chestct::ComputeSignedContourDistance(mask);
    const std::size_t count = mask->GetBufferedRegion().GetNumberOfPixels();
    std::size_t       inside = 0;
    for (std::size_t i = 0; i < count; ++i)
    {
      const float a = computed->GetBufferPointer()[i], b = expected->GetBufferPointer()[i];
      INFO("voxel " << mask->ComputeIndex(static_cast<itk::OffsetValueType>(i)) << ": " << a << " against " << b);
      REQUIRE(std::abs(a - b) <= 1e-4f * std::max(1.0f, std::abs(b)));
      inside += mask->GetBufferPointer()[i] != 0 ? 1 : 0;
    }
    CHECK(inside > count / 10);
    CHECK(inside < count * 9 / 10);
  }
}

TEST_CASE("The signed contour distance of one voxel and of a slab is known", "[lungs][distance]")
{
  auto mask = MaskImage::New();
  mask->SetRegions(MaskImage::SizeType{ { 9, 7, 5 } });
  const double spacing[3] = { 1.5, 2.0, 3.0 };
  mask->SetSpacing(spacing);
  mask->Allocate();
  mask->FillBuffer(0);
  mask->SetPixel({ { 4, 3, 2 } }, 1);
  auto distance = chestct::ComputeSignedContourDistance(mask);
  for (itk::ImageRegionIteratorWithIndex<DistanceImage> it(distance, distance->GetBufferedRegion()); !it.IsAtEnd();
       ++it)
  {
    double d2 = 0.0;
    for (unsigned int d = 0; d < 3; ++d)
    {
      const double x = (it.GetIndex()[d] - (d == 0 ? 4 : d == 1 ? 3 : 2)) * spacing[d];
      d2 += x * x;
    }
    REQUIRE(std::abs(it.Get()) == Approx(std::sqrt(d2)).margin(1e-6));
  }

  // Slices z = 1 to 3 set: the contour is slices 1 and 3 (background above or below), slice 2 lies one
  // slice (3 mm) inside it and slices 0 and 4 one slice outside.
  mask->FillBuffer(0);
  for (itk::ImageRegionIteratorWithIndex<MaskImage> it(mask, mask->GetBufferedRegion()); !it.IsAtEnd(); ++it)
  {
    it.Set(it.GetIndex()[2] >= 1 && it.GetIndex()[2] <= 3 ? 1 : 0);
  }
  distance = chestct::ComputeSignedContourDistance(mask);
  CHECK(distance->GetPixel({ { 4, 3, 4 } }) == Approx(3.0));
  CHECK(distance->GetPixel({ { 4, 3, 0 } }) == Approx(3.0));
  CHECK(distance->GetPixel({ { 4, 3, 2 } }) == Approx(-3.0));
  CHECK(distance->GetPixel({ { 4, 3, 1 } }) == Approx(0.0).margin(1e-9));
  CHECK(distance->GetPixel({ { 0, 0, 3 } }) == Approx(0.0).margin(1e-9));

  // No contour at all: an empty mask is infinitely far from one.
  mask->FillBuffer(0);
  distance = chestct::ComputeSignedContourDistance(mask);
  CHECK(std::isinf(distance->GetPixel({ { 0, 0, 0 } })));
}

TEST_CASE("Within a reach the signed contour distance is the whole one, and beyond it only beyond it",
          "[lungs][distance]")
{
  for (const std::uint32_t seed : { 4u, 5u, 6u })
  {
    const auto        mask = RandomBlobs(seed);
    const auto        whole = chestct::ComputeSignedContourDistance(mask);
    const std::size_t count = mask->GetBufferedRegion().GetNumberOfPixels();
    for (const double reach : { 2.4, 6.0, 8.0, 17.5 })
    {
      INFO("seed " << seed << ", reach " << reach << " mm");
      const auto  near = chestct::ComputeSignedContourDistance(mask, reach);
      std::size_t exact = 0, beyond = 0;
      for (std::size_t i = 0; i < count; ++i)
      {
        const float a = near->GetBufferPointer()[i], b = whole->GetBufferPointer()[i];
        INFO("voxel " << mask->ComputeIndex(static_cast<itk::OffsetValueType>(i)) << ": " << a << " against " << b);
        if (std::abs(b) <= reach)
        {
          REQUIRE(a == b); // bit for bit: a dilation or erosion by a ball of the reach is the same
          ++exact;
        }
        else
        {
          REQUIRE(std::abs(a) > reach);
          REQUIRE(std::signbit(a) == std::signbit(b));
          ++beyond;
        }
      }
      CHECK(exact > 0);
      CHECK(beyond > 0);
    }
  }
  REQUIRE_THROWS_AS(chestct::ComputeSignedContourDistance(RandomBlobs(7), -1.0), itk::ExceptionObject);
}
