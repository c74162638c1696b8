#ifndef itkLabelBoundingBoxSelectionImageFilter_h
#define itkLabelBoundingBoxSelectionImageFilter_h

#include "itkImageToImageFilter.h"

#include <vector>

namespace itk
{

/** \class LabelBoundingBoxSelectionImageFilter
 * \brief Keeps the labels of a 2-D label image whose bounding box passes the seed tutorial's lung rule.
 *
 * With rows along image axis 1 (n_rows = size[1]) and columns along axis 0 (n_cols = size[0]), and a
 * label's bounding box as scikit-image's regionprops gives it (min_row, min_col, max_row, max_col, the
 * maxima exclusive), the label is kept when all of
 *   - max_row - min_row < n_rows x MaximumExtentFraction (9/10),
 *   - max_col - min_col < n_cols x MaximumExtentFraction,
 *   - min_row > n_rows x TopFraction (1/5): its top lies below the top fifth,
 *   - max_row < n_cols x BottomFraction (4/5): its bottom lies above the bottom fifth
 * hold; the comparisons are strict, as the seed's. The last one compares a row with the number of
 * columns, as the seed's code does (`b[2] < col_size/5*4`); it matters only for non-square images.
 * Kept labels keep their value; every other pixel becomes 0 (background stays 0).
 *
 * A whole-image filter: a bounding box needs every pixel, so like ConnectedComponentImageFilter it asks
 * for its input's largest possible region and produces its output's.
 *
 * \ingroup ChestCTSeedLungMask
 */
template <typename TInputImage, typename TOutputImage = TInputImage>
class ITK_TEMPLATE_EXPORT LabelBoundingBoxSelectionImageFilter : public ImageToImageFilter<TInputImage, TOutputImage>
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(LabelBoundingBoxSelectionImageFilter);

  using Self = LabelBoundingBoxSelectionImageFilter;
  using Superclass = ImageToImageFilter<TInputImage, TOutputImage>;
  using Pointer = SmartPointer<Self>;
  using ConstPointer = SmartPointer<const Self>;

  itkNewMacro(Self);
  itkTypeMacro(LabelBoundingBoxSelectionImageFilter, ImageToImageFilter);

  static_assert(TInputImage::ImageDimension == 2, "the seed's rule is for 2-D slices");
  using InputPixelType = typename TInputImage::PixelType;
  using OutputPixelType = typename TOutputImage::PixelType;

  itkSetMacro(MaximumExtentFraction, double);
  itkGetConstMacro(MaximumExtentFraction, double);
  itkSetMacro(TopFraction, double);
  itkGetConstMacro(TopFraction, double);
  itkSetMacro(BottomFraction, double);
  itkGetConstMacro(BottomFraction, double);

  /** The labels kept by the last update, in increasing order. */
  const std::vector<InputPixelType> &
  GetSelectedLabels() const
  {
    return m_SelectedLabels;
  }

  /** The rule on one bounding box (row and column extents relative to the image's first row and
   * column, maxima exclusive) in an image of nRows x nColumns. */
  bool
  Accepts(long minRow, long minColumn, long maxRow, long maxColumn, long nRows, long nColumns) const;

protected:
  LabelBoundingBoxSelectionImageFilter() = default;
  ~LabelBoundingBoxSelectionImageFilter() override = default;

  void
  GenerateInputRequestedRegion() override;
  void
  EnlargeOutputRequestedRegion(DataObject * output) override;
  void
  GenerateData() override;
  void
  PrintSelf(std::ostream & os, Indent indent) const override;

private:
  double                      m_MaximumExtentFraction{ 0.9 };
  double                      m_TopFraction{ 0.2 };
  double                      m_BottomFraction{ 0.8 };
  std::vector<InputPixelType> m_SelectedLabels;
};

} // namespace itk

#ifndef ITK_MANUAL_INSTANTIATION
#  include "itkLabelBoundingBoxSelectionImageFilter.hxx"
#endif

#endif
