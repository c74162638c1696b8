// The reading pipeline streams: a piece of the output reads only the slices it needs.
#include "chestctDICOMTestUtilities.h"
#include "chestctTestData.h"
#include "chestctThoraxPhantom.h"

#include "itkDICOMSliceStackImageSource.h"
#include "itkHounsfieldUnitRescaleImageFilter.h"
#include "itkIrregularSliceStackResampleImageFilter.h"
#include "itkPipelineMonitorImageFilter.h"
#include "itkStreamingImageFilter.h"

#include <catch2/catch.hpp>

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
