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
#include <vtkPLYReader.h>
#include <vtkSTLReader.h>
#include <vtkSmartPointer.h>
#include <vtkXMLPolyDataReader.h>

#include <filesystem>

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
