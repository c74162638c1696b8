// Resampling: the output grid (size, spacing, placement) and where known physical points land.
#include "chestctError.h"
#include "chestctResampleGrid.h"
#include "chestctResampleImage.h"
#include "chestctTestData.h"
#include "chestctThoraxPhantom.h"

#include "itkImageRegionConstIteratorWithIndex.h"
#include "itkImageRegionIteratorWithIndex.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <set>

using namespace chestct;

namespace
{
using FloatImage = itk::Image<float, 3>;
using ShortImage = itk::Image<short, 3>;

/** A 3D image of the given geometry, every voxel set to f(its centre in patient space). */
template <typename TImage, typename TFunction>
typename TImage::Pointer
ImageOf(const itk::Size<3> & size, const itk::Vector<double, 3> & spacing, const itk::Point<double, 3> & origin,
        const typename TImage::DirectionType & direction, TFunction f)
{
  auto image = TImage::New();
  image->SetRegions(size);
  image->SetSpacing(spacing);
  image->SetOrigin(origin);
  image->SetDirection(direction);
  image->Allocate();
  for (itk::ImageRegionIteratorWithIndex<TImage> it(image, image->GetBufferedRegion()); !it.IsAtEnd(); ++it)
  {
    itk::Point<double, 3> p;
    image->TransformIndexToPhysicalPoint(it.GetIndex(), p);
    it.Set(static_cast<typename TImage::PixelType>(f(p)));
  }
  return image;
}

double
Ramp(const itk::Point<double, 3> & p)
{
  return 2.0 * p[0] - 3.0 * p[1] + 0.5 * p[2] + 7.0;
}

/** Feet-first LPS: x and z flipped, as a feet-first series has them. */
FloatImage::DirectionType
FeetFirstDirection()
{
  FloatImage::DirectionType direction;
  direction.SetIdentity();
  direction(0, 0) = -1.0;
  direction(2, 2) = -1.0;
  return direction;
}

/** The corners of the voxel-corner box along each image axis, as physical points of index -1/2 and n-1/2. */
std::pair<itk::Point<double, 3>, itk::Point<double, 3>>
CornerBox(const itk::ImageBase<3> & image)
{
  itk::ContinuousIndex<double, 3> first, last;
  for (unsigned int d = 0; d < 3; ++d)
  {
    first[d] = -0.5;
    last[d] = image.GetLargestPossibleRegion().GetSize(d) - 0.5;
  }
  std::pair<itk::Point<double, 3>, itk::Point<double, 3>> box;
  image.TransformContinuousIndexToPhysicalPoint(first, box.first);
  image.TransformContinuousIndexToPhysicalPoint(last, box.second);
  return box;
}
} // namespace

TEST_CASE("The output size follows the seed's rule and the grid covers the input's extent", "[resample]")
{
  // lungdx-A0001-5mm's geometry: 512 x 512 x 64 voxels of 0.842 x 0.842 x 5 mm.
  auto input = FloatImage::New();
  input->SetRegions(itk::Size<3>{ { 512, 512, 64 } });
  input->SetSpacing(itk::Vector<double, 3>(std::array<double, 3>{ 0.842, 0.842, 5.0 }.data()));
  input->SetDirection(FeetFirstDirection());
  itk::Point<double, 3> origin;
  origin[0] = 215.0;
  origin[1] = -210.0;
  origin[2] = 100.0;
  input->SetOrigin(origin);

  const ResampleGrid extent = ComputeResampleGrid(*input, { 1.0, 1.0, 1.0 }, GridPlacement::CoverExtent);
  REQUIRE(extent.size == itk::Size<3>{ { 431, 431, 320 } });
  REQUIRE(extent.spacing[0] == Approx(512 * 0.842 / 431).epsilon(1e-12));
  REQUIRE(extent.spacing[2] == Approx(1.0).epsilon(1e-12));
  REQUIRE(extent.direction == input->GetDirection());
  // The voxel-corner box is the input's: first corner on first corner, last on last.
  auto output = FloatImage::New();
  output->SetRegions(extent.size);
  output->SetSpacing(extent.spacing);
  output->SetOrigin(extent.origin);
  output->SetDirection(extent.direction);
  const auto inBox = CornerBox(*input);
  const auto outBox = CornerBox(*output);
  for (unsigned int d = 0; d < 3; ++d)
  {
    REQUIRE(outBox.first[d] == Approx(inBox.first[d]).margin(1e-9));
    REQUIRE(outBox.second[d] == Approx(inBox.second[d]).margin(1e-9));
  }

  // The seed's scipy zoom keeps the first and last voxel centres instead.
  const ResampleGrid seed = ComputeResampleGrid(*input, { 1.0, 1.0, 1.0 }, GridPlacement::SeedZoom);
  REQUIRE(seed.size == extent.size);
  REQUIRE(seed.origin == input->GetOrigin());
  REQUIRE(seed.spacing[2] == Approx(5.0 * 63 / 319).epsilon(1e-12));
  REQUIRE(seed.spacing[0] == Approx(0.842 * 511 / 430).epsilon(1e-12));

  // Anisotropic requests, rounding half to even as numpy does (2.5 -> 2), and at least one voxel.
  input->SetRegions(itk::Size<3>{ { 5, 10, 3 } });
  input->SetSpacing(itk::Vector<double, 3>(1.0));
  const ResampleGrid odd = ComputeResampleGrid(*input, { 2.0, 4.0, 100.0 });
  REQUIRE(odd.size == itk::Size<3>{ { 2, 2, 1 } });

  REQUIRE_THROWS_AS(ComputeResampleGrid(*input, { 0.0, 1.0, 1.0 }, GridPlacement::CoverExtent, "in.nrrd"), Error);
  REQUIRE_THROWS_WITH(ComputeResampleGrid(*input, { -1.0, 1.0, 1.0 }, GridPlacement::CoverExtent, "in.nrrd"),
                      Catch::Contains("in.nrrd") && Catch::Contains("positive"));
  REQUIRE_THROWS_WITH(ComputeResampleGrid(*input, { 1e-4, 1e-4, 1e-4 }, GridPlacement::CoverExtent, "in.nrrd"),
                      Catch::Contains("coarser --spacing"));
  REQUIRE(InterpolatorKindFromName("bspline") == InterpolatorKind::BSpline);
  REQUIRE_THROWS_WITH(InterpolatorKindFromName("cubic"), Catch::Contains("linear, bspline or nearest"));
}

