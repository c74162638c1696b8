#include "chestctHounsfieldVolumeReader.h"
#include "chestctError.h"

#include "itkDICOMSliceStackImageSource.h"
#include "itkHounsfieldUnitRescaleImageFilter.h"
#include "itkIrregularSliceStackResampleImageFilter.h"
#include "itkStreamingImageFilter.h"

#include <unistd.h>

namespace chestct
{
namespace
{
using ImageType = HounsfieldVolumeReader::ImageType;

template <typename TImage>
void
SetGrid(const VolumeGrid & grid, typename TImage::PointType & origin, typename TImage::SpacingType & spacing,
        typename TImage::DirectionType & direction)
{
  for (unsigned int i = 0; i < 3; ++i)
  {
    origin[i] = grid.origin[i];
    spacing[i] = grid.spacing[i];
    for (unsigned int j = 0; j < 3; ++j)
    {
      direction[i][j] = grid.direction[i * 3 + j];
    }
  }
}
} // namespace

struct HounsfieldVolumeReader::Pipeline
{
  using SourceType = itk::DICOMSliceStackImageSource<StoredImageType>;
  using RescaleType = itk::HounsfieldUnitRescaleImageFilter<StoredImageType, ImageType>;
  using ResampleType = itk::IrregularSliceStackResampleImageFilter<ImageType>;

