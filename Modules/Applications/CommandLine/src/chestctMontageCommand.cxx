#include "chestctArgumentParser.h"
#include "chestctAtomicOutputFile.h"
#include "chestctCommandSupport.h"
#include "chestctCommands.h"
#include "chestctError.h"
#include "chestctReadImage.h"
#include "chestctImageFileFormat.h"
#include "chestctMontage.h"
#include "chestctReadHounsfieldVolume.h"


namespace chestct
{
namespace
{

MontageMaskType::Pointer
ReadMask(const std::string & path)
{
  return ReadImageFile<MontageMaskType>(path, "a mask", "give a 3D integer mask or label volume");
}

} // namespace

int
RunMontageCommand(const std::vector<std::string> & arguments, std::ostream & out, std::ostream & err)
{
  const MontageOptions defaults;
  ArgumentParser       parser(
    "montage",
    "Draw a grid of slices of a CT volume as one PNG, as the seed's sample_stack does: tile i shows slice "
          "START + i x EVERY, row by row, labelled with its index; tiles past the end of the stack stay blank. "
          "Radiological convention (the patient's right on the image left in axial and coronal views), true aspect "
          "ratio for anisotropic voxels, an optional mask tinted and outlined. No display is needed.");
  parser.Positional("IN", "a DICOM folder or file, or a volume file in HU (.nrrd, .nii, .nii.gz, .mha)")
    .Option("-o,--output", "OUT.png", "the picture to write")
    .Option("--rows", "N", "rows of tiles", std::to_string(defaults.rows))
    .Option("--cols", "N", "columns of tiles", std::to_string(defaults.columns))
    .Option("--start", "K", "the first tile's slice index (the volume's own index)", std::to_string(defaults.start))
    .Option("--every", "N", "slice step from tile to tile", std::to_string(defaults.every))
    .Option("--window", "NAME|W,L", "lung (1500,-600), mediastinum (350,40), bone (1800,400) or width,level", "lung")
    .Option("--axis", "PLANE", "axial, coronal or sagittal", "axial")
    .Option("--mask", "MASK", "a mask or label volume (any grid, same patient space) to overlay")
    .Option("--tile-size", "PX", "pixels along a tile's longer side", std::to_string(defaults.tileSize))
    .Flag("--no-labels", "no slice numbers or orientation letters")
    .Option("--series", "KEY", "for a DICOM folder: the series to read (see 'chestct series')")
    .Flag("-q,--quiet", "print nothing but errors");
  if (!parser.Parse(arguments, out))
  {
    return 0;
  }
  if (!parser.Given("--output"))
  {
    throw UsageError("missing -o OUT.png");
  }
  const std::string input = parser.Get("IN");
  const std::string output = parser.Get("--output");
  if (!EndsWith(output, ".png"))
  {
    throw Error(output, "the montage is written as PNG", "give -o a name ending in .png");
  }
  CheckOutputIsNotAnInput(output, input);
  const auto count = [&parser](const char * name, long lowest, long highest) {
    const long value = parser.GetInteger(name);
    if (value < lowest || value > highest)
    {
      throw UsageError(std::string(name) + " must be between " + std::to_string(lowest) + " and " +
                       std::to_string(highest));
    }
    return value;
  };
  MontageOptions options;
  options.rows = static_cast<unsigned int>(count("--rows", 1, 100));
  options.columns = static_cast<unsigned int>(count("--cols", 1, 100));
  options.start = count("--start", 0, 1000000);
  options.every = count("--every", 1, 1000000);
  options.tileSize = static_cast<unsigned int>(count("--tile-size", 8, 4096));
  options.labels = !parser.Given("--no-labels");
  try
  {
    options.window = DisplayWindowFromName(parser.Get("--window"));
    options.axis = MontageAxisFromName(parser.Get("--axis"));
  }
  catch (const Error & error)
  {
    throw UsageError(error.Problem() + ": " + error.Remedy());
  }
  MontageMaskType::Pointer mask;
  if (parser.Given("--mask"))
  {
    mask = ReadMask(parser.Get("--mask"));
  }

  const HounsfieldVolume volume = ReadHounsfieldVolume(input, parser.Get("--series"));
  MontageLayout          layout;
  const auto             picture = RenderMontage(*volume.image, mask.GetPointer(), options, input, &layout);
  WritePNG(picture, output);
  if (!parser.Given("--quiet"))
  {
    const auto blank = std::count(layout.slices.begin(), layout.slices.end(), -1L);
    out << "wrote " << output << " (" << layout.width << " x " << layout.height << " pixels, " << options.rows << " x "
        << options.columns << " tiles of " << layout.tileWidth << " x " << layout.tileHeight << ", "
        << parser.Get("--axis") << ", window " << options.window.width << "," << options.window.level;
    if (blank > 0)
    {
      out << ", " << blank << " blank past the stack";
    }
    out << ")\n";
  }
  (void)err;
  return 0;
}

} // namespace chestct
