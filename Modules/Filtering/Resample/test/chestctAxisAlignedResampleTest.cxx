// AxisAlignedResampleImageFilter against ITK's stock ResampleImageFilter: the same voxels (but for halves
// rounded the other way), the same outside, streamed or whole, and the stock path wherever it cannot help.
#include "itkAxisAlignedResampleImageFilter.h"
#include "itkBSplineInterpolateImageFunction.h"
#include "itkEuler3DTransform.h"
#include "itkImageRegionIterator.h"
#include "itkLinearInterpolateImageFunction.h"
#include "itkPipelineMonitorImageFilter.h"
#include "itkRoundingLinearInterpolateImageFunction.h"
#include "itkStreamingImageFilter.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>

namespace
{
using ShortImage = itk::Image<short, 3>;
using FloatImage = itk::Image<float, 3>;

/** Random values on an oblique grid whose buffer does not start at index 0, as a cropped series has it. */
template <typename TImage>
typename TImage::Pointer
RandomObliqueImage()
{
  auto                        image = TImage::New();
  typename TImage::RegionType region;
  const itk::Index<3>         start{ { 3, -2, 5 } };
  const itk::Size<3>          size{ { 41, 37, 13 } };
  region.SetIndex(start);
  region.SetSize(size);
  image->SetRegions(region);
  const double spacing[3] = { 0.7, 0.8, 5.0 };
  image->SetSpacing(spacing);
  const double origin[3] = { -101.5, 22.25, -310.0 };
  image->SetOrigin(origin);
  typename TImage::DirectionType direction;
  direction.SetIdentity();
  direction[0][0] = std::cos(0.2);
  direction[1][0] = std::sin(0.2);
  direction[0][1] = -std::sin(0.2);
  direction[1][1] = std::cos(0.2);
  direction[2][2] = -1.0; // feet first
  image->SetDirection(direction);
  image->Allocate();
  std::mt19937                       random(11);
  std::uniform_int_distribution<int> values(-1024, 2500);
  for (itk::ImageRegionIterator<TImage> it(image, region); !it.IsAtEnd(); ++it)
  {
    it.Set(static_cast<typename TImage::PixelType>(values(random)));
  }
  return image;
}

/** Sets up `filter` onto a 1 mm grid of the input's direction that overhangs the input on every side, so
 * that some output voxels are outside it. */
template <typename TFilter, typename TImage>
void
SetUpOneMillimetreGrid(TFilter * filter, const TImage * input, typename TImage::PixelType defaultValue)
{
  filter->SetInput(input);
  const auto & region = input->GetLargestPossibleRegion();
  itk::Size<3> size;
  for (unsigned int d = 0; d < 3; ++d)
  {
    size[d] = static_cast<itk::SizeValueType>(std::ceil(region.GetSize(d) * input->GetSpacing()[d])) + 6;
  }
  itk::ContinuousIndex<double, 3> corner;
  for (unsigned int d = 0; d < 3; ++d)
  {
    // The first output voxel's centre: half a millimetre inside a corner 3 mm before the input's first.
    corner[d] = static_cast<double>(region.GetIndex(d)) - 0.5 + (0.5 - 3.0) / input->GetSpacing()[d];
  }
  typename TImage::PointType origin;
  input->TransformContinuousIndexToPhysicalPoint(corner, origin);
  filter->SetSize(size);
  filter->SetOutputSpacing(itk::Vector<double, 3>(1.0));
  filter->SetOutputOrigin(origin);
  filter->SetOutputDirection(input->GetDirection());
  filter->SetDefaultPixelValue(defaultValue);
}

template <typename TImage>
typename TImage::Pointer
StockResample(const TImage * input, typename itk::ResampleImageFilter<TImage, TImage>::InterpolatorType * interpolator,
              typename TImage::PixelType defaultValue)
{
  auto stock = itk::ResampleImageFilter<TImage, TImage>::New();
  SetUpOneMillimetreGrid(stock.GetPointer(), input, defaultValue);
  stock->SetInterpolator(interpolator);
  stock->Update();
  return stock->GetOutput();
}
} // namespace

