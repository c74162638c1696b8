// Mesh files: every format reads back as the same triangles in the same place,
// and a failed write leaves nothing behind.
#include "chestctError.h"
#include "chestctSurfaceFile.h"
#include "chestctSurfaceMeasures.h"
#include "chestctSurfaceTestImages.h"
#include "chestctTestData.h"

#include <catch2/catch.hpp>

#include <vtkAbstractPolyDataReader.h>
#include <vtkOBJReader.h>
#include <vtkCellArray.h>
#include <vtkPLYReader.h>
#include <vtkPLYWriter.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkSTLReader.h>
#include <vtkSmartPointer.h>
#include <vtkXMLPolyDataReader.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <iterator>

using namespace chestct;
using namespace chestct::testing;
namespace fs = std::filesystem;

namespace
{
vtkSmartPointer<vtkPolyData>
ReadBack(const std::string & path)
{
  const std::string             extension = fs::path(path).extension().string();
  vtkSmartPointer<vtkAlgorithm> reader;
  if (extension == ".stl")
  {
    auto stl = vtkSmartPointer<vtkSTLReader>::New();
    stl->SetFileName(path.c_str());
    reader = stl;
  }
  else if (extension == ".ply")
  {
    auto ply = vtkSmartPointer<vtkPLYReader>::New();
    ply->SetFileName(path.c_str());
    reader = ply;
  }
  else if (extension == ".obj")
  {
    auto obj = vtkSmartPointer<vtkOBJReader>::New();
    obj->SetFileName(path.c_str());
    reader = obj;
  }
  else
  {
    auto vtp = vtkSmartPointer<vtkXMLPolyDataReader>::New();
    vtp->SetFileName(path.c_str());
    reader = vtp;
  }
  reader->Update();
  return vtkPolyData::SafeDownCast(reader->GetOutputDataObject(0));
}
} // namespace

TEST_CASE("Meshes are written as STL, PLY, OBJ and VTP and read back the same", "[surface][file]")
{
  SurfaceOptions options;
  options.threshold = 0.0;
  options.step = 2;
  auto                  mesh = ExtractSurface(MakeAsymmetricImage(), options);
  const SurfaceMeasures written = MeasureSurface(mesh);
  REQUIRE(written.triangles > 100);
  const std::string folder = TemporaryFolder("SurfaceFiles");
  for (const char * name : { "mesh.stl", "mesh.ply", "mesh.obj", "mesh.vtp" })
  {
    INFO(name);
    const std::string path = folder + "/" + name;
    WriteSurface(mesh, path);
    auto read = ReadBack(path);
    REQUIRE(read);
    const SurfaceMeasures measures = MeasureSurface(read);
    CHECK(measures.triangles == written.triangles);
    CHECK(measures.area == Approx(written.area).epsilon(1e-4));
    for (unsigned int i = 0; i < 6; ++i)
    {
      CHECK(measures.bounds[i] == Approx(written.bounds[i]).margin(1e-3));
    }
  }
  // Nothing but the four files: no temporary left over.
  CHECK(std::distance(fs::directory_iterator(folder), fs::directory_iterator()) == 4);
  CHECK(IsSurfaceFileName("A.PLY"));
  CHECK_FALSE(IsSurfaceFileName("mesh.nrrd"));
  CHECK_THROWS_AS(WriteSurface(mesh, folder + "/mesh.nrrd"), chestct::Error);
  CHECK_THROWS_AS(WriteSurface(mesh, folder + "/no-such-folder/mesh.stl"), chestct::Error);
  CHECK_FALSE(fs::exists(folder + "/no-such-folder"));
  // An empty mesh is refused by name (VTK's writers would log an error and write nothing).
  auto empty = vtkSmartPointer<vtkPolyData>::New();
  for (const char * name : { "/empty.ply", "/empty.stl" })
  {
    try
    {
      WriteSurface(empty, folder + name);
      FAIL("wrote an empty mesh");
    }
    catch (const chestct::Error & error)
    {
      CHECK(error.File() == folder + name);
      CHECK(error.Problem().find("empty") != std::string::npos);
    }
  }
  CHECK(std::distance(fs::directory_iterator(folder), fs::directory_iterator()) == 4);
}

TEST_CASE("A PLY file is byte for byte what vtkPLYWriter writes", "[surface][file]")
{
  // A surface with point normals (which neither writer stores), and a mesh of a quad and a triangle in double
  // precision: polygons of other sizes, points narrowed to float.
  SurfaceOptions options;
  options.threshold = 0.0;
  auto surface = ExtractSurface(MakeAsymmetricImage(), options);
  REQUIRE(surface->GetPointData()->GetNormals() != nullptr);
  auto points = vtkSmartPointer<vtkPoints>::New();
  points->SetDataTypeToDouble();
  for (const auto & p : { std::array<double, 3>{ 0.1, 0.2, 0.3 },
                          { 10.123456789, -3.5, 2.0 },
                          { 1e6 / 3.0, 7.25, -0.001 },
                          { -4.0, 5.0, 6.0 },
                          { 8.0, 9.0, 1e-9 } })
  {
    points->InsertNextPoint(p.data());
  }
  auto            polygons = vtkSmartPointer<vtkCellArray>::New();
  const vtkIdType quad[] = { 0, 1, 2, 3 }, triangle[] = { 4, 3, 2 };
  polygons->InsertNextCell(4, quad);
  polygons->InsertNextCell(3, triangle);
  auto mixed = vtkSmartPointer<vtkPolyData>::New();
  mixed->SetPoints(points);
  mixed->SetPolys(polygons);

  const std::string folder = TemporaryFolder("SurfacePLY");
  const auto        bytes = [](const std::string & path) {
    std::ifstream file(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  };
  int index = 0;
  for (vtkPolyData * mesh : { surface.GetPointer(), mixed.GetPointer() })
  {
    INFO("mesh " << index);
    const std::string ours = folder + "/ours" + std::to_string(index) + ".ply";
    const std::string vtks = folder + "/vtk" + std::to_string(index) + ".ply";
    ++index;
    WriteSurface(mesh, ours);
    auto writer = vtkSmartPointer<vtkPLYWriter>::New();
    writer->SetInputData(mesh);
    writer->SetFileName(vtks.c_str());
    writer->SetFileTypeToBinary();
    writer->AddComment("chestct surface, LPS mm");
    REQUIRE(writer->Write() == 1);
    const std::string expected = bytes(vtks);
    REQUIRE(expected.size() > 200);
    CHECK(bytes(ours) == expected);
  }
}
