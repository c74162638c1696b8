// libFuzzer target: file bytes -> series discovery and grouping -> choice ->
// geometry checks -> stored pixel values decoded through GDCM, with each
// slice's rescale applied as the HU filter would (see the note below).
//
// Every input must end in decoded slices or a chestct::Error; anything else
// (a crash, a sanitizer report, another exception, an allocation beyond
// libFuzzer's limit) is a finding.
#include "chestctDICOMFolderScanner.h"
#include "chestctDICOMFrameReader.h"
#include "chestctDICOMSeriesSelection.h"
#include "chestctError.h"
#include "chestctFuzzInput.h"
#include "chestctSliceStackGeometry.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace
{
fs::path
ScratchFolder()
{
  // Memory-backed where available: the fuzzer writes its input as files thousands of times a second.
  const fs::path base = fs::exists("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
  return base / ("chestct-fuzz-" + std::to_string(getpid()));
}

// What HounsfieldVolumeReader refuses before allocating, kept small here so
// that libFuzzer's memory limit is never what stops an input.
constexpr std::uint64_t MemoryLimitBytes = 64u << 20;

void
DecodeSeries(const chestct::DICOMSeries & series)
{
  const chestct::SliceStackGeometry geometry = chestct::AnalyzeSliceStack(series);
  const std::uint64_t               pixels = std::uint64_t{ series.rows } * series.columns;
  if (pixels * geometry.sliceOrder.size() * sizeof(std::int32_t) > MemoryLimitBytes)
  {
    return;
  }
  std::vector<std::int32_t> stored(pixels);
  for (std::size_t k = 0; k < geometry.sliceOrder.size(); ++k)
  {
    const chestct::DICOMFrame & frame = series.frames[geometry.sliceOrder[k]];
    chestct::ReadDICOMStoredValues(frame.file, series.rows, series.columns, { frame.frameIndex }, stored.data());
    // The rescale the HU filter applies, so that UBSan sees the arithmetic on hostile slopes.
    volatile double sum = 0.0;
    for (const std::int32_t value : stored)
    {
      sum = sum + std::round(geometry.rescaleSlopes[k] * value + geometry.rescaleIntercepts[k]);
    }
  }
}
} // namespace

extern "C" int
LLVMFuzzerInitialize(int *, char ***)
{
  chestct::SetGDCMWarningsEnabled(false);
  return 0;
}

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t * data, std::size_t size)
{
  static const fs::path folder = ScratchFolder();
  fs::remove_all(folder);
  fs::create_directories(folder);
  const std::vector<std::string> files = chestct::fuzzing::SplitInput(data, size);
  for (std::size_t i = 0; i < files.size(); ++i)
  {
    std::ofstream(folder / ("file" + std::to_string(i)), std::ios::binary) << files[i];
  }
  try
  {
    const chestct::DICOMScanResult scan = chestct::ScanDICOMFolder(folder.string());
    chestct::RankSeries(scan.series);
    for (const chestct::DICOMSeries & series : scan.series)
    {
      try
      {
        DecodeSeries(series);
      }
      catch (const chestct::Error &)
      {
        // A refusal with a reason: the expected outcome for most inputs.
      }
    }
  }
  catch (const chestct::Error &)
  {}
  return 0;
}
