#ifndef itkCubicBSplineInterpolateImageFunction_hxx
#define itkCubicBSplineInterpolateImageFunction_hxx

#include "itkCubicBSplineInterpolateImageFunction.h"

#include "itkCubicBSplineCoefficients.h"
#include "itkFastRounding.h"
#include "itkScanlineRowCache.h"

#include <cmath>

namespace itk
{

namespace CubicBSplineDetail
{
/** The four weights of a cubic B-spline at fractional position t in [0, 1), for nodes -1, 0, 1, 2. */
inline void
Weights(double t, double w[4])
{
  // Multiplications by a sixth, not divisions by six: an interpolator evaluates these for every voxel.
  constexpr double sixth = 1.0 / 6.0;
  const double     t2 = t * t;
  const double     t3 = t2 * t;
  const double     u = 1.0 - t;
  w[0] = u * u * u * sixth;
  w[1] = (3.0 * t3 - 6.0 * t2 + 4.0) * sixth;
  w[2] = (-3.0 * t3 + 3.0 * t2 + 3.0 * t + 1.0) * sixth;
  w[3] = t3 * sixth;
}

/** Index i reflected into [0, n-1] about the end voxels' centres (mirror boundary, period 2n-2). */
inline OffsetValueType
Mirror(OffsetValueType i, OffsetValueType n)
{
  if (n == 1)
  {
    return 0;
  }
  const OffsetValueType period = 2 * n - 2;
  i = i < 0 ? -i : i;
  i %= period;
  return i < n ? i : period - i;
}
} // namespace CubicBSplineDetail

template <typename TInputImage, typename TCoordRep, typename TCoefficientType>
void
CubicBSplineInterpolateImageFunction<TInputImage, TCoordRep, TCoefficientType>::SetInputImage(
  const InputImageType * image)
{
  Superclass::SetInputImage(image);
  if (image == nullptr || image->GetBufferPointer() == nullptr ||
      image->GetBufferedRegion() != image->GetLargestPossibleRegion())
  {
    return; // not (yet) all in memory: ResampleImageFilter sets it again once it is
  }
  if (image == m_CoefficientSource && m_Coefficients && image->GetBufferPointer() == m_CoefficientSourceBuffer &&
      image->GetPixelContainer()->GetMTime() == m_CoefficientSourceTime && image->GetMTime() <= m_CoefficientSourceTime)
  {
    return;
  }
  m_Coefficients = ComputeCubicBSplineCoefficients<TCoefficientType>(image);
  m_CoefficientSource = image;
  m_CoefficientSourceBuffer = image->GetBufferPointer();
  m_CoefficientSourceTime = std::max(image->GetPixelContainer()->GetMTime(), image->GetMTime());

  m_Buffer = m_Coefficients->GetBufferPointer();
  m_RowKey = ScanlineRowCache::NewKey(); // rows built from the coefficients before are no longer valid
  m_BufferStart = m_Coefficients->GetBufferedRegion().GetIndex();
  m_BufferSize = m_Coefficients->GetBufferedRegion().GetSize();
  OffsetValueType stride = 1;
  for (unsigned int d = 0; d < ImageDimension; ++d)
  {
    m_Strides[d] = stride;
    stride *= static_cast<OffsetValueType>(m_BufferSize[d]);
  }
}

template <typename TInputImage, typename TCoordRep, typename TCoefficientType>
auto
CubicBSplineInterpolateImageFunction<TInputImage, TCoordRep, TCoefficientType>::GetRadius() const -> SizeType
{
  const InputImageType * image = this->GetInputImage();
  if (image == nullptr)
  {
    itkExceptionMacro(<< "Input image required");
  }
  return image->GetLargestPossibleRegion().GetSize();
}

template <typename TInputImage, typename TCoordRep, typename TCoefficientType>
auto
CubicBSplineInterpolateImageFunction<TInputImage, TCoordRep, TCoefficientType>::EvaluateAtContinuousIndex(
  const ContinuousIndexType & index) const -> OutputType
{
  if (m_Buffer == nullptr)
  {
    itkExceptionMacro(<< "The B-spline coefficients have not been computed: set an image that is wholly in memory");
  }
  double          weights[ImageDimension][4]{}; // set by locate() before use; zeroed for the compiler
  OffsetValueType offsets[ImageDimension][4]{};
  const auto      locate = [&](unsigned int d) {
    const double          x = static_cast<double>(index[d]) - static_cast<double>(m_BufferStart[d]);
    const OffsetValueType floorX = FastRounding::Floor(x);
    const OffsetValueType base = floorX - 1;
    CubicBSplineDetail::Weights(x - static_cast<double>(floorX), weights[d]);
    const auto n = static_cast<OffsetValueType>(m_BufferSize[d]);
    if (base >= 0 && base + 3 < n)
    {
      for (unsigned int k = 0; k < 4; ++k) // inside: no reflection (the common case, and no division)
      {
        offsets[d][k] = (base + static_cast<OffsetValueType>(k)) * m_Strides[d];
      }
    }
    else
    {
      for (unsigned int k = 0; k < 4; ++k)
      {
        offsets[d][k] = CubicBSplineDetail::Mirror(base + static_cast<OffsetValueType>(k), n) * m_Strides[d];
      }
    }
  };
  double value = 0.0;
  if constexpr (ImageDimension == 3)
  {
    // The sum over the 16 coefficients of column x around (y, z), over y first and then z: the same order
    // whichever path computes it.
    const auto column = [&](OffsetValueType x) {
      double sum = 0.0;
      for (unsigned int k = 0; k < 4; ++k)
      {
        const TCoefficientType * plane = m_Buffer + offsets[2][k] + x;
        const double             line = weights[1][0] * plane[offsets[1][0]] + weights[1][1] * plane[offsets[1][1]] +
                            weights[1][2] * plane[offsets[1][2]] + weights[1][3] * plane[offsets[1][3]];
        sum += weights[2][k] * line;
      }
      return sum;
    };
    locate(0);
    ScanlineRowCache & cache = ScanlineRowCache::ForThisThread();
    bool               build = false;
    const double *     row = cache.Find(m_RowKey, static_cast<double>(index[1]), static_cast<double>(index[2]), build);
    if (row == nullptr)
    {
      locate(1);
      locate(2);
      if (build)
      {
        const auto nx = static_cast<OffsetValueType>(m_BufferSize[0]);
        double *   built = cache.Build(static_cast<std::size_t>(nx));
        for (OffsetValueType x = 0; x < nx; ++x)
        {
          built[x] = column(x);
        }
        row = built;
      }
    }
    for (unsigned int i = 0; i < 4; ++i)
    {
      value += weights[0][i] * (row != nullptr ? row[offsets[0][i]] : column(offsets[0][i]));
    }
  }
  else
  {
    // Any dimension: visit the 4^N neighbours with an odometer.
    for (unsigned int d = 0; d < ImageDimension; ++d)
    {
      locate(d);
    }
    unsigned int digit[ImageDimension]{};
    for (;;)
    {
      double          weight = 1.0;
      OffsetValueType offset = 0;
      for (unsigned int d = 0; d < ImageDimension; ++d)
      {
        weight *= weights[d][digit[d]];
        offset += offsets[d][digit[d]];
      }
      value += weight * m_Buffer[offset];
      unsigned int d = 0;
      while (d < ImageDimension && ++digit[d] == 4)
      {
        digit[d++] = 0;
      }
      if (d == ImageDimension)
      {
        break;
      }
    }
  }
  return static_cast<OutputType>(m_RoundOutput ? FastRounding::Round(value) : value);
}

template <typename TInputImage, typename TCoordRep, typename TCoefficientType>
void
CubicBSplineInterpolateImageFunction<TInputImage, TCoordRep, TCoefficientType>::PrintSelf(std::ostream & os,
                                                                                          Indent         indent) const
{
  Superclass::PrintSelf(os, indent);
  os << indent << "RoundOutput: " << m_RoundOutput << std::endl;
  os << indent << "Coefficients: " << (m_Coefficients ? "computed" : "none") << std::endl;
}

} // namespace itk

#endif
