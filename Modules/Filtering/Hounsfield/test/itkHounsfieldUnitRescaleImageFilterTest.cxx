#include "itkHounsfieldUnitRescaleImageFilter.h"

#include "itkCastImageFilter.h"
#include "itkImageRegionIteratorWithIndex.h"
#include "itkPipelineMonitorImageFilter.h"
#include "itkStreamingImageFilter.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <utility>

namespace
{
using StoredImageType = itk::Image<std::int32_t, 3>;
using HUImageType = itk::Image<short, 3>;
using FilterType = itk::HounsfieldUnitRescaleImageFilter<StoredImageType, HUImageType>;

/** A stored-value image whose voxel (x, y, z) holds 100 * z + x - y, with a start index that is not zero. */
StoredImageType::Pointer
MakeStoredImage(unsigned int nx, unsigned int ny, unsigned int nz)
{
  auto                        image = StoredImageType::New();
  StoredImageType::RegionType region({ { 3, -2, 5 } }, { { nx, ny, nz } });
  image->SetRegions(region);
  image->Allocate();
  for (itk::ImageRegionIteratorWithIndex<StoredImageType> it(image, region); !it.IsAtEnd(); ++it)
  {
    const auto & index = it.GetIndex();
    it.Set(100 * static_cast<std::int32_t>(index[2] - 5) + static_cast<std::int32_t>(index[0] - 3) -
           static_cast<std::int32_t>(index[1] + 2));
  }
  return image;
}
} // namespace

TEST_CASE("Each slice is rescaled with its own slope and intercept", "[hounsfield]")
{
  const auto stored = MakeStoredImage(4, 3, 3);
  auto       filter = FilterType::New();
  filter->SetInput(stored);
  filter->SetRescaleSlopes({ 1.0, 2.0, 0.5 });
  filter->SetRescaleIntercepts({ -1024.0, -2048.0, 10.0 });
  filter->Update();
  const HUImageType * hu = filter->GetOutput();
  for (itk::ImageRegionConstIteratorWithIndex<StoredImageType> it(stored, stored->GetBufferedRegion()); !it.IsAtEnd();
       ++it)
  {
    const auto   slice = static_cast<std::size_t>(it.GetIndex()[2] - 5);
    const double slopes[] = { 1.0, 2.0, 0.5 };
    const double intercepts[] = { -1024.0, -2048.0, 10.0 };
    const double expected = std::round(slopes[slice] * it.Get() + intercepts[slice]);
    REQUIRE(hu->GetPixel(it.GetIndex()) == static_cast<short>(expected));
  }
}

TEST_CASE("One slope and intercept apply to every slice, and halves round away from zero", "[hounsfield]")
{
  auto stored = MakeStoredImage(2, 2, 2);
  stored->FillBuffer(3);
  auto filter = FilterType::New();
  filter->SetInput(stored);
  filter->SetRescaleSlopes({ 0.5 });
  filter->SetRescaleIntercepts({ -1.0 });
  filter->Update();
  // 0.5 * 3 - 1 = 0.5 rounds to 1
  for (itk::ImageRegionConstIterator<HUImageType> it(filter->GetOutput(), filter->GetOutput()->GetBufferedRegion());
       !it.IsAtEnd();
       ++it)
  {
    REQUIRE(it.Get() == 1);
  }
}

TEST_CASE("Stored values in the padding range become the padding output value, others do not", "[hounsfield]")
{
  auto stored = MakeStoredImage(3, 1, 1);
  stored->SetPixel({ { 3, -2, 5 } }, -2000);
  stored->SetPixel({ { 4, -2, 5 } }, -1999);
  stored->SetPixel({ { 5, -2, 5 } }, -2001);
  auto filter = FilterType::New();
  filter->SetInput(stored);
  filter->SetRescaleIntercepts({ -1024.0 });
  SECTION("a single padding value")
  {
    filter->SetPaddingRange(-2000, -2000);
    filter->Update();
    REQUIRE(filter->GetOutput()->GetPixel({ { 3, -2, 5 } }) == -1024);
    REQUIRE(filter->GetOutput()->GetPixel({ { 4, -2, 5 } }) == -1999 - 1024);
    REQUIRE(filter->GetOutput()->GetPixel({ { 5, -2, 5 } }) == -2001 - 1024);
  }
  SECTION("a range, with a chosen output value")
  {
    filter->SetPaddingRange(-2001, -1999);
    filter->SetPaddingOutputValue(-3000);
    filter->Update();
    for (int x = 3; x <= 5; ++x)
    {
      REQUIRE(filter->GetOutput()->GetPixel({ { x, -2, 5 } }) == -3000);
    }
  }
  SECTION("padding off by default")
  {
    filter->Update();
    REQUIRE(filter->GetOutput()->GetPixel({ { 3, -2, 5 } }) == -2000 - 1024);
  }
}

TEST_CASE("Results beyond int16 are clamped, not wrapped", "[hounsfield]")
{
  auto stored = MakeStoredImage(2, 1, 1);
  stored->SetPixel({ { 3, -2, 5 } }, 40000);
  stored->SetPixel({ { 4, -2, 5 } }, -40000);
  auto filter = FilterType::New();
  filter->SetInput(stored);
  filter->Update();
  REQUIRE(filter->GetOutput()->GetPixel({ { 3, -2, 5 } }) == 32767);
  REQUIRE(filter->GetOutput()->GetPixel({ { 4, -2, 5 } }) == -32768);
}

