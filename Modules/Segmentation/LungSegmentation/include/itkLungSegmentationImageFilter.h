#ifndef itkLungSegmentationImageFilter_h
#define itkLungSegmentationImageFilter_h

#include "chestctLungSegmentation.h"

#include "itkImageToImageFilter.h"

namespace itk
{

/** \class LungSegmentationImageFilter
 * \brief Labels the right (1) and left (2) lungs of a chest CT in Hounsfield units.
 *
 * The ITK face of chestct::SegmentLungs, for use in a pipeline: the lung parenchyma with its vessels and
 * the nodules or tumours touching its pleura, without the trachea and main bronchi, the body wall, the
 * table or the air outside the body. Right and left are the patient's, read from the image's direction,
 * so feet-first and flipped series are labelled correctly. Documentation/Segmentation.md gives each step.
 *
 * The steps run on a working grid of about WorkingSpacing mm (blocks of whole voxels averaged) and the
 * boundary is refined on the input's own grid. Lungs are whole-volume objects (airway growing and 3D
 * components need every slice), so the filter asks for its whole input and produces its whole output
 * whatever region is requested downstream; memory is the input, the label image, and the working grid's
 * masks and component images (an eighth of the input's voxels each, in 1 or 4 bytes per voxel). On a
 * 59 M voxel chest the whole 'chestct segment' peaked at 390 MB.
 *
 * After Update, GetReport() says what was learned and decided (air threshold, airway, whether the lungs
 * had to be cut apart, volumes, remarks in plain words).
 *
 * \ingroup ChestCTLungSegmentation
 */
template <typename TInputImage, typename TOutputImage>
class ITK_TEMPLATE_EXPORT LungSegmentationImageFilter : public ImageToImageFilter<TInputImage, TOutputImage>
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(LungSegmentationImageFilter);

  using Self = LungSegmentationImageFilter;
  using Superclass = ImageToImageFilter<TInputImage, TOutputImage>;
  using Pointer = SmartPointer<Self>;
  using ConstPointer = SmartPointer<const Self>;

  itkNewMacro(Self);
  itkTypeMacro(LungSegmentationImageFilter, ImageToImageFilter);

  using InputImageType = TInputImage;
  using OutputImageType = TOutputImage;
  using ReportType = chestct::LungSegmentationReport;

  static_assert(TInputImage::ImageDimension == 3 && TOutputImage::ImageDimension == 3,
                "LungSegmentationImageFilter segments 3D volumes");

  /** Spacing (mm) of the working grid. Default 2. */
  itkSetMacro(WorkingSpacing, double);
  itkGetConstMacro(WorkingSpacing, double);

  /** Air lies below this HU; NaN (the default) learns it from the image with Otsu's method. */
  itkSetMacro(AirThreshold, double);
  itkGetConstMacro(AirThreshold, double);

  /** Radius (mm) of the ball closing each lung; it brings in the vessels at the lung's edge and small pleural
   * nodules. Default 8; 0 turns it off. */
  itkSetMacro(ClosingRadius, double);
  itkGetConstMacro(ClosingRadius, double);

  /** Reach (mm) of the pleural-bay rule, which brings in the rest of a nodule against the pleura
   * (LungSegmentationParameters::pleuralBayReach). Default 12; 0 turns it off. */
  itkSetMacro(PleuralBayReach, double);
  itkGetConstMacro(PleuralBayReach, double);

  /** Smallest volume (mL) a lung may have. Default 40. */
  itkSetMacro(MinimumLungVolume, double);
  itkGetConstMacro(MinimumLungVolume, double);

  /** What the last Update learned and decided. */
  const ReportType &
  GetReport() const
  {
    return m_Report;
  }

protected:
  LungSegmentationImageFilter() = default;
  ~LungSegmentationImageFilter() override = default;

  void
  GenerateInputRequestedRegion() override;
  void
  EnlargeOutputRequestedRegion(DataObject * output) override;
  void
  GenerateData() override;
  void
  PrintSelf(std::ostream & os, Indent indent) const override;

private:
  double     m_WorkingSpacing{ chestct::LungSegmentationParameters{}.workingSpacing };
  double     m_AirThreshold{ chestct::LungSegmentationParameters{}.airThreshold };
  double     m_ClosingRadius{ chestct::LungSegmentationParameters{}.closingRadius };
  double     m_PleuralBayReach{ chestct::LungSegmentationParameters{}.pleuralBayReach };
  double     m_MinimumLungVolume{ chestct::LungSegmentationParameters{}.minimumLungVolume };
  ReportType m_Report;
};
} // namespace itk

#ifndef ITK_MANUAL_INSTANTIATION
#  include "itkLungSegmentationImageFilter.hxx"
#endif

#endif
