// Iso-surfaces of balls whose place and size are known exactly, in volumes
// with off-axis, flipped geometry: the mesh must be where the ball is in
// patient space (LPS mm) and have its area.
#include "chestctError.h"
#include "chestctSurfaceBody.h"
#include "chestctSurfaceExtraction.h"
#include "chestctSurfaceMeasures.h"
#include "chestctSurfaceTestImages.h"
#include "itkImageRegionIteratorWithIndex.h"
#include "itkImageToVTKImageBridge.h"

#include <catch2/catch.hpp>

#include <vtkCellArray.h>
#include <vtkCellArrayIterator.h>
#include <vtkDataArray.h>
#include <vtkMatrix3x3.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyDataNormals.h>
#include <vtkPointData.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <utility>
#include <vector>

using namespace chestct;
using namespace chestct::testing;

namespace
{
constexpr double kPi = 3.14159265358979323846;

struct OffAxisGrid
{
  SurfaceImageType::SizeType      size{ { 70, 60, 50 } };
  SurfaceImageType::PointType     origin;
  SurfaceImageType::SpacingType   spacing;
  SurfaceImageType::DirectionType direction = OffAxisDirection();
  OffAxisGrid()
  {
    origin[0] = -120.5;
    origin[1] = 35.25;
    origin[2] = 310.0;
    spacing[0] = 0.8;
    spacing[1] = 1.1;
    spacing[2] = 1.5;
  }
};

// The physical point at the middle of an image's buffered region.
std::array<double, 3>
MiddleOf(const SurfaceImageType * image)
{
  const auto &                    region = image->GetBufferedRegion();
  itk::ContinuousIndex<double, 3> middle;
  for (unsigned int axis = 0; axis < 3; ++axis)
  {
    middle[axis] = region.GetIndex(axis) + (region.GetSize(axis) - 1) / 2.0;
  }
  SurfaceImageType::PointType point;
  image->TransformContinuousIndexToPhysicalPoint(middle, point);
  return { point[0], point[1], point[2] };
}
} // namespace

TEST_CASE("The bridge hands VTK the image's extent, spacing, origin and direction", "[surface][bridge]")
{
  const OffAxisGrid grid;
  auto              image = MakeBallsImage({}, grid.size, grid.origin, grid.spacing, grid.direction);
  auto              bridge = itk::ImageToVTKImageBridge<SurfaceImageType>::New();
  bridge->SetInput(image);
  bridge->Update();
  vtkImageData * data = bridge->GetOutput();
  int            extent[6];
  data->GetExtent(extent);
  const auto & region = image->GetBufferedRegion();
  for (unsigned int axis = 0; axis < 3; ++axis)
  {
    CHECK(extent[2 * axis] == region.GetIndex(axis));
    CHECK(extent[2 * axis + 1] == region.GetIndex(axis) + static_cast<long>(region.GetSize(axis)) - 1);
    CHECK(data->GetSpacing()[axis] == Approx(grid.spacing[axis]));
    CHECK(data->GetOrigin()[axis] == Approx(grid.origin[axis]));
    for (unsigned int column = 0; column < 3; ++column)
    {
      CHECK(data->GetDirectionMatrix()->GetElement(axis, column) == Approx(grid.direction[axis][column]));
    }
  }
  // The same voxel, the same value, the same physical point on both sides.
  const SurfaceImageType::IndexType index{ { 20, 11, 30 } };
  image->SetPixel(index, 1234);
  bridge->GetImporter()->Modified();
  bridge->Update();
  CHECK(bridge->GetOutput()->GetScalarComponentAsDouble(20, 11, 30, 0) == 1234.0);
  SurfaceImageType::PointType itkPoint;
  image->TransformIndexToPhysicalPoint(index, itkPoint);
  double vtkPoint[3];
  bridge->GetOutput()->TransformIndexToPhysicalPoint(20, 11, 30, vtkPoint);
  for (unsigned int axis = 0; axis < 3; ++axis)
  {
    CHECK(vtkPoint[axis] == Approx(itkPoint[axis]).margin(1e-9));
  }
}

