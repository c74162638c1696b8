#ifndef itkKMeansThresholdImageFilter_hxx
#define itkKMeansThresholdImageFilter_hxx

#include "itkKMeansThresholdImageFilter.h"

#include "itkImageRegionConstIterator.h"
#include "itkImageRegionIterator.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

namespace itk
{

template <typename TInputImage, typename TOutputImage>
auto
KMeansThresholdImageFilter<TInputImage, TOutputImage>::ComputeCentralRegion(const RegionType & region,
                                                                            double lowerFraction, double upperFraction)
  -> RegionType
{
  RegionType central = region;
  for (unsigned int d = 0; d < ImageDimension; ++d)
  {
    // The seed's transposition: numpy's row range is computed from col_size and the column range from
    // row_size, i.e. axis d takes its bounds from the size of axis N-1-d. Truncation as Python's int().
    const auto other = static_cast<double>(region.GetSize(ImageDimension - 1 - d));
    const auto size = static_cast<long>(region.GetSize(d));
    const long begin = std::min(size, static_cast<long>(std::trunc(other * lowerFraction)));
    const long end = std::min(size, static_cast<long>(std::trunc(other * upperFraction)));
    central.SetIndex(d, region.GetIndex(d) + begin);
    central.SetSize(d, static_cast<SizeValueType>(std::max(0L, end - begin)));
  }
  return central;
}

template <typename TInputImage, typename TOutputImage>
std::pair<double, double>
KMeansThresholdImageFilter<TInputImage, TOutputImage>::TwoMeansOfSortedValues(const std::vector<double> & values,
                                                                              const std::vector<double> & counts)
{
  const std::size_t k = values.size();
  if (k == 1)
  {
    return { values[0], values[0] };
  }
  // Sums about the overall mean keep the sums of squares well conditioned.
  double total = 0.0, weighted = 0.0;
  for (std::size_t i = 0; i < k; ++i)
  {
    total += counts[i];
    weighted += counts[i] * values[i];
  }
  const double shift = weighted / total;
  double       sum = 0.0;
  for (std::size_t i = 0; i < k; ++i)
  {
    sum += counts[i] * (values[i] - shift);
  }
  // Within-cluster SS = total SS - (S1^2/n1 + S2^2/n2): maximise the bracket over the k-1 splits.
  double      bestScore = -1.0, n1 = 0.0, s1 = 0.0;
  std::size_t best = 0;
  for (std::size_t i = 0; i + 1 < k; ++i)
  {
    n1 += counts[i];
    s1 += counts[i] * (values[i] - shift);
    const double n2 = total - n1, s2 = sum - s1;
    const double score = s1 * s1 / n1 + s2 * s2 / n2;
    if (score > bestScore)
    {
      bestScore = score;
      best = i;
    }
  }
  double lowerCount = 0.0, lowerSum = 0.0;
  for (std::size_t i = 0; i <= best; ++i)
  {
    lowerCount += counts[i];
    lowerSum += counts[i] * (values[i] - shift);
  }
  const double upperCount = total - lowerCount, upperSum = sum - lowerSum;
  return { shift + lowerSum / lowerCount, shift + upperSum / upperCount };
}

template <typename TInputImage, typename TOutputImage>
void
KMeansThresholdImageFilter<TInputImage, TOutputImage>::GenerateInputRequestedRegion()
{
  Superclass::GenerateInputRequestedRegion();
  if (auto * input = const_cast<TInputImage *>(this->GetInput()))
  {
    input->SetRequestedRegionToLargestPossibleRegion();
  }
}

template <typename TInputImage, typename TOutputImage>
void
KMeansThresholdImageFilter<TInputImage, TOutputImage>::EnlargeOutputRequestedRegion(DataObject * output)
{
  Superclass::EnlargeOutputRequestedRegion(output);
  output->SetRequestedRegionToLargestPossibleRegion();
}

template <typename TInputImage, typename TOutputImage>
void
KMeansThresholdImageFilter<TInputImage, TOutputImage>::GenerateData()
{
  this->AllocateOutputs();
  const TInputImage * input = this->GetInput();
  TOutputImage *      output = this->GetOutput();
  const RegionType    region = output->GetRequestedRegion();

  // Mean and population standard deviation in two passes, as numpy computes them.
  double         sum = 0.0;
  InputPixelType minimum = NumericTraits<InputPixelType>::max();
  InputPixelType maximum = NumericTraits<InputPixelType>::NonpositiveMin();
  for (ImageRegionConstIterator<TInputImage> it(input, region); !it.IsAtEnd(); ++it)
  {
    const InputPixelType v = it.Get();
    sum += static_cast<double>(v);
    minimum = std::min(minimum, v);
    maximum = std::max(maximum, v);
  }
  const double count = static_cast<double>(region.GetNumberOfPixels());
  m_Mean = count > 0 ? sum / count : 0.0;
  double squares = 0.0;
  for (ImageRegionConstIterator<TInputImage> it(input, region); !it.IsAtEnd(); ++it)
  {
    const double d = static_cast<double>(it.Get()) - m_Mean;
    squares += d * d;
  }
  m_StandardDeviation = count > 0 ? std::sqrt(squares / count) : 0.0;

  const RegionType central = ComputeCentralRegion(region, m_CentralRegionLowerFraction, m_CentralRegionUpperFraction);
  m_Valid = m_StandardDeviation > 0.0 && std::isfinite(m_StandardDeviation) && central.GetNumberOfPixels() > 0;
  if (!m_Valid)
  {
    // A constant image (all padding at the ends of a resampled stack): the seed divides by zero here.
    output->FillBuffer(m_OutsideValue);
    m_Threshold = m_InputThreshold = m_LowerCenter = m_UpperCenter = 0.0;
    return;
  }

  // The central region's mean, before the replacement (the seed takes it first).
  double centralSum = 0.0;
  for (ImageRegionConstIterator<TInputImage> it(input, central); !it.IsAtEnd(); ++it)
  {
    centralSum += static_cast<double>(it.Get());
  }
  const double centralMean = centralSum / static_cast<double>(central.GetNumberOfPixels());

  // The central values after the replacement, as distinct values in increasing order with counts.
  std::vector<double> values, counts;
  std::size_t         replaced = 0;
  if constexpr (std::is_integral<InputPixelType>::value && sizeof(InputPixelType) <= 2)
  {
    constexpr long             lowest = std::numeric_limits<InputPixelType>::lowest();
    constexpr std::size_t      bins = std::size_t{ 1 } << (8 * sizeof(InputPixelType));
    std::vector<std::uint32_t> histogram(bins, 0);
    for (ImageRegionConstIterator<TInputImage> it(input, central); !it.IsAtEnd(); ++it)
    {
      const InputPixelType v = it.Get();
      if (v == maximum || v == minimum)
      {
        ++replaced;
      }
      else
      {
        ++histogram[static_cast<std::size_t>(static_cast<long>(v) - lowest)];
      }
    }
    for (std::size_t b = 0; b < bins; ++b)
    {
      if (histogram[b] != 0)
      {
        values.push_back(static_cast<double>(static_cast<long>(b) + lowest));
        counts.push_back(histogram[b]);
      }
    }
  }
  else
  {
    std::vector<double> all;
    all.reserve(central.GetNumberOfPixels());
    for (ImageRegionConstIterator<TInputImage> it(input, central); !it.IsAtEnd(); ++it)
    {
      const InputPixelType v = it.Get();
      if (v == maximum || v == minimum)
      {
        ++replaced;
      }
      else
      {
        all.push_back(static_cast<double>(v));
      }
    }
    std::sort(all.begin(), all.end());
    for (const double v : all)
    {
      if (values.empty() || values.back() != v)
      {
        values.push_back(v);
        counts.push_back(0.0);
      }
      counts.back() += 1.0;
    }
  }
  if (replaced > 0)
  {
    const auto at = std::lower_bound(values.begin(), values.end(), centralMean);
    const auto i = static_cast<std::size_t>(at - values.begin());
    if (at != values.end() && *at == centralMean)
    {
      counts[i] += static_cast<double>(replaced);
    }
    else
    {
      values.insert(at, centralMean);
      counts.insert(counts.begin() + static_cast<std::ptrdiff_t>(i), static_cast<double>(replaced));
    }
  }

  const std::pair<double, double> centres = TwoMeansOfSortedValues(values, counts);
  const double                    s = m_StandardDeviation;
  m_LowerCenter = (centres.first - m_Mean) / s;
  m_UpperCenter = (centres.second - m_Mean) / s;
  m_Threshold = (m_LowerCenter + m_UpperCenter) / 2.0;
  m_InputThreshold = m_Mean + m_Threshold * s;

  const bool                            replacedInside = (centralMean - m_Mean) / s < m_Threshold;
  ImageRegionConstIterator<TInputImage> in(input, region);
  ImageRegionIterator<TOutputImage>     out(output, region);
  for (; !in.IsAtEnd(); ++in, ++out)
  {
    const InputPixelType v = in.Get();
    const bool           inside =
      (v == maximum || v == minimum) ? replacedInside : (static_cast<double>(v) - m_Mean) / s < m_Threshold;
    out.Set(inside ? m_InsideValue : m_OutsideValue);
  }
}

template <typename TInputImage, typename TOutputImage>
void
KMeansThresholdImageFilter<TInputImage, TOutputImage>::PrintSelf(std::ostream & os, Indent indent) const
{
  Superclass::PrintSelf(os, indent);
  os << indent << "InsideValue: " << static_cast<typename NumericTraits<OutputPixelType>::PrintType>(m_InsideValue)
     << std::endl;
  os << indent << "OutsideValue: " << static_cast<typename NumericTraits<OutputPixelType>::PrintType>(m_OutsideValue)
     << std::endl;
  os << indent << "CentralRegionLowerFraction: " << m_CentralRegionLowerFraction << std::endl;
  os << indent << "CentralRegionUpperFraction: " << m_CentralRegionUpperFraction << std::endl;
  os << indent << "Valid: " << m_Valid << std::endl;
  os << indent << "Threshold: " << m_Threshold << std::endl;
  os << indent << "Mean: " << m_Mean << std::endl;
  os << indent << "StandardDeviation: " << m_StandardDeviation << std::endl;
}

} // namespace itk

#endif
