#ifndef itkBinaryBoxMorphologyImageFilter_hxx
#define itkBinaryBoxMorphologyImageFilter_hxx

#include "itkBinaryBoxMorphologyImageFilter.h"

#include "itkImageRegionConstIterator.h"
#include "itkImageRegionIterator.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace itk
{

template <typename TInputImage, typename TOutputImage>
BinaryBoxMorphologyImageFilter<TInputImage, TOutputImage>::BinaryBoxMorphologyImageFilter()
{
  m_BoxSize.Fill(3);
}

template <typename TInputImage, typename TOutputImage>
void
BinaryBoxMorphologyImageFilter<TInputImage, TOutputImage>::GenerateInputRequestedRegion()
{
  Superclass::GenerateInputRequestedRegion();
  if (auto * input = const_cast<TInputImage *>(this->GetInput()))
  {
    input->SetRequestedRegionToLargestPossibleRegion();
  }
}

template <typename TInputImage, typename TOutputImage>
void
BinaryBoxMorphologyImageFilter<TInputImage, TOutputImage>::EnlargeOutputRequestedRegion(DataObject * output)
{
  Superclass::EnlargeOutputRequestedRegion(output);
  output->SetRequestedRegionToLargestPossibleRegion();
}

template <typename TInputImage, typename TOutputImage>
void
BinaryBoxMorphologyImageFilter<TInputImage, TOutputImage>::GenerateData()
{
  for (unsigned int d = 0; d < ImageDimension; ++d)
  {
    if (m_BoxSize[d] == 0)
    {
      itkExceptionMacro("BoxSize must be at least 1 along every axis, got " << m_BoxSize);
    }
  }
  this->AllocateOutputs();
  const TInputImage * input = this->GetInput();
  TOutputImage *      output = this->GetOutput();
  const auto          region = output->GetRequestedRegion();
  const auto          size = region.GetSize();
  const std::size_t   count = region.GetNumberOfPixels();
  if (count == 0)
  {
    return;
  }

  // Work on 0/1 bytes, one separable pass per axis; the box is a product of intervals, so running the
  // 1-D operation along each axis in turn is exact (also at the edges, which are ignored on each pass).
  // Whole-image filter: the input's buffer holds exactly the output's region.
  std::vector<unsigned char> & current = m_Current;
  std::vector<unsigned char> & next = m_Next;
  current.resize(count);
  next.resize(count);
  const auto * in = input->GetBufferPointer();
  for (std::size_t i = 0; i < count; ++i)
  {
    current[i] = in[i] != NumericTraits<typename TInputImage::PixelType>::ZeroValue();
  }
  // Along axis d the buffer is [outer][n][inner] with inner = the product of the sizes before d. A running
  // count of the foreground in the window keeps every loop contiguous: along axis 0 one count slides
  // along the row; along the other axes one count per inner position slides over whole rows.
  std::vector<std::uint32_t> & inBox = m_Counts;
  std::size_t                  inner = 1;
  for (unsigned int d = 0; d < ImageDimension; ++d)
  {
    const auto        n = static_cast<long>(size[d]);
    const long        before = static_cast<long>(m_BoxSize[d] - 1 - m_BoxSize[d] / 2);
    const long        after = static_cast<long>(m_BoxSize[d] / 2);
    const std::size_t outer = count / (static_cast<std::size_t>(n) * inner);
    if (before == 0 && after == 0)
    {
      inner *= static_cast<std::size_t>(n);
      continue;
    }
    const auto length = [&](long x) {
      return static_cast<std::uint32_t>(std::min(n, x + after + 1) - std::max(0L, x - before));
    };
    inBox.resize(inner);
    for (std::size_t o = 0; o < outer; ++o)
    {
      const unsigned char * source = current.data() + o * static_cast<std::size_t>(n) * inner;
      unsigned char *       target = next.data() + o * static_cast<std::size_t>(n) * inner;
      if (inner == 1)
      {
        std::uint32_t window = 0;
        for (long x = 0; x < std::min(n, after); ++x)
        {
          window += source[x];
        }
        for (long x = 0; x < n; ++x)
        {
          if (x + after < n)
          {
            window += source[x + after];
          }
          target[x] = m_Dilate ? window > 0 : window == length(x);
          if (x - before >= 0)
          {
            window -= source[x - before];
          }
        }
        continue;
      }
      std::fill(inBox.begin(), inBox.end(), 0);
      for (long x = 0; x < std::min(n, after); ++x) // the rows ahead of the first output row
      {
        const unsigned char * row = source + static_cast<std::size_t>(x) * inner;
        for (std::size_t i = 0; i < inner; ++i)
        {
          inBox[i] += row[i];
        }
      }
      for (long x = 0; x < n; ++x)
      {
        if (x + after < n)
        {
          const unsigned char * row = source + static_cast<std::size_t>(x + after) * inner;
          for (std::size_t i = 0; i < inner; ++i)
          {
            inBox[i] += row[i];
          }
        }
        unsigned char * out = target + static_cast<std::size_t>(x) * inner;
        if (m_Dilate)
        {
          for (std::size_t i = 0; i < inner; ++i)
          {
            out[i] = inBox[i] > 0;
          }
        }
        else
        {
          const std::uint32_t full = length(x);
          for (std::size_t i = 0; i < inner; ++i)
          {
            out[i] = inBox[i] == full;
          }
        }
        if (x - before >= 0)
        {
          const unsigned char * row = source + static_cast<std::size_t>(x - before) * inner;
          for (std::size_t i = 0; i < inner; ++i)
          {
            inBox[i] -= row[i];
          }
        }
      }
    }
    std::swap(current, next);
    inner *= static_cast<std::size_t>(n);
  }
  auto * out = output->GetBufferPointer();
  for (std::size_t i = 0; i < count; ++i)
  {
    out[i] = current[i] ? m_ForegroundValue : m_BackgroundValue;
  }
}

template <typename TInputImage, typename TOutputImage>
void
BinaryBoxMorphologyImageFilter<TInputImage, TOutputImage>::PrintSelf(std::ostream & os, Indent indent) const
{
  Superclass::PrintSelf(os, indent);
  os << indent << "Dilate: " << m_Dilate << std::endl;
  os << indent << "BoxSize: " << m_BoxSize << std::endl;
}

} // namespace itk

#endif