TEST_CASE("Resampled one axis at a time, a CT gives the stock filter's voxels but for halves", "[resample]")
{
  const auto input = RandomObliqueImage<ShortImage>();
  const auto expected =
    StockResample<ShortImage>(input, itk::RoundingLinearInterpolateImageFunction<ShortImage>::New(), -1024);

  auto filter = itk::AxisAlignedResampleImageFilter<ShortImage, ShortImage>::New();
  SetUpOneMillimetreGrid(filter.GetPointer(), input.GetPointer(), short{ -1024 });
  filter->SetInterpolator(itk::RoundingLinearInterpolateImageFunction<ShortImage>::New());
  filter->Update();
  REQUIRE(filter->GetLastRegionWasSeparable());
  const ShortImage * output = filter->GetOutput();
  REQUIRE(output->GetBufferedRegion() == expected->GetBufferedRegion());

  const std::size_t count = output->GetBufferedRegion().GetNumberOfPixels();
  std::size_t       outside = 0, differing = 0;
  for (std::size_t i = 0; i < count; ++i)
  {
    const int a = output->GetBufferPointer()[i], b = expected->GetBufferPointer()[i];
    outside += b == -1024 ? 1 : 0;
    if (a == b)
    {
      continue;
    }
    // A voxel may differ only where the exact value is a half, which the last bits of the two sums round
    // either way: the value, in long double from the voxel's neighbours, is a half, and the two are its two
    // neighbouring integers.
    ++differing;
    const auto            index = output->ComputeIndex(static_cast<itk::OffsetValueType>(i));
    itk::Point<double, 3> point;
    output->TransformIndexToPhysicalPoint(index, point);
    const auto  at = input->TransformPhysicalPointToContinuousIndex<double, double>(point);
    long double value = 0.0L;
    for (int corner = 0; corner < 8; ++corner)
    {
      itk::Index<3> neighbour;
      long double   weight = 1.0L;
      for (unsigned int d = 0; d < 3; ++d)
      {
        const auto        start = input->GetBufferedRegion().GetIndex(d);
        const auto        last = start + static_cast<long>(input->GetBufferedRegion().GetSize(d)) - 1;
        const long        low = static_cast<long>(std::floor(at[d]));
        const long double t = static_cast<long double>(at[d]) - low;
        const long        n = (corner >> d) & 1 ? low + 1 : low;
        neighbour[d] = std::clamp(n, start, last);
        weight *= (corner >> d) & 1 ? t : 1.0L - t;
      }
      value += weight * input->GetPixel(neighbour);
    }
    INFO("voxel " << index << ": " << a << " against " << b << ", exact value " << static_cast<double>(value));
    REQUIRE(std::abs(a - b) == 1);
    REQUIRE(std::abs(value - std::floor(value) - 0.5L) < 1e-9L);
    REQUIRE(std::min(a, b) == static_cast<int>(std::floor(value)));
  }
  CHECK(outside > count / 10); // the grid overhangs the input: its outside is tested too
  CHECK(differing < count / 100);
}

TEST_CASE("Resampled one axis at a time, a float image matches the stock filter within rounding", "[resample]")
{
  const auto input = RandomObliqueImage<FloatImage>();
  const auto expected =
    StockResample<FloatImage>(input, itk::LinearInterpolateImageFunction<FloatImage>::New(), -1000.0f);
  auto filter = itk::AxisAlignedResampleImageFilter<FloatImage, FloatImage>::New();
  SetUpOneMillimetreGrid(filter.GetPointer(), input.GetPointer(), -1000.0f);
  filter->Update();
  REQUIRE(filter->GetLastRegionWasSeparable()); // the stock default interpolator is linear
  const std::size_t count = expected->GetBufferedRegion().GetNumberOfPixels();
  for (std::size_t i = 0; i < count; ++i)
  {
    REQUIRE(filter->GetOutput()->GetBufferPointer()[i] ==
            Approx(expected->GetBufferPointer()[i]).margin(1e-3).epsilon(1e-6));
  }
}

