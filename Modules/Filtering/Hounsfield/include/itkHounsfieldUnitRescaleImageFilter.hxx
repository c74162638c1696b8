#ifndef itkHounsfieldUnitRescaleImageFilter_hxx
#define itkHounsfieldUnitRescaleImageFilter_hxx

#include "itkHounsfieldUnitRescaleImageFilter.h"

#include "itkFastRounding.h"
#include "itkImageScanlineConstIterator.h"
#include "itkImageScanlineIterator.h"
#include "itkMath.h"
#include "itkNumericTraits.h"

#include <algorithm>
#include <cmath>

namespace itk
{

template <typename TInputImage, typename TOutputImage>
HounsfieldUnitRescaleImageFilter<TInputImage, TOutputImage>::HounsfieldUnitRescaleImageFilter()
  : m_PaddingOutputValue(static_cast<OutputPixelType>(-1024))
{
  this->DynamicMultiThreadingOn();
  this->ThreaderUpdateProgressOff();
}

template <typename TInputImage, typename TOutputImage>
void
HounsfieldUnitRescaleImageFilter<TInputImage, TOutputImage>::SetRescaleSlopes(const RescaleArrayType & slopes)
{
  if (slopes != m_RescaleSlopes)
  {
    m_RescaleSlopes = slopes;
    this->Modified();
  }
}

template <typename TInputImage, typename TOutputImage>
void
HounsfieldUnitRescaleImageFilter<TInputImage, TOutputImage>::SetRescaleIntercepts(const RescaleArrayType & intercepts)
{
  if (intercepts != m_RescaleIntercepts)
  {
    m_RescaleIntercepts = intercepts;
    this->Modified();
  }
}

template <typename TInputImage, typename TOutputImage>
void
HounsfieldUnitRescaleImageFilter<TInputImage, TOutputImage>::SetPaddingRange(InputPixelType lowerBound,
                                                                             InputPixelType upperBound)
{
  this->SetPaddingLowerBound(lowerBound);
  this->SetPaddingUpperBound(upperBound);
  this->SetPaddingEnabled(true);
}

template <typename TInputImage, typename TOutputImage>
void
HounsfieldUnitRescaleImageFilter<TInputImage, TOutputImage>::BeforeThreadedGenerateData()
{
  const SizeValueType numberOfSlices = this->GetInput()->GetLargestPossibleRegion().GetSize(SliceAxis);
  const auto          checkCount = [numberOfSlices, this](const RescaleArrayType & values, const char * what) {
    if (values.size() != 1 && values.size() != numberOfSlices)
    {
      itkExceptionMacro(<< "Expected one " << what << " per slice (" << numberOfSlices << ") or one for all, got "
                        << values.size());
    }
  };
  checkCount(m_RescaleSlopes, "rescale slope");
  checkCount(m_RescaleIntercepts, "rescale intercept");
  for (const double slope : m_RescaleSlopes)
  {
    if (!std::isfinite(slope) || slope == 0.0)
    {
      itkExceptionMacro(<< "Rescale slope " << slope << " would not give Hounsfield units");
    }
  }
  for (const double intercept : m_RescaleIntercepts)
  {
    if (!std::isfinite(intercept))
    {
      itkExceptionMacro(<< "Rescale intercept " << intercept << " is not a finite number");
    }
  }
}

template <typename TInputImage, typename TOutputImage>
void
HounsfieldUnitRescaleImageFilter<TInputImage, TOutputImage>::DynamicThreadedGenerateData(
  const OutputImageRegionType & outputRegionForThread)
{
  const InputImageType * input = this->GetInput();
  OutputImageType *      output = this->GetOutput();

  const IndexValueType firstSlice = input->GetLargestPossibleRegion().GetIndex(SliceAxis);
  const double         lowest = static_cast<double>(NumericTraits<OutputPixelType>::NonpositiveMin());
  const double         highest = static_cast<double>(NumericTraits<OutputPixelType>::max());

  ImageScanlineConstIterator<InputImageType> inputIt(input, outputRegionForThread);
  ImageScanlineIterator<OutputImageType>     outputIt(output, outputRegionForThread);
  while (!inputIt.IsAtEnd())
  {
    // Every pixel of a scanline lies in one slice, so the pair is looked up once per line.
    const auto   slice = static_cast<std::size_t>(inputIt.GetIndex()[SliceAxis] - firstSlice);
    const double slope = m_RescaleSlopes.size() == 1 ? m_RescaleSlopes[0] : m_RescaleSlopes[slice];
    const double intercept = m_RescaleIntercepts.size() == 1 ? m_RescaleIntercepts[0] : m_RescaleIntercepts[slice];
    while (!inputIt.IsAtEndOfLine())
    {
      const InputPixelType stored = inputIt.Get();
      if (m_PaddingEnabled && m_PaddingLowerBound <= stored && stored <= m_PaddingUpperBound)
      {
        outputIt.Set(m_PaddingOutputValue);
      }
      else
      {
        const double hu = FastRounding::Round(slope * static_cast<double>(stored) + intercept);
        outputIt.Set(static_cast<OutputPixelType>(std::clamp(hu, lowest, highest)));
      }
      ++inputIt;
      ++outputIt;
    }
    inputIt.NextLine();
    outputIt.NextLine();
  }
}

template <typename TInputImage, typename TOutputImage>
void
HounsfieldUnitRescaleImageFilter<TInputImage, TOutputImage>::PrintSelf(std::ostream & os, Indent indent) const
{
  Superclass::PrintSelf(os, indent);
  const auto printArray = [&os](const RescaleArrayType & values) {
    os << "[";
    for (std::size_t i = 0; i < values.size(); ++i)
    {
      os << (i ? ", " : "") << values[i];
    }
    os << "]" << std::endl;
  };
  os << indent << "RescaleSlopes: ";
  printArray(m_RescaleSlopes);
  os << indent << "RescaleIntercepts: ";
  printArray(m_RescaleIntercepts);
  os << indent << "PaddingEnabled: " << m_PaddingEnabled << std::endl;
  os << indent
     << "PaddingLowerBound: " << static_cast<typename NumericTraits<InputPixelType>::PrintType>(m_PaddingLowerBound)
     << std::endl;
  os << indent
     << "PaddingUpperBound: " << static_cast<typename NumericTraits<InputPixelType>::PrintType>(m_PaddingUpperBound)
     << std::endl;
  os << indent
     << "PaddingOutputValue: " << static_cast<typename NumericTraits<OutputPixelType>::PrintType>(m_PaddingOutputValue)
     << std::endl;
}

} // namespace itk

#endif
