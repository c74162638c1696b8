// The reading pipeline streams: a piece of the output reads only the slices it needs.
#include "chestctDICOMTestUtilities.h"
#include "chestctTestData.h"
#include "chestctThoraxPhantom.h"

#include "itkCastImageFilter.h"
#include "itkDICOMSliceStackImageSource.h"
#include "itkHounsfieldUnitRescaleImageFilter.h"
#include "itkImageRegionIteratorWithIndex.h"
#include "itkImageRegionSplitterSlowDimension.h"
#include "itkIrregularSliceStackResampleImageFilter.h"
#include "itkPipelineMonitorImageFilter.h"
#include "itkStreamingImageFilter.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace chestct;
using namespace chestct::testing;

namespace
{
using StoredImageType = HounsfieldVolumeReader::StoredImageType;
using SourceType = itk::DICOMSliceStackImageSource<StoredImageType>;

/** The source of a scanned series, set up as HounsfieldVolumeReader does. */
SourceType::Pointer
MakeSource(const DICOMSeries & series, const SliceStackGeometry & geometry)
{
  auto                      source = SourceType::New();
  SourceType::FrameListType frames;
  for (const std::size_t index : geometry.sliceOrder)
  {
    frames.push_back({ series.frames[index].file, series.frames[index].frameIndex });
  }
  source->SetFrames(frames);
  source->SetRows(series.rows);
  source->SetColumns(series.columns);
  // The in-plane geometry matters downstream: the resampler takes it from its input.
  StoredImageType::PointType     origin(geometry.stackGrid.origin.data());
  StoredImageType::SpacingType   spacing(geometry.stackGrid.spacing.data());
  StoredImageType::DirectionType direction;
  for (unsigned int i = 0; i < 3; ++i)
  {
    for (unsigned int j = 0; j < 3; ++j)
    {
      direction[i][j] = geometry.stackGrid.direction[i * 3 + j];
    }
  }
  source->SetOrigin(origin);
  source->SetSpacing(spacing);
  source->SetDirection(direction);
  return source;
}
} // namespace

TEST_CASE("The DICOM source reads only the requested slices, and streamed equals whole", "[streaming][dicom]")
{
  const std::string       folder = TemporaryFolder("streaming-source");
  ThoraxPhantomParameters parameters;
  parameters.slices = 16;
  ThoraxPhantom(parameters).WriteDICOMSeries(folder);
  const DICOMScanResult    scan = ScanDICOMFolder(folder);
  const SliceStackGeometry geometry = AnalyzeSliceStack(scan.series.front());

  auto source = MakeSource(scan.series.front(), geometry);
  auto monitor = itk::PipelineMonitorImageFilter<StoredImageType>::New();
  monitor->SetInput(source->GetOutput());
  auto rescale = itk::HounsfieldUnitRescaleImageFilter<StoredImageType, HUImageType>::New();
  rescale->SetInput(monitor->GetOutput());
  rescale->SetRescaleSlopes(geometry.rescaleSlopes);
  rescale->SetRescaleIntercepts(geometry.rescaleIntercepts);
  rescale->SetPaddingRange(-2000, -2000);
  auto streamer = itk::StreamingImageFilter<HUImageType, HUImageType>::New();
  streamer->SetInput(rescale->GetOutput());
  streamer->SetNumberOfStreamDivisions(4);
  streamer->Update();

  REQUIRE(monitor->VerifyInputFilterExecutedStreaming(4));
  for (const auto & region : monitor->GetUpdatedRequestedRegions())
  {
    REQUIRE(region.GetSize(2) == 4);
    REQUIRE(region.GetSize(0) == parameters.columns); // whole slices: a frame is decoded whole
  }
  // Streamed, the volume is still exactly the expected one (the geometry comes from the reader, not the source).
  const auto expected = ThoraxPhantom(parameters).ExpectedHounsfieldImage();
  REQUIRE(CountDifferentVoxels(streamer->GetOutput(), expected) == 0);
}

TEST_CASE("The irregular-stack resampler asks only for the slices bracketing each piece", "[streaming][dicom]")
{
  const std::string       folder = TemporaryFolder("streaming-resample");
  ThoraxPhantomParameters parameters;
  parameters.slices = 24;
  parameters.missingSlices = { 5 };
  ThoraxPhantom(parameters).WriteDICOMSeries(folder);
  const Conversion whole = Convert(folder);
  REQUIRE(whole.geometry.needsResampling);

  // Rebuild the resampler's input through a monitor to see what it asks for.
  const DICOMSeries &        series = whole.series;
  const SliceStackGeometry & geometry = whole.geometry;
  auto                       source = MakeSource(series, geometry);
  auto                       rescale = itk::HounsfieldUnitRescaleImageFilter<StoredImageType, HUImageType>::New();
  rescale->SetInput(source->GetOutput());
  rescale->SetRescaleSlopes(geometry.rescaleSlopes);
  rescale->SetRescaleIntercepts(geometry.rescaleIntercepts);
  rescale->SetPaddingRange(-2000, -2000);
  auto monitor = itk::PipelineMonitorImageFilter<HUImageType>::New();
  monitor->SetInput(rescale->GetOutput());
  auto resample = itk::IrregularSliceStackResampleImageFilter<HUImageType>::New();
  resample->SetInput(monitor->GetOutput());
  std::vector<HUImageType::PointType> origins;
  for (const auto & origin : geometry.sliceOrigins)
  {
    origins.emplace_back(origin.data());
  }
  resample->SetSliceOrigins(origins);
  resample->SetOutputOrigin(whole.image->GetOrigin());
  resample->SetOutputSpacing(whole.image->GetSpacing());
  resample->SetOutputDirection(whole.image->GetDirection());
  resample->SetOutputSize(whole.image->GetLargestPossibleRegion().GetSize());
  resample->SetDefaultPixelValue(-1024);
  auto streamer = itk::StreamingImageFilter<HUImageType, HUImageType>::New();
  streamer->SetInput(resample->GetOutput());
  streamer->SetNumberOfStreamDivisions(4);
  streamer->Update();

  REQUIRE(monitor->VerifyInputFilterExecutedStreaming(4));
  for (const auto & region : monitor->GetUpdatedRequestedRegions())
  {
    REQUIRE(region.GetSize(2) < 12); // 23 slices in all; each quarter needs its own few
  }
  REQUIRE(CountDifferentVoxels(streamer->GetOutput(), whole.image) == 0);
}