TEST_CASE("Streamed in pieces, the separable path gives the whole image's voxels", "[resample]")
{
  const auto input = RandomObliqueImage<ShortImage>();
  auto       whole = itk::AxisAlignedResampleImageFilter<ShortImage, ShortImage>::New();
  SetUpOneMillimetreGrid(whole.GetPointer(), input.GetPointer(), short{ -1024 });
  whole->SetInterpolator(itk::RoundingLinearInterpolateImageFunction<ShortImage>::New());
  whole->Update();

  auto streamed = itk::AxisAlignedResampleImageFilter<ShortImage, ShortImage>::New();
  SetUpOneMillimetreGrid(streamed.GetPointer(), input.GetPointer(), short{ -1024 });
  streamed->SetInterpolator(itk::RoundingLinearInterpolateImageFunction<ShortImage>::New());
  auto monitor = itk::PipelineMonitorImageFilter<ShortImage>::New();
  monitor->SetInput(streamed->GetOutput());
  auto streamer = itk::StreamingImageFilter<ShortImage, ShortImage>::New();
  streamer->SetInput(monitor->GetOutput());
  streamer->SetNumberOfStreamDivisions(7);
  streamer->Update();
  CHECK(monitor->GetNumberOfUpdates() == 7);
  CHECK(monitor->VerifyAllInputCanStream(7));
  const std::size_t count = whole->GetOutput()->GetBufferedRegion().GetNumberOfPixels();
  REQUIRE(std::equal(whole->GetOutput()->GetBufferPointer(),
                     whole->GetOutput()->GetBufferPointer() + count,
                     streamer->GetOutput()->GetBufferPointer()));
}

TEST_CASE("A rotating transform or a B-spline interpolator is left to the stock filter", "[resample]")
{
  const auto input = RandomObliqueImage<ShortImage>();

  SECTION("rotation")
  {
    auto rotation = itk::Euler3DTransform<double>::New();
    rotation->SetRotation(0.0, 0.0, 0.1);
    auto stock = itk::ResampleImageFilter<ShortImage, ShortImage>::New();
    auto filter = itk::AxisAlignedResampleImageFilter<ShortImage, ShortImage>::New();
    for (itk::ResampleImageFilter<ShortImage, ShortImage> * f :
         { stock.GetPointer(), static_cast<itk::ResampleImageFilter<ShortImage, ShortImage> *>(filter.GetPointer()) })
    {
      SetUpOneMillimetreGrid(f, input.GetPointer(), short{ -1024 });
      f->SetTransform(rotation);
      f->SetInterpolator(itk::RoundingLinearInterpolateImageFunction<ShortImage>::New());
      f->Update();
    }
    CHECK_FALSE(filter->GetLastRegionWasSeparable());
    const std::size_t count = stock->GetOutput()->GetBufferedRegion().GetNumberOfPixels();
    REQUIRE(std::equal(stock->GetOutput()->GetBufferPointer(),
                       stock->GetOutput()->GetBufferPointer() + count,
                       filter->GetOutput()->GetBufferPointer()));
  }
  SECTION("B-spline")
  {
    const auto expected =
      StockResample<ShortImage>(input, itk::BSplineInterpolateImageFunction<ShortImage, double, double>::New(), -1024);
    auto filter = itk::AxisAlignedResampleImageFilter<ShortImage, ShortImage>::New();
    SetUpOneMillimetreGrid(filter.GetPointer(), input.GetPointer(), short{ -1024 });
    filter->SetInterpolator(itk::BSplineInterpolateImageFunction<ShortImage, double, double>::New());
    filter->Update();
    CHECK_FALSE(filter->GetLastRegionWasSeparable());
    const std::size_t count = expected->GetBufferedRegion().GetNumberOfPixels();
    REQUIRE(std::equal(
      expected->GetBufferPointer(), expected->GetBufferPointer() + count, filter->GetOutput()->GetBufferPointer()));
  }
}