TEST_CASE("Linear and B-spline resampling put every known physical point where it belongs", "[resample]")
{
  // A linear function of patient position on an anisotropic, feet-first grid: the resampled value at each
  // new voxel centre must be the function at that centre, which holds only if the geometry is exact.
  itk::Point<double, 3> origin;
  origin[0] = 40.0;
  origin[1] = -12.5;
  origin[2] = 33.0;
  const auto input = ImageOf<FloatImage>(itk::Size<3>{ { 24, 20, 20 } },
                                         itk::Vector<double, 3>(std::array<double, 3>{ 1.7, 1.3, 4.0 }.data()),
                                         origin,
                                         FeetFirstDirection(),
                                         Ramp);
  for (const GridPlacement placement : { GridPlacement::CoverExtent, GridPlacement::SeedZoom })
  {
    for (const InterpolatorKind kind : { InterpolatorKind::Linear, InterpolatorKind::BSpline })
    {
      INFO(GridPlacementName(placement) << " " << InterpolatorKindName(kind));
      const ResampleGrid grid = ComputeResampleGrid(*input, { 1.0, 1.0, 1.0 }, placement);
      auto               filter = CreateResampleFilter<FloatImage>(input, grid, kind, -1000.0f);
      filter->Update();
      const FloatImage * output = filter->GetOutput();
      REQUIRE(output->GetLargestPossibleRegion().GetSize() == grid.size);
      // B-spline's mirror boundary bends a ramp near the edges: check it 6 input voxels in (error < 0.27^6).
      const double border = kind == InterpolatorKind::Linear ? 0.0 : 6.0;
      std::size_t  checked = 0;
      for (itk::ImageRegionConstIteratorWithIndex<FloatImage> it(output, output->GetBufferedRegion()); !it.IsAtEnd();
           ++it)
      {
        itk::Point<double, 3> p;
        output->TransformIndexToPhysicalPoint(it.GetIndex(), p);
        const auto c = input->TransformPhysicalPointToContinuousIndex<double>(p);
        bool       inside = true;
        for (unsigned int d = 0; d < 3; ++d)
        {
          inside = inside && c[d] >= border && c[d] <= input->GetLargestPossibleRegion().GetSize(d) - 1 - border;
        }
        if (inside)
        {
          REQUIRE(it.Get() == Approx(Ramp(p)).margin(kind == InterpolatorKind::Linear ? 1e-3 : 0.05));
          ++checked;
        }
        else
        {
          REQUIRE(it.Get() != -1000.0f); // never the default value: the grid lies inside the input's box
        }
      }
      REQUIRE(checked > 1000);
    }
  }
}

