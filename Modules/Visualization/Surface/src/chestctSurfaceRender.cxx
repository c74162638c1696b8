#include "chestctSurfaceRender.h"
#include "chestctAtomicOutputFile.h"
#include "chestctError.h"

#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkPNGWriter.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkSmartPointer.h>
#include <vtkWindowToImageFilter.h>

#include <X11/Xlib.h>

#include <cstdlib>
#include <string>

namespace chestct
{
namespace
{
const char * const kXvfbRemedy =
  "run it under a virtual X server: xvfb-run -a chestct surface ... (Debian package xvfb)";
} // namespace

SurfaceView
SurfaceViewFromName(const std::string & name)
{
  if (name == "anterior")
    return SurfaceView::Anterior;
  if (name == "posterior")
    return SurfaceView::Posterior;
  if (name == "left")
    return SurfaceView::Left;
  if (name == "right")
    return SurfaceView::Right;
  if (name == "superior")
    return SurfaceView::Superior;
  if (name == "inferior")
    return SurfaceView::Inferior;
  throw Error("", "unknown view '" + name + "'", std::string("use one of ") + SurfaceViewNames());
}

const char *
SurfaceViewNames()
{
  return "anterior, posterior, left, right, superior or inferior";
}

SurfaceCamera
CameraForView(SurfaceView view)
{
  // LPS: +x is the patient's left, +y posterior, +z superior. The anterior
  // view's eye sits in front of the patient (-y) and looks back (+y).
  switch (view)
  {
    case SurfaceView::Anterior:
      return { { 0, -1, 0 }, { 0, 0, 1 } };
    case SurfaceView::Posterior:
      return { { 0, 1, 0 }, { 0, 0, 1 } };
    case SurfaceView::Left:
      return { { 1, 0, 0 }, { 0, 0, 1 } };
    case SurfaceView::Right:
      return { { -1, 0, 0 }, { 0, 0, 1 } };
    case SurfaceView::Superior:
      return { { 0, 0, 1 }, { 0, -1, 0 } };
    case SurfaceView::Inferior:
      break;
  }
  return { { 0, 0, -1 }, { 0, -1, 0 } };
}

void
CheckRenderDisplay()
{
  const char * display = std::getenv("DISPLAY");
  if (display == nullptr || *display == '\0')
  {
    throw Error("",
                "a rendered picture needs an X display and DISPLAY is not set (VTK 9.1 here renders offscreen "
                "through X only)",
                kXvfbRemedy);
  }
  // Opening the display here, before VTK does, turns a VTK abort into an
  // error message. The connection stays open for the process's life: an X
  // server resets when its last client leaves (Xvfb under xvfb-run does), and
  // a render window opened during that reset finds no server and aborts.
  static Display *   connection = nullptr;
  static std::string connectedTo;
  if (connection != nullptr && connectedTo == display)
  {
    return;
  }
  Display * opened = XOpenDisplay(display);
  if (opened == nullptr)
  {
    throw Error("", std::string("cannot open the X display '") + display + "'", kXvfbRemedy);
  }
  connection = opened; // a previous connection to another display is left open: harmless, and rare
  connectedTo = display;
}

void
RenderSurfacePNG(vtkPolyData * mesh, const std::string & path, const SurfaceRenderOptions & options)
{
  CheckRenderDisplay();
  if (mesh->GetNumberOfPolys() == 0)
  {
    throw Error(path, "the surface is empty: there is nothing to draw", "lower the threshold or check the label");
  }
  auto mapper = vtkSmartPointer<vtkPolyDataMapper>::New();
  mapper->SetInputData(mesh);
  mapper->ScalarVisibilityOff();
  auto actor = vtkSmartPointer<vtkActor>::New();
  actor->SetMapper(mapper);
  vtkProperty * property = actor->GetProperty();
  property->SetColor(0.91, 0.86, 0.77); // bone white
  property->SetAmbient(0.15);
  property->SetDiffuse(0.8);
  property->SetSpecular(0.25);
  property->SetSpecularPower(20.0);

  // The renderer's automatic headlight follows the camera, and two-sided
  // lighting shades inner faces too, whichever way the triangles turn.
  auto renderer = vtkSmartPointer<vtkRenderer>::New();
  renderer->AddActor(actor);
  renderer->SetBackground(options.background.data());
  renderer->TwoSidedLightingOn();

  double center[3];
  mesh->GetCenter(center);
  const SurfaceCamera camera = CameraForView(options.view);
  vtkCamera *         vtkcamera = renderer->GetActiveCamera();
  vtkcamera->SetFocalPoint(center);
  vtkcamera->SetPosition(center[0] + camera.eye[0], center[1] + camera.eye[1], center[2] + camera.eye[2]);
  vtkcamera->SetViewUp(camera.up.data());
  vtkcamera->SetViewAngle(30.0);
  renderer->ResetCamera(); // keeps the direction, moves the eye back until the mesh fits

  auto window = vtkSmartPointer<vtkRenderWindow>::New();
  window->SetOffScreenRendering(1);
  window->SetMultiSamples(0);
  window->SetSize(static_cast<int>(options.width), static_cast<int>(options.height));
  window->AddRenderer(renderer);
  if (!window->SupportsOpenGL())
  {
    throw Error("", "the X display offers no usable OpenGL (GLX)", kXvfbRemedy);
  }
  window->Render();

  auto grab = vtkSmartPointer<vtkWindowToImageFilter>::New();
  grab->SetInput(window);
  grab->SetInputBufferTypeToRGB();
  grab->ReadFrontBufferOff();
  grab->Update();

  AtomicOutputFile output(path);
  auto             writer = vtkSmartPointer<vtkPNGWriter>::New();
  writer->SetInputConnection(grab->GetOutputPort());
  writer->SetFileName(output.TemporaryPath().c_str());
  writer->Write();
  if (writer->GetErrorCode() != 0)
  {
    throw Error(path, "could not be written", "check that the folder exists, is writable and has free space");
  }
  output.Commit();
}

} // namespace chestct
