#include "chestctSurfaceHTML.h"
#include "chestctMeshArrays.h"

#include "chestctMarkup.h"
#include "chestctAtomicOutputFile.h"
#include "chestctError.h"
#include "chestctSurfaceExtraction.h"
#include "chestctSurfaceViewerLibrary.h"

#include <vtkCellArray.h>
#include <vtkDataArray.h>
#include <vtkPointData.h>
#include <vtkPoints.h>

#include <cstdint>
#include <cstring>
#include <iomanip>
#include <vector>

namespace chestct
{
namespace
{

// A script's text ends at the first "</script" whatever the JavaScript around
// it means; "<\/script" is the same string, regular expression or comment to JavaScript.
std::string
EscapeScript(std::string text)
{
  for (std::size_t at = text.find("</script"); at != std::string::npos; at = text.find("</script", at))
  {
    text.replace(at, 2, "<\\/");
  }
  return text;
}
} // namespace

bool
SurfaceHTMLViewerAvailable()
{
  return std::strlen(SurfaceViewerLibrary()) > 0;
}

SurfaceMeasures
WriteSurfaceHTML(vtkPolyData * input, const std::string & path, const SurfaceHTMLOptions & options)
{
  if (!SurfaceHTMLViewerAvailable())
  {
    throw Error(path,
                "this chestct was built without the HTML viewer (its WebGL library is bundled with npm at build "
                "time)",
                "install npm and rebuild with -DCHESTCT_SURFACE_HTML_VIEWER=ON");
  }
  if (input->GetNumberOfPolys() == 0)
  {
    throw Error(path, "the surface is empty: there is nothing to show", "lower the threshold or check the label");
  }
  vtkSmartPointer<vtkPolyData> mesh = input;
  const std::size_t            triangles = static_cast<std::size_t>(input->GetNumberOfPolys());
  if (options.maximumTriangles > 0 && triangles > options.maximumTriangles)
  {
    mesh = DecimateSurface(mesh, 1.0 - static_cast<double>(options.maximumTriangles) / static_cast<double>(triangles));
  }
  if (mesh != input || mesh->GetPointData()->GetNormals() == nullptr)
  {
    mesh = ComputeSurfaceNormals(mesh);
  }

  const vtkIdType    pointCount = mesh->GetNumberOfPoints();
  std::vector<float> positions(static_cast<std::size_t>(pointCount) * 3);
  std::vector<float> normals(positions.size());
  vtkDataArray *     normalArray = mesh->GetPointData()->GetNormals();
  const PointReader  readPoint(mesh->GetPoints());
  for (vtkIdType id = 0; id < pointCount; ++id)
  {
    double p[3], n[3];
    readPoint(id, p);
    normalArray->GetTuple(id, n);
    for (int axis = 0; axis < 3; ++axis)
    {
      positions[3 * id + axis] = static_cast<float>(p[axis]);
      normals[3 * id + axis] = static_cast<float>(n[axis]);
    }
  }
  std::vector<std::uint32_t> indices;
  indices.reserve(static_cast<std::size_t>(mesh->GetNumberOfPolys()) * 3);
  ForEachCell(mesh->GetPolys(), [&](vtkIdType size, const auto * ids) {
    if (size == 3) // the iso-surface algorithms and the decimation make triangles only
    {
      indices.insert(
        indices.end(),
        { static_cast<std::uint32_t>(ids[0]), static_cast<std::uint32_t>(ids[1]), static_cast<std::uint32_t>(ids[2]) });
    }
  });
  const SurfaceMeasures measures = MeasureSurface(mesh);

  // Typed arrays are read in the machine's byte order, little-endian on every
  // platform a browser runs on; so is this one (x86-64, arm64).
  // Written to the file piece by piece: the page is mostly the mesh in base64 (6 to 8 MB for a chest), which
  // a string of the whole page would copy twice more.
  WriteFileAtomically(path, [&](std::ostream & page) {
    page << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         << "<title>" << EscapeMarkup(options.title) << "</title>\n"
         << "<style>\nhtml, body { margin: 0; height: 100%; overflow: hidden; background: #1e1e28; color: #ddd; "
            "font: 13px sans-serif; }\n"
            "#chestct-canvas { display: block; width: 100vw; height: 100vh; }\n"
            "#chestct-bar { position: absolute; top: 8px; left: 8px; right: 8px; pointer-events: none; }\n"
            "#chestct-bar button { pointer-events: auto; margin-right: 2px; }\n</style>\n</head>\n<body>\n"
         << "<canvas id=\"chestct-canvas\"></canvas>\n<div id=\"chestct-bar\"><b>" << EscapeMarkup(options.title)
         << "</b> &mdash; " << measures.triangles << " triangles, " << measures.vertices << " vertices, area "
         << std::fixed << std::setprecision(1) << measures.area / 100.0
         << " cm&sup2; (LPS mm). Drag: rotate, wheel: zoom, right drag: pan.<br>";
    for (const char * view : { "anterior", "posterior", "left", "right", "superior", "inferior" })
    {
      page << "<button data-view=\"" << view << "\">" << view << "</button>";
    }
    page << "</div>\n<script id=\"chestct-mesh\" type=\"application/json\">{\"frame\":\"LPS mm\",\"positions\":\""
         << EncodeBase64(positions.data(), positions.size() * sizeof(float)) << "\",\"normals\":\""
         << EncodeBase64(normals.data(), normals.size() * sizeof(float)) << "\",\"indices\":\""
         << EncodeBase64(indices.data(), indices.size() * sizeof(std::uint32_t)) << "\"}</script>\n<script>\n"
         << EscapeScript(SurfaceViewerLibrary()) << "\n</script>\n</body>\n</html>\n";
  });
  return measures;
}

} // namespace chestct