TEST_CASE("A surface measures the same whatever arrays hold it", "[surface][geometry]")
{
  // MeasureSurface reads float points straight from their arrays (cells in 32 or 64-bit storage), anything
  // else through VTK's generic calls: every way must give the same numbers, polygons other than triangles left
  // out.
  const OffAxisGrid grid;
  auto              probe = MakeBallsImage({}, grid.size, grid.origin, grid.spacing, grid.direction);
  auto image = MakeBallsImage({ { MiddleOf(probe), 12.0 } }, grid.size, grid.origin, grid.spacing, grid.direction);
  SurfaceOptions options;
  options.threshold = 0.0;
  const vtkSmartPointer<vtkPolyData> direct = ExtractSurface(image, options);
  REQUIRE(direct->GetPoints()->GetDataType() == VTK_FLOAT);
  REQUIRE(direct->GetPolys()->IsStorage64Bit());
  const vtkIdType quad[4] = { 0, 1, 2, 3 };
  direct->GetPolys()->InsertNextCell(4, quad);

  auto generic = vtkSmartPointer<vtkPolyData>::New();
  auto doublePoints = vtkSmartPointer<vtkPoints>::New();
  doublePoints->SetDataTypeToDouble();
  doublePoints->SetNumberOfPoints(direct->GetNumberOfPoints());
  for (vtkIdType id = 0; id < direct->GetNumberOfPoints(); ++id)
  {
    doublePoints->SetPoint(id, direct->GetPoint(id));
  }
  auto polys = vtkSmartPointer<vtkCellArray>::New();
  polys->DeepCopy(direct->GetPolys());
  polys->ConvertTo32BitStorage();
  generic->SetPoints(doublePoints);
  generic->SetPolys(polys);
  REQUIRE(generic->GetPoints()->GetDataType() == VTK_DOUBLE);

  auto narrow = vtkSmartPointer<vtkPolyData>::New(); // float points, 32-bit cells
  narrow->SetPoints(direct->GetPoints());
  narrow->SetPolys(polys);

  const SurfaceMeasures a = MeasureSurface(direct);
  CHECK(a.triangles == static_cast<std::size_t>(direct->GetNumberOfPolys() - 1));
  CHECK(a.area == Approx(4.0 * kPi * 12.0 * 12.0).epsilon(0.02));
  for (vtkPolyData * other : { generic.GetPointer(), narrow.GetPointer() })
  {
    const SurfaceMeasures b = MeasureSurface(other);
    CHECK(a.triangles == b.triangles);
    CHECK(a.vertices == b.vertices);
    CHECK(a.area == b.area);
    CHECK(a.centroid == b.centroid);
    CHECK(a.bounds == b.bounds);
  }
}

TEST_CASE("A ball's surface is centred where the ball is in patient space, with area 4 pi r squared",
          "[surface][geometry]")
{
  const OffAxisGrid grid;
  auto              probe = MakeBallsImage({}, grid.size, grid.origin, grid.spacing, grid.direction);
  const auto        center = MiddleOf(probe);
  const double      radius = 18.0;
  auto           image = MakeBallsImage({ { center, radius } }, grid.size, grid.origin, grid.spacing, grid.direction);
  const double   area = 4.0 * kPi * radius * radius;
  SurfaceOptions options;
  options.threshold = 0.0;
  const auto [algorithm, step] =
    GENERATE(table<SurfaceAlgorithm, unsigned int>({ { SurfaceAlgorithm::FlyingEdges, 1 },
                                                     { SurfaceAlgorithm::MarchingCubes, 1 },
                                                     { SurfaceAlgorithm::FlyingEdges, 2 } }));
  options.algorithm = algorithm;
  options.step = step;
  INFO("algorithm " << static_cast<int>(algorithm) << ", step " << step);
  SurfaceReport   report;
  auto            mesh = ExtractSurface(image, options, &report);
  SurfaceMeasures measures = MeasureSurface(mesh);
  REQUIRE(measures.triangles > 500);
  CHECK(report.contourTriangles == measures.triangles);
  for (unsigned int axis = 0; axis < 3; ++axis)
  {
    CHECK(measures.centroid[axis] == Approx(center[axis]).margin(0.3));
    // Every vertex lies on the sphere, to within a fraction of a voxel.
    CHECK(measures.bounds[2 * axis] == Approx(center[axis] - radius).margin(0.5 * step));
    CHECK(measures.bounds[2 * axis + 1] == Approx(center[axis] + radius).margin(0.5 * step));
  }
  CHECK(measures.area == Approx(area).epsilon(0.02));
  REQUIRE(mesh->GetPointData()->GetNormals() != nullptr);
  // Normals point away from the centre or all towards it: consistent either way.
  double outward = 0.0;
  for (vtkIdType id = 0; id < mesh->GetNumberOfPoints(); id += 7)
  {
    double p[3], n[3];
    mesh->GetPoint(id, p);
    mesh->GetPointData()->GetNormals()->GetTuple(id, n);
    outward += ((p[0] - center[0]) * n[0] + (p[1] - center[1]) * n[1] + (p[2] - center[2]) * n[2]) > 0 ? 1 : -1;
  }
  CHECK(std::abs(outward) > 0.95 * std::ceil(mesh->GetNumberOfPoints() / 7.0));
}

