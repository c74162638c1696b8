#ifndef itkHounsfieldUnitRescaleImageFilter_h
#define itkHounsfieldUnitRescaleImageFilter_h

#include "itkImageToImageFilter.h"

#include <vector>

namespace itk
{

/** \class HounsfieldUnitRescaleImageFilter
 * \brief Converts stored CT pixel values to Hounsfield units, slice by slice.
 *
 * A CT series stores each slice's pixels as integers together with that
 * slice's RescaleSlope and RescaleIntercept, and HU = slope * stored + intercept.
 * The pair may differ from slice to slice (some scanners choose it per slice to
 * use the stored range fully), so the filter takes one pair per slice, indexed
 * along the image's last axis from the start of its largest possible region.
 * A single pair applies to every slice.
 *
 * Pixels whose stored value lies in the padding range [PaddingLowerBound,
 * PaddingUpperBound] (DICOM's PixelPaddingValue and PixelPaddingRangeLimit:
 * outside the reconstructed scan circle, not measured) become
 * PaddingOutputValue, air (-1024 HU) by default, rather than a meaningless
 * number such as -3024. The comparison is made on stored values because that
 * is where DICOM defines padding.
 *
 * Results are rounded to the nearest integer (halves away from zero) and
 * clamped to the output pixel type's range.
 *
 * The filter streams: each output region needs only the same input region.
 *
 * \ingroup ChestCTHounsfield
 */
template <typename TInputImage, typename TOutputImage>
class ITK_TEMPLATE_EXPORT HounsfieldUnitRescaleImageFilter : public ImageToImageFilter<TInputImage, TOutputImage>
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(HounsfieldUnitRescaleImageFilter);

  using Self = HounsfieldUnitRescaleImageFilter;
  using Superclass = ImageToImageFilter<TInputImage, TOutputImage>;
  using Pointer = SmartPointer<Self>;
  using ConstPointer = SmartPointer<const Self>;

  itkNewMacro(Self);
  itkTypeMacro(HounsfieldUnitRescaleImageFilter, ImageToImageFilter);

  using InputImageType = TInputImage;
  using OutputImageType = TOutputImage;
  using InputPixelType = typename InputImageType::PixelType;
  using OutputPixelType = typename OutputImageType::PixelType;
  using OutputImageRegionType = typename OutputImageType::RegionType;
  using RescaleArrayType = std::vector<double>;

  static constexpr unsigned int ImageDimension = TOutputImage::ImageDimension;
  static constexpr unsigned int SliceAxis = ImageDimension - 1;

  /** One slope per slice along the last axis, or a single slope for all. */
  virtual void
  SetRescaleSlopes(const RescaleArrayType & slopes);
  itkGetConstReferenceMacro(RescaleSlopes, RescaleArrayType);

  /** One intercept per slice along the last axis, or a single intercept for all. */
  virtual void
  SetRescaleIntercepts(const RescaleArrayType & intercepts);
  itkGetConstReferenceMacro(RescaleIntercepts, RescaleArrayType);

  /** Whether stored values in the padding range are mapped to PaddingOutputValue. Off by default. */
  itkSetMacro(PaddingEnabled, bool);
  itkGetConstMacro(PaddingEnabled, bool);
  itkBooleanMacro(PaddingEnabled);

  /** The padding range, in stored values, inclusive at both ends. */
  itkSetMacro(PaddingLowerBound, InputPixelType);
  itkGetConstMacro(PaddingLowerBound, InputPixelType);
  itkSetMacro(PaddingUpperBound, InputPixelType);
  itkGetConstMacro(PaddingUpperBound, InputPixelType);

  /** Sets both bounds and enables padding mapping. */
  void
  SetPaddingRange(InputPixelType lowerBound, InputPixelType upperBound);

  /** The output value of padding pixels: air, -1024 HU, by default. */
  itkSetMacro(PaddingOutputValue, OutputPixelType);
  itkGetConstMacro(PaddingOutputValue, OutputPixelType);

protected:
  HounsfieldUnitRescaleImageFilter();
  ~HounsfieldUnitRescaleImageFilter() override = default;

  void
  PrintSelf(std::ostream & os, Indent indent) const override;

  /** Checks that there is one slope and one intercept per slice (or one for all) and that slopes are usable. */
  void
  BeforeThreadedGenerateData() override;

  void
  DynamicThreadedGenerateData(const OutputImageRegionType & outputRegionForThread) override;

private:
  RescaleArrayType m_RescaleSlopes{ 1.0 };
  RescaleArrayType m_RescaleIntercepts{ 0.0 };
  bool             m_PaddingEnabled{ false };
  InputPixelType   m_PaddingLowerBound{};
  InputPixelType   m_PaddingUpperBound{};
  OutputPixelType  m_PaddingOutputValue;
};

} // namespace itk

#ifndef ITK_MANUAL_INSTANTIATION
#  include "itkHounsfieldUnitRescaleImageFilter.hxx"
#endif

#endif
