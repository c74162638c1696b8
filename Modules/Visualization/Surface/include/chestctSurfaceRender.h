#ifndef chestctSurfaceRender_h
#define chestctSurfaceRender_h

#include <vtkImageData.h>
#include <vtkPolyData.h>
#include <vtkSmartPointer.h>

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

/** The largest width or height of a still picture, in pixels (the drawing holds 16 bytes a pixel: 1 GB at
 * 8192 x 8192). \ingroup ChestCTSurface */
constexpr unsigned int kMaximumPictureSize = 8192;

/** Draws `mesh` (its polygons, in LPS mm) from `options.view` as VTK's renderer draws it by default: a
 * perspective camera with a 30-degree view angle that fits the mesh's bounding sphere, one headlight,
 * two-sided lighting, Phong shading from the mesh's point normals (flat shading without them), bone white.
 * The drawing is done in software (TriangleRasterizer), so it needs no X display and no OpenGL, and gives the
 * same pixels on every machine. Returns an RGB picture in VTK's order (bottom row first); throws
 * chestct::Error for an empty mesh or a picture size outside 1 to kMaximumPictureSize. \ingroup ChestCTSurface */
vtkSmartPointer<vtkImageData>
RenderSurfaceImage(vtkPolyData * mesh, const SurfaceRenderOptions & options = {});

/** RenderSurfaceImage, written as PNG, atomically; throws chestct::Error naming `path`. \ingroup ChestCTSurface */
void
RenderSurfacePNG(vtkPolyData * mesh, const std::string & path, const SurfaceRenderOptions & options = {});

} // namespace chestct

#endif
