#ifndef itkCubicBSplineInterpolateImageFunction_h
#define itkCubicBSplineInterpolateImageFunction_h

#include "itkImage.h"
#include "itkInterpolateImageFunction.h"

#include <cstdint>

namespace itk
{

/** \class CubicBSplineInterpolateImageFunction
 * \brief Cubic B-spline interpolation (order 3, interpolating), fast enough to resample whole CT volumes.
 *
 * The same mathematics as BSplineInterpolateImageFunction with spline order
 * 3: SetInputImage() computes the B-spline coefficients of the whole image
 * as BSplineDecompositionImageFilter does (mirror boundary conditions), and a
 * value is the sum of the 4^N coefficients around the point weighted by the
 * cubic B-spline. Four things differ, all for speed:
 *  - the coefficients are computed on all threads (ComputeCubicBSplineCoefficients);
 *  - evaluation keeps its indices and weights on the stack and is specialised
 *    for 3D (the stock function allocates two vnl_matrix objects per call when
 *    ResampleImageFilter calls it, which dominates its running time);
 *  - along an output scanline of an axis-aligned grid, the coefficients are
 *    summed over y and z once per input column (see ScanlineRowCache), and
 *    each voxel sums only its 4 columns along x;
 *  - the coefficients are kept while the same, unmodified image is set again,
 *    so ResampleImageFilter's repeated SetInputImage() calls (once per
 *    streamed piece) do not recompute them.
 * Coefficients are stored as TCoefficientType (float by default: half the
 * memory of double, ample precision for CT values).
 *
 * The prefilter is global, so GetRadius() asks for the whole input: streaming
 * the output still works, and each piece uses the same coefficients.
 *
 * With RoundOutput on (for integer output images) values are rounded to the
 * nearest integer, halves away from zero, rather than truncated by
 * ResampleImageFilter's cast.
 *
 * \ingroup ChestCTResample
 */
template <typename TInputImage, typename TCoordRep = double, typename TCoefficientType = float>
class ITK_TEMPLATE_EXPORT CubicBSplineInterpolateImageFunction : public InterpolateImageFunction<TInputImage, TCoordRep>
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(CubicBSplineInterpolateImageFunction);

  using Self = CubicBSplineInterpolateImageFunction;
  using Superclass = InterpolateImageFunction<TInputImage, TCoordRep>;
  using Pointer = SmartPointer<Self>;
  using ConstPointer = SmartPointer<const Self>;

  itkNewMacro(Self);
  itkTypeMacro(CubicBSplineInterpolateImageFunction, InterpolateImageFunction);

  static constexpr unsigned int ImageDimension = Superclass::ImageDimension;

  using InputImageType = TInputImage;
  using OutputType = typename Superclass::OutputType;
  using IndexType = typename Superclass::IndexType;
  using SizeType = typename Superclass::SizeType;
  using ContinuousIndexType = typename Superclass::ContinuousIndexType;
  using CoefficientImageType = Image<TCoefficientType, ImageDimension>;

  /** Computes the coefficients (unless they are those of this very image, unmodified). */
  void
  SetInputImage(const InputImageType * image) override;

  OutputType
  EvaluateAtContinuousIndex(const ContinuousIndexType & index) const override;

  /** The whole input: the coefficients depend on every voxel. */
  SizeType
  GetRadius() const override;

  /** Round values to the nearest integer (halves away from zero). Off by default. */
  itkSetMacro(RoundOutput, bool);
  itkGetConstMacro(RoundOutput, bool);
  itkBooleanMacro(RoundOutput);

  const CoefficientImageType *
  GetCoefficients() const
  {
    return m_Coefficients.GetPointer();
  }

protected:
  CubicBSplineInterpolateImageFunction() = default;
  ~CubicBSplineInterpolateImageFunction() override = default;

  void
  PrintSelf(std::ostream & os, Indent indent) const override;

private:
  typename CoefficientImageType::Pointer m_Coefficients;
  const InputImageType *                 m_CoefficientSource{ nullptr };
  ModifiedTimeType                       m_CoefficientSourceTime{ 0 };
  const void *                           m_CoefficientSourceBuffer{ nullptr };
  const TCoefficientType *               m_Buffer{ nullptr };
  IndexType                              m_BufferStart;
  SizeType                               m_BufferSize;
  OffsetValueType                        m_Strides[ImageDimension]{};
  bool                                   m_RoundOutput{ false };
  std::uint64_t                          m_RowKey{ 0 };
};

} // namespace itk

#ifndef ITK_MANUAL_INSTANTIATION
#  include "itkCubicBSplineInterpolateImageFunction.hxx"
#endif

#endif
