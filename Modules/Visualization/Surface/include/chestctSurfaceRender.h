#ifndef chestctSurfaceRender_h
#define chestctSurfaceRender_h

#include <vtkPolyData.h>

#include <array>
#include <string>

namespace chestct
{

/** The standard anatomical views of a still picture: where the viewer stands,
 * the patient upright (superior up) in the four side views; in the superior
 * and inferior views anterior is up. \ingroup ChestCTSurface */
enum class SurfaceView
{
  Anterior,
  Posterior,
  Left,
  Right,
  Superior,
  Inferior
};

/** "anterior", "posterior", "left", "right", "superior" or "inferior"; throws chestct::Error otherwise.
 * \ingroup ChestCTSurface */
SurfaceView
SurfaceViewFromName(const std::string & name);

/** The names SurfaceViewFromName knows, for help texts. \ingroup ChestCTSurface */
const char *
SurfaceViewNames();

/** The camera of a view in LPS: the unit vector from the mesh's centre to the
 * eye, and the view-up vector. \ingroup ChestCTSurface */
struct SurfaceCamera
{
  std::array<double, 3> eye;
  std::array<double, 3> up;
};
SurfaceCamera
CameraForView(SurfaceView view);

/** A still picture's settings. \ingroup ChestCTSurface */
struct SurfaceRenderOptions
{
  SurfaceView  view{ SurfaceView::Anterior };
  unsigned int width{ 800 };
  unsigned int height{ 800 };
  /** Background, RGB in [0, 1]; the mesh is shaded bone white. */
  std::array<double, 3> background{ { 0.12, 0.12, 0.16 } };
};

/** Throws chestct::Error (with the xvfb-run remedy) unless an X display can be
 * opened: VTK 9.1 as built here renders offscreen through X (GLX) only, and
 * would abort the process without one. \ingroup ChestCTSurface */
void
CheckRenderDisplay();

/** Renders `mesh` lit and shaded from `options.view` through VTK's offscreen
 * rendering and writes the picture as PNG, atomically. Needs an X display
 * (see CheckRenderDisplay, called first); throws chestct::Error. \ingroup ChestCTSurface */
void
RenderSurfacePNG(vtkPolyData * mesh, const std::string & path, const SurfaceRenderOptions & options = {});

} // namespace chestct

#endif
