// The surface of a volume given slab by slab must be the surface of the whole volume: the same triangles
// in the same places, with the points two slabs share merged.
#include "chestctError.h"
#include "chestctSlabSurfaceExtractor.h"
#include "chestctSurfaceTestImages.h"
#include "chestctImageSlabs.h"
#include "chestctImageSlabs.h"

#include <catch2/catch.hpp>

#include <vtkCellArray.h>
#include <vtkCellArrayIterator.h>
#include <vtkPoints.h>

#include <algorithm>
#include <array>
#include <map>
#include <tuple>

using namespace chestct;
using namespace chestct::testing;

namespace
{

using Triangle = std::array<std::array<double, 3>, 3>;

// Each triangle's corners in patient space, in sorted order: a description that does not depend on how the
// mesh numbers its points or starts its triangles.
std::vector<Triangle>
TrianglesOf(vtkPolyData * mesh)
{
  std::vector<Triangle> triangles;
  auto                  cells = vtk::TakeSmartPointer(mesh->GetPolys()->NewIterator());
  for (cells->GoToFirstCell(); !cells->IsDoneWithTraversal(); cells->GoToNextCell())
  {
    vtkIdType         size = 0;
    const vtkIdType * ids = nullptr;
    cells->GetCurrentCell(size, ids);
    REQUIRE(size == 3);
    Triangle corners;
    for (int k = 0; k < 3; ++k)
    {
      mesh->GetPoint(ids[k], corners[k].data());
    }
    std::sort(corners.begin(), corners.end());
    triangles.push_back(corners);
  }
  return triangles;
}

// How many triangles of `a` have no triangle in `b` with every corner within 1/1000 mm (the two ways place
// points in patient space with different float rounding).
std::size_t
UnmatchedTriangles(vtkPolyData * a, vtkPolyData * b)
{
  constexpr double cell = 0.01;
  const auto       key = [](const std::array<double, 3> & p, int dx, int dy, int dz) {
    return std::make_tuple(static_cast<long>(std::floor(p[0] / cell)) + dx,
                           static_cast<long>(std::floor(p[1] / cell)) + dy,
                           static_cast<long>(std::floor(p[2] / cell)) + dz);
  };
  std::multimap<std::tuple<long, long, long>, Triangle> byFirstCorner;
  for (const Triangle & t : TrianglesOf(b))
  {
    byFirstCorner.emplace(key(t[0], 0, 0, 0), t);
  }
  const auto close = [](const Triangle & s, const Triangle & t) {
    for (int k = 0; k < 3; ++k)
      for (int d = 0; d < 3; ++d)
        if (std::abs(s[k][d] - t[k][d]) > 1e-3)
          return false;
    return true;
  };
  std::size_t unmatched = 0;
  for (const Triangle & t : TrianglesOf(a))
  {
    bool found = false;
    for (int dx = -1; dx <= 1 && !found; ++dx)
      for (int dy = -1; dy <= 1 && !found; ++dy)
        for (int dz = -1; dz <= 1 && !found; ++dz)
        {
          const auto range = byFirstCorner.equal_range(key(t[0], dx, dy, dz));
          for (auto it = range.first; it != range.second && !found; ++it)
            found = close(t, it->second);
        }
    unmatched += found ? 0 : 1;
  }
  return unmatched;
}
} // namespace

TEST_CASE("A surface made slab by slab is the whole volume surface with its shared points merged", "[surface][slabs]")
{
  const SurfaceImageType::SizeType size{ { 70, 60, 50 } };
  SurfaceImageType::PointType      origin;
  origin[0] = -40.5;
  origin[1] = 35.25;
  origin[2] = 310.0;
  SurfaceImageType::SpacingType spacing;
  spacing[0] = 0.8;
  spacing[1] = 1.1;
  spacing[2] = 1.5;
  const auto direction = OffAxisDirection();
  // Balls placed through the volume's middle, so that every slab boundary cuts the surface.
  auto              probe = MakeBallsImage({}, size, origin, spacing, direction);
  std::vector<Ball> balls;
  for (const double z : { 10.0, 22.5, 35.0 })
  {
    itk::ContinuousIndex<double, 3> index;
    index[0] = 35.0;
    index[1] = 30.0;
    index[2] = z;
    SurfaceImageType::PointType centre;
    probe->TransformContinuousIndexToPhysicalPoint(index, centre);
    balls.push_back({ { centre[0], centre[1], centre[2] }, 13.0 });
  }
  const auto image = MakeBallsImage(balls, size, origin, spacing, direction);
  const long start = image->GetLargestPossibleRegion().GetIndex(2); // the test images do not start at 0

  // At 0.5 no voxel lies on the surface, so that no point falls on a grid point and every point is one
  // edge's; at 0, some voxels do (integer values), as at the bone's integer 350 HU.
  for (const double threshold : { 0.5, 0.0 })
  {
    for (const unsigned int step : { 1u, 2u })
    {
      SurfaceOptions options;
      options.threshold = threshold;
      options.step = step;
      options.normals = false;
      const auto whole = ExtractSurface(image, options);
      REQUIRE(whole->GetNumberOfPolys() > 1000);
      for (const long slabSize : { 1L, 7L, 50L })
      {
        INFO("threshold " << threshold << ", step " << step << ", slabs of " << slabSize << " slices");
        SlabSurfaceExtractor slabs(*image, threshold, step);
        for (long first = 0; first < 50; first += slabSize)
        {
          slabs.AddSlab(CopySlices(image.GetPointer(), start + first, std::min(slabSize, 50 - first)));
        }
        const auto surface = slabs.GetSurface();
        REQUIRE(surface->GetNumberOfPolys() == whole->GetNumberOfPolys());
        if (threshold == 0.5)
        {
          REQUIRE(surface->GetNumberOfPoints() == whole->GetNumberOfPoints()); // every shared point merged
        }
        else
        {
          // Points at grid points are several edges' in both; merging may join some the whole volume's keep apart.
          REQUIRE(surface->GetNumberOfPoints() <= whole->GetNumberOfPoints());
          REQUIRE(surface->GetNumberOfPoints() >= whole->GetNumberOfPoints() * 99 / 100);
        }
        REQUIRE(UnmatchedTriangles(surface, whole) == 0);
        REQUIRE(UnmatchedTriangles(whole, surface) == 0);
      }
    }
  }
}

TEST_CASE("Slabs out of order or missing and volumes too thin are refused", "[surface][slabs]")
{
  const auto image = MakeBallsImage({ { { 0.0, 0.0, 0.0 }, 10.0 } }, AxialGrid({ { 30, 30, 12 } }, -15.0, 1.0));
  const long start = image->GetLargestPossibleRegion().GetIndex(2);
  {
    SlabSurfaceExtractor slabs(*image, 0.5);
    slabs.AddSlab(CopySlices(image.GetPointer(), start, 4));
    REQUIRE_THROWS_AS(slabs.AddSlab(CopySlices(image.GetPointer(), start + 5, 3)), Error);
    REQUIRE_THROWS_AS(slabs.GetSurface(), Error); // slices 4 to 11 missing
  }
  const auto           thin = MakeBallsImage({ { { 0.0, 0.0, 0.0 }, 10.0 } }, AxialGrid({ { 30, 30, 1 } }, -15.0, 1.0));
  SlabSurfaceExtractor slabs(*thin, 0.5);
  slabs.AddSlab(thin);
  try
  {
    slabs.GetSurface();
    FAIL("a volume one voxel thick gave a surface");
  }
  catch (const Error & error)
  {
    REQUIRE(error.Problem().find("one voxel thick along its third axis") != std::string::npos);
  }
}
