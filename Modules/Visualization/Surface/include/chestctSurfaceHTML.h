#ifndef chestctSurfaceHTML_h
#define chestctSurfaceHTML_h

#include "chestctSurfaceMeasures.h"

#include <vtkPolyData.h>

#include <cstddef>
#include <string>

namespace chestct
{

/** An interactive page's settings. \ingroup ChestCTSurface */
struct SurfaceHTMLOptions
{
  /** Meshes with more triangles are decimated to about this many first, so
   * that a browser loads and turns them smoothly (the seed used step 2 for the same reason). */
  std::size_t maximumTriangles{ 300000 };
  std::string title{ "chestct surface" };
};

/** Whether this build carries the page's WebGL library (three.js, bundled at build time). \ingroup ChestCTSurface */
bool
SurfaceHTMLViewerAvailable();

/** Writes one self-contained HTML file that shows `mesh` in any modern
 * browser, with no network and no server: rotate (drag), zoom (wheel), pan
 * (right drag), and buttons for the anatomical views; it opens in the anterior
 * view, patient upright. The mesh (LPS mm, float32) and the viewer library are
 * embedded. Atomic. Returns the measures of the mesh as written (after any
 * decimation). Throws chestct::Error. \ingroup ChestCTSurface */
SurfaceMeasures
WriteSurfaceHTML(vtkPolyData * mesh, const std::string & path, const SurfaceHTMLOptions & options = {});

} // namespace chestct

#endif
