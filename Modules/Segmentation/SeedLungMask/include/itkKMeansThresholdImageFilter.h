#ifndef itkKMeansThresholdImageFilter_h
#define itkKMeansThresholdImageFilter_h

#include "itkImageToImageFilter.h"

#include <cstdint>
#include <vector>

namespace itk
{

/** \class KMeansThresholdImageFilter
 * \brief Marks the pixels darker than the midpoint of a two-cluster k-means split of the central region.
 *
 * The seed tutorial's threshold step (make_lungmask), faithfully:
 *  -# the image is standardised, z = (x - mean) / std over the whole image (population standard
 *     deviation, as numpy's std);
 *  -# the central region is the box from int(n/5) to int(4n/5) (exclusive) along each axis, where, as in
 *     the seed, the bounds of axis d come from the size of axis N-1-d (numpy indexes [row, col] ranges with
 *     col_size and row_size: a transposition that only matters for non-square images); the fractions
 *     are CentralRegionLowerFraction and CentralRegionUpperFraction;
 *  -# the central region's mean is taken, then every pixel of the whole image equal to the image's
 *     maximum or minimum is replaced by that mean. The central region is a numpy view of the image, so
 *     the replacement changes it too: k-means sees the replaced values;
 *  -# 1-D k-means with two clusters runs on the central region's values, exactly: the split of the sorted
 *     values that minimises the within-cluster sum of squares (the global optimum that scikit-learn's
 *     KMeans with ten k-means++ starts reaches in practice), deterministic;
 *  -# the output is InsideValue where the (replaced) z is below the mean of the two cluster centres,
 *     OutsideValue elsewhere.
 *
 * An image of one constant value has no standard deviation (the seed divides by zero there and fails):
 * its output is all OutsideValue and IsValid() is false.
 *
 * Standardisation is an affine map with a positive scale, so the split is found on the raw values (a
 * histogram for integer pixels of at most 16 bits, a sort otherwise) and mapped to z; the comparison
 * itself is made in z, as the seed makes it.
 *
 * The filter needs the whole image: it asks its input for the largest possible region and produces it.
 *
 * \ingroup ChestCTSeedLungMask
 */
template <typename TInputImage, typename TOutputImage>
class ITK_TEMPLATE_EXPORT KMeansThresholdImageFilter : public ImageToImageFilter<TInputImage, TOutputImage>
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(KMeansThresholdImageFilter);

  using Self = KMeansThresholdImageFilter;
  using Superclass = ImageToImageFilter<TInputImage, TOutputImage>;
  using Pointer = SmartPointer<Self>;
  using ConstPointer = SmartPointer<const Self>;

  itkNewMacro(Self);
  itkTypeMacro(KMeansThresholdImageFilter, ImageToImageFilter);

  static constexpr unsigned int ImageDimension = TInputImage::ImageDimension;
  using InputImageType = TInputImage;
  using OutputImageType = TOutputImage;
  using InputPixelType = typename TInputImage::PixelType;
  using OutputPixelType = typename TOutputImage::PixelType;
  using RegionType = typename TInputImage::RegionType;

  itkSetMacro(InsideValue, OutputPixelType);
  itkGetConstMacro(InsideValue, OutputPixelType);
  itkSetMacro(OutsideValue, OutputPixelType);
  itkGetConstMacro(OutsideValue, OutputPixelType);
  /** The central region along an axis of n pixels: [int(n Lower), int(n Upper)); 1/5 and 4/5 by default. */
  itkSetMacro(CentralRegionLowerFraction, double);
  itkGetConstMacro(CentralRegionLowerFraction, double);
  itkSetMacro(CentralRegionUpperFraction, double);
  itkGetConstMacro(CentralRegionUpperFraction, double);

  /** \name Results of the last update. */
  ///@{
  /** False when the image was constant (no standard deviation): the output is then all OutsideValue. */
  itkGetConstMacro(Valid, bool);
  /** The threshold, in standardised units (z), as the seed computes it. */
  itkGetConstMacro(Threshold, double);
  /** The threshold in the input's own units: mean + Threshold x std. */
  itkGetConstMacro(InputThreshold, double);
  /** The two cluster centres in z, lower first. */
  itkGetConstMacro(LowerCenter, double);
  itkGetConstMacro(UpperCenter, double);
  /** The mean and population standard deviation of the whole input. */
  itkGetConstMacro(Mean, double);
  itkGetConstMacro(StandardDeviation, double);
  ///@}

  /** The central region of a largest possible region, by the seed's rule (see the class comment). */
  static RegionType
  ComputeCentralRegion(const RegionType & region, double lowerFraction, double upperFraction);

  /** The optimal two-cluster split of weighted 1-D data given as distinct values in increasing order
   * with their counts: the centres (lower, upper) minimising the within-cluster sum of squares. One
   * distinct value gives two equal centres. The input must not be empty. */
  static std::pair<double, double>
  TwoMeansOfSortedValues(const std::vector<double> & values, const std::vector<double> & counts);

protected:
  KMeansThresholdImageFilter() = default;
  ~KMeansThresholdImageFilter() override = default;

  void
  GenerateInputRequestedRegion() override;
  void
  EnlargeOutputRequestedRegion(DataObject * output) override;
  void
  GenerateData() override;
  void
  PrintSelf(std::ostream & os, Indent indent) const override;

private:
  OutputPixelType m_InsideValue{ NumericTraits<OutputPixelType>::OneValue() };
  OutputPixelType m_OutsideValue{ NumericTraits<OutputPixelType>::ZeroValue() };
  double          m_CentralRegionLowerFraction{ 0.2 };
  double          m_CentralRegionUpperFraction{ 0.8 };

  bool   m_Valid{ false };
  double m_Threshold{ 0.0 };
  double m_InputThreshold{ 0.0 };
  double m_LowerCenter{ 0.0 };
  double m_UpperCenter{ 0.0 };
  double m_Mean{ 0.0 };
  double m_StandardDeviation{ 0.0 };

  std::vector<std::uint32_t> m_Histogram; // kept between updates: slice after slice, same range
};

} // namespace itk

#ifndef ITK_MANUAL_INSTANTIATION
#  include "itkKMeansThresholdImageFilter.hxx"
#endif

#endif