TEST_CASE("A label image gives each label's own surface", "[surface][label]")
{
  const OffAxisGrid           grid;
  auto                        probe = MakeBallsImage({}, grid.size, grid.origin, grid.spacing, grid.direction);
  const auto                  middle = MiddleOf(probe);
  const std::array<double, 3> left{ { middle[0] + 12.0, middle[1], middle[2] } };
  const std::array<double, 3> right{ { middle[0] - 12.0, middle[1], middle[2] } };
  auto                        labels =
    MakeLabelImage({ { left, 9.0, 2 }, { right, 7.0, 5 } }, grid.size, grid.origin, grid.spacing, grid.direction);
  SurfaceOptions options;
  options.labelMode = true;
  options.label = 5;
  const SurfaceMeasures five = MeasureSurface(ExtractSurface(labels, options));
  options.label = 2;
  const SurfaceMeasures two = MeasureSurface(ExtractSurface(labels, options));
  for (unsigned int axis = 0; axis < 3; ++axis)
  {
    CHECK(five.centroid[axis] == Approx(right[axis]).margin(0.5));
    CHECK(two.centroid[axis] == Approx(left[axis]).margin(0.5));
  }
  // A voxelised ball's boundary: the discrete surface is blocky, so a looser bound on the area.
  CHECK(two.area == Approx(4.0 * kPi * 81.0).epsilon(0.15));
  CHECK(five.area == Approx(4.0 * kPi * 49.0).epsilon(0.15));
  options.label = 7; // absent
  CHECK(MeasureSurface(ExtractSurface(labels, options)).triangles == 0);
}

TEST_CASE("Keeping the largest pieces drops the small ones", "[surface][largest]")
{
  // The grid starts at index (3, -2, 5): centres well inside it.
  const std::vector<Ball> balls{ { { 20.0, 15.0, 25.0 }, 10.0 },
                                 { { 45.0, 15.0, 25.0 }, 8.0 },
                                 { { 68.0, 15.0, 25.0 }, 4.0 } };
  auto                    image = MakeBallsImage(balls, AxialGrid({ { 80, 40, 40 } }, 0.0, 1.0));
  SurfaceOptions          options;
  options.threshold = 0.0;
  options.largest = 2;
  SurfaceReport         report;
  const SurfaceMeasures measures = MeasureSurface(ExtractSurface(image, options, &report));
  CHECK(report.pieces == 3);
  CHECK(report.piecesKept == 2);
  CHECK(measures.area == Approx(4.0 * kPi * (100.0 + 64.0)).epsilon(0.02));
  CHECK(measures.bounds[1] < 55.0); // the small ball at x = 68 is gone
  options.largest = 5;              // more than there are: all kept
  CHECK(MeasureSurface(ExtractSurface(image, options)).area == Approx(4.0 * kPi * (100.0 + 64.0 + 16.0)).epsilon(0.02));
}

