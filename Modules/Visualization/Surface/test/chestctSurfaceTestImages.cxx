#include "chestctSurfaceTestImages.h"

#include "itkImageRegionIteratorWithIndex.h"

#include <algorithm>
#include <cmath>

namespace chestct::testing
{
namespace
{
SurfaceImageType::Pointer
Allocate(const SurfaceImageType::SizeType & size, const SurfaceImageType::PointType & origin,
         const SurfaceImageType::SpacingType & spacing, const SurfaceImageType::DirectionType & direction)
{
  auto image = SurfaceImageType::New();
  // A non-zero start index too: ITK's index-to-physical mapping counts from index 0, not from the region's start.
  SurfaceImageType::IndexType start{ { 3, -2, 5 } };
  image->SetRegions(SurfaceImageType::RegionType(start, size));
  image->SetOrigin(origin);
  image->SetSpacing(spacing);
  image->SetDirection(direction);
  image->Allocate();
  return image;
}

double
Distance(const SurfaceImageType::PointType & point, const std::array<double, 3> & center)
{
  return std::sqrt((point[0] - center[0]) * (point[0] - center[0]) + (point[1] - center[1]) * (point[1] - center[1]) +
                   (point[2] - center[2]) * (point[2] - center[2]));
}
} // namespace

SurfaceImageType::DirectionType
OffAxisDirection()
{
  // Rotation by 30 degrees about (1, 2, 2)/3, then the third column negated.
  const double                    axis[3] = { 1.0 / 3.0, 2.0 / 3.0, 2.0 / 3.0 };
  const double                    angle = 30.0 * 3.14159265358979323846 / 180.0;
  const double                    c = std::cos(angle), s = std::sin(angle), t = 1.0 - c;
  SurfaceImageType::DirectionType direction;
  const double k[3][3] = { { 0, -axis[2], axis[1] }, { axis[2], 0, -axis[0] }, { -axis[1], axis[0], 0 } };
  for (unsigned int i = 0; i < 3; ++i)
  {
    for (unsigned int j = 0; j < 3; ++j)
    {
      direction[i][j] = (i == j ? c : 0.0) + t * axis[i] * axis[j] + s * k[i][j];
    }
  }
  for (unsigned int i = 0; i < 3; ++i)
  {
    direction[i][2] = -direction[i][2];
  }
  return direction;
}

SurfaceImageType::Pointer
MakeBallsImage(const std::vector<Ball> & balls, const SurfaceImageType::SizeType & size,
               const SurfaceImageType::PointType & origin, const SurfaceImageType::SpacingType & spacing,
               const SurfaceImageType::DirectionType & direction)
{
  auto image = Allocate(size, origin, spacing, direction);
  for (itk::ImageRegionIteratorWithIndex<SurfaceImageType> it(image, image->GetBufferedRegion()); !it.IsAtEnd(); ++it)
  {
    SurfaceImageType::PointType point;
    image->TransformIndexToPhysicalPoint(it.GetIndex(), point);
    double value = -1000.0;
    for (const Ball & ball : balls)
    {
      value = std::max(value, 100.0 * (ball.radius - Distance(point, ball.center)));
    }
    it.Set(static_cast<short>(std::lround(std::min(value, 1000.0))));
  }
  return image;
}

SurfaceImageType::Pointer
MakeBallsImage(const std::vector<Ball> & balls, const AxialGrid & grid)
{
  return MakeBallsImage(balls, grid.size, grid.origin, grid.spacing, grid.direction);
}

SurfaceImageType::Pointer
MakeLabelImage(const std::vector<Ball> & balls, const SurfaceImageType::SizeType & size,
               const SurfaceImageType::PointType & origin, const SurfaceImageType::SpacingType & spacing,
               const SurfaceImageType::DirectionType & direction)
{
  auto image = Allocate(size, origin, spacing, direction);
  for (itk::ImageRegionIteratorWithIndex<SurfaceImageType> it(image, image->GetBufferedRegion()); !it.IsAtEnd(); ++it)
  {
    SurfaceImageType::PointType point;
    image->TransformIndexToPhysicalPoint(it.GetIndex(), point);
    short label = 0;
    for (const Ball & ball : balls)
    {
      if (Distance(point, ball.center) < ball.radius)
      {
        label = ball.label;
      }
    }
    it.Set(label);
  }
  return image;
}

SurfaceImageType::Pointer
MakeAsymmetricImage()
{
  // The grid starts at index (3, -2, 5), so it covers about [-58, 64] x [-68, 58] x [-54, 70] mm.
  return MakeBallsImage({ { { 0.0, 0.0, 0.0 }, 30.0 }, { { 25.0, -35.0, 30.0 }, 14.0 } },
                        AxialGrid({ { 64, 64, 64 } }, -64.0, 2.0));
}

} // namespace chestct::testing
