#ifndef itkSeedLungMaskSliceImageFilter_h
#define itkSeedLungMaskSliceImageFilter_h

#include "itkBinaryBoxMorphologyImageFilter.h"
#include "itkConnectedComponentImageFilter.h"
#include "itkImageToImageFilter.h"
#include "itkKMeansThresholdImageFilter.h"
#include "itkLabelBoundingBoxSelectionImageFilter.h"

namespace itk
{

/** \class SeedLungMaskSliceImageFilter
 * \brief The seed tutorial's lung mask of one 2-D slice, as a mini-pipeline of ITK filters.
 *
 * make_lungmask, step for step:
 *  -# KMeansThresholdImageFilter: 1 where the standardised slice is below the k-means threshold;
 *  -# erosion with a 3 x 3 box;
 *  -# dilation with an 8 x 8 box;
 *  -# ConnectedComponentImageFilter, fully connected (skimage's measure.label default in 2-D);
 *  -# LabelBoundingBoxSelectionImageFilter with the seed's rule;
 *  -# every kept label set to 1 and dilated with a 10 x 10 box.
 *
 * Box sizes follow scikit-image's morphology: a footprint of even size n along an axis has its centre at
 * index n/2, so the output at x takes the extremum of the input over x-n/2+1 ... x+n/2 (8: from x-3 to
 * x+4; a single pixel at p dilates to p-4 ... p+3). ITK's flat structuring elements are odd; the
 * same result comes from an odd (n-1)-box FlatStructuringElement followed by a 2 x 2 kernel over
 * offsets 0 and +1 (the tests check that against BinaryBoxMorphologyImageFilter), but
 * BinaryBoxMorphologyImageFilter computes it with running counts, several times faster than ITK's
 * grey-level morphology on these small slices. Pixels outside the slice are ignored, as
 * scikit-image's reflecting border does for these footprints.
 *
 * Whole-slice filter: it asks for, and produces, the largest possible region. The internal filters use
 * this filter's number of work units; SeedLungMaskImageFilter runs one per thread with a single one.
 *
 * \ingroup ChestCTSeedLungMask
 */
template <typename TInputImage, typename TOutputImage>
class ITK_TEMPLATE_EXPORT SeedLungMaskSliceImageFilter : public ImageToImageFilter<TInputImage, TOutputImage>
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(SeedLungMaskSliceImageFilter);

  using Self = SeedLungMaskSliceImageFilter;
  using Superclass = ImageToImageFilter<TInputImage, TOutputImage>;
  using Pointer = SmartPointer<Self>;
  using ConstPointer = SmartPointer<const Self>;

  itkNewMacro(Self);
  itkTypeMacro(SeedLungMaskSliceImageFilter, ImageToImageFilter);

  static_assert(TInputImage::ImageDimension == 2, "a slice is 2-D");
  using MaskImageType = Image<unsigned char, 2>;
  using LabelImageType = Image<unsigned int, 2>;

  using ThresholdFilterType = KMeansThresholdImageFilter<TInputImage, MaskImageType>;
  using MorphologyFilterType = BinaryBoxMorphologyImageFilter<MaskImageType, MaskImageType>;
  using ComponentsFilterType = ConnectedComponentImageFilter<MaskImageType, LabelImageType>;
  using SelectionFilterType = LabelBoundingBoxSelectionImageFilter<LabelImageType, LabelImageType>;
  using FinalDilateFilterType = BinaryBoxMorphologyImageFilter<LabelImageType, TOutputImage>;

  /** \name The intermediate steps, valid after an update. */
  ///@{
  /** The k-means threshold (1 below it). */
  ThresholdFilterType *
  GetThresholdFilter() const
  {
    return m_Threshold;
  }
  /** After erosion (3 x 3) and dilation (8 x 8). */
  const MaskImageType *
  GetMorphologyOutput() const
  {
    return m_Dilate->GetOutput();
  }
  /** The connected components of the morphology output. */
  const LabelImageType *
  GetLabelOutput() const
  {
    return m_Components->GetOutput();
  }
  /** The components kept by the bounding-box rule (others 0). */
  SelectionFilterType *
  GetSelectionFilter() const
  {
    return m_Selection;
  }
  ///@}

protected:
  SeedLungMaskSliceImageFilter();
  ~SeedLungMaskSliceImageFilter() override = default;

  void
  GenerateInputRequestedRegion() override;
  void
  EnlargeOutputRequestedRegion(DataObject * output) override;
  void
  GenerateData() override;
  void
  PrintSelf(std::ostream & os, Indent indent) const override;

private:
  typename ThresholdFilterType::Pointer   m_Threshold;
  typename MorphologyFilterType::Pointer  m_Erode;
  typename MorphologyFilterType::Pointer  m_Dilate;
  typename ComponentsFilterType::Pointer  m_Components;
  typename SelectionFilterType::Pointer   m_Selection;
  typename FinalDilateFilterType::Pointer m_FinalDilate;
};

} // namespace itk

#ifndef ITK_MANUAL_INSTANTIATION
#  include "itkSeedLungMaskSliceImageFilter.hxx"
#endif

#endif
