#ifndef itkSeedLungMaskImageFilter_h
#define itkSeedLungMaskImageFilter_h

#include "itkImageToImageFilter.h"
#include "itkSeedLungMaskSliceImageFilter.h"

namespace itk
{

/** \class SeedLungMaskImageFilter
 * \brief The seed tutorial's lung mask of a 3-D volume, slice by slice: 1 inside the lungs, 0 elsewhere.
 *
 * Each slice across SliceDimension (2: axial slices of an axial stack, as the seed indexes res[i]) goes
 * through SeedLungMaskSliceImageFilter inside an itk::SliceBySliceImageFilter. SliceBySliceImageFilter
 * runs its slices one after another, so this filter splits the requested slices into contiguous slabs
 * and runs the slabs on GetNumberOfWorkUnits() threads of its own, each with its own SliceBySliceImageFilter and a
 * single-threaded slice pipeline: slices are independent, so that is where the parallelism is.
 *
 * Streaming: a requested region is enlarged to whole slices (in-plane), and only its slices are asked
 * of the input; a writer streaming along the slice axis therefore pulls slabs of slices through.
 *
 * A constant slice (all padding, as at the ends of a resampled stack) gives an empty slice.
 *
 * \ingroup ChestCTSeedLungMask
 */
template <typename TInputImage, typename TOutputImage>
class ITK_TEMPLATE_EXPORT SeedLungMaskImageFilter : public ImageToImageFilter<TInputImage, TOutputImage>
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(SeedLungMaskImageFilter);

  using Self = SeedLungMaskImageFilter;
  using Superclass = ImageToImageFilter<TInputImage, TOutputImage>;
  using Pointer = SmartPointer<Self>;
  using ConstPointer = SmartPointer<const Self>;

  itkNewMacro(Self);
  itkTypeMacro(SeedLungMaskImageFilter, ImageToImageFilter);

  static_assert(TInputImage::ImageDimension == 3 && TOutputImage::ImageDimension == 3, "a volume is 3-D");
  using InputSliceType = Image<typename TInputImage::PixelType, 2>;
  using OutputSliceType = Image<typename TOutputImage::PixelType, 2>;
  using SliceFilterType = SeedLungMaskSliceImageFilter<InputSliceType, OutputSliceType>;
  using RegionType = typename TOutputImage::RegionType;

  /** The axis across which slices are cut; 2 by default. */
  itkSetClampMacro(SliceDimension, unsigned int, 0, 2);
  itkGetConstMacro(SliceDimension, unsigned int);

protected:
  SeedLungMaskImageFilter() = default;
  ~SeedLungMaskImageFilter() override = default;

  void
  EnlargeOutputRequestedRegion(DataObject * output) override;
  void
  GenerateInputRequestedRegion() override;
  void
  GenerateData() override;
  void
  PrintSelf(std::ostream & os, Indent indent) const override;

private:
  /** Runs the slices of `slab` (whole slices, within the output's requested region). */
  void
  GenerateSlab(const RegionType & slab);

  unsigned int m_SliceDimension{ 2 };
};

} // namespace itk

#ifndef ITK_MANUAL_INSTANTIATION
#  include "itkSeedLungMaskImageFilter.hxx"
#endif

#endif