TEST_CASE("Extracted pieces keep their polygons, points and point data, in 32- or 64-bit storage", "[surface][largest]")
{
  const std::vector<Ball> balls{ { { 20.0, 15.0, 25.0 }, 10.0 },
                                 { { 45.0, 15.0, 25.0 }, 8.0 },
                                 { { 68.0, 15.0, 25.0 }, 4.0 } };
  SurfaceOptions          options;
  options.threshold = 0.0;
  const auto mesh = ExtractSurface(MakeBallsImage(balls, AxialGrid({ { 80, 40, 40 } }, 0.0, 1.0)), options);
  REQUIRE(mesh->GetPointData()->GetNormals() != nullptr);
  for (const bool storage64 : { true, false })
  {
    INFO((storage64 ? "64-bit" : "32-bit") << " connectivity");
    auto input = vtkSmartPointer<vtkPolyData>::New();
    input->DeepCopy(mesh);
    if (!storage64)
    {
      REQUIRE(input->GetPolys()->ConvertTo32BitStorage());
    }
    const MeshPieces pieces = FindMeshPieces(input);
    REQUIRE(pieces.triangles.size() == 3);
    const std::vector<bool> keep{ true, false, true };
    const auto              kept = ExtractMeshPieces(input, pieces, keep);
    CHECK(kept->GetPolys()->IsStorage64Bit() == storage64);
    REQUIRE(static_cast<std::size_t>(kept->GetNumberOfPolys()) == pieces.triangles[0] + pieces.triangles[2]);

    // The kept polygons, in their order, name points at the same places with the same normals; every point is
    // used, and none twice.
    vtkDataArray * normals = input->GetPointData()->GetNormals();
    vtkDataArray * keptNormals = kept->GetPointData()->GetNormals();
    REQUIRE(keptNormals != nullptr);
    REQUIRE(keptNormals->GetNumberOfTuples() == kept->GetNumberOfPoints());
    std::vector<int>       uses(static_cast<std::size_t>(kept->GetNumberOfPoints()), 0);
    std::vector<vtkIdType> firstUse(uses.size(), -1);
    auto                   from = vtk::TakeSmartPointer(input->GetPolys()->NewIterator());
    auto                   to = vtk::TakeSmartPointer(kept->GetPolys()->NewIterator());
    std::size_t            mismatches = 0;
    vtkIdType              oldPoints = 0;
    for (from->GoToFirstCell(), to->GoToFirstCell(); !from->IsDoneWithTraversal(); from->GoToNextCell())
    {
      vtkIdType         size = 0, keptSize = 0;
      const vtkIdType * ids = nullptr;
      const vtkIdType * keptIds = nullptr;
      from->GetCurrentCell(size, ids);
      if (!keep[static_cast<std::size_t>(pieces.pieceOfPoint[static_cast<std::size_t>(ids[0])])])
      {
        continue;
      }
      REQUIRE_FALSE(to->IsDoneWithTraversal());
      to->GetCurrentCell(keptSize, keptIds);
      REQUIRE(keptSize == size);
      for (vtkIdType i = 0; i < size; ++i)
      {
        double p[3], q[3], n[3], m[3];
        input->GetPoint(ids[i], p);
        kept->GetPoint(keptIds[i], q);
        normals->GetTuple(ids[i], n);
        keptNormals->GetTuple(keptIds[i], m);
        mismatches += p[0] != q[0] || p[1] != q[1] || p[2] != q[2] || n[0] != m[0] || n[1] != m[1] || n[2] != m[2];
        if (firstUse[static_cast<std::size_t>(keptIds[i])] < 0)
        {
          firstUse[static_cast<std::size_t>(keptIds[i])] = ids[i];
          ++oldPoints;
        }
        mismatches += firstUse[static_cast<std::size_t>(keptIds[i])] != ids[i];
        ++uses[static_cast<std::size_t>(keptIds[i])];
      }
      to->GoToNextCell();
    }
    CHECK(to->IsDoneWithTraversal());
    CHECK(mismatches == 0);
    CHECK(oldPoints == kept->GetNumberOfPoints());
    CHECK(std::count(uses.begin(), uses.end(), 0) == 0);
  }
}

