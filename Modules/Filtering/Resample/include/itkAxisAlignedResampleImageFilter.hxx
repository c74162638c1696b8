#ifndef itkAxisAlignedResampleImageFilter_hxx
#define itkAxisAlignedResampleImageFilter_hxx

#include "itkAxisAlignedResampleImageFilter.h"
#include "itkFastRounding.h"
#include "itkRoundingLinearInterpolateImageFunction.h"
#include "itkTotalProgressReporter.h"

#include <algorithm>
#include <cmath>
#include <type_traits>

namespace itk
{

template <typename TInputImage, typename TOutputImage, typename TInterpolatorPrecisionType,
          typename TTransformPrecisionType>
void
AxisAlignedResampleImageFilter<TInputImage, TOutputImage, TInterpolatorPrecisionType, TTransformPrecisionType>::
  DynamicThreadedGenerateData(const OutputImageRegionType & outputRegionForThread)
{
  if constexpr (ImageDimension == 3 && std::is_arithmetic<InputPixelType>::value &&
                std::is_arithmetic<PixelType>::value)
  {
    const auto * interpolator = this->GetInterpolator();
    const bool   rounding =
      dynamic_cast<const RoundingLinearInterpolateImageFunction<InputImageType, TInterpolatorPrecisionType> *>(
        interpolator) != nullptr;
    const bool linear =
      rounding || dynamic_cast<const LinearInterpolateImageFunction<InputImageType, TInterpolatorPrecisionType> *>(
                    interpolator) != nullptr;
    AxisSamples samples;
    if (outputRegionForThread.GetNumberOfPixels() > 0 && linear && this->GetExtrapolator() == nullptr &&
        this->GetTransform()->GetTransformCategory() == Superclass::TransformType::TransformCategoryEnum::Linear &&
        this->SampleAxes(outputRegionForThread, samples))
    {
      this->SeparableLinearGenerateData(outputRegionForThread, samples, rounding);
      m_LastRegionWasSeparable = true;
      return;
    }
  }
  m_LastRegionWasSeparable = false;
  Superclass::DynamicThreadedGenerateData(outputRegionForThread);
}


template <typename TInputImage, typename TOutputImage, typename TInterpolatorPrecisionType,
          typename TTransformPrecisionType>
bool
AxisAlignedResampleImageFilter<TInputImage, TOutputImage, TInterpolatorPrecisionType,
                               TTransformPrecisionType>::SampleAxes(const OutputImageRegionType & region,
                                                                    AxisSamples &                 samples) const
{
  const OutputImageType * output = this->GetOutput();
  const InputImageType *  input = this->GetInput();
  const auto *            transform = this->GetTransform();
  const auto &            buffer = input->GetBufferedRegion();

  // The input continuous index of an output index, as the stock filter maps it.
  const auto inputIndexOf = [&](const typename OutputImageType::IndexType & index) {
    typename OutputImageType::PointType point;
    output->TransformIndexToPhysicalPoint(index, point);
    ContinuousIndex<double, ImageDimension> inputIndex;
    input->TransformPhysicalPointToContinuousIndex(transform->TransformPoint(point), inputIndex);
    return inputIndex;
  };

  // A linear map is axis-aligned when moving along one output axis, from one end of the region to the
  // other, leaves the other input coordinates where they were. A millionth of a voxel is the rounding of
  // direction cosines that are meant to be the same, not a rotation.
  constexpr double tolerance = 1e-6;
  const auto       first = region.GetIndex();
  const auto       origin = inputIndexOf(first);
  for (unsigned int axis = 0; axis < ImageDimension; ++axis)
  {
    auto last = first;
    last[axis] += static_cast<IndexValueType>(region.GetSize(axis)) - 1;
    const auto end = inputIndexOf(last);
    for (unsigned int other = 0; other < ImageDimension; ++other)
    {
      if (other != axis && !(std::abs(end[other] - origin[other]) <= tolerance))
      {
        return false;
      }
    }
  }

  for (unsigned int axis = 0; axis < ImageDimension; ++axis)
  {
    const auto   size = static_cast<OffsetValueType>(buffer.GetSize(axis));
    const double start = static_cast<double>(buffer.GetIndex(axis));
    samples[axis].resize(region.GetSize(axis));
    auto index = first;
    for (std::size_t n = 0; n < samples[axis].size(); ++n)
    {
      index[axis] = first[axis] + static_cast<IndexValueType>(n);
      // Inside as ImageFunction::IsInsideBuffer has it: within half a voxel of the buffer's first and last
      // voxel centres, the upper bound excluded (a NaN is outside).
      const double x = inputIndexOf(index)[axis] - start;
      AxisSample & sample = samples[axis][n];
      sample.inside = x >= -0.5 && x < static_cast<double>(size) - 0.5;
      if (!sample.inside)
      {
        continue;
      }
      // The neighbours and weight as the linear interpolators take them, clamped to the image.
      const OffsetValueType low = FastRounding::Floor(x);
      sample.weight = x - static_cast<double>(low);
      sample.low = std::clamp<OffsetValueType>(low, 0, size - 1);
      sample.high = std::clamp<OffsetValueType>(low + 1, 0, size - 1);
    }
  }
  return true;
}


template <typename TInputImage, typename TOutputImage, typename TInterpolatorPrecisionType,
          typename TTransformPrecisionType>
void
AxisAlignedResampleImageFilter<TInputImage, TOutputImage, TInterpolatorPrecisionType, TTransformPrecisionType>::
  SeparableLinearGenerateData(const OutputImageRegionType & region, const AxisSamples & samples, bool round)
{
  OutputImageType *      output = this->GetOutput();
  const InputImageType * input = this->GetInput();
  TotalProgressReporter  progress(this, output->GetRequestedRegion().GetNumberOfPixels());

  const auto &           buffer = input->GetBufferedRegion();
  const InputPixelType * pixels = input->GetBufferPointer();
  const auto             rowStride = static_cast<OffsetValueType>(buffer.GetSize(0));
  const auto             sliceStride = rowStride * static_cast<OffsetValueType>(buffer.GetSize(1));
  const auto &           xs = samples[0];
  const auto &           ys = samples[1];
  const auto &           zs = samples[2];
  const std::size_t      columns = xs.size();
  const std::size_t      rows = ys.size();

  // The input columns the region's voxels read, for the rows combined along y.
  OffsetValueType firstColumn = NumericTraits<OffsetValueType>::max();
  OffsetValueType lastColumn = -1;
  for (const AxisSample & x : xs)
  {
    if (x.inside)
    {
      firstColumn = std::min(firstColumn, x.low);
      lastColumn = std::max(lastColumn, x.high);
    }
  }
  std::vector<double> combinedRow(lastColumn >= firstColumn ? lastColumn - firstColumn + 1 : 0);

  // An input slice interpolated in its plane onto the region's columns and rows: along y, then along x.
  struct Plane
  {
    OffsetValueType     slice{ -1 };
    std::vector<double> values;
  };
  const auto interpolatePlane = [&](OffsetValueType slice, Plane & plane) {
    plane.slice = slice;
    plane.values.resize(columns * rows);
    for (std::size_t j = 0; j < rows; ++j)
    {
      if (!ys[j].inside)
      {
        continue;
      }
      const InputPixelType * low = pixels + slice * sliceStride + ys[j].low * rowStride + firstColumn;
      const InputPixelType * high = pixels + slice * sliceStride + ys[j].high * rowStride + firstColumn;
      const double           weight = ys[j].weight;
      for (std::size_t i = 0; i < combinedRow.size(); ++i)
      {
        const double a = static_cast<double>(low[i]);
        combinedRow[i] = a + weight * (static_cast<double>(high[i]) - a);
      }
      double * out = plane.values.data() + j * columns;
      for (std::size_t i = 0; i < columns; ++i)
      {
        if (xs[i].inside)
        {
          const double a = combinedRow[xs[i].low - firstColumn];
          out[i] = a + xs[i].weight * (combinedRow[xs[i].high - firstColumn] - a);
        }
      }
    }
  };

  // The value cast as the stock filter casts it: clamped to the output type's range.
  using Component = typename NumericTraits<PixelType>::ValueType;
  constexpr auto minimum = NumericTraits<Component>::NonpositiveMin();
  constexpr auto maximum = NumericTraits<Component>::max();
  const auto     cast = [&](double value) {
    if (round)
    {
      value = FastRounding::Round(value);
    }
    return value <= static_cast<double>(minimum)   ? minimum
               : value >= static_cast<double>(maximum) ? maximum
                                                       : static_cast<Component>(value);
  };

  const PixelType defaultValue = this->GetDefaultPixelValue();
  Plane           near, far; // the planes of the current output slice's two input slices
  auto            index = region.GetIndex();
  for (std::size_t k = 0; k < zs.size(); ++k)
  {
    index[2] = region.GetIndex(2) + static_cast<IndexValueType>(k);
    const AxisSample & z = zs[k];
    if (z.inside)
    {
      // Output slices move through the input in order: a plane is usually one the slice before also used.
      if (near.slice != z.low)
      {
        if (far.slice == z.low)
        {
          std::swap(near, far);
        }
        else
        {
          interpolatePlane(z.low, near);
        }
      }
      if (far.slice != z.high && z.high != z.low)
      {
        interpolatePlane(z.high, far);
      }
    }
    const double * nearValues = near.values.data();
    const double * farValues = z.high == z.low ? nearValues : far.values.data();
    for (std::size_t j = 0; j < rows; ++j)
    {
      index[1] = region.GetIndex(1) + static_cast<IndexValueType>(j);
      PixelType * out = output->GetBufferPointer() + output->ComputeOffset(index);
      if (!z.inside || !ys[j].inside)
      {
        std::fill(out, out + columns, defaultValue);
        continue;
      }
      const double * a = nearValues + j * columns;
      const double * b = farValues + j * columns;
      for (std::size_t i = 0; i < columns; ++i)
      {
        out[i] = xs[i].inside ? static_cast<PixelType>(cast(a[i] + z.weight * (b[i] - a[i]))) : defaultValue;
      }
    }
    progress.Completed(columns * rows);
  }
}


template <typename TInputImage, typename TOutputImage, typename TInterpolatorPrecisionType,
          typename TTransformPrecisionType>
void
AxisAlignedResampleImageFilter<TInputImage, TOutputImage, TInterpolatorPrecisionType,
                               TTransformPrecisionType>::PrintSelf(std::ostream & os, Indent indent) const
{
  Superclass::PrintSelf(os, indent);
  os << indent << "LastRegionWasSeparable: " << (m_LastRegionWasSeparable ? "true" : "false") << std::endl;
}

} // namespace itk

#endif
