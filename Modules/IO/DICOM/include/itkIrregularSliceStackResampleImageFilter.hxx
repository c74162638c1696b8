#ifndef itkIrregularSliceStackResampleImageFilter_hxx
#define itkIrregularSliceStackResampleImageFilter_hxx

#include "itkIrregularSliceStackResampleImageFilter.h"

#include "itkImageScanlineIterator.h"
#include "itkMath.h"
#include "itkNumericTraits.h"

#include <algorithm>
#include <cmath>

namespace itk
{

template <typename TImage>
IrregularSliceStackResampleImageFilter<TImage>::IrregularSliceStackResampleImageFilter()
{
  m_OutputOrigin.Fill(0.0);
  m_OutputSpacing.Fill(1.0);
  m_OutputDirection.SetIdentity();
  m_OutputSize.Fill(0);
  this->DynamicMultiThreadingOn();
  this->ThreaderUpdateProgressOff();
}

template <typename TImage>
void
IrregularSliceStackResampleImageFilter<TImage>::SetSliceOrigins(const SliceOriginListType & origins)
{
  m_SliceOrigins = origins;
  this->Modified();
}

template <typename TImage>
void
IrregularSliceStackResampleImageFilter<TImage>::GenerateOutputInformation()
{
  // Not the superclass's: the output grid is not the input's.
  ImageType * output = this->GetOutput();
  RegionType  region;
  region.SetSize(m_OutputSize);
  output->SetLargestPossibleRegion(region);
  output->SetOrigin(m_OutputOrigin);
  output->SetSpacing(m_OutputSpacing);
  output->SetDirection(m_OutputDirection);

  // The stack's own geometry, needed to map output requests to input slices.
  const ImageType * input = this->GetInput();
  if (input == nullptr)
  {
    return;
  }
  const DirectionType & direction = input->GetDirection();
  for (unsigned int i = 0; i < 3; ++i)
  {
    m_RowDirection[i] = direction[i][0];
    m_ColumnDirection[i] = direction[i][1];
  }
  m_Normal = CrossProduct(m_RowDirection, m_ColumnDirection);
  m_Normal.Normalize();
  if (m_SliceOrigins.size() != input->GetLargestPossibleRegion().GetSize(2))
  {
    itkExceptionMacro(<< "Expected one slice origin per input slice (" << input->GetLargestPossibleRegion().GetSize(2)
                      << "), got " << m_SliceOrigins.size());
  }
  m_SlicePositions.clear();
  for (const PointType & origin : m_SliceOrigins)
  {
    m_SlicePositions.push_back(origin.GetVectorFromOrigin() * m_Normal);
  }
  if (!std::is_sorted(m_SlicePositions.begin(), m_SlicePositions.end()))
  {
    itkExceptionMacro(<< "Slices must be ordered by position along the normal");
  }
}

template <typename TImage>
std::pair<double, double>
IrregularSliceStackResampleImageFilter<TImage>::NormalExtent(const RegionType & region) const
{
  double low = NumericTraits<double>::max();
  double high = NumericTraits<double>::NonpositiveMin();
  for (unsigned int corner = 0; corner < 8; ++corner)
  {
    typename ImageType::IndexType index = region.GetIndex();
    for (unsigned int axis = 0; axis < 3; ++axis)
    {
      if (corner & (1u << axis))
      {
        index[axis] += static_cast<IndexValueType>(region.GetSize(axis)) - 1;
      }
    }
    PointType point;
    this->GetOutput()->TransformIndexToPhysicalPoint(index, point);
    const double position = point.GetVectorFromOrigin() * m_Normal;
    low = std::min(low, position);
    high = std::max(high, position);
  }
  return { low, high };
}

template <typename TImage>
std::size_t
IrregularSliceStackResampleImageFilter<TImage>::SliceAtOrBefore(double position) const
{
  const auto after = std::upper_bound(m_SlicePositions.begin(), m_SlicePositions.end(), position);
  return after == m_SlicePositions.begin() ? 0 : static_cast<std::size_t>(after - m_SlicePositions.begin()) - 1;
}

template <typename TImage>
void
IrregularSliceStackResampleImageFilter<TImage>::GenerateInputRequestedRegion()
{
  Superclass::GenerateInputRequestedRegion();
  auto * input = const_cast<ImageType *>(this->GetInput());
  if (input == nullptr)
  {
    return;
  }
  const RegionType largest = input->GetLargestPossibleRegion();
  const auto       extent = this->NormalExtent(this->GetOutput()->GetRequestedRegion());
  // The slices DynamicThreadedGenerateData interpolates between, with the same tolerance: a region whose
  // last plane passes through an input slice (within rounding) also reads the slice after it.
  const auto first = this->SliceAtOrBefore(extent.first);
  const auto last = std::min(this->SliceAtOrBefore(extent.second + PositionTolerance) + 1, m_SlicePositions.size() - 1);
  RegionType requested = largest;
  requested.SetIndex(2, largest.GetIndex(2) + static_cast<IndexValueType>(first));
  requested.SetSize(2, last - first + 1);
  input->SetRequestedRegion(requested);
}

template <typename TImage>
void
IrregularSliceStackResampleImageFilter<TImage>::BeforeThreadedGenerateData()
{
  const DirectionType & direction = m_OutputDirection;
  for (unsigned int axis = 0; axis < 2; ++axis)
  {
    double alongNormal = 0.0;
    for (unsigned int i = 0; i < 3; ++i)
    {
      alongNormal += direction[i][axis] * m_Normal[i];
    }
    if (std::abs(alongNormal) > 1e-6)
    {
      itkExceptionMacro(<< "The output grid's axis " << axis << " leaves the slices' plane");
    }
  }
}

template <typename TImage>
void
IrregularSliceStackResampleImageFilter<TImage>::DynamicThreadedGenerateData(const RegionType & outputRegionForThread)
{
  const ImageType * input = this->GetInput();
  ImageType *       output = this->GetOutput();

  const RegionType     buffered = input->GetBufferedRegion();
  const PixelType *    buffer = input->GetBufferPointer();
  const auto           columns = static_cast<IndexValueType>(buffered.GetSize(0));
  const auto           rows = static_cast<IndexValueType>(buffered.GetSize(1));
  const IndexValueType firstBufferedSlice = buffered.GetIndex(2) - input->GetLargestPossibleRegion().GetIndex(2);
  const SpacingType &  inputSpacing = input->GetSpacing();
  const double         tolerance = PositionTolerance;

  // Bilinear value of slice k at patient point p, or nothing if p is off the slice.
  const auto sample = [&](std::size_t k, const PointType & p, double & value) -> bool {
    const Vector<double, 3> offset = p - m_SliceOrigins[k];
    const double            u = (offset * m_RowDirection) / inputSpacing[0];
    const double            v = (offset * m_ColumnDirection) / inputSpacing[1];
    if (u < -tolerance || v < -tolerance || u > columns - 1 + tolerance || v > rows - 1 + tolerance)
    {
      return false;
    }
    const auto        u0 = std::min(static_cast<IndexValueType>(std::floor(std::max(u, 0.0))), columns - 1);
    const auto        v0 = std::min(static_cast<IndexValueType>(std::floor(std::max(v, 0.0))), rows - 1);
    const auto        u1 = std::min(u0 + 1, columns - 1);
    const auto        v1 = std::min(v0 + 1, rows - 1);
    const double      fu = std::clamp(u - u0, 0.0, 1.0);
    const double      fv = std::clamp(v - v0, 0.0, 1.0);
    const PixelType * slice = buffer + (static_cast<IndexValueType>(k) - firstBufferedSlice) * columns * rows;
    const auto        at = [slice, columns](IndexValueType x, IndexValueType y) {
      return static_cast<double>(slice[y * columns + x]);
    };
    value = (1 - fv) * ((1 - fu) * at(u0, v0) + fu * at(u1, v0)) + fv * ((1 - fu) * at(u0, v1) + fu * at(u1, v1));
    return true;
  };

  const double                     lowest = static_cast<double>(NumericTraits<PixelType>::NonpositiveMin());
  const double                     highest = static_cast<double>(NumericTraits<PixelType>::max());
  const double                     defaultValue = static_cast<double>(m_DefaultPixelValue);
  ImageScanlineIterator<ImageType> it(output, outputRegionForThread);
  while (!it.IsAtEnd())
  {
    while (!it.IsAtEndOfLine())
    {
      PointType point;
      output->TransformIndexToPhysicalPoint(it.GetIndex(), point);
      const double position = point.GetVectorFromOrigin() * m_Normal;
      PixelType    result = m_DefaultPixelValue;
      if (position >= m_SlicePositions.front() - tolerance && position <= m_SlicePositions.back() + tolerance)
      {
        const std::size_t below = this->SliceAtOrBefore(position + tolerance);
        const std::size_t above = std::min(below + 1, m_SlicePositions.size() - 1);
        const double      gap = m_SlicePositions[above] - m_SlicePositions[below];
        const double      weight = gap > 0.0 ? std::clamp((position - m_SlicePositions[below]) / gap, 0.0, 1.0) : 0.0;
        double            valueBelow = defaultValue;
        double            valueAbove = defaultValue;
        const bool        hasBelow = sample(below, point, valueBelow);
        const bool        hasAbove = sample(above, point, valueAbove);
        if (hasBelow || hasAbove)
        {
          const double value = (1.0 - weight) * valueBelow + weight * valueAbove;
          result = static_cast<PixelType>(std::clamp(std::round(value), lowest, highest));
        }
      }
      it.Set(result);
      ++it;
    }
    it.NextLine();
  }
}

template <typename TImage>
void
IrregularSliceStackResampleImageFilter<TImage>::PrintSelf(std::ostream & os, Indent indent) const
{
  Superclass::PrintSelf(os, indent);
  os << indent << "SliceOrigins: " << m_SliceOrigins.size() << std::endl;
  os << indent << "OutputOrigin: " << m_OutputOrigin << std::endl;
  os << indent << "OutputSpacing: " << m_OutputSpacing << std::endl;
  os << indent << "OutputDirection: " << m_OutputDirection << std::endl;
  os << indent << "OutputSize: " << m_OutputSize << std::endl;
  os << indent
     << "DefaultPixelValue: " << static_cast<typename NumericTraits<PixelType>::PrintType>(m_DefaultPixelValue)
     << std::endl;
}

} // namespace itk

#endif
