#ifndef itkIrregularSliceStackResampleImageFilter_h
#define itkIrregularSliceStackResampleImageFilter_h

#include "itkImageToImageFilter.h"

#include <vector>

namespace itk
{

/** \class IrregularSliceStackResampleImageFilter
 * \brief Resamples a stack of parallel slices at arbitrary positions onto a regular grid.
 *
 * A CT series is a stack of parallel 2D images, but not always a regular 3D
 * grid: on a tilted gantry each slice is shifted within its own plane, slices
 * may be missing, and some scanners vary the spacing along the stack. An
 * itk::Image cannot hold such a stack, and treating it as if it could puts
 * anatomy in the wrong place. This filter takes the stack as an image whose
 * k-th slice is the k-th image along the slice normal (in-plane spacing and
 * direction as in the images) together with each slice's true origin
 * (ImagePositionPatient), and produces a volume on a given regular grid.
 *
 * Each output voxel is interpolated bilinearly within the two slices that
 * bracket it along the normal, each sampled at the voxel's own projection on
 * that slice's plane, then linearly between them. Voxels outside every slice's
 * footprint or beyond the ends of the stack get DefaultPixelValue. This is
 * what dcm2niix does for tilted series, generalised to any slice positions.
 *
 * The output grid's first two axes must lie in the slices' plane (it is
 * normally the slices' own row and column directions with the normal as third
 * axis); its third axis may be anywhere along the normal.
 *
 * The filter streams along the normal: an output region needs only the input
 * slices that bracket it.
 *
 * \ingroup ChestCTDICOM
 */
template <typename TImage>
class ITK_TEMPLATE_EXPORT IrregularSliceStackResampleImageFilter : public ImageToImageFilter<TImage, TImage>
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(IrregularSliceStackResampleImageFilter);

  using Self = IrregularSliceStackResampleImageFilter;
  using Superclass = ImageToImageFilter<TImage, TImage>;
  using Pointer = SmartPointer<Self>;
  using ConstPointer = SmartPointer<const Self>;

  itkNewMacro(Self);
  itkTypeMacro(IrregularSliceStackResampleImageFilter, ImageToImageFilter);

  using ImageType = TImage;
  using PixelType = typename ImageType::PixelType;
  using RegionType = typename ImageType::RegionType;
  using SizeType = typename ImageType::SizeType;
  using PointType = typename ImageType::PointType;
  using SpacingType = typename ImageType::SpacingType;
  using DirectionType = typename ImageType::DirectionType;
  using SliceOriginListType = std::vector<PointType>;

  static_assert(TImage::ImageDimension == 3, "A slice stack is a 3D image");

  /** Each input slice's origin in patient space (ImagePositionPatient), in input slice order. */
  virtual void
  SetSliceOrigins(const SliceOriginListType & origins);
  const SliceOriginListType &
  GetSliceOrigins() const
  {
    return m_SliceOrigins;
  }

  /** The output grid. */
  itkSetMacro(OutputOrigin, PointType);
  itkGetConstReferenceMacro(OutputOrigin, PointType);
  itkSetMacro(OutputSpacing, SpacingType);
  itkGetConstReferenceMacro(OutputSpacing, SpacingType);
  itkSetMacro(OutputDirection, DirectionType);
  itkGetConstReferenceMacro(OutputDirection, DirectionType);
  itkSetMacro(OutputSize, SizeType);
  itkGetConstReferenceMacro(OutputSize, SizeType);

  /** Value of voxels no slice covers. */
  itkSetMacro(DefaultPixelValue, PixelType);
  itkGetConstMacro(DefaultPixelValue, PixelType);

protected:
  IrregularSliceStackResampleImageFilter();
  ~IrregularSliceStackResampleImageFilter() override = default;

  void
  PrintSelf(std::ostream & os, Indent indent) const override;

  void
  GenerateOutputInformation() override;

  /** Requests the slices that bracket the output requested region along the normal, whole. */
  void
  GenerateInputRequestedRegion() override;

  void
  BeforeThreadedGenerateData() override;

  void
  DynamicThreadedGenerateData(const RegionType & outputRegionForThread) override;

private:
  /** mm along the normal (and pixels within a slice) within which a point counts as on a slice: an output
   * plane through an input slice must find that slice whatever the rounding of its coordinates. */
  static constexpr double PositionTolerance = 1e-6;

  /** Positions of the output region's corners along the normal: [min, max]. */
  std::pair<double, double>
  NormalExtent(const RegionType & outputRegion) const;

  /** Index of the last slice at or before `position` along the normal (clamped to the stack). */
  std::size_t
  SliceAtOrBefore(double position) const;

  SliceOriginListType m_SliceOrigins;
  PointType           m_OutputOrigin;
  SpacingType         m_OutputSpacing;
  DirectionType       m_OutputDirection;
  SizeType            m_OutputSize;
  PixelType           m_DefaultPixelValue{};

  // Derived from the input's geometry before each run.
  Vector<double, 3>   m_RowDirection;
  Vector<double, 3>   m_ColumnDirection;
  Vector<double, 3>   m_Normal;
  std::vector<double> m_SlicePositions; // along m_Normal
};

} // namespace itk

#ifndef ITK_MANUAL_INSTANTIATION
#  include "itkIrregularSliceStackResampleImageFilter.hxx"
#endif

#endif
