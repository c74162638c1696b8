#ifndef itkBinaryBoxMorphologyImageFilter_h
#define itkBinaryBoxMorphologyImageFilter_h

#include "itkImageToImageFilter.h"

#include <cstdint>
#include <vector>

namespace itk
{

/** \class BinaryBoxMorphologyImageFilter
 * \brief Binary erosion or dilation by a box of any size, odd or even, anchored as scikit-image anchors it.
 *
 * Non-zero input pixels are foreground. Along an axis where the box is n pixels long the output at x
 * looks at the input from x - (n - 1 - n/2) to x + n/2 (integer division): for odd n the centred box,
 * for even n scikit-image's morphology.dilation/erosion with np.ones(n) (an 8-box spans x-3 ... x+4, so
 * a single pixel at p dilates to p-4 ... p+3). Dilation gives ForegroundValue where any pixel in the
 * box is foreground, erosion where all are; pixels outside the image are ignored (neither erode nor
 * dilate), which is what scikit-image's reflecting border amounts to for these boxes.
 *
 * The same result as GrayscaleDilateImageFilter/GrayscaleErodeImageFilter with an odd box
 * FlatStructuringElement followed by a 2 x ... x 2 kernel over offsets {0, +1} (the tests check this);
 * this filter computes it separably with running counts, O(1) per pixel whatever the box size, which
 * is what makes the seed method's per-slice chain fast.
 *
 * Whole-image filter (each pass runs along entire lines); single-threaded: the seed method threads
 * across slices instead.
 *
 * \ingroup ChestCTSeedLungMask
 */
template <typename TInputImage, typename TOutputImage = TInputImage>
class ITK_TEMPLATE_EXPORT BinaryBoxMorphologyImageFilter : public ImageToImageFilter<TInputImage, TOutputImage>
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(BinaryBoxMorphologyImageFilter);

  using Self = BinaryBoxMorphologyImageFilter;
  using Superclass = ImageToImageFilter<TInputImage, TOutputImage>;
  using Pointer = SmartPointer<Self>;
  using ConstPointer = SmartPointer<const Self>;

  itkNewMacro(Self);
  itkTypeMacro(BinaryBoxMorphologyImageFilter, ImageToImageFilter);

  static constexpr unsigned int ImageDimension = TInputImage::ImageDimension;
  using SizeType = Size<ImageDimension>;
  using OutputPixelType = typename TOutputImage::PixelType;

  /** Dilation (true, the default) or erosion (false). */
  itkSetMacro(Dilate, bool);
  itkGetConstMacro(Dilate, bool);
  itkBooleanMacro(Dilate);
  /** The box's size in pixels along each axis (at least 1); 3 x 3 by default. */
  itkSetMacro(BoxSize, SizeType);
  itkGetConstMacro(BoxSize, SizeType);
  void
  SetBoxSize(SizeValueType size)
  {
    SizeType box;
    box.Fill(size);
    this->SetBoxSize(box);
  }
  itkSetMacro(ForegroundValue, OutputPixelType);
  itkGetConstMacro(ForegroundValue, OutputPixelType);
  itkSetMacro(BackgroundValue, OutputPixelType);
  itkGetConstMacro(BackgroundValue, OutputPixelType);

protected:
  BinaryBoxMorphologyImageFilter();
  ~BinaryBoxMorphologyImageFilter() override = default;

  void
  GenerateInputRequestedRegion() override;
  void
  EnlargeOutputRequestedRegion(DataObject * output) override;
  void
  GenerateData() override;
  void
  PrintSelf(std::ostream & os, Indent indent) const override;

private:
  bool            m_Dilate{ true };
  SizeType        m_BoxSize;
  OutputPixelType m_ForegroundValue{ NumericTraits<OutputPixelType>::OneValue() };
  OutputPixelType m_BackgroundValue{ NumericTraits<OutputPixelType>::ZeroValue() };

  // Work buffers kept from one update to the next: the seed method runs this filter on slice after
  // slice of the same size, and fresh buffers each time cost more than the morphology.
  std::vector<unsigned char> m_Current;
  std::vector<unsigned char> m_Next;
  std::vector<std::uint32_t> m_Counts;
};

} // namespace itk

#ifndef ITK_MANUAL_INSTANTIATION
#  include "itkBinaryBoxMorphologyImageFilter.hxx"
#endif

#endif
