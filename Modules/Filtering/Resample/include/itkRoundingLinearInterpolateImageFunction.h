#ifndef itkRoundingLinearInterpolateImageFunction_h
#define itkRoundingLinearInterpolateImageFunction_h

#include "itkFastRounding.h"
#include "itkLinearInterpolateImageFunction.h"
#include "itkScanlineRowCache.h"

#include <cmath>

namespace itk
{

/** \class RoundingLinearInterpolateImageFunction
 * \brief Linear interpolation rounded to the nearest integer (halves away from zero), fast in 3D.
 *
 * ResampleImageFilter casts interpolated values to an integer output pixel
 * type by truncation, which biases every value towards zero by up to one
 * unit (-1023.9 HU would become -1023). Resampling into an integer image
 * (int16 HU) uses this function instead of LinearInterpolateImageFunction.
 *
 * In 3D the value is computed straight from the pixel buffer with strides
 * (the stock function computes each of the 8 neighbours' offsets from an
 * index), combined over y and z first and then along x, so that along an
 * output scanline of an axis-aligned grid the y-z part is done once per input
 * column (see ScanlineRowCache) rather than once per voxel. The value is the
 * stock function's, up to rounding in the last bits: neighbours beyond the
 * last voxel are clamped to it, as the stock function does within the
 * half-voxel border. Other dimensions use the stock evaluation. The rows
 * belong to the image as it was at SetInputImage(): after changing its pixels
 * in place, set it again (ResampleImageFilter does so before every run).
 *
 * \ingroup ChestCTResample
 */
template <typename TInputImage, typename TCoordRep = double>
class ITK_TEMPLATE_EXPORT RoundingLinearInterpolateImageFunction
  : public LinearInterpolateImageFunction<TInputImage, TCoordRep>
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(RoundingLinearInterpolateImageFunction);

  using Self = RoundingLinearInterpolateImageFunction;
  using Superclass = LinearInterpolateImageFunction<TInputImage, TCoordRep>;
  using Pointer = SmartPointer<Self>;
  using ConstPointer = SmartPointer<const Self>;

  itkNewMacro(Self);
  itkTypeMacro(RoundingLinearInterpolateImageFunction, LinearInterpolateImageFunction);

  using OutputType = typename Superclass::OutputType;
  using ContinuousIndexType = typename Superclass::ContinuousIndexType;
  static constexpr unsigned int ImageDimension = Superclass::ImageDimension;

  /** Sets the image, and forgets the rows built from the one before (see ScanlineRowCache). */
  void
  SetInputImage(const TInputImage * image) override
  {
    Superclass::SetInputImage(image);
    m_RowKey = ScanlineRowCache::NewKey();
  }

  OutputType
  EvaluateAtContinuousIndex(const ContinuousIndexType & index) const override
  {
    if constexpr (ImageDimension == 3)
    {
      const TInputImage * image = this->GetInputImage();
      const auto &        region = image->GetBufferedRegion();
      const auto *        buffer = image->GetBufferPointer();
      OffsetValueType     low[3], high[3];
      double              t[3];
      const auto          locate = [&](unsigned int d, OffsetValueType stride) {
        const OffsetValueType n = static_cast<OffsetValueType>(region.GetSize(d));
        const double          x = static_cast<double>(index[d]) - static_cast<double>(region.GetIndex(d));
        OffsetValueType       i = FastRounding::Floor(x);
        t[d] = x - static_cast<double>(i);
        OffsetValueType j = i + 1;
        i = i < 0 ? 0 : (i >= n ? n - 1 : i);
        j = j < 0 ? 0 : (j >= n ? n - 1 : j);
        low[d] = i * stride;
        high[d] = j * stride;
      };
      const auto nx = static_cast<OffsetValueType>(region.GetSize(0));
      const auto ny = static_cast<OffsetValueType>(region.GetSize(1));
      locate(0, 1);

      // The value at input column x, combined over y, then z: the same order whichever path computes it.
      const auto column = [&](OffsetValueType x) {
        const auto   at = [&](OffsetValueType y, OffsetValueType z) { return static_cast<double>(buffer[x + y + z]); };
        const double near = at(low[1], low[2]) + t[1] * (at(high[1], low[2]) - at(low[1], low[2]));
        const double far = at(low[1], high[2]) + t[1] * (at(high[1], high[2]) - at(low[1], high[2]));
        return near + t[2] * (far - near);
      };
      ScanlineRowCache & cache = ScanlineRowCache::ForThisThread();
      bool               build = false;
      const double * row = cache.Find(m_RowKey, static_cast<double>(index[1]), static_cast<double>(index[2]), build);
      double         value;
      if (row != nullptr)
      {
        value = row[low[0]] + t[0] * (row[high[0]] - row[low[0]]);
      }
      else
      {
        locate(1, nx);
        locate(2, nx * ny);
        if (build)
        {
          double * built = cache.Build(static_cast<std::size_t>(nx));
          for (OffsetValueType x = 0; x < nx; ++x)
          {
            built[x] = column(x);
          }
          value = built[low[0]] + t[0] * (built[high[0]] - built[low[0]]);
        }
        else
        {
          const double left = column(low[0]);
          value = left + t[0] * (column(high[0]) - left);
        }
      }
      return static_cast<OutputType>(FastRounding::Round(value));
    }
    else
    {
      return static_cast<OutputType>(std::round(Superclass::EvaluateAtContinuousIndex(index)));
    }
  }

protected:
  RoundingLinearInterpolateImageFunction() = default;
  ~RoundingLinearInterpolateImageFunction() override = default;

private:
  std::uint64_t m_RowKey{ ScanlineRowCache::NewKey() };
};

} // namespace itk

#endif
