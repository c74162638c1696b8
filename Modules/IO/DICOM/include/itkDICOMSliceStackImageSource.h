#ifndef itkDICOMSliceStackImageSource_h
#define itkDICOMSliceStackImageSource_h

#include "itkImageSource.h"

#include <string>
#include <vector>

namespace itk
{

/** \class DICOMSliceStackImageSource
 * \brief A 3D image whose k-th slice holds the stored pixel values of the k-th listed DICOM frame.
 *
 * The frames (a file, and a frame number within it for multi-frame objects)
 * are listed in the order they are to be stacked, normally by position along
 * the slice normal (see chestct::AnalyzeSliceStack). The source gives stored
 * values, before any rescale: padding is defined on stored values, and the
 * rescale slope and intercept, which may differ from slice to slice, are
 * applied by HounsfieldUnitRescaleImageFilter. Pixel data are decoded through
 * GDCM, so every transfer syntax GDCM decodes is read.
 *
 * The geometry (origin, spacing, direction) is set by the caller: it comes
 * from the whole stack's analysis, not from any one file.
 *
 * The source streams: an update reads only the slices of the requested region
 * (whole slices, since a frame is decoded whole), each file once, with the
 * files of one request decoded in parallel.
 *
 * \ingroup ChestCTDICOM
 */
template <typename TOutputImage>
class ITK_TEMPLATE_EXPORT DICOMSliceStackImageSource : public ImageSource<TOutputImage>
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(DICOMSliceStackImageSource);

  using Self = DICOMSliceStackImageSource;
  using Superclass = ImageSource<TOutputImage>;
  using Pointer = SmartPointer<Self>;
  using ConstPointer = SmartPointer<const Self>;

  itkNewMacro(Self);
  itkTypeMacro(DICOMSliceStackImageSource, ImageSource);

  using OutputImageType = TOutputImage;
  using OutputImageRegionType = typename OutputImageType::RegionType;
  using PixelType = typename OutputImageType::PixelType;
  using SpacingType = typename OutputImageType::SpacingType;
  using PointType = typename OutputImageType::PointType;
  using DirectionType = typename OutputImageType::DirectionType;

  static_assert(TOutputImage::ImageDimension == 3, "A slice stack is a 3D image");

  /** One 2D image to stack: a file, and the frame within it (0 for single-frame files). */
  struct FrameReference
  {
    std::string  file;
    unsigned int frame{ 0 };
  };
  using FrameListType = std::vector<FrameReference>;

  virtual void
  SetFrames(const FrameListType & frames);
  const FrameListType &
  GetFrames() const
  {
    return m_Frames;
  }

  /** The frames' size; every listed frame must have it. */
  itkSetMacro(Rows, unsigned int);
  itkGetConstMacro(Rows, unsigned int);
  itkSetMacro(Columns, unsigned int);
  itkGetConstMacro(Columns, unsigned int);

  itkSetMacro(Origin, PointType);
  itkGetConstReferenceMacro(Origin, PointType);
  itkSetMacro(Spacing, SpacingType);
  itkGetConstReferenceMacro(Spacing, SpacingType);
  itkSetMacro(Direction, DirectionType);
  itkGetConstReferenceMacro(Direction, DirectionType);

protected:
  DICOMSliceStackImageSource();
  ~DICOMSliceStackImageSource() override = default;

  void
  PrintSelf(std::ostream & os, Indent indent) const override;

  void
  GenerateOutputInformation() override;

  /** Frames are decoded whole, so a request grows to whole slices. */
  void
  EnlargeOutputRequestedRegion(DataObject * output) override;

  void
  GenerateData() override;

private:
  FrameListType m_Frames;
  unsigned int  m_Rows{ 0 };
  unsigned int  m_Columns{ 0 };
  PointType     m_Origin;
  SpacingType   m_Spacing;
  DirectionType m_Direction;
};

} // namespace itk

#ifndef ITK_MANUAL_INSTANTIATION
#  include "itkDICOMSliceStackImageSource.hxx"
#endif

#endif
