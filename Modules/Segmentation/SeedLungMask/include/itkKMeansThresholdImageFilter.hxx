#ifndef itkKMeansThresholdImageFilter_hxx
#define itkKMeansThresholdImageFilter_hxx

#include "itkKMeansThresholdImageFilter.h"

#include "itkImageRegionConstIterator.h"

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
  double                 sum = 0.0;
  InputPixelType         minimum = NumericTraits<InputPixelType>::max();
  InputPixelType         maximum = NumericTraits<InputPixelType>::NonpositiveMin();
  const InputPixelType * buffer = input->GetBufferPointer(); // whole-image filter: the buffer is the region
  const std::size_t      pixels = region.GetNumberOfPixels();
  for (std::size_t i = 0; i < pixels; ++i)
  {
    const InputPixelType v = buffer[i];
    sum += static_cast<double>(v);
    minimum = std::min(minimum, v);
    maximum = std::max(maximum, v);
  }
  const double count = static_cast<double>(region.GetNumberOfPixels());
  m_Mean = count > 0 ? sum / count : 0.0;
  double squares = 0.0;
  for (std::size_t i = 0; i < pixels; ++i)
  {
    const double d = static_cast<double>(buffer[i]) - m_Mean;
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
    // A histogram over the central region's range of values (after leaving the extremes out).
    long low = std::numeric_limits<long>::max(), high = std::numeric_limits<long>::lowest();
    for (ImageRegionConstIterator<TInputImage> it(input, central); !it.IsAtEnd(); ++it)
    {
      const InputPixelType v = it.Get();
      if (v != maximum && v != minimum)
      {
        low = std::min(low, static_cast<long>(v));
        high = std::max(high, static_cast<long>(v));
      }
      else
      {
        ++replaced;
      }
    }
    if (low <= high)
    {
      m_Histogram.assign(static_cast<std::size_t>(high - low + 1), 0);
      for (ImageRegionConstIterator<TInputImage> it(input, central); !it.IsAtEnd(); ++it)
      {
        const InputPixelType v = it.Get();
        if (v != maximum && v != minimum)
        {
          ++m_Histogram[static_cast<std::size_t>(static_cast<long>(v) - low)];
        }
      }
      for (std::size_t b = 0; b < m_Histogram.size(); ++b)
      {
        if (m_Histogram[b] != 0)
        {
          values.push_back(static_cast<double>(static_cast<long>(b) + low));
          counts.push_back(m_Histogram[b]);
        }
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

  const bool replacedInside = (centralMean - m_Mean) / s < m_Threshold;
  const auto inside = [&](InputPixelType v) {
    return (v == maximum || v == minimum) ? replacedInside : (static_cast<double>(v) - m_Mean) / s < m_Threshold;
  };
  const InputPixelType * in = input->GetBufferPointer(); // whole-image filter: the buffer is the region
  OutputPixelType *      out = output->GetBufferPointer();
  const std::size_t      n = region.GetNumberOfPixels();
  if constexpr (std::is_integral<InputPixelType>::value && sizeof(InputPixelType) <= 2)
  {
    // The same comparison, made once per distinct value.
    std::vector<OutputPixelType> table(static_cast<std::size_t>(static_cast<long>(maximum) - minimum + 1));
    for (long v = minimum; v <= static_cast<long>(maximum); ++v)
    {
      table[static_cast<std::size_t>(v - minimum)] =
        inside(static_cast<InputPixelType>(v)) ? m_InsideValue : m_OutsideValue;
    }
    for (std::size_t i = 0; i < n; ++i)
    {
      out[i] = table[static_cast<std::size_t>(static_cast<long>(in[i]) - minimum)];
    }
  }
  else
  {
    for (std::size_t i = 0; i < n; ++i)
    {
      out[i] = inside(in[i]) ? m_InsideValue : m_OutsideValue;
    }
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
