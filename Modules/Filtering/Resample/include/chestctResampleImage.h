#ifndef chestctResampleImage_h
#define chestctResampleImage_h

#include "chestctResampleGrid.h"

#include "itkAxisAlignedResampleImageFilter.h"
#include "itkCubicBSplineInterpolateImageFunction.h"
#include "itkNearestNeighborInterpolateImageFunction.h"
#include "itkResampleImageFilter.h"
#include "itkRoundingLinearInterpolateImageFunction.h"

#include <type_traits>

namespace chestct
{

/** \brief ITK's ResampleImageFilter set up to resample `input` onto `grid` (see ComputeResampleGrid).
 *
 * The filter is an itk::AxisAlignedResampleImageFilter: linear interpolation onto a grid of the input's
 * direction (every grid ComputeResampleGrid makes) is done one axis at a time; anything else is the stock
 * filter's work.
 *
 * The transform is the identity (the grid is in the input's patient space);
 * points of the new grid outside the input's voxel-corner box get
 * `defaultValue` (air, -1024 HU, for CT; 0 for masks). The filter is returned
 * not updated: connect a writer to its output and the output streams, in as
 * many pieces as the writer asks for.
 *
 * For integer pixel types, linear and B-spline values are rounded to the
 * nearest integer (see itk::RoundingLinearInterpolateImageFunction) and
 * clamped to the type's range by the filter. InterpolatorKind::Nearest is the
 * one to use for masks and labels: it never creates a value that was not
 * there.
 * \ingroup ChestCTResample */
template <typename TImage>
typename itk::ResampleImageFilter<TImage, TImage>::Pointer
CreateResampleFilter(const TImage * input, const ResampleGrid & grid, InterpolatorKind kind,
                     typename TImage::PixelType defaultValue)
{
  static_assert(TImage::ImageDimension == 3, "ResampleGrid is three-dimensional");
  constexpr bool integerPixels = std::is_integral<typename TImage::PixelType>::value;
  typename itk::ResampleImageFilter<TImage, TImage>::Pointer filter =
    itk::AxisAlignedResampleImageFilter<TImage, TImage>::New().GetPointer();
  filter->SetInput(input);
  filter->SetSize(grid.size);
  filter->SetOutputSpacing(grid.spacing);
  filter->SetOutputOrigin(grid.origin);
  filter->SetOutputDirection(grid.direction);
  filter->SetDefaultPixelValue(defaultValue);
  switch (kind)
  {
    case InterpolatorKind::Nearest:
      filter->SetInterpolator(itk::NearestNeighborInterpolateImageFunction<TImage, double>::New());
      break;
    case InterpolatorKind::Linear:
      if (integerPixels)
      {
        filter->SetInterpolator(itk::RoundingLinearInterpolateImageFunction<TImage, double>::New());
      }
      else
      {
        filter->SetInterpolator(itk::LinearInterpolateImageFunction<TImage, double>::New());
      }
      break;
    case InterpolatorKind::BSpline: {
      auto interpolator = itk::CubicBSplineInterpolateImageFunction<TImage, double, float>::New();
      interpolator->SetRoundOutput(integerPixels);
      filter->SetInterpolator(interpolator);
      break;
    }
  }
  return filter;
}

} // namespace chestct

#endif