TEST_CASE("A resampled piece that ends on a tilted input slice reads the slice its interpolation uses",
          "[streaming][dicom]")
{
  // A stack tilted about x, as a tilted gantry's ImageOrientationPatient gives, resampled onto the grid of its
  // own slices: every output plane passes through an input slice, within rounding. A piece ending on a slice
  // interpolates with the slice after it (at weight 0), so that slice must be asked for too. When it was not,
  // the values still came out right, but the read went past the end of the piece's buffer (a larger series
  // crashed): so the test checks what each piece asks for, as well as the values.
  using ImageType = itk::Image<short, 3>;
  using FilterType = itk::IrregularSliceStackResampleImageFilter<ImageType>;
  for (const double tilt : { 18.5, -18.5, 7.0, 30.0 })
  {
    const double             angle = tilt * 3.14159265358979323846 / 180.0;
    const double             sliceGap = 2.5;
    ImageType::DirectionType direction; // columns: row direction, column direction, normal
    direction.SetIdentity();
    direction[1][1] = std::cos(angle);
    direction[2][1] = std::sin(angle);
    direction[1][2] = -std::sin(angle);
    direction[2][2] = std::cos(angle);
    ImageType::SpacingType spacing;
    spacing[0] = spacing[1] = 1.3;
    spacing[2] = sliceGap; // the stack's own; the filter reads slice positions from the origins
    auto stack = ImageType::New();
    stack->SetRegions(ImageType::SizeType{ { 6, 5, 20 } });
    stack->SetSpacing(spacing);
    const double origin[3] = { -12.7, 40.3, -101.9 };
    stack->SetOrigin(origin);
    stack->SetDirection(direction);
    stack->Allocate();
    for (itk::ImageRegionIteratorWithIndex<ImageType> it(stack, stack->GetBufferedRegion()); !it.IsAtEnd(); ++it)
    {
      const auto & index = it.GetIndex();
      it.Set(static_cast<short>(100 * index[2] + 7 * index[0] + index[1]));
    }
    FilterType::SliceOriginListType origins;
    for (unsigned int k = 0; k < 20; ++k)
    {
      FilterType::PointType sliceOrigin;
      for (unsigned int i = 0; i < 3; ++i)
      {
        sliceOrigin[i] = origin[i] + k * sliceGap * direction[i][2];
      }
      origins.push_back(sliceOrigin);
    }
    std::vector<ImageType::RegionType> asked; // of the stack, piece by piece
    const auto                         resampled = [&](unsigned int pieces) {
      // The stack through a step that makes only what is asked of it (as the DICOM source does), watched.
      auto upstream = itk::CastImageFilter<ImageType, ImageType>::New();
      upstream->SetInput(stack);
      upstream->InPlaceOff();
      auto monitor = itk::PipelineMonitorImageFilter<ImageType>::New();
      monitor->SetInput(upstream->GetOutput());
      auto filter = FilterType::New();
      filter->SetInput(monitor->GetOutput());
      filter->SetSliceOrigins(origins);
      filter->SetOutputOrigin(stack->GetOrigin());
      filter->SetOutputSpacing(spacing);
      filter->SetOutputDirection(direction);
      filter->SetOutputSize(stack->GetLargestPossibleRegion().GetSize());
      auto streamer = itk::StreamingImageFilter<ImageType, ImageType>::New();
      streamer->SetInput(filter->GetOutput());
      streamer->SetNumberOfStreamDivisions(pieces);
      streamer->Update();
      asked = monitor->GetUpdatedRequestedRegions();
      return ImageType::Pointer(streamer->GetOutput());
    };
    const auto whole = resampled(1);
    REQUIRE(CountDifferentVoxels(whole, stack) == 0); // the planes are the slices
    for (const unsigned int pieces : { 2u, 3u, 4u, 5u, 7u })
    {
      INFO("tilt " << tilt << " degrees, " << pieces << " pieces");
      REQUIRE(CountDifferentVoxels(resampled(pieces), whole) == 0);
      // Piece i ends on output plane (and input slice) last; the interpolation also reads slice last + 1.
      auto                        splitter = itk::ImageRegionSplitterSlowDimension::New();
      const ImageType::RegionType all = stack->GetLargestPossibleRegion();
      const unsigned int          count = splitter->GetNumberOfSplits(all, pieces);
      REQUIRE(asked.size() == count);
      for (unsigned int i = 0; i < count; ++i)
      {
        ImageType::RegionType piece = all;
        splitter->GetSplit(i, count, piece);
        const long last = piece.GetIndex(2) + static_cast<long>(piece.GetSize(2)) - 1;
        const long askedLast = asked[i].GetIndex(2) + static_cast<long>(asked[i].GetSize(2)) - 1;
        REQUIRE(askedLast >= std::min(last + 1, 19L));
      }
    }
  }
}
