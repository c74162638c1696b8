#include "chestctArgumentParser.h"
#include "chestctAtomicOutputFile.h"
#include "chestctCommandSupport.h"
#include "chestctCommands.h"
#include "chestctError.h"
#include "chestctReadImage.h"
#include "chestctImageFileFormat.h"
#include "chestctReadHounsfieldVolume.h"
#include "chestctResampleGrid.h"
#include "chestctResampleImage.h"
#include "chestctWriteImage.h"


#include <chrono>
#include <filesystem>
#include <iomanip>
#include <sstream>

namespace chestct
{
namespace
{

std::array<double, 3>
ParseSpacing(const std::string & text)
{
  std::vector<double> values;
  std::stringstream   list(text);
  for (std::string item; std::getline(list, item, ',');)
  {
    char *       end = nullptr;
    const double value = std::strtod(item.c_str(), &end);
    if (item.empty() || *end != '\0' || !std::isfinite(value) || value <= 0.0)
    {
      throw UsageError("--spacing needs one positive number or three separated by commas (x,y,z mm), got '" + text +
                       "'");
    }
    values.push_back(value);
  }
  if (values.size() == 1)
  {
    return { values[0], values[0], values[0] };
  }
  if (values.size() != 3)
  {
    throw UsageError("--spacing needs one positive number or three separated by commas (x,y,z mm), got '" + text + "'");
  }
  return { values[0], values[1], values[2] };
}

double
SecondsSince(std::chrono::steady_clock::time_point start)
{
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

struct Settings
{
  std::string           input;
  std::string           output;
  std::array<double, 3> spacing;
  InterpolatorKind      interpolator;
  GridPlacement         placement;
  ImageCompression      compression;
  bool                  timings;
};

/** Resamples `image` and writes it; returns the grid. */
template <typename TImage>
ResampleGrid
ResampleAndWrite(const TImage * image, const Settings & settings, typename TImage::PixelType defaultValue,
                 std::ostream & err)
{
  const ResampleGrid grid = ComputeResampleGrid(*image, settings.spacing, settings.placement, settings.input);
  auto               filter = CreateResampleFilter<TImage>(image, grid, settings.interpolator, defaultValue);
  if (settings.timings)
  {
    // Separate stages, to time them; otherwise the writer pulls the filter's output, streaming where it can.
    const auto start = std::chrono::steady_clock::now();
    filter->Update();
    err << "chestct resample: resampling took " << std::fixed << std::setprecision(3) << SecondsSince(start) << " s\n";
  }
  const auto start = std::chrono::steady_clock::now();
  WriteImageAtomically(filter->GetOutput(), settings.output, 8, settings.compression);
  if (settings.timings)
  {
    err << "chestct resample: writing took " << std::fixed << std::setprecision(3) << SecondsSince(start) << " s\n";
  }
  return grid;
}

template <typename TPixel>
ResampleGrid
ResampleLabelFile(const Settings & settings, std::ostream & err)
{
  using ImageType = itk::Image<TPixel, 3>;
  const auto labels = ReadImageFile<ImageType>(settings.input, "a label volume", "give a mask or label volume");
  return ResampleAndWrite<ImageType>(labels, settings, TPixel{ 0 }, err);
}

/** The component type of a volume file, or UNKNOWNCOMPONENTTYPE for anything else (a DICOM folder). */
itk::IOComponentEnum
VolumeFileComponentType(const std::string & path)
{
  std::error_code error;
  if (std::filesystem::is_directory(path, error))
  {
    return itk::IOComponentEnum::UNKNOWNCOMPONENTTYPE;
  }
  try
  {
    ImageFileFormatFromPath(path);
  }
  catch (const Error &)
  {
    return itk::IOComponentEnum::UNKNOWNCOMPONENTTYPE; // a DICOM file
  }
  auto io = CreateImageIO(ImageFileFormatFromPath(path));
  io->SetFileName(path);
  try
  {
    io->ReadImageInformation();
  }
  catch (const itk::ExceptionObject &)
  {
    return itk::IOComponentEnum::UNKNOWNCOMPONENTTYPE;
  }
  return io->GetComponentType();
}

} // namespace

int
RunResampleCommand(const std::vector<std::string> & arguments, std::ostream & out, std::ostream & err)
{
  ArgumentParser parser(
    "resample",
    "Resample a CT volume (a DICOM folder, or a .nrrd/.nii/.nii.gz/.mha volume in HU) onto a regular grid of the "
    "given spacing in patient space, with ITK's ResampleImageFilter, and write it as OUT's extension says. "
    "The direction is kept; along each axis the new size is round(size x spacing / new spacing), as the seed "
    "tutorial computes it.");
  parser.Positional("IN", "a DICOM folder or file, or a volume file (.nrrd, .nii, .nii.gz, .mha)")
    .Option("-o,--output", "OUT", "the volume to write: .nrrd, .nii, .nii.gz or .mha")
    .Option("--spacing", "MM|SX,SY,SZ", "the new spacing: one value for all axes or one per image axis", "1")
    .Option("--interpolator", "NAME", "linear, bspline (cubic, as the seed's scipy zoom) or nearest", "linear")
    .Option("--grid",
            "PLACEMENT",
            "extent: the new voxels tile the input's extent exactly, corner to corner (spacing size x spacing / new "
            "size); seed: the first and last voxel centres stay put, as scipy.ndimage.zoom samples",
            "extent")
    .Flag("--labels",
          "IN is a mask or label volume: resample with nearest neighbour, outside = 0, keep its pixel type "
          "(implied for a uint8 volume file)")
    .Option("--series", "KEY", "for a DICOM folder: the series to read (see 'chestct series')")
    .Flag("--no-compress", kNoCompressHelp)
    .Option("--threads", "N", "threads to use (default: all cores)")
    .Flag("--timings", "print the seconds spent reading, resampling and writing (resampling then does not stream)")
    .Flag("-q,--quiet", "print nothing but errors")
    .Epilog("Voxel centres: with --grid extent (the default), new voxel i along an axis of n voxels resampled to m "
            "lies at old index -1/2 + (i + 1/2) n/m, so the new grid covers the old voxels' extent exactly; with "
            "--grid seed it lies at old index i (n-1)/(m-1). Points outside the old extent get -1024 HU (0 for "
            "labels). Integer results are rounded to the nearest integer.");
  if (!parser.Parse(arguments, out))
  {
    return 0;
  }
  if (!parser.Given("--output"))
  {
    throw UsageError("missing -o OUT");
  }
  Settings settings;
  settings.input = parser.Get("IN");
  settings.output = parser.Get("--output");
  settings.spacing = ParseSpacing(parser.Get("--spacing"));
  settings.timings = parser.Given("--timings");
  try
  {
    settings.interpolator = InterpolatorKindFromName(parser.Get("--interpolator"));
    settings.placement = GridPlacementFromName(parser.Get("--grid"));
  }
  catch (const Error & error)
  {
    throw UsageError(error.Problem() + ": " + error.Remedy());
  }
  ImageFileFormatFromPath(settings.output); // before any work: a bad name fails at once
  settings.compression = CompressionOption(parser, { settings.output });
  CheckOutputIsNotAnInput(settings.output, settings.input);
  ApplyThreadsOption(parser);

  const auto   start = std::chrono::steady_clock::now();
  const auto   componentType = VolumeFileComponentType(settings.input);
  const bool   labels = parser.Given("--labels") || componentType == itk::IOComponentEnum::UCHAR;
  ResampleGrid grid;
  if (labels)
  {
    if (parser.Given("--interpolator") && settings.interpolator != InterpolatorKind::Nearest)
    {
      throw Error(settings.input,
                  std::string("is a mask or label volume, which --interpolator ") +
                    InterpolatorKindName(settings.interpolator) + " would blend into values that are no label",
                  "leave --interpolator out (labels use nearest) or drop --labels for a CT volume");
    }
    settings.interpolator = InterpolatorKind::Nearest;
    switch (componentType)
    {
      case itk::IOComponentEnum::UCHAR:
        grid = ResampleLabelFile<unsigned char>(settings, err);
        break;
      case itk::IOComponentEnum::CHAR:
        grid = ResampleLabelFile<signed char>(settings, err);
        break;
      case itk::IOComponentEnum::USHORT:
        grid = ResampleLabelFile<unsigned short>(settings, err);
        break;
      case itk::IOComponentEnum::SHORT:
        grid = ResampleLabelFile<short>(settings, err);
        break;
      case itk::IOComponentEnum::UINT:
        grid = ResampleLabelFile<unsigned int>(settings, err);
        break;
      case itk::IOComponentEnum::INT:
        grid = ResampleLabelFile<int>(settings, err);
        break;
      default:
        throw Error(settings.input,
                    "--labels needs a volume file of integer labels (8, 16 or 32 bits)",
                    "give a .nrrd, .nii, .nii.gz or .mha label volume; a DICOM series is a CT, not labels");
    }
  }
  else
  {
    const HounsfieldVolume volume = ReadHounsfieldVolume(settings.input, parser.Get("--series"));
    if (settings.timings)
    {
      err << "chestct resample: reading took " << std::fixed << std::setprecision(3) << SecondsSince(start) << " s\n";
    }
    grid = ResampleAndWrite<HounsfieldVolumeReader::ImageType>(volume.image, settings, -1024, err);
  }
  if (!parser.Given("--quiet"))
  {
    out << "wrote " << settings.output << " (" << grid.size[0] << " x " << grid.size[1] << " x " << grid.size[2]
        << " voxels of " << std::fixed << std::setprecision(4) << grid.spacing[0] << " x " << grid.spacing[1] << " x "
        << grid.spacing[2] << " mm, " << InterpolatorKindName(settings.interpolator) << ", grid "
        << GridPlacementName(settings.placement) << (labels ? ", labels" : "") << ")\n";
  }
  return 0;
}

} // namespace chestct
