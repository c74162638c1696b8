#ifndef chestctResampleGrid_h
#define chestctResampleGrid_h

#include "itkImageBase.h"

#include <array>
#include <string>

namespace chestct
{

/** \brief Where the new grid's voxel centres go. \ingroup ChestCTResample
 *
 * Both placements use the seed's output size per axis, m = round(n * s / r)
 * for n voxels of spacing s and a requested spacing r (rounded half to even,
 * as numpy.round does, and at least 1), keep the direction, and differ only
 * in spacing and origin. In index terms of the input (voxel centres at
 * 0 .. n-1, voxel corners at -1/2 .. n-1/2), output voxel i is centred at
 * input continuous index
 *  - CoverExtent: -1/2 + (i + 1/2) n / m. The new grid spans exactly the
 *    input's voxel-corner extent, first corner on first corner and last on
 *    last; spacing n s / m, which is the spacing the seed reports (its
 *    `new_spacing`), within half a voxel of r per whole extent. This is
 *    scipy.ndimage.zoom with grid_mode=True.
 *  - SeedZoom: i (n - 1) / (m - 1). The first and last voxel *centres* stay
 *    where they were; spacing s (n - 1) / (m - 1). This is what the seed's
 *    scipy.ndimage.zoom call (grid_mode=False, the default) actually samples,
 *    although the seed reports n s / m: lungdx-A0001-5mm's 64 slices of 5 mm
 *    become 320 slices 0.9875 mm apart, not 1 mm. Chosen to compare with the
 *    seed voxel for voxel. An axis with n = 1 or m = 1 falls back to CoverExtent.
 */
enum class GridPlacement
{
  CoverExtent,
  SeedZoom
};

/** \brief How values between voxel centres are computed. \ingroup ChestCTResample */
enum class InterpolatorKind
{
  Linear,  ///< trilinear; ITK's LinearInterpolateImageFunction
  BSpline, ///< cubic B-spline (order 3) with the interpolating prefilter, as scipy.ndimage.zoom's default order 3
  Nearest  ///< nearest voxel; the only choice for masks and labels
};

/** "linear", "bspline" or "nearest"; anything else throws chestct::Error naming `option`. */
InterpolatorKind
InterpolatorKindFromName(const std::string & name, const std::string & option = "--interpolator");
const char *
InterpolatorKindName(InterpolatorKind kind);

/** "extent" (GridPlacement::CoverExtent) or "seed" (GridPlacement::SeedZoom). */
GridPlacement
GridPlacementFromName(const std::string & name, const std::string & option = "--grid");
const char *
GridPlacementName(GridPlacement placement);

/** \brief A regular 3D grid in patient space. \ingroup ChestCTResample */
struct ResampleGrid
{
  using SizeType = itk::ImageBase<3>::SizeType;
  using SpacingType = itk::ImageBase<3>::SpacingType;
  using PointType = itk::ImageBase<3>::PointType;
  using DirectionType = itk::ImageBase<3>::DirectionType;

  SizeType      size;
  SpacingType   spacing;
  PointType     origin; ///< the centre of voxel (0, 0, 0)
  DirectionType direction;

  std::uint64_t
  NumberOfVoxels() const noexcept
  {
    return std::uint64_t{ size[0] } * size[1] * size[2];
  }
};

/** The grid `input` (its largest possible region) is resampled onto for `requestedSpacing` (mm, per image axis)
 * under `placement`; see GridPlacement. Throws chestct::Error naming `inputName` when a requested spacing is not
 * a positive finite number, or the new grid would exceed `maximumVoxels`. */
ResampleGrid
ComputeResampleGrid(const itk::ImageBase<3> & input, const std::array<double, 3> & requestedSpacing,
                    GridPlacement placement = GridPlacement::CoverExtent, const std::string & inputName = {},
                    std::uint64_t maximumVoxels = std::uint64_t{ 1 } << 33);

} // namespace chestct

#endif
