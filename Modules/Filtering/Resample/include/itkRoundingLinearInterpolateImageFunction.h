#ifndef itkRoundingLinearInterpolateImageFunction_h
#define itkRoundingLinearInterpolateImageFunction_h

#include "itkFastRounding.h"
#include "itkLinearInterpolateImageFunction.h"

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
 * index); the result is the same: neighbours beyond the last voxel are
 * clamped to it, as the stock function does within the half-voxel border.
 * Other dimensions use the stock evaluation.
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
      OffsetValueType     stride = 1;
      for (unsigned int d = 0; d < 3; ++d)
      {
        const OffsetValueType n = static_cast<OffsetValueType>(region.GetSize(d));
        const double          x = static_cast<double>(index[d]) - static_cast<double>(region.GetIndex(d));
        OffsetValueType       i = FastRounding::Floor(x);
        t[d] = x - static_cast<double>(i);
        OffsetValueType j = i + 1;
        i = i < 0 ? 0 : (i >= n ? n - 1 : i);
        j = j < 0 ? 0 : (j >= n ? n - 1 : j);
        low[d] = i * stride;
        high[d] = j * stride;
        stride *= n;
      }
      const auto at = [&](OffsetValueType x, OffsetValueType y, OffsetValueType z) {
        return static_cast<double>(buffer[x + y + z]);
      };
      const double c00 = at(low[0], low[1], low[2]) + t[0] * (at(high[0], low[1], low[2]) - at(low[0], low[1], low[2]));
      const double c10 =
        at(low[0], high[1], low[2]) + t[0] * (at(high[0], high[1], low[2]) - at(low[0], high[1], low[2]));
      const double c01 =
        at(low[0], low[1], high[2]) + t[0] * (at(high[0], low[1], high[2]) - at(low[0], low[1], high[2]));
      const double c11 =
        at(low[0], high[1], high[2]) + t[0] * (at(high[0], high[1], high[2]) - at(low[0], high[1], high[2]));
      const double c0 = c00 + t[1] * (c10 - c00);
      const double c1 = c01 + t[1] * (c11 - c01);
      return static_cast<OutputType>(FastRounding::Round(c0 + t[2] * (c1 - c0)));
    }
    else
    {
      return static_cast<OutputType>(std::round(Superclass::EvaluateAtContinuousIndex(index)));
    }
  }

protected:
  RoundingLinearInterpolateImageFunction() = default;
  ~RoundingLinearInterpolateImageFunction() override = default;
};

} // namespace itk

#endif