TEST_CASE("Smoothing and decimation keep the shape", "[surface][simplify]")
{
  const OffAxisGrid grid;
  auto              probe = MakeBallsImage({}, grid.size, grid.origin, grid.spacing, grid.direction);
  const auto        center = MiddleOf(probe);
  auto              image = MakeBallsImage({ { center, 15.0 } }, grid.size, grid.origin, grid.spacing, grid.direction);
  SurfaceOptions    options;
  options.threshold = 0.0;
  const SurfaceMeasures plain = MeasureSurface(ExtractSurface(image, options));
  options.decimate = 0.75;
  const SurfaceMeasures decimated = MeasureSurface(ExtractSurface(image, options));
  CHECK(decimated.triangles == Approx(0.25 * plain.triangles).epsilon(0.05));
  CHECK(decimated.area == Approx(plain.area).epsilon(0.03));
  options.decimate = 0.0;
  options.smoothIterations = 20;
  const SurfaceMeasures smoothed = MeasureSurface(ExtractSurface(image, options));
  CHECK(smoothed.triangles == plain.triangles);
  CHECK(smoothed.area == Approx(plain.area).epsilon(0.03));
  for (unsigned int axis = 0; axis < 3; ++axis)
  {
    CHECK(smoothed.centroid[axis] == Approx(center[axis]).margin(0.3));
    CHECK(decimated.centroid[axis] == Approx(center[axis]).margin(0.5));
  }
  options.decimate = 1.0;
  CHECK_THROWS_AS(ExtractSurface(image, options), chestct::Error);
  options.decimate = 0.0;
  options.step = 0;
  CHECK_THROWS_AS(ExtractSurface(image, options), chestct::Error);
  CHECK_THROWS_AS(SurfaceAlgorithmFromName("marching"), chestct::Error);
  CHECK(SurfaceAlgorithmFromName("marchingcubes") == SurfaceAlgorithm::MarchingCubes);
}

TEST_CASE("Pieces outside the body, such as the table, are dropped", "[surface][body]")
{
  // Air, a soft-tissue body (0 HU, a ball of radius 40 mm) holding a bone ball
  // (700 HU, radius 10 mm), and under it, apart, a dense table slab (700 HU).
  auto image = MakeBallsImage({}, AxialGrid({ { 60, 70, 40 } }, -60.0, 2.0));
  for (itk::ImageRegionIteratorWithIndex<SurfaceImageType> it(image, image->GetBufferedRegion()); !it.IsAtEnd(); ++it)
  {
    SurfaceImageType::PointType p;
    image->TransformIndexToPhysicalPoint(it.GetIndex(), p);
    const double r = std::sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
    short        value = r < 10.0 ? 700 : r < 40.0 ? 0 : -1000;
    if (p[1] > 50.0 && p[1] < 60.0 && std::abs(p[0]) < 50.0) // posterior of the body, 10 mm of air between
    {
      value = 700;
    }
    it.Set(value);
  }
  SurfaceOptions options;
  options.threshold = 350.0;
  SurfaceReport report;
  const auto    all = MeasureSurface(ExtractSurface(image, options, &report));
  CHECK(all.bounds[3] > 50.0); // the table is there
  options.insideBody = true;
  const auto inside = MeasureSurface(ExtractSurface(image, options, &report));
  CHECK(report.piecesOutsideBody == 1);
  CHECK(inside.bounds[3] < 12.0); // only the bone ball is left
  CHECK(inside.centroid[0] == Approx(0.0).margin(0.5));
  CHECK(inside.centroid[1] == Approx(0.0).margin(0.5));
  CHECK(inside.area == Approx(4.0 * kPi * 100.0).epsilon(0.1));

  // Dropped after the surface is made (as chestct run does), the kept points keep their shading normals:
  // on the bone ball, centred at the origin, each points away from the centre.
  options.insideBody = false;
  const auto withNormals = ExtractSurface(image, options);
  REQUIRE(withNormals->GetPointData()->GetNormals() != nullptr);
  std::size_t dropped = 0;
  const auto  culled = KeepPiecesInsideBody(withNormals, ComputeBodyMask(image), &dropped);
  CHECK(dropped == 1);
  vtkDataArray * normals = culled->GetPointData()->GetNormals();
  REQUIRE(normals != nullptr);
  REQUIRE(normals->GetNumberOfTuples() == culled->GetNumberOfPoints());
  for (vtkIdType id = 0; id < culled->GetNumberOfPoints(); ++id)
  {
    double p[3], n[3];
    culled->GetPoint(id, p);
    normals->GetTuple(id, n);
    const double r = std::sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
    CHECK(std::abs((n[0] * p[0] + n[1] * p[1] + n[2] * p[2]) / r) > 0.8);
  }
}

