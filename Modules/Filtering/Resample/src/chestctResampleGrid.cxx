#include "chestctResampleGrid.h"
#include "chestctError.h"

#include <cmath>
#include <sstream>

namespace chestct
{

InterpolatorKind
InterpolatorKindFromName(const std::string & name, const std::string & option)
{
  if (name == "linear")
  {
    return InterpolatorKind::Linear;
  }
  if (name == "bspline")
  {
    return InterpolatorKind::BSpline;
  }
  if (name == "nearest")
  {
    return InterpolatorKind::Nearest;
  }
  throw Error("", option + " '" + name + "' is not an interpolator", "use linear, bspline or nearest");
}

const char *
InterpolatorKindName(InterpolatorKind kind)
{
  switch (kind)
  {
    case InterpolatorKind::Linear:
      return "linear";
    case InterpolatorKind::BSpline:
      return "bspline";
    case InterpolatorKind::Nearest:
      return "nearest";
  }
  return "linear";
}

GridPlacement
GridPlacementFromName(const std::string & name, const std::string & option)
{
  if (name == "extent")
  {
    return GridPlacement::CoverExtent;
  }
  if (name == "seed")
  {
    return GridPlacement::SeedZoom;
  }
  throw Error("", option + " '" + name + "' is not a grid placement", "use extent or seed");
}

const char *
GridPlacementName(GridPlacement placement)
{
  return placement == GridPlacement::SeedZoom ? "seed" : "extent";
}

ResampleGrid
ComputeResampleGrid(const itk::ImageBase<3> & input, const std::array<double, 3> & requestedSpacing,
                    GridPlacement placement, const std::string & inputName, std::uint64_t maximumVoxels)
{
  const auto & region = input.GetLargestPossibleRegion();
  ResampleGrid grid;
  grid.direction = input.GetDirection();
  // Where the new voxel (0,0,0) lies, in the input's continuous index.
  itk::ContinuousIndex<double, 3> firstCentre;
  long double                     voxels = 1.0L;
  for (unsigned int axis = 0; axis < 3; ++axis)
  {
    const double requested = requestedSpacing[axis];
    if (!std::isfinite(requested) || requested <= 0.0)
    {
      std::ostringstream problem;
      problem << "the requested spacing " << requested << " mm along axis " << axis << " is not a positive number";
      throw Error(inputName, problem.str(), "give --spacing as one positive number or three separated by commas");
    }
    const double n = static_cast<double>(region.GetSize(axis));
    const double s = input.GetSpacing()[axis];
    // numpy.round: half to even, which std::nearbyint does under the default rounding mode.
    const double m = std::max(1.0, std::nearbyint(n * s / requested));
    voxels *= m;
    if (voxels > static_cast<long double>(maximumVoxels))
    {
      std::ostringstream problem;
      problem << "resampling to " << requested << " mm would give more than " << maximumVoxels << " voxels";
      throw Error(inputName, problem.str(), "choose a coarser --spacing");
    }
    grid.size[axis] = static_cast<itk::SizeValueType>(m);
    if (placement == GridPlacement::SeedZoom && n > 1.0 && m > 1.0)
    {
      grid.spacing[axis] = s * (n - 1.0) / (m - 1.0);
      firstCentre[axis] = static_cast<double>(region.GetIndex(axis));
    }
    else
    {
      grid.spacing[axis] = s * n / m;
      firstCentre[axis] = static_cast<double>(region.GetIndex(axis)) - 0.5 + 0.5 * n / m;
    }
  }
  input.TransformContinuousIndexToPhysicalPoint(firstCentre, grid.origin);
  return grid;
}

} // namespace chestct
