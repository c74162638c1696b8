#ifndef chestctSurfaceTestImages_h
#define chestctSurfaceTestImages_h

#include "chestctSurfaceExtraction.h"

#include <array>
#include <vector>

namespace chestct::testing
{

/** A ball in patient space: centre (LPS mm), radius (mm) and the value inside. */
struct Ball
{
  std::array<double, 3> center;
  double                radius;
  short                 label{ 1 };
};

/** A plain axial grid: identity direction, the same origin coordinate and spacing along every axis. */
struct AxialGrid
{
  SurfaceImageType::SizeType      size;
  SurfaceImageType::PointType     origin;
  SurfaceImageType::SpacingType   spacing;
  SurfaceImageType::DirectionType direction;
  AxialGrid(const SurfaceImageType::SizeType & voxels, double corner, double step)
    : size(voxels)
  {
    origin.Fill(corner);
    spacing.Fill(step);
    direction.SetIdentity();
  }
};

/** An off-axis direction: a rotation about a skew axis and a flipped third
 * axis (determinant -1), as an oblique, feet-first acquisition might give. */
SurfaceImageType::DirectionType
OffAxisDirection();

/** An image of `size` voxels with the given geometry whose value is a
 * signed-distance ramp, 100 x (radius - distance to the nearest ball's centre)
 * clamped to [-1000, 1000]: the iso-surface at 0 is the balls' surface. */
SurfaceImageType::Pointer
MakeBallsImage(const std::vector<Ball> & balls, const SurfaceImageType::SizeType & size,
               const SurfaceImageType::PointType & origin, const SurfaceImageType::SpacingType & spacing,
               const SurfaceImageType::DirectionType & direction);

/** MakeBallsImage on a plain axial grid. */
SurfaceImageType::Pointer
MakeBallsImage(const std::vector<Ball> & balls, const AxialGrid & grid);

/** The same balls as a label image: each ball's label inside it, 0 elsewhere. */
SurfaceImageType::Pointer
MakeLabelImage(const std::vector<Ball> & balls, const SurfaceImageType::SizeType & size,
               const SurfaceImageType::PointType & origin, const SurfaceImageType::SpacingType & spacing,
               const SurfaceImageType::DirectionType & direction);

/** An asymmetric test object in a plain axial grid: a ball of radius 30 mm at
 * the origin, and one of 14 mm at (25, -35, 30): to the patient's left (+x),
 * anterior (-y) and reaching higher (superior, +z), so that views differ. */
SurfaceImageType::Pointer
MakeAsymmetricImage();

} // namespace chestct::testing

#endif