  SourceType::Pointer   source = SourceType::New();
  RescaleType::Pointer  rescale = RescaleType::New();
  ResampleType::Pointer resample;
  ImageType *           output = nullptr;
};

PaddingDecision
DecidePadding(const DICOMSeries & series, const HounsfieldConversionOptions & options)
{
  PaddingDecision decision;
  if (!options.mapPadding)
  {
    decision.source = "none (padding mapping off)";
    return decision;
  }
  if (series.pixelPaddingValue)
  {
    // DICOM: PixelPaddingRangeLimit, when present, closes the range at either end.
    const std::int32_t value = *series.pixelPaddingValue;
    const std::int32_t limit = series.pixelPaddingRangeLimit.value_or(value);
    decision.lowerBound = std::min(value, limit);
    decision.upperBound = std::max(value, limit);
    decision.source =
      series.pixelPaddingRangeLimit ? "PixelPaddingValue and PixelPaddingRangeLimit" : "PixelPaddingValue";
  }
  else if (options.assumeMinus2000Padding && series.pixelRepresentation == 1)
  {
    decision.lowerBound = decision.upperBound = -2000;
    decision.source = "assumed -2000 (no padding tag)";
  }
  else
  {
    decision.source = "none";
  }
  return decision;
}

HounsfieldVolumeReader::HounsfieldVolumeReader(const DICOMSeries & series, const SliceStackGeometry & geometry,
                                               const HounsfieldConversionOptions & options)
  : m_Pipeline(std::make_unique<Pipeline>())
  , m_Padding(DecidePadding(series, options))
{
  const std::string & firstFile = series.frames.front().file;
  if (series.modality != "CT")
  {
    throw Error(firstFile,
                "modality " + (series.modality.empty() ? std::string("(none)") : series.modality) + ", not CT",
                "Hounsfield units are defined for CT only; choose a CT series");
  }
  if (series.samplesPerPixel != 1 || series.bitsAllocated == 0 || series.bitsAllocated > 32)
  {
    throw Error(firstFile,
                "not greyscale integer pixel data (" + std::to_string(series.samplesPerPixel) + " samples of " +
                  std::to_string(series.bitsAllocated) + " bits)",
                "the header is damaged or this is not a CT image");
  }
  const std::uint64_t needed = EstimateMemory(geometry);
  const std::uint64_t limit = options.memoryLimitBytes
                                ? options.memoryLimitBytes
                                : static_cast<std::uint64_t>(sysconf(_SC_PHYS_PAGES)) * sysconf(_SC_PAGE_SIZE);
  if (needed > limit)
  {
    const auto gigabytes = [](std::uint64_t bytes) { return std::to_string(bytes / 1e9).substr(0, 5) + " GB"; };
    throw Error(firstFile,
                "converting " + std::to_string(geometry.grid.size[0]) + " x " + std::to_string(geometry.grid.size[1]) +
                  " x " + std::to_string(geometry.grid.size[2]) + " voxels needs about " + gigabytes(needed) +
                  " of memory, more than the " + gigabytes(limit) + " allowed",
                "the header claims an implausible size, or the series needs a larger machine");
  }

  Pipeline &                          p = *m_Pipeline;
  Pipeline::SourceType::FrameListType frames;
  for (const std::size_t index : geometry.sliceOrder)
  {
    frames.push_back({ series.frames[index].file, series.frames[index].frameIndex });
  }
  p.source->SetFrames(frames);
  p.source->SetRows(series.rows);
  p.source->SetColumns(series.columns);
  StoredImageType::PointType     origin;
  StoredImageType::SpacingType   spacing;
  StoredImageType::DirectionType direction;
  SetGrid<StoredImageType>(geometry.stackGrid, origin, spacing, direction);
  p.source->SetOrigin(origin);
  p.source->SetSpacing(spacing);
  p.source->SetDirection(direction);

  p.rescale->SetInput(p.source->GetOutput());
  p.rescale->SetRescaleSlopes(geometry.rescaleSlopes);
  p.rescale->SetRescaleIntercepts(geometry.rescaleIntercepts);
  p.rescale->SetPaddingOutputValue(options.paddingOutputValue);
  if (m_Padding.lowerBound)
  {
    p.rescale->SetPaddingRange(*m_Padding.lowerBound, *m_Padding.upperBound);
  }
  p.output = p.rescale->GetOutput();

  if (geometry.needsResampling)
  {
    p.resample = Pipeline::ResampleType::New();
    p.resample->SetInput(p.rescale->GetOutput());
    Pipeline::ResampleType::SliceOriginListType origins;
    for (const auto & sliceOrigin : geometry.sliceOrigins)
    {
      origins.emplace_back(sliceOrigin.data());
    }
    p.resample->SetSliceOrigins(origins);
    ImageType::PointType     gridOrigin;
    ImageType::SpacingType   gridSpacing;
    ImageType::DirectionType gridDirection;
    SetGrid<ImageType>(geometry.grid, gridOrigin, gridSpacing, gridDirection);
    p.resample->SetOutputOrigin(gridOrigin);
    p.resample->SetOutputSpacing(gridSpacing);
    p.resample->SetOutputDirection(gridDirection);
    ImageType::SizeType size = { { geometry.grid.size[0], geometry.grid.size[1], geometry.grid.size[2] } };
    p.resample->SetOutputSize(size);
    p.resample->SetDefaultPixelValue(options.paddingOutputValue);
    p.output = p.resample->GetOutput();
  }
  const unsigned int outputSlices = (geometry.needsResampling ? geometry.grid : geometry.stackGrid).size[2];
  m_Slabs = (outputSlices + SlicesPerSlab - 1) / SlicesPerSlab;
}

HounsfieldVolumeReader::~HounsfieldVolumeReader() = default;

std::uint64_t
HounsfieldVolumeReader::EstimateMemory(const SliceStackGeometry & geometry)
{
  const auto voxels = [](const VolumeGrid & grid) {
    return std::uint64_t{ grid.size[0] } * grid.size[1] * std::uint64_t{ grid.size[2] };
  };
  const VolumeGrid &  output = geometry.needsResampling ? geometry.grid : geometry.stackGrid;
  const std::uint64_t perStackVoxel = sizeof(std::int32_t) + sizeof(short);
  if (output.size[2] <= SlicesPerSlab)
  {
    return voxels(geometry.stackGrid) * perStackVoxel + (geometry.needsResampling ? voxels(output) * sizeof(short) : 0);
  }
  // One slab of the stack, with the neighbouring slices a resampled slab interpolates from.
  const std::uint64_t slab = std::uint64_t{ geometry.stackGrid.size[0] } * geometry.stackGrid.size[1] *
                             std::min<std::uint64_t>(geometry.stackGrid.size[2], SlicesPerSlab + 2);
  return voxels(output) * sizeof(short) + slab * perStackVoxel + (geometry.needsResampling ? slab * sizeof(short) : 0);
}

HounsfieldVolumeReader::ImageType *
HounsfieldVolumeReader::GetOutput()
{
  return m_Pipeline->output;
}

HounsfieldVolumeReader::ImageType::Pointer
HounsfieldVolumeReader::Read()
{
  ImageType::Pointer image = m_Pipeline->output;
  try
  {
    if (m_Slabs > 1)
    {
      auto slabs = itk::StreamingImageFilter<ImageType, ImageType>::New();
      slabs->SetInput(image);
      slabs->SetNumberOfStreamDivisions(m_Slabs); // split along the slowest axis: whole slices
      slabs->Update();
      image = slabs->GetOutput();
    }
    else
    {
      image->UpdateOutputInformation();
      image->SetRequestedRegionToLargestPossibleRegion();
      image->Update();
    }
  }
  catch (const itk::ExceptionObject & exception)
  {
    throw Error("", std::string("reading the series failed: ") + exception.GetDescription());
  }
  image->DisconnectPipeline();
  return image;
}

} // namespace chestct