TEST_CASE("An arm apart from the body is body: its bone is kept where the table, its rail and a small lump are "
          "dropped",
          "[surface][body]")
{
  // The body (soft tissue, a ball of radius 40 mm round a bone ball of 10 mm); 15 mm to its left, apart, an arm
  // raised beside it (a cylinder of radius 15 mm along z round a bone of 6 mm, 57 mL, as deep as it is wide); a
  // flat dense table under the body (10 mm thick, 100 mm wide); beside it a side rail of metal along the whole
  // stack (10 mm wide, 20 mm deep, 24 mL: deeper than wide, as an arm, but dense through and through); a small
  // dense lump (a cube of 12 mm, 1.7 mL).
  auto image = MakeBallsImage({}, AxialGrid({ { 90, 70, 60 } }, -60.0, 2.0));
  for (itk::ImageRegionIteratorWithIndex<SurfaceImageType> it(image, image->GetBufferedRegion()); !it.IsAtEnd(); ++it)
  {
    SurfaceImageType::PointType p;
    image->TransformIndexToPhysicalPoint(it.GetIndex(), p);
    const double r = std::sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
    const double fromArm = std::hypot(p[0] - 70.0, p[1]);
    short        value = r < 10.0 ? 700 : r < 40.0 ? 0 : -1000;
    if (fromArm < 15.0 && std::abs(p[2]) < 40.0)
      value = fromArm < 6.0 ? 700 : 0;
    if (p[1] > 50.0 && p[1] < 60.0 && std::abs(p[0]) < 50.0)
      value = 700;
    if (std::abs(p[0] - 90.0) < 6.0 && std::abs(p[1] + 40.0) < 6.0 && std::abs(p[2]) < 6.0)
      value = 700;
    if (std::abs(p[0] - 105.0) < 5.0 && std::abs(p[1] - 50.0) < 10.0)
      value = 2000;
    it.Set(value);
  }
  const auto body = ComputeBodyMask(image);
  const auto inBody = [&](double x, double y, double z) {
    itk::Index<3> index;
    REQUIRE(image->TransformPhysicalPointToIndex(SurfaceImageType::PointType(std::array<double, 3>{ x, y, z }.data()),
                                                 index));
    return body->GetPixel(index) != 0;
  };
  CHECK(inBody(0.0, 0.0, 0.0));
  CHECK(inBody(70.0, 0.0, 0.0));         // the arm's bone
  CHECK(inBody(80.0, 0.0, 30.0));        // its soft tissue
  CHECK_FALSE(inBody(60.0, 0.0, 50.0));  // air above it
  CHECK_FALSE(inBody(0.0, 55.0, 0.0));   // the table
  CHECK_FALSE(inBody(90.0, -40.0, 0.0)); // the lump
  CHECK_FALSE(inBody(104.0, 50.0, 0.0)); // the rail

  SurfaceOptions options;
  options.threshold = 350.0;
  options.insideBody = true;
  SurfaceReport report;
  const auto    inside = MeasureSurface(ExtractSurface(image, options, &report));
  CHECK(report.piecesOutsideBody == 3);
  CHECK(inside.bounds[1] > 74.0); // the arm's bone reaches x = 76
  CHECK(inside.bounds[1] < 80.0); // and the lump (to x = 96) and the rail (to x = 110) are gone
  CHECK(inside.bounds[3] < 12.0); // the table too
}

