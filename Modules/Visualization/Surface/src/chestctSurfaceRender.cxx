#include "chestctSurfaceRender.h"
#include "chestctMeshArrays.h"
#include "chestctError.h"
#include "chestctPNGWriter.h"

#include "chestctTriangleRasterizer.h"

#include "itkMultiThreaderBase.h"
#include "itkVector.h"

#include <vtkCellArray.h>
#include <vtkDataArray.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkUnsignedCharArray.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace chestct
{
namespace
{
using Vector3 = itk::Vector<double, 3>;

Vector3
MakeVector(double x, double y, double z)
{
  Vector3 v;
  v[0] = x;
  v[1] = y;
  v[2] = z;
  return v;
}

Vector3
Normalized(Vector3 v)
{
  if (v.GetSquaredNorm() > 0.0)
  {
    v.Normalize();
  }
  return v;
}

/** A perspective camera as VTK's renderer sets it up for a view and a mesh: looking at the centre of the mesh's
 * bounds with a vertical view angle of 30 degrees, and moved back until the sphere around the bounds fits the
 * picture (vtkRenderer::ResetCamera). */
class PictureCamera
{
public:
  PictureCamera(vtkPolyData * mesh, SurfaceView view, unsigned int width, unsigned int height)
    : m_CentreX(0.5 * width)
    , m_CentreY(0.5 * height)
  {
    double bounds[6];
    mesh->GetBounds(bounds);
    const Vector3 centre =
      MakeVector(0.5 * (bounds[0] + bounds[1]), 0.5 * (bounds[2] + bounds[3]), 0.5 * (bounds[4] + bounds[5]));
    const Vector3 extent = MakeVector(bounds[1] - bounds[0], bounds[3] - bounds[2], bounds[5] - bounds[4]);
    double        radius = 0.5 * extent.GetNorm();
    if (radius == 0.0)
    {
      radius = 1.0;
    }
    const SurfaceCamera direction = CameraForView(view);
    m_TowardEye = Normalized(MakeVector(direction.eye[0], direction.eye[1], direction.eye[2]));
    m_Right = Normalized(itk::CrossProduct(MakeVector(direction.up[0], direction.up[1], direction.up[2]), m_TowardEye));
    m_Up = itk::CrossProduct(m_TowardEye, m_Right);

    constexpr double kHalfViewAngle = 15.0 * 3.14159265358979323846 / 180.0;
    // The sphere must fit the narrower of the picture's two angles of view.
    const double fittingHalfAngle =
      width < height ? std::atan(std::tan(kHalfViewAngle) * width / static_cast<double>(height)) : kHalfViewAngle;
    const double distance = radius / std::sin(fittingHalfAngle);
    for (unsigned int d = 0; d < 3; ++d)
    {
      m_Eye[d] = centre[d] + distance * m_TowardEye[d];
    }
    m_FocalLength = m_CentreY / std::tan(kHalfViewAngle);
  }

  /** Where a point in LPS (mm) falls on the picture, with its normal. */
  TriangleRasterizer::Vertex
  Project(const double point[3], const std::array<float, 3> & normal) const
  {
    const Vector3 fromEye = MakeVector(point[0] - m_Eye[0], point[1] - m_Eye[1], point[2] - m_Eye[2]);
    const double  depth = -(fromEye * m_TowardEye);
    const double  scale = m_FocalLength / depth;
    return { m_CentreX + scale * (fromEye * m_Right), m_CentreY - scale * (fromEye * m_Up), 1.0 / depth, normal };
  }

  /** The direction from the scene towards the eye: the headlight's. */
  const Vector3 &
  TowardEye() const
  {
    return m_TowardEye;
  }

private:
  Vector3 m_Eye;
  Vector3 m_TowardEye;
  Vector3 m_Right;
  Vector3 m_Up;
  double  m_FocalLength;
  double  m_CentreX;
  double  m_CentreY;
};

/** The mesh's polygons (fanned into triangles) drawn as the camera sees them. A mesh without point normals is
 * shaded flat, each triangle by its own normal.
 *
 * On the run's threads: the points are projected in chunks, and the picture's rows are cut into bands, one a
 * thread, each band drawing the part of every triangle that falls on its rows (TriangleRasterizer::Draw):
 * the same picture, pixel for pixel, as one thread drawing them all. */
void
DrawMesh(vtkPolyData * mesh, const PictureCamera & camera, TriangleRasterizer & rasterizer)
{
  const PointReader readPoint(mesh->GetPoints());
  vtkDataArray *    normals = mesh->GetPointData()->GetNormals();
  if (normals != nullptr && normals->GetNumberOfComponents() != 3)
  {
    normals = nullptr;
  }
  const auto                              threader = itk::MultiThreaderBase::New();
  const vtkIdType                         count = mesh->GetNumberOfPoints();
  std::vector<TriangleRasterizer::Vertex> projected(static_cast<std::size_t>(count));
  constexpr vtkIdType                     kChunk = 16384;
  threader->ParallelizeArray(
    0,
    static_cast<itk::SizeValueType>((count + kChunk - 1) / kChunk),
    [&](itk::SizeValueType chunk) {
      const vtkIdType first = static_cast<vtkIdType>(chunk) * kChunk;
      for (vtkIdType i = first; i < std::min(count, first + kChunk); ++i)
      {
        double point[3];
        readPoint(i, point);
        std::array<float, 3> normal{ { 0.0f, 0.0f, 0.0f } };
        if (normals != nullptr)
        {
          double tuple[3];
          normals->GetTuple(i, tuple);
          normal = { { static_cast<float>(tuple[0]), static_cast<float>(tuple[1]), static_cast<float>(tuple[2]) } };
        }
        projected[static_cast<std::size_t>(i)] = camera.Project(point, normal);
      }
    },
    nullptr);

  const auto draw = [&](vtkIdType a, vtkIdType b, vtkIdType c, unsigned int firstRow, unsigned int endRow) {
    const auto & pa = projected[static_cast<std::size_t>(a)];
    const auto & pb = projected[static_cast<std::size_t>(b)];
    const auto & pc = projected[static_cast<std::size_t>(c)];
    // Most triangles lie wholly in another band: passed over before any set-up (the rasterizer clips exactly;
    // a point that is not a number is left to it).
    if (std::max({ pa.y, pb.y, pc.y }) < firstRow - 1.0 || std::min({ pa.y, pb.y, pc.y }) > endRow + 1.0)
    {
      return;
    }
    TriangleRasterizer::Vertex corner[3] = { pa, pb, pc };
    if (normals == nullptr)
    {
      double p0[3], p1[3], p2[3];
      readPoint(a, p0);
      readPoint(b, p1);
      readPoint(c, p2);
      const Vector3 face = Normalized(itk::CrossProduct(MakeVector(p1[0] - p0[0], p1[1] - p0[1], p1[2] - p0[2]),
                                                        MakeVector(p2[0] - p0[0], p2[1] - p0[1], p2[2] - p0[2])));
      for (auto & vertex : corner)
      {
        vertex.normal = { { static_cast<float>(face[0]), static_cast<float>(face[1]), static_cast<float>(face[2]) } };
      }
    }
    rasterizer.Draw(corner[0], corner[1], corner[2], firstRow, endRow);
  };
  const unsigned int height = rasterizer.Height();
  const unsigned int bands = std::max(1u, std::min(threader->GetNumberOfWorkUnits(), height));
  threader->ParallelizeArray(
    0,
    bands,
    [&](itk::SizeValueType band) {
      const auto firstRow = static_cast<unsigned int>(height * band / bands);
      const auto endRow = static_cast<unsigned int>(height * (band + 1) / bands);
      ForEachCell(mesh->GetPolys(), [&](vtkIdType size, const auto * ids) {
        for (vtkIdType k = 2; k < size; ++k)
        {
          draw(ids[0], ids[k - 1], ids[k], firstRow, endRow);
        }
      });
    },
    nullptr);
}

/** VTK's default lighting of an opaque surface, as its OpenGL shader computes it for one headlight: ambient,
 * plus diffuse and specular terms of the angle between the normal and the light, in the property's colour. */
struct Shading
{
  std::array<double, 3> colour{ { 0.91, 0.86, 0.77 } }; // bone white
  double                ambient{ 0.15 };
  double                diffuse{ 0.8 };
  double                specular{ 0.25 };
  double                specularPower{ 20.0 };
};

unsigned char
ToByte(double value)
{
  return static_cast<unsigned char>(std::lround(255.0 * std::clamp(value, 0.0, 1.0)));
}
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

vtkSmartPointer<vtkImageData>
RenderSurfaceImage(vtkPolyData * mesh, const SurfaceRenderOptions & options)
{
  if (mesh == nullptr || mesh->GetNumberOfPolys() == 0)
  {
    throw Error("", "the surface is empty: there is nothing to draw", "lower the threshold or check the label");
  }
  if (options.width == 0 || options.height == 0 || options.width > kMaximumPictureSize ||
      options.height > kMaximumPictureSize)
  {
    throw Error("",
                "a picture of " + std::to_string(options.width) + " x " + std::to_string(options.height) +
                  " pixels cannot be drawn",
                "give a width and height from 1 to " + std::to_string(kMaximumPictureSize) + " pixels");
  }
  const PictureCamera camera(mesh, options.view, options.width, options.height);
  TriangleRasterizer  rasterizer(options.width, options.height);
  DrawMesh(mesh, camera, rasterizer);

  auto picture = vtkSmartPointer<vtkImageData>::New();
  picture->SetDimensions(static_cast<int>(options.width), static_cast<int>(options.height), 1);
  picture->AllocateScalars(VTK_UNSIGNED_CHAR, 3);
  auto *          rgb = static_cast<unsigned char *>(picture->GetScalarPointer());
  const Shading   shading;
  const Vector3 & light = camera.TowardEye();
  for (unsigned int y = 0; y < options.height; ++y)
  {
    // VTK's images run bottom-up: the picture's top row is the image's last.
    unsigned char * row = rgb + 3 * static_cast<std::size_t>(options.height - 1 - y) * options.width;
    for (unsigned int x = 0; x < options.width; ++x)
    {
      unsigned char * pixel = row + 3 * x;
      if (!rasterizer.Covered(x, y))
      {
        for (unsigned int c = 0; c < 3; ++c)
        {
          pixel[c] = ToByte(options.background[c]);
        }
        continue;
      }
      const auto &  n = rasterizer.Normal(x, y);
      const Vector3 normal = Normalized(MakeVector(n[0], n[1], n[2]));
      const double  lit = std::max(0.0, normal * light);
      const double  highlight = lit > 0.0 ? std::pow(lit, shading.specularPower) : 0.0;
      for (unsigned int c = 0; c < 3; ++c)
      {
        pixel[c] = ToByte((shading.ambient + shading.diffuse * lit + shading.specular * highlight) * shading.colour[c]);
      }
    }
  }
  return picture;
}

void
RenderSurfacePNG(vtkPolyData * mesh, const std::string & path, const SurfaceRenderOptions & options)
{
  vtkSmartPointer<vtkImageData> picture;
  try
  {
    picture = RenderSurfaceImage(mesh, options);
  }
  catch (const Error & error)
  {
    throw Error(path, error.Problem(), error.Remedy());
  }
  WriteRGBPNG(static_cast<const unsigned char *>(picture->GetScalarPointer()),
              static_cast<unsigned int>(picture->GetDimensions()[0]),
              static_cast<unsigned int>(picture->GetDimensions()[1]),
              true, // VTK's rows run bottom-up
              PNGFilters::None,
              path);
}

} // namespace chestct
