#include "chestctArgumentParser.h"
#include "chestctAtomicOutputFile.h"
#include "chestctCommandSupport.h"
#include "chestctCommands.h"
#include "chestctError.h"
#include "chestctHistogram.h"
#include "chestctReadHounsfieldVolume.h"

#include <cmath>
#include <filesystem>
#include <optional>
#include <limits>
#include <sstream>

namespace chestct
{
namespace
{

/** Padding marker for a DICOM input: the reader maps the series' padding here instead of to air. */
constexpr short kDICOMPaddingMarker = std::numeric_limits<short>::min();

std::pair<double, double>
ParseRange(const std::string & text)
{
  const auto comma = text.find(',');
  if (comma != std::string::npos)
  {
    const std::string lowText = text.substr(0, comma), highText = text.substr(comma + 1);
    char *            lowEnd = nullptr;
    char *            highEnd = nullptr;
    const double      low = std::strtod(lowText.c_str(), &lowEnd);
    const double      high = std::strtod(highText.c_str(), &highEnd);
    if (!lowText.empty() && !highText.empty() && *lowEnd == '\0' && *highEnd == '\0' && std::isfinite(low) &&
        std::isfinite(high) && low < high)
    {
      return { low, high };
    }
  }
  throw UsageError("--range needs LO,HI in HU with LO < HI, got '" + text + "'");
}

/** In a volume file, padding shows as a spike at the very bottom of the scale (-2000, -3024, ...): the smallest
 * value if it lies below -1024 HU (below air) and holds at least 0.1% of the voxels. */
std::optional<short>
DetectPadding(const itk::Image<short, 3> & image)
{
  const Histogram all = ComputeHistogram(image, { 1, std::nullopt, std::nullopt });
  const auto      lowest = static_cast<short>(all.lower);
  const Histogram atLowest = ComputeHistogram(image, { 1, std::make_pair(all.lower, all.lower + 0.5), std::nullopt });
  const std::uint64_t count = atLowest.counts[0];
  if (lowest < -1024 && count * 1000 >= all.total)
  {
    return lowest;
  }
  return std::nullopt;
}

} // namespace

int
RunHistogramCommand(const std::vector<std::string> & arguments, std::ostream & out, std::ostream & err)
{
  ArgumentParser parser("histogram",
                        "Plot the Hounsfield-unit histogram of a CT volume as SVG (axes, ticks, units, the series "
                        "description as title, the reference tissue bands of the seed's table shaded and named), "
                        "and optionally its counts as CSV. The padding outside the scan circle is counted apart, as "
                        "its own bar, never with air. No display is needed.");
  parser.Positional("IN", "a DICOM folder or file, or a volume file in HU (.nrrd, .nii, .nii.gz, .mha)")
    .Option("-o,--output", "OUT.svg", "the plot to write")
    .Option("--csv", "OUT.csv", "also write the counts: kind,lower_hu,upper_hu,count")
    .Option("--bins", "N", "number of equal-width bins", "50")
    .Option("--range", "LO,HI", "the HU range binned (default: smallest to largest value that is not padding)")
    .Flag("--log", "counts on a logarithmic axis")
    .Option(
      "--padding", "HU", "for a volume file: the value that marks padding (default: found as a spike below -1024 HU)")
    .Option("--series", "KEY", "for a DICOM folder: the series to read (see 'chestct series')")
    .Flag("-q,--quiet", "print nothing but errors")
    .Epilog("From DICOM, padding is what the series says it is (PixelPaddingValue, or a stored -2000 without the "
            "tag). A volume written by 'chestct convert' holds its padding as air (-1024 HU) already and cannot be "
            "told apart: histogram the DICOM folder instead, or convert with --air-value -3024.");
  if (!parser.Parse(arguments, out))
  {
    return 0;
  }
  if (!parser.Given("--output"))
  {
    throw UsageError("missing -o OUT.svg");
  }
  const std::string input = parser.Get("IN");
  const std::string output = parser.Get("--output");
  if (!EndsWith(output, ".svg"))
  {
    throw Error(output, "the plot is written as SVG", "give -o a name ending in .svg");
  }
  CheckOutputIsNotAnInput(output, input);
  if (parser.Given("--csv"))
  {
    CheckOutputIsNotAnInput(parser.Get("--csv"), input);
  }
  HistogramOptions options;
  const long       bins = parser.GetInteger("--bins");
  if (bins < 1 || bins > 100000)
  {
    throw UsageError("--bins must be between 1 and 100000");
  }
  options.bins = static_cast<unsigned int>(bins);
  if (parser.Given("--range"))
  {
    options.range = ParseRange(parser.Get("--range"));
  }
  std::optional<short> givenPadding;
  if (parser.Given("--padding"))
  {
    const long padding = parser.GetInteger("--padding");
    if (padding < -32768 || padding > 32767)
    {
      throw UsageError("--padding must fit in int16");
    }
    givenPadding = static_cast<short>(padding);
  }

  HounsfieldConversionOptions conversion;
  conversion.paddingOutputValue = kDICOMPaddingMarker;
  const HounsfieldVolume volume = ReadHounsfieldVolume(input, parser.Get("--series"), conversion);
  std::string            note;
  if (volume.fromDICOM)
  {
    if (givenPadding)
    {
      throw Error(input,
                  "--padding is for volume files; a DICOM series says itself which values are padding",
                  "leave --padding out");
    }
    options.paddingValue = kDICOMPaddingMarker;
    note = "Padding: the voxels the DICOM series marks as outside the scan circle, counted apart (right), not as air.";
  }
  else if (givenPadding)
  {
    options.paddingValue = givenPadding;
    note = "Padding: voxels of " + std::to_string(*givenPadding) + " HU (given), counted apart (right), not as air.";
  }
  else if ((options.paddingValue = DetectPadding(*volume.image)))
  {
    note = "Padding: voxels of " + std::to_string(*options.paddingValue) +
           " HU (a spike below air, taken as padding), counted apart (right), not as air.";
  }
  else
  {
    note = "No padding value found in this volume file; padding already mapped to air cannot be told apart (see "
           "'chestct histogram --help').";
  }

  Histogram histogram = ComputeHistogram(*volume.image, options);
  if (volume.fromDICOM)
  {
    histogram.paddingValue.reset(); // the marker is no HU value: the CSV leaves it empty
  }
  HistogramPlotOptions plot;
  plot.title = volume.description;
  plot.logScale = parser.Given("--log");
  plot.note = note;

  // Both files are finished under temporary names before either appears.
  AtomicOutputFile svgFile(output);
  WriteTextInto(svgFile, HistogramSVG(histogram, plot));
  std::optional<AtomicOutputFile> csvFile;
  if (parser.Given("--csv"))
  {
    csvFile.emplace(parser.Get("--csv"));
    WriteTextInto(*csvFile, HistogramCSV(histogram));
  }
  svgFile.Commit();
  if (csvFile)
  {
    csvFile->Commit();
  }
  if (!parser.Given("--quiet"))
  {
    out << "wrote " << output << (csvFile ? " and " + parser.Get("--csv") : std::string()) << " ("
        << histogram.counts.size() << " bins from " << histogram.lower << " to " << histogram.upper << " HU, "
        << histogram.padding << " padding voxels apart)\n";
  }
  (void)err;
  return 0;
}

} // namespace chestct