TEST_CASE("A surface passing exactly through voxels still decimates", "[surface][simplify]")
{
  // Integer values at an integer threshold, as CT in HU at 350 HU: the shell
  // of voxels equal to the threshold puts points on voxels, where flying edges
  // makes coincident points and degenerate triangles.
  const AxialGrid grid({ { 48, 48, 48 } }, 0.0, 1.0);
  auto            image = MakeLabelImage({ { { 27.0, 22.0, 30.0 }, 16.0, 350 }, { { 27.0, 22.0, 30.0 }, 12.0, 700 } },
                              grid.size,
                              grid.origin,
                              grid.spacing,
                              grid.direction);
  SurfaceOptions  options;
  options.threshold = 350.0;
  const SurfaceMeasures plain = MeasureSurface(ExtractSurface(image, options));
  REQUIRE(plain.triangles > 1000);
  options.decimate = 0.6;
  const SurfaceMeasures decimated = MeasureSurface(ExtractSurface(image, options));
  CHECK(decimated.triangles < 0.45 * plain.triangles);
  CHECK(decimated.area == Approx(plain.area).epsilon(0.05));
}

TEST_CASE("A volume one voxel thick has no surface, and says so instead of failing inside VTK", "[surface]")
{
  AxialGrid      grid({ { 24, 24, 1 } }, -24.0, 2.0);
  auto           plane = MakeBallsImage({ { { 0.0, 0.0, 0.0 }, 10.0 } }, grid);
  SurfaceOptions options;
  options.threshold = 0.0;
  try
  {
    ExtractSurface(plane, options);
    FAIL("a surface from one plane");
  }
  catch (const chestct::Error & error)
  {
    CHECK(error.Problem().find("one voxel thick along its third axis") != std::string::npos);
  }
  // Two planes are enough; two planes sampled every second voxel are not.
  grid.size[2] = 2;
  auto twoPlanes = MakeBallsImage({ { { 0.0, 0.0, -23.0 }, 10.0 } }, grid);
  CHECK(MeasureSurface(ExtractSurface(twoPlanes, options)).triangles > 0);
  options.step = 2;
  CHECK_THROWS_AS(ExtractSurface(twoPlanes, options), chestct::Error);
}

TEST_CASE("Point normals are vtkPolyDataNormals' without splitting, to float rounding", "[surface]")
{
  const OffAxisGrid grid;
  auto              probe = MakeBallsImage({}, grid.size, grid.origin, grid.spacing, grid.direction);
  const auto        middle = MiddleOf(probe);
  SurfaceOptions    options;
  options.threshold = 0.0;
  options.normals = false;
  auto mesh =
    ExtractSurface(MakeBallsImage({ { middle, 14.0 }, { { middle[0] + 9.0, middle[1] - 6.0, middle[2] + 5.0 }, 8.0 } },
                                  grid.size,
                                  grid.origin,
                                  grid.spacing,
                                  grid.direction),
                   options);
  REQUIRE(mesh->GetNumberOfPolys() > 1000);
  auto reference = vtkSmartPointer<vtkPolyDataNormals>::New();
  reference->SetInputData(mesh);
  reference->ComputePointNormalsOn();
  reference->ComputeCellNormalsOff();
  reference->SplittingOff();
  reference->ConsistencyOff();
  reference->Update();
  const auto     ours = ComputeSurfaceNormals(mesh);
  vtkDataArray * expected = reference->GetOutput()->GetPointData()->GetNormals();
  vtkDataArray * computed = ours->GetPointData()->GetNormals();
  REQUIRE(computed != nullptr);
  REQUIRE(computed->GetNumberOfTuples() == expected->GetNumberOfTuples());
  double largest = 0.0;
  for (vtkIdType i = 0; i < expected->GetNumberOfTuples(); ++i)
  {
    for (int d = 0; d < 3; ++d)
    {
      largest = std::max(largest, std::abs(expected->GetComponent(i, d) - computed->GetComponent(i, d)));
    }
  }
  CHECK(largest < 1e-5);
  CHECK(ours->GetPoints() == mesh->GetPoints()); // shared, not copied
  CHECK(ours->GetNumberOfPolys() == mesh->GetNumberOfPolys());
}