TEST_CASE("Resampling onto the input's own grid gives the input back, for every interpolator", "[resample]")
{
  ThoraxPhantomParameters parameters;
  parameters.columns = parameters.rows = 40;
  parameters.pixelSpacing = 9.0;
  parameters.slices = 10;
  parameters.feetFirst = true;
  const auto input = ThoraxPhantom(parameters).ExpectedHounsfieldImage();
  const auto spacing = input->GetSpacing();
  for (const GridPlacement placement : { GridPlacement::CoverExtent, GridPlacement::SeedZoom })
  {
    const ResampleGrid grid = ComputeResampleGrid(*input, { spacing[0], spacing[1], spacing[2] }, placement);
    REQUIRE(grid.origin.EuclideanDistanceTo(input->GetOrigin()) < 1e-9);
    for (const InterpolatorKind kind :
         { InterpolatorKind::Nearest, InterpolatorKind::Linear, InterpolatorKind::BSpline })
    {
      INFO(InterpolatorKindName(kind));
      auto filter = CreateResampleFilter<ShortImage>(input, grid, kind, -1024);
      filter->Update();
      itk::ImageRegionConstIterator<ShortImage> expected(input, input->GetBufferedRegion());
      itk::ImageRegionConstIterator<ShortImage> actual(filter->GetOutput(), input->GetBufferedRegion());
      std::size_t                               differences = 0;
      for (; !expected.IsAtEnd(); ++expected, ++actual)
      {
        differences += expected.Get() != actual.Get();
      }
      REQUIRE(differences == 0);
    }
  }
}

TEST_CASE("Integer outputs are rounded, not truncated", "[resample]")
{
  // Two voxels along x, -1023 and -1024: halfway between them lies -1023.5, which rounds to -1024.
  auto input = ShortImage::New();
  input->SetRegions(itk::Size<3>{ { 2, 1, 1 } });
  input->Allocate();
  input->SetPixel({ { 0, 0, 0 } }, -1023);
  input->SetPixel({ { 1, 0, 0 } }, -1024);
  ResampleGrid grid;
  grid.size = itk::Size<3>{ { 1, 1, 1 } };
  grid.spacing.Fill(1.0);
  grid.origin.Fill(0.0);
  grid.origin[0] = 0.5;
  grid.direction.SetIdentity();
  {
    auto filter = CreateResampleFilter<ShortImage>(input, grid, InterpolatorKind::Linear, 0);
    filter->Update();
    REQUIRE(filter->GetOutput()->GetPixel({ { 0, 0, 0 } }) == -1024);
  }
  grid.origin[0] = 0.25; // -1023.25 -> -1023 (truncation would also give -1023; rounding must not give -1024)
  auto filter = CreateResampleFilter<ShortImage>(input, grid, InterpolatorKind::Linear, 0);
  filter->Update();
  REQUIRE(filter->GetOutput()->GetPixel({ { 0, 0, 0 } }) == -1023);
}

TEST_CASE("Lung labels resampled nearest keep their values and land on the nearest input voxel", "[resample]")
{
  ThoraxPhantomParameters parameters;
  parameters.columns = parameters.rows = 64;
  parameters.pixelSpacing = 6.0;
  parameters.slices = 16;
  parameters.feetFirst = true;
  const ThoraxPhantom phantom(parameters);
  using LabelImage = ThoraxPhantom::LabelImageType;
  const LabelImage::Pointer labels = phantom.LungLabelImage();
  const ResampleGrid        grid = ComputeResampleGrid(*labels, { 2.5, 2.5, 2.5 });
  auto                      filter = CreateResampleFilter<LabelImage>(labels, grid, InterpolatorKind::Nearest, 0);
  filter->Update();
  const LabelImage * output = filter->GetOutput();
  std::set<int>      seen;
  std::size_t        compared = 0;
  for (itk::ImageRegionConstIteratorWithIndex<LabelImage> it(output, output->GetBufferedRegion()); !it.IsAtEnd(); ++it)
  {
    seen.insert(it.Get());
    itk::Point<double, 3> p;
    output->TransformIndexToPhysicalPoint(it.GetIndex(), p);
    const auto c = labels->TransformPhysicalPointToContinuousIndex<double>(p);
    bool       tie = false;
    for (unsigned int d = 0; d < 3; ++d)
    {
      tie = tie || std::abs(c[d] - std::floor(c[d]) - 0.5) < 1e-6; // halfway: either neighbour is right
    }
    if (!tie)
    {
      REQUIRE(int{ it.Get() } == int{ labels->GetPixel(labels->TransformPhysicalPointToIndex(p)) });
      ++compared;
    }
  }
  REQUIRE(seen == std::set<int>{ 0, 1, 2 });
  REQUIRE(compared > output->GetBufferedRegion().GetNumberOfPixels() / 2);
}
