#include "chestctCommandLine.h"
#include "chestctArgumentParser.h"
#include "chestctCommands.h"
#include "chestctDICOMFolderScanner.h"
#include "chestctError.h"
#include "chestctVersion.h"

#include "itkMacro.h"

#include <functional>
#include <new>

namespace chestct
{
namespace
{
struct Command
{
  const char * name;
  const char * summary;
  int (*run)(const std::vector<std::string> &, std::ostream &, std::ostream &);
};

const Command kCommands[] = {
  { "series", "list the image series under a folder and mark the one chosen", RunSeriesCommand },
  { "convert", "convert a DICOM CT series to a Hounsfield-unit volume and its JSON sidecar", RunConvertCommand },
  { "phantom", "write the synthetic thorax phantom as a DICOM series, with its ground truth", RunPhantomCommand },
  { "resample", "resample a CT volume (or a mask) onto a new grid, 1 mm isotropic by default", RunResampleCommand },
  { "histogram",
    "plot the Hounsfield-unit histogram as SVG, with tissue bands, and its counts as CSV",
    RunHistogramCommand },
  { "montage",
    "draw a grid of slices (axial, coronal or sagittal) as one PNG, with an optional mask overlay",
    RunMontageCommand },
  { "surface",
    "extract a 3D iso-surface (bone by default) as a mesh in LPS mm; optional picture and interactive HTML page",
    RunSurfaceCommand },
  { "segment",
    "segment the lungs (robust 3D method, or the seed's per-slice recipe) and write the mask and lung volumes",
    RunSegmentCommand },
  { "run", "the whole quest on a series: volumes, pictures, lung mask, surfaces, report.html", RunRunCommand },
  { "evaluate",
    "compare a mask with a reference mask: Dice, Jaccard, Hausdorff, HD95, surface distance, volumes",
    RunEvaluateCommand },
};

void
PrintUsage(std::ostream & out)
{
  out << "usage: chestct <command> [options]\n\n"
         "ChestCT takes a chest CT from DICOM to analysis-ready data.\n\ncommands:\n";
  for (const Command & command : kCommands)
  {
    out << "  " << command.name << std::string(10 - std::string(command.name).size(), ' ') << command.summary << "\n";
  }
  out << "  version   print the version\n\nRun 'chestct <command> --help' for a command's options.\n";
}
} // namespace

int
RunCommandLine(const std::vector<std::string> & arguments, std::ostream & out, std::ostream & err)
{
  if (arguments.empty())
  {
    PrintUsage(err);
    return 2;
  }
  SetGDCMWarningsEnabled(false); // chestct reports the same problems itself, naming the file
  const std::string & name = arguments.front();
  if (name == "-h" || name == "--help" || name == "help")
  {
    PrintUsage(out);
    return 0;
  }
  if (name == "version" || name == "--version")
  {
    out << "chestct " << Version() << "\n";
    return 0;
  }
  for (const Command & command : kCommands)
  {
    if (name != command.name)
    {
      continue;
    }
    const std::vector<std::string> rest(arguments.begin() + 1, arguments.end());
    const std::string              prefix = std::string("chestct ") + command.name + ": ";
    try
    {
      return command.run(rest, out, err);
    }
    catch (const UsageError & error)
    {
      err << prefix << "usage error: " << error.what() << "\nRun 'chestct " << command.name << " --help' for usage.\n";
      return 2;
    }
    catch (const Error & error)
    {
      err << prefix << "error: " << error.what() << "\n";
      return 1;
    }
    catch (const itk::ExceptionObject & error)
    {
      err << prefix << "error: " << error.GetDescription() << "\n";
      return 1;
    }
    catch (const std::bad_alloc &)
    {
      err << prefix << "error: out of memory\n";
      return 1;
    }
    catch (const std::exception & error)
    {
      err << prefix << "error: " << error.what() << "\n";
      return 1;
    }
  }
  err << "chestct: unknown command '" << name << "'\n\n";
  PrintUsage(err);
  return 2;
}

} // namespace chestct