namespace
{
/** The body by the definition, slowly: a flood fill from each voxel in memory order, the first largest kept. */
std::vector<unsigned char>
BodyByFloodFill(const SurfaceImageType * image, double threshold)
{
  const auto        size = image->GetBufferedRegion().GetSize();
  const long        nx = static_cast<long>(size[0]), ny = static_cast<long>(size[1]), nz = static_cast<long>(size[2]);
  const short *     v = image->GetBufferPointer();
  std::vector<long> region(static_cast<std::size_t>(nx * ny * nz), -1);
  std::vector<long> sizes;
  for (long seed = 0; seed < nx * ny * nz; ++seed)
  {
    if (region[seed] >= 0 || v[seed] < threshold)
      continue;
    const long        label = static_cast<long>(sizes.size());
    std::vector<long> stack{ seed };
    region[seed] = label;
    sizes.push_back(0);
    while (!stack.empty())
    {
      const long at = stack.back();
      stack.pop_back();
      ++sizes.back();
      const long x = at % nx, y = (at / nx) % ny, z = at / (nx * ny);
      for (const auto & [ok, next] : { std::pair{ x > 0, at - 1 },
                                       std::pair{ x + 1 < nx, at + 1 },
                                       std::pair{ y > 0, at - nx },
                                       std::pair{ y + 1 < ny, at + nx },
                                       std::pair{ z > 0, at - nx * ny },
                                       std::pair{ z + 1 < nz, at + nx * ny } })
      {
        if (ok && region[next] < 0 && v[next] >= threshold)
        {
          region[next] = label;
          stack.push_back(next);
        }
      }
    }
  }
  const long body =
    sizes.empty() ? -1 : static_cast<long>(std::max_element(sizes.begin(), sizes.end()) - sizes.begin());
  std::vector<unsigned char> mask(region.size());
  for (std::size_t i = 0; i < region.size(); ++i)
    mask[i] = body >= 0 && region[i] == body ? 1 : 0;
  return mask;
}
} // namespace

TEST_CASE("The body is the largest face-connected region at or above the threshold, the first of equals",
          "[surface][body]")
{
  std::mt19937 random(7);
  for (const double tissue : { 0.3, 0.45, 0.6 }) // below, near and above where the regions join up
  {
    auto image = SurfaceImageType::New();
    image->SetRegions(itk::Size<3>{ { 37, 29, 23 } });
    image->Allocate();
    std::bernoulli_distribution isTissue(tissue);
    for (short * v = image->GetBufferPointer(); v != image->GetBufferPointer() + 37 * 29 * 23; ++v)
      *v = isTissue(random) ? -300 : -301; // exactly at the threshold, and just below it
    const auto mask = ComputeBodyMask(image, -300.0);
    INFO("tissue fraction " << tissue);
    CHECK(std::equal(
      mask->GetBufferPointer(), mask->GetBufferPointer() + 37 * 29 * 23, BodyByFloodFill(image, -300.0).begin()));
  }
  // Two bodies of the same size: the first in memory order is kept; touching only along an edge, two regions.
  auto image = SurfaceImageType::New();
  image->SetRegions(itk::Size<3>{ { 10, 10, 10 } });
  image->Allocate();
  image->FillBuffer(-1000);
  for (long z = 0; z < 10; ++z)
    for (long y = 0; y < 10; ++y)
      for (long x = 0; x < 10; ++x)
        if ((z >= 5 && y < 5 && x < 5) || (z < 5 && y >= 5 && x >= 5))
          image->SetPixel({ { x, y, z } }, 100);
  const auto mask = ComputeBodyMask(image, -300.0);
  CHECK(mask->GetPixel({ { 7, 7, 2 } }) == 1);
  CHECK(mask->GetPixel({ { 2, 2, 7 } }) == 0);
  CHECK(std::equal(mask->GetBufferPointer(), mask->GetBufferPointer() + 1000, BodyByFloodFill(image, -300.0).begin()));
}