TEST_CASE("Whole and fractional rescales give round(slope x stored + intercept) clamped, at any stored value",
          "[hounsfield]")
{
  // The filter rounds without libm (itk::FastRounding): it must agree with the definition everywhere, for
  // whole rescales (results whole already, up to and past 2^52) and fractional ones (halves).
  const std::int32_t values[] = {
    std::numeric_limits<std::int32_t>::min(), -40001, -2049, -1025, -1, 0, 1, 7, 1023, 32767, 40001,
    std::numeric_limits<std::int32_t>::max()
  };
  const std::pair<double, double> rescales[] = {
    { 1.0, -1024.0 },    { 2.0, -1000.0 }, { -3.0, 7.0 },    { 1048576.0, 0.0 }, { 1.0, 4503599627370496.0 },
    { 1048577.0, -1.0 }, { 0.5, -1024.0 }, { 1.0, -1024.5 }, { 1e-6, -0.0 },     { 2.0, 9007199254740992.0 }
  };
  auto stored = MakeStoredImage(static_cast<unsigned int>(std::size(values)), 1, 1);
  for (std::size_t i = 0; i < std::size(values); ++i)
  {
    stored->SetPixel({ { 3 + static_cast<long>(i), -2, 5 } }, values[i]);
  }
  for (const auto & [slope, intercept] : rescales)
  {
    auto filter = FilterType::New();
    filter->SetInput(stored);
    filter->SetRescaleSlopes({ slope });
    filter->SetRescaleIntercepts({ intercept });
    filter->Update();
    for (std::size_t i = 0; i < std::size(values); ++i)
    {
      const double expected =
        std::clamp(std::round(slope * static_cast<double>(values[i]) + intercept), -32768.0, 32767.0);
      INFO("slope " << slope << ", intercept " << intercept << ", stored " << values[i]);
      REQUIRE(filter->GetOutput()->GetPixel({ { 3 + static_cast<long>(i), -2, 5 } }) == static_cast<short>(expected));
    }
  }
}

TEST_CASE("Bad rescale parameters are refused with an exception", "[hounsfield]")
{
  auto filter = FilterType::New();
  filter->SetInput(MakeStoredImage(2, 2, 3));
  SECTION("wrong count")
  {
    filter->SetRescaleSlopes({ 1.0, 1.0 });
    REQUIRE_THROWS_AS(filter->Update(), itk::ExceptionObject);
  }
  SECTION("zero slope")
  {
    filter->SetRescaleSlopes({ 0.0 });
    REQUIRE_THROWS_AS(filter->Update(), itk::ExceptionObject);
  }
  SECTION("not a number")
  {
    filter->SetRescaleIntercepts({ std::nan("") });
    REQUIRE_THROWS_AS(filter->Update(), itk::ExceptionObject);
  }
}

TEST_CASE("The filter streams: each piece asks its input for that piece only", "[hounsfield][streaming]")
{
  const auto stored = MakeStoredImage(5, 4, 12);
  // A filter upstream produces each piece on request, as a reader would; an
  // image alone would satisfy every request from its whole buffer.
  auto producer = itk::CastImageFilter<StoredImageType, StoredImageType>::New();
  producer->SetInput(stored);
  using MonitorType = itk::PipelineMonitorImageFilter<StoredImageType>;
  auto monitor = MonitorType::New();
  monitor->SetInput(producer->GetOutput());
  auto filter = FilterType::New();
  filter->SetInput(monitor->GetOutput());
  std::vector<double> slopes(12), intercepts(12);
  for (int i = 0; i < 12; ++i)
  {
    slopes[i] = 1.0 + i;
    intercepts[i] = -10.0 * i;
  }
  filter->SetRescaleSlopes(slopes);
  filter->SetRescaleIntercepts(intercepts);
  auto streamer = itk::StreamingImageFilter<HUImageType, HUImageType>::New();
  streamer->SetInput(filter->GetOutput());
  streamer->SetNumberOfStreamDivisions(4);
  streamer->Update();

  REQUIRE(monitor->GetNumberOfUpdates() == 4);
  REQUIRE(monitor->VerifyInputFilterExecutedStreaming(4));
  for (const auto & region : monitor->GetUpdatedRequestedRegions())
  {
    REQUIRE(region.GetSize(2) == 3); // 12 slices in 4 pieces
  }
  // The streamed result equals the one-piece result, slice parameters included.
  auto whole = FilterType::New();
  whole->SetInput(stored);
  whole->SetRescaleSlopes(slopes);
  whole->SetRescaleIntercepts(intercepts);
  whole->Update();
  for (itk::ImageRegionConstIteratorWithIndex<HUImageType> it(whole->GetOutput(),
                                                              whole->GetOutput()->GetBufferedRegion());
       !it.IsAtEnd();
       ++it)
  {
    REQUIRE(streamer->GetOutput()->GetPixel(it.GetIndex()) == it.Get());
  }
}

TEST_CASE("PrintSelf reports the parameters", "[hounsfield]")
{
  auto filter = FilterType::New();
  filter->SetRescaleSlopes({ 2.5 });
  filter->SetPaddingRange(-2000, -1990);
  std::ostringstream text;
  filter->Print(text);
  REQUIRE(text.str().find("RescaleSlopes: [2.5]") != std::string::npos);
  REQUIRE(text.str().find("PaddingLowerBound: -2000") != std::string::npos);
  REQUIRE(text.str().find("PaddingOutputValue: -1024") != std::string::npos);
}
