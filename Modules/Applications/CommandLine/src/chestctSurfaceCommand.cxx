#include "chestctArgumentParser.h"
#include "chestctAtomicOutputFile.h"
#include "chestctCommandSupport.h"
#include "chestctCommands.h"
#include "chestctError.h"
#include "chestctReadImage.h"
#include "chestctImageFileFormat.h"
#include "chestctReadHounsfieldVolume.h"
#include "chestctSurfaceExtraction.h"
#include "chestctSurfaceFile.h"
#include "chestctSurfaceHTML.h"
#include "chestctSurfaceMeasures.h"
#include "chestctSurfaceRender.h"


#include <cmath>
#include <filesystem>
#include <iomanip>

namespace chestct
{
namespace
{

// A label image is read as it is stored (integers, any grid), not as HU: no
// DICOM conversion, no rescale.
SurfaceImageType::Pointer
ReadLabelImage(const std::string & path)
{
  return ReadImageFile<SurfaceImageType>(path, "a label image", "give a 3D integer label volume");
}

} // namespace

int
RunSurfaceCommand(const std::vector<std::string> & arguments, std::ostream & out, std::ostream & err)
{
  const SurfaceOptions defaults;
  ArgumentParser       parser(
    "surface",
    "Extract an iso-surface (by default the 350 HU bone surface) as a triangle mesh in patient coordinates (LPS, "
          "mm: the frame of the volume's physical points), with VTK's flying edges, marching cubes on request, or "
          "discrete flying edges for one label of a label image. Optionally keep the largest connected pieces, smooth "
          "(windowed sinc) and decimate; normals are computed. Writes the mesh (STL, PLY, OBJ or VTP), a still "
          "picture and/or a self-contained interactive HTML page, and reports vertex and triangle counts and the "
          "surface area.");
  parser
    .Positional("IN",
                "a DICOM folder or file, or a volume file in HU (.nrrd, .nii, .nii.gz, .mha); with --label, "
                "a label volume file")
    .Option("-o,--output", "MESH", "the mesh to write: .stl, .ply, .obj or .vtp")
    .Option("--threshold", "HU", "the iso-value", "350")
    .Option("--step", "N", "use every N-th voxel along each axis (the seed's step_size)", "1")
    .Option("--algorithm", "NAME", "flyingedges or marchingcubes", "flyingedges")
    .Option("--label", "L", "IN is a label image: mesh the voxels whose label is L (discrete flying edges)")
    .Flag("--body",
          "drop pieces outside the patient's body (the table): the body is the largest connected region "
          "at or above -300 HU, and the limbs apart from it (raised arms)")
    .Option("--largest", "N", "keep only the N largest connected pieces (0: all)", "0")
    .Option("--smooth", "ITER", "windowed-sinc smoothing iterations (0: none; 15-30 is typical)", "0")
    .Option("--decimate", "FRACTION", "remove this fraction of the triangles (quadric decimation), 0 to 0.99", "0")
    .Option("--render", "PNG", "also draw a still picture (drawn in software: no display needed)")
    .Option("--view", "NAME", std::string("the picture's view: ") + SurfaceViewNames(), "anterior")
    .Option("--size", "PX", "the picture's width and height in pixels", "800")
    .Option("--html", "FILE", "also write an interactive page (one self-contained .html file, WebGL)")
    .Option("--html-triangles", "N", "decimate the page's mesh to about N triangles when heavier", "300000")
    .Option("--series", "KEY", "for a DICOM folder: the series to read (see 'chestct series')")
    .Flag("-q,--quiet", "print nothing but errors")
    .Epilog("The table: dense parts of a CT table can pass a bone threshold (lower ones more often). --body drops "
            "every piece of the surface that lies outside the patient's body, which the foam pad separates from the "
            "table; --largest N keeps the N largest pieces, dropping specks (and much more if N is small). See "
            "Documentation/Surfaces.md.");
  if (!parser.Parse(arguments, out))
  {
    return 0;
  }
  const std::string input = parser.Get("IN");
  if (!parser.Given("--output") && !parser.Given("--render") && !parser.Given("--html"))
  {
    throw UsageError("nothing to write: give -o MESH, --render PNG and/or --html FILE");
  }
  const auto integer = [&parser](const char * name, long lowest, long highest) {
    const long value = parser.GetInteger(name);
    if (value < lowest || value > highest)
    {
      throw UsageError(std::string(name) + " must be between " + std::to_string(lowest) + " and " +
                       std::to_string(highest));
    }
    return value;
  };
  SurfaceOptions options;
  options.threshold = parser.GetNumber("--threshold");
  if (!std::isfinite(options.threshold))
  {
    throw UsageError("--threshold must be a number");
  }
  options.step = static_cast<unsigned int>(integer("--step", 1, 64));
  options.insideBody = parser.Given("--body");
  options.largest = static_cast<unsigned int>(integer("--largest", 0, 1000000));
  options.smoothIterations = static_cast<unsigned int>(integer("--smooth", 0, 1000));
  options.decimate = parser.GetNumber("--decimate");
  if (!(options.decimate >= 0.0 && options.decimate <= 0.99))
  {
    throw UsageError("--decimate must be between 0 and 0.99 (the fraction of triangles to remove)");
  }
  try
  {
    options.algorithm = SurfaceAlgorithmFromName(parser.Get("--algorithm"));
  }
  catch (const Error & error)
  {
    throw UsageError(error.Problem() + ": " + error.Remedy());
  }
  if (parser.Given("--label"))
  {
    if (parser.Given("--threshold") || parser.Given("--algorithm"))
    {
      throw UsageError("--label meshes one label with discrete flying edges: it takes no --threshold or --algorithm");
    }
    if (parser.Given("--body"))
    {
      throw UsageError("--body finds the patient's body in HU: it does not apply to a label image");
    }
    options.labelMode = true;
    options.label = parser.GetInteger("--label");
  }
  SurfaceRenderOptions render;
  try
  {
    render.view = SurfaceViewFromName(parser.Get("--view"));
  }
  catch (const Error & error)
  {
    throw UsageError(error.Problem() + ": " + error.Remedy());
  }
  render.width = render.height = static_cast<unsigned int>(integer("--size", 16, kMaximumPictureSize));
  SurfaceHTMLOptions html;
  html.maximumTriangles = static_cast<std::size_t>(integer("--html-triangles", 1000, 100000000));
  html.title = "chestct surface: " + std::filesystem::path(input).filename().string();

  // Every output checked before the work starts, the display too: a run
  // that cannot finish fails in a second, not after the mesh.
  if (parser.Given("--output"))
  {
    if (!IsSurfaceFileName(parser.Get("--output")))
    {
      throw Error(parser.Get("--output"),
                  "is not a mesh file name",
                  std::string("give -o a name ending in ") + SupportedSurfaceExtensions());
    }
    CheckOutputIsNotAnInput(parser.Get("--output"), input);
  }
  if (parser.Given("--render"))
  {
    if (!EndsWith(parser.Get("--render"), ".png"))
    {
      throw Error(parser.Get("--render"), "the picture is written as PNG", "give --render a name ending in .png");
    }
    CheckOutputIsNotAnInput(parser.Get("--render"), input);
  }
  if (parser.Given("--html"))
  {
    if (!EndsWith(parser.Get("--html"), ".html") && !EndsWith(parser.Get("--html"), ".htm"))
    {
      throw Error(parser.Get("--html"), "the page is written as HTML", "give --html a name ending in .html");
    }
    CheckOutputIsNotAnInput(parser.Get("--html"), input);
    if (!SurfaceHTMLViewerAvailable())
    {
      throw Error(parser.Get("--html"),
                  "this chestct was built without the HTML viewer",
                  "rebuild with npm available and -DCHESTCT_SURFACE_HTML_VIEWER=ON");
    }
  }

  SurfaceImageType::Pointer image;
  if (options.labelMode)
  {
    image = ReadLabelImage(input);
  }
  else
  {
    image = ReadHounsfieldVolume(input, parser.Get("--series")).image;
  }
  SurfaceReport         report;
  auto                  mesh = ExtractSurface(image, options, &report);
  const SurfaceMeasures measures = MeasureSurface(mesh);
  if (measures.triangles == 0)
  {
    throw Error(input,
                options.labelMode ? "has no voxel with label " + std::to_string(options.label)
                                  : "has no surface at " + parser.Get("--threshold") + " HU",
                options.labelMode ? "check the label value" : "check the threshold against the volume's values");
  }
  const bool quiet = parser.Given("--quiet");
  if (!quiet)
  {
    out << std::fixed << std::setprecision(2) << "surface: " << measures.vertices << " vertices, " << measures.triangles
        << " triangles, area " << std::setprecision(1) << measures.area << " mm2 (" << measures.area / 100.0
        << " cm2), LPS mm\n  ";
    if (options.labelMode)
    {
      out << "label " << options.label << " (discrete flying edges)";
    }
    else
    {
      out << parser.Get("--algorithm") << " at " << options.threshold << " HU";
    }
    out << ", step " << options.step << ": " << report.contourTriangles << " triangles in " << std::setprecision(3)
        << report.contourSeconds << " s";
    if (options.insideBody)
    {
      out << "; dropped " << report.piecesOutsideBody << " pieces outside the body";
    }
    if (options.largest > 0)
    {
      out << "; kept the " << report.piecesKept << " largest of " << report.pieces << " pieces";
    }
    if (options.smoothIterations > 0)
    {
      out << "; smoothed (" << options.smoothIterations << " iterations)";
    }
    if (options.decimate > 0.0)
    {
      out << "; decimated by " << std::setprecision(2) << options.decimate;
    }
    out << "; " << std::setprecision(2) << report.totalSeconds << " s in all\n";
  }
  if (parser.Given("--output"))
  {
    WriteSurface(mesh, parser.Get("--output"));
    if (!quiet)
    {
      out << "wrote " << parser.Get("--output") << "\n";
    }
  }
  if (parser.Given("--render"))
  {
    RenderSurfacePNG(mesh, parser.Get("--render"), render);
    if (!quiet)
    {
      out << "wrote " << parser.Get("--render") << " (" << parser.Get("--view") << " view, " << render.width << " x "
          << render.height << ")\n";
    }
  }
  if (parser.Given("--html"))
  {
    const SurfaceMeasures shown = WriteSurfaceHTML(mesh, parser.Get("--html"), html);
    if (!quiet)
    {
      out << "wrote " << parser.Get("--html") << " (" << shown.triangles << " triangles"
          << (shown.triangles < measures.triangles ? ", decimated for the browser" : "") << ")\n";
    }
  }
  (void)err;
  return 0;
}

} // namespace chestct
