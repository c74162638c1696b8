// The interpolators' fast paths against ITK's stock ones: the threaded B-spline
// coefficients are the stock filter's to the bit, a scanline row gives the same
// value as a direct evaluation, and a new image is never read through old rows.
#include "itkBSplineDecompositionImageFilter.h"
#include "itkBSplineInterpolateImageFunction.h"
#include "itkCubicBSplineCoefficients.h"
#include "itkCubicBSplineInterpolateImageFunction.h"
#include "itkImageRegionIterator.h"
#include "itkLinearInterpolateImageFunction.h"
#include "itkRoundingLinearInterpolateImageFunction.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

namespace
{
using ShortImage = itk::Image<short, 3>;
using FloatImage = itk::Image<float, 3>;

template <typename TImage>
typename TImage::Pointer
RandomImage(itk::Size<3> size, std::uint32_t seed)
{
  auto image = TImage::New();
  image->SetRegions(size);
  image->Allocate();
  std::mt19937                         random(seed);
  std::uniform_int_distribution<short> values(-1024, 2000);
  for (itk::ImageRegionIterator<TImage> it(image, image->GetBufferedRegion()); !it.IsAtEnd(); ++it)
  {
    it.Set(static_cast<typename TImage::PixelType>(values(random)));
  }
  return image;
}

/** Points along x at one (y, z), as a ResampleImageFilter scanline visits them, from x = -0.5 to n - 0.5. */
std::vector<itk::ContinuousIndex<double, 3>>
Scanline(const itk::Size<3> & size, double y, double z, unsigned int count)
{
  std::vector<itk::ContinuousIndex<double, 3>> points(count);
  for (unsigned int i = 0; i < count; ++i)
  {
    points[i][0] = -0.5 + size[0] * (i + 0.5) / count;
    points[i][1] = y;
    points[i][2] = z;
  }
  return points;
}
} // namespace

TEST_CASE("Threaded cubic B-spline coefficients are BSplineDecompositionImageFilter's, to the bit", "[resample]")
{
  // 23 voxels is more than the causal start's horizon, 7 and 2 fewer (the stock filter's two branches); 1 is
  // left as it is.
  for (const itk::Size<3> size : { itk::Size<3>{ { 23, 7, 2 } }, itk::Size<3>{ { 5, 1, 30 } } })
  {
    const auto image = RandomImage<ShortImage>(size, 7);
    auto       stock = itk::BSplineDecompositionImageFilter<ShortImage, FloatImage>::New();
    stock->SetSplineOrder(3);
    stock->SetInput(image);
    stock->Update();
    const auto    ours = itk::ComputeCubicBSplineCoefficients<float>(image.GetPointer());
    const float * expected = stock->GetOutput()->GetBufferPointer();
    const float * actual = ours->GetBufferPointer();
    std::size_t   different = 0;
    for (std::size_t i = 0; i < image->GetBufferedRegion().GetNumberOfPixels(); ++i)
    {
      different += expected[i] != actual[i] ? 1 : 0;
    }
    CHECK(different == 0);
  }
}

TEST_CASE("Scanline rows give the values of direct evaluation, and of ITK's stock interpolators", "[resample]")
{
  const itk::Size<3> size{ { 17, 9, 6 } };
  const auto         image = RandomImage<FloatImage>(size, 11);
  auto               linear = itk::LinearInterpolateImageFunction<FloatImage>::New();
  linear->SetInputImage(image);
  auto stockSpline = itk::BSplineInterpolateImageFunction<FloatImage>::New();
  stockSpline->SetSplineOrder(3);
  stockSpline->SetInputImage(image);
  auto spline = itk::CubicBSplineInterpolateImageFunction<FloatImage>::New();
  spline->SetInputImage(image);

  // Along a scanline the rows are built at the second point and read from then on; one point at a time,
  // alternating with another (y, z), every value is computed directly.
  const auto scanline = Scanline(size, 3.25, 2.75, 40);
  const auto elsewhere = Scanline(size, 1.5, 4.125, 1)[0];
  for (const auto & point : scanline)
  {
    const double row = spline->EvaluateAtContinuousIndex(point);
    CHECK(row == Approx(stockSpline->EvaluateAtContinuousIndex(point)).margin(1e-3));
    (void)spline->EvaluateAtContinuousIndex(elsewhere);
    CHECK(spline->EvaluateAtContinuousIndex(point) == row);
  }
  for (const auto & point : scanline)
  {
    (void)spline->EvaluateAtContinuousIndex(elsewhere);
    const double direct = spline->EvaluateAtContinuousIndex(point);
    CHECK(direct == Approx(stockSpline->EvaluateAtContinuousIndex(point)).margin(1e-3));
  }

  // The rounding linear interpolator on a short image, against the stock one rounded.
  const auto shortImage = RandomImage<ShortImage>(size, 13);
  auto       rounding = itk::RoundingLinearInterpolateImageFunction<ShortImage>::New();
  rounding->SetInputImage(shortImage);
  auto stockLinear = itk::LinearInterpolateImageFunction<ShortImage>::New();
  stockLinear->SetInputImage(shortImage);
  std::size_t mismatches = 0;
  for (const auto & point : scanline)
  {
    const double expected = std::round(stockLinear->EvaluateAtContinuousIndex(point));
    mismatches += rounding->EvaluateAtContinuousIndex(point) != expected ? 1 : 0;
  }
  CHECK(mismatches == 0);
}

TEST_CASE("A changed image is never read through rows built from the one before", "[resample]")
{
  const itk::Size<3> size{ { 12, 5, 4 } };
  auto               image = RandomImage<ShortImage>(size, 3);
  auto               rounding = itk::RoundingLinearInterpolateImageFunction<ShortImage>::New();
  rounding->SetInputImage(image);
  const auto scanline = Scanline(size, 2.5, 1.5, 10);
  for (const auto & point : scanline)
  {
    (void)rounding->EvaluateAtContinuousIndex(point); // rows built and held
  }
  image->FillBuffer(100);
  rounding->SetInputImage(image); // as ResampleImageFilter does before each run
  for (const auto & point : scanline)
  {
    CHECK(rounding->EvaluateAtContinuousIndex(point) == 100.0);
  }

  auto spline = itk::CubicBSplineInterpolateImageFunction<ShortImage>::New();
  image = RandomImage<ShortImage>(size, 5);
  spline->SetInputImage(image);
  for (const auto & point : scanline)
  {
    (void)spline->EvaluateAtContinuousIndex(point);
  }
  image->FillBuffer(-50);
  image->Modified();
  spline->SetInputImage(image);
  for (const auto & point : scanline)
  {
    CHECK(spline->EvaluateAtContinuousIndex(point) == Approx(-50.0).margin(1e-3));
  }
}
