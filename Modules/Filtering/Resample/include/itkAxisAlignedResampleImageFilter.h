#ifndef itkAxisAlignedResampleImageFilter_h
#define itkAxisAlignedResampleImageFilter_h

#include "itkResampleImageFilter.h"

#include <array>
#include <atomic>
#include <vector>

namespace itk
{

/** \class AxisAlignedResampleImageFilter
 * \brief ResampleImageFilter, with trilinear interpolation done one axis at a time when the grids allow it.
 *
 * When each axis of the output grid runs along one axis of the input (the transform is linear and the two
 * grids have the same direction: every isotropic grid ChestCT resamples onto), the output voxels of a row
 * share their input y, those of a slice their input z, and trilinear interpolation is separable. Each input
 * slice the output needs is then interpolated in its own plane once, onto the output's columns and rows,
 * and each output voxel is the linear combination of two such planes. The stock filter instead evaluates
 * the interpolator voxel by voxel: for an upsampling along z, as from 5 mm slices to 1 mm, it combines the
 * same input rows five times over.
 *
 * The separable path is taken for 3D scalar images with LinearInterpolateImageFunction or
 * RoundingLinearInterpolateImageFunction (whose rounding it keeps) and no extrapolator; anything else is
 * resampled by ResampleImageFilter itself. The separable path gives the interpolator's values, which
 * combine the same eight neighbours with the same weights, up to rounding in the last bits of a double (an
 * integer output can then differ by one where the exact value is a half): which voxels are inside the
 * input, how the border is clamped and how the value is cast to the output type are those of the stock
 * filter. Streaming and threading are the stock filter's: any output region can be asked for.
 *
 * \ingroup ChestCTResample
 */
template <typename TInputImage, typename TOutputImage, typename TInterpolatorPrecisionType = double,
          typename TTransformPrecisionType = TInterpolatorPrecisionType>
class ITK_TEMPLATE_EXPORT AxisAlignedResampleImageFilter
  : public ResampleImageFilter<TInputImage, TOutputImage, TInterpolatorPrecisionType, TTransformPrecisionType>
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(AxisAlignedResampleImageFilter);

  using Self = AxisAlignedResampleImageFilter;
  using Superclass =
    ResampleImageFilter<TInputImage, TOutputImage, TInterpolatorPrecisionType, TTransformPrecisionType>;
  using Pointer = SmartPointer<Self>;
  using ConstPointer = SmartPointer<const Self>;

  itkNewMacro(Self);
  itkTypeMacro(AxisAlignedResampleImageFilter, ResampleImageFilter);

  using InputImageType = typename Superclass::InputImageType;
  using OutputImageType = typename Superclass::OutputImageType;
  using OutputImageRegionType = typename Superclass::OutputImageRegionType;
  using PixelType = typename Superclass::PixelType;
  using InputPixelType = typename Superclass::InputPixelType;
  static constexpr unsigned int ImageDimension = Superclass::ImageDimension;

  /** Whether the last region computed took the separable path (for tests and benchmarks). */
  bool
  GetLastRegionWasSeparable() const
  {
    return m_LastRegionWasSeparable;
  }

protected:
  AxisAlignedResampleImageFilter() = default;
  ~AxisAlignedResampleImageFilter() override = default;

  void
  DynamicThreadedGenerateData(const OutputImageRegionType & outputRegionForThread) override;

  void
  PrintSelf(std::ostream & os, Indent indent) const override;

private:
  /** One output voxel's place along one axis: the two input voxels around it (clamped to the image, as the
   * linear interpolators clamp them) and the weight of the second, or outside the input. */
  struct AxisSample
  {
    OffsetValueType low{ 0 };
    OffsetValueType high{ 0 };
    double          weight{ 0.0 };
    bool            inside{ false };
  };

  using AxisSamples = std::array<std::vector<AxisSample>, 3>;

  /** The samples of the region's output voxels along each axis, when every axis of the output runs along
   * the same axis of the input; false otherwise. */
  bool
  SampleAxes(const OutputImageRegionType & region, AxisSamples & samples) const;

  /** The region, computed one axis at a time (see the class description). */
  void
  SeparableLinearGenerateData(const OutputImageRegionType & region, const AxisSamples & samples, bool round);

  std::atomic<bool> m_LastRegionWasSeparable{ false }; // set by the threads, read after the update
};

} // namespace itk

#ifndef ITK_MANUAL_INSTANTIATION
#  include "itkAxisAlignedResampleImageFilter.hxx"
#endif

#endif
