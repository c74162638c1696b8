#include "chestctArgumentParser.h"
#include "chestctCommands.h"
#include "chestctError.h"
#include "chestctThoraxPhantom.h"
#include "chestctWriteImage.h"

#include <filesystem>
#include <map>
#include <sstream>

namespace fs = std::filesystem;

namespace chestct
{
namespace
{
std::vector<unsigned int>
ParseIndexList(const std::string & text)
{
  std::vector<unsigned int> indices;
  std::stringstream         list(text);
  for (std::string item; std::getline(list, item, ',');)
  {
    char *     end = nullptr;
    const long value = std::strtol(item.c_str(), &end, 10);
    if (item.empty() || *end != '\0' || value < 0)
    {
      throw UsageError("--missing needs slice numbers separated by commas, got '" + text + "'");
    }
    indices.push_back(static_cast<unsigned int>(value));
  }
  return indices;
}

// The phantom names the parameter it refuses by its field; the user here set it through an option, so the
// error names the option (parameters the command sets itself keep the phantom's own error).
ThoraxPhantom
PhantomFromOptions(const ThoraxPhantomParameters & parameters)
{
  try
  {
    return ThoraxPhantom(parameters);
  }
  catch (const InvalidThoraxPhantomParameter & error)
  {
    // sliceThickness is not here: the command sets it to --slice-spacing, which is checked first.
    static const std::map<std::string, std::string> optionOfParameter = {
      { "pixelSpacing", "--pixel-spacing" },
      { "sliceSpacing", "--slice-spacing" },
      { "rescaleSlope", "--slope" },
      { "rescaleIntercept", "--intercept" },
      { "gantryTiltDegrees", "--tilt" },
      { "missingSlices", "--missing" },
      { "anatomyDiameter", "--anatomy-diameter" },
      { "couchTopWidth", "--couch-top-width" },
      { "noiseSigma", "--noise" },
    };
    const auto option = optionOfParameter.find(error.Parameter());
    if (option == optionOfParameter.end())
    {
      throw;
    }
    throw UsageError(option->second + " " + error.Requirement() +
                     (error.Remedy().empty() ? std::string() : " (" + error.Remedy() + ")"));
  }
}
} // namespace

int
RunPhantomCommand(const std::vector<std::string> & arguments, std::ostream & out, std::ostream & err)
{
  const ThoraxPhantomParameters defaults;
  ArgumentParser                parser("phantom",
                        "Write the synthetic thorax phantom (body, fat, muscle, lungs with vessels, trachea, spine, "
                                       "ribs, table, a circular field of view with padding outside it, noise) as a CT DICOM series "
                                       "into DIR, and optionally its ground truth. The same options always give the same files.");
  parser.Option("-o,--output", "DIR", "the folder to write the series into (absent or empty)")
    .Option("--columns", "N", "image columns", std::to_string(defaults.columns))
    .Option("--rows", "N", "image rows", std::to_string(defaults.rows))
    .Option("--slices", "N", "slices", std::to_string(defaults.slices))
    .Option("--pixel-spacing", "MM", "pixel spacing", "3")
    .Option("--slice-spacing", "MM", "distance between slices", "5")
    .Option("--slope", "S", "RescaleSlope", "1")
    .Option("--intercept", "I", "RescaleIntercept", "-1024")
    .Flag("--unsigned", "store unsigned pixels (padding value 0)")
    .Option("--tilt", "DEG", "gantry tilt", "0")
    .Flag("--feet-first", "a feet-first series (SliceLocation reversed, as real data has it)")
    .Option("--missing", "K,K,...", "acquisition slices (0-based) to leave out")
    .Option("--anatomy-diameter",
            "MM",
            "the diameter the body is drawn for (it is 0.85 of it wide); smaller than the field of view for a large "
            "bore, 0 for the field of view's own",
            "0")
    .Flag("--arms-up", "the arms raised beside the top quarter of the stack, as for radiotherapy planning")
    .Flag("--couch-top", "a hollow radiotherapy couch top (foam in a carbon-fibre shell, 51 mm thick) as the table")
    .Option("--couch-top-width", "MM", "the couch top's width", "500")
    .Option("--noise", "HU", "standard deviation of the noise", "15")
    .Option("--seed", "N", "noise and UID seed", "1")
    .Flag("--no-padding-tag", "leave PixelPaddingValue out of the files")
    .Option("--truth-hu", "FILE", "also write the Hounsfield-unit volume a correct reader must produce")
    .Option("--truth-labels", "FILE", "also write the lung labels (1 right, 2 left) on the same grid")
    .Flag("--force", "write into a folder that already holds files");
  if (!parser.Parse(arguments, out))
  {
    return 0;
  }
  if (!parser.Given("--output"))
  {
    throw UsageError("missing -o DIR");
  }
  const std::string folder = parser.Get("--output");
  std::error_code   error;
  if (fs::exists(folder, error) && !fs::is_empty(folder, error) && !parser.Given("--force"))
  {
    throw Error(folder, "the folder is not empty", "give an empty or new folder, or --force to add to it");
  }
  const auto positive = [&parser](const char * name) {
    const long value = parser.GetInteger(name);
    if (value < 1 || value > 65535)
    {
      throw UsageError(std::string(name) + " must be between 1 and 65535");
    }
    return static_cast<unsigned int>(value);
  };

  ThoraxPhantomParameters parameters;
  parameters.columns = positive("--columns");
  parameters.rows = positive("--rows");
  parameters.slices = positive("--slices");
  parameters.pixelSpacing = parser.GetNumber("--pixel-spacing");
  parameters.sliceSpacing = parser.GetNumber("--slice-spacing");
  parameters.sliceThickness = parameters.sliceSpacing;
  parameters.rescaleSlope = parser.GetNumber("--slope");
  parameters.rescaleIntercept = parser.GetNumber("--intercept");
  parameters.signedPixels = !parser.Given("--unsigned");
  parameters.paddingStoredValue = parameters.signedPixels ? -2000 : 0;
  parameters.gantryTiltDegrees = parser.GetNumber("--tilt");
  parameters.feetFirst = parser.Given("--feet-first");
  if (parser.Given("--missing"))
  {
    parameters.missingSlices = ParseIndexList(parser.Get("--missing"));
  }
  parameters.anatomyDiameter = parser.GetNumber("--anatomy-diameter");
  parameters.armsUp = parser.Given("--arms-up");
  parameters.couchTop = parser.Given("--couch-top");
  parameters.couchTopWidth = parser.GetNumber("--couch-top-width");
  parameters.noiseSigma = parser.GetNumber("--noise");
  parameters.seed = static_cast<std::uint32_t>(parser.GetInteger("--seed"));
  parameters.writePaddingValueTag = !parser.Given("--no-padding-tag");

  const ThoraxPhantom phantom = PhantomFromOptions(parameters);
  // The ground truth first: a phantom that has none (tilted, gapped) is refused before anything is written.
  ThoraxPhantom::HUImageType::Pointer    truthHU;
  ThoraxPhantom::LabelImageType::Pointer truthLabels;
  if (parser.Given("--truth-hu"))
  {
    ImageFileFormatFromPath(parser.Get("--truth-hu"));
    truthHU = phantom.ExpectedHounsfieldImage();
  }
  if (parser.Given("--truth-labels"))
  {
    ImageFileFormatFromPath(parser.Get("--truth-labels"));
    truthLabels = phantom.LungLabelImage();
  }
  const std::vector<std::string> files = phantom.WriteDICOMSeries(folder);
  out << "wrote " << files.size() << (files.size() == 1 ? " slice of " : " slices of ") << parameters.columns << " x "
      << parameters.rows << " to " << folder << " (series " << phantom.SeriesInstanceUID() << ")\n";
  if (truthHU)
  {
    WriteImageAtomically(truthHU.GetPointer(), parser.Get("--truth-hu"));
    out << "wrote " << parser.Get("--truth-hu") << "\n";
  }
  if (truthLabels)
  {
    WriteImageAtomically(truthLabels.GetPointer(), parser.Get("--truth-labels"));
    out << "wrote " << parser.Get("--truth-labels") << "\n";
  }
  (void)err;
  return 0;
}

} // namespace chestct
