// chestct surface, run in-process: on the phantom, whose anatomy is known at
// every point of patient space, and on real data where present.
#include "chestctCommandLine.h"
#include "chestctCommandLineTestRunner.h"
#include "chestctTestData.h"
#include "chestctThoraxPhantom.h"

#include "itkImageFileReader.h"
#include "itkPNGImageIO.h"
#include "itkRGBPixel.h"

#include <catch2/catch.hpp>

#include <vtkPolyData.h>
#include <vtkSmartPointer.h>
#include <vtkXMLPolyDataReader.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace chestct;
using namespace chestct::testing;
namespace fs = std::filesystem;

namespace
{
ThoraxPhantomParameters
NoiselessPhantom()
{
  ThoraxPhantomParameters parameters;
  parameters.columns = parameters.rows = 96;
  parameters.pixelSpacing = 4.0;
  parameters.slices = 24;
  parameters.noiseSigma = 0.0;
  return parameters;
}

vtkSmartPointer<vtkPolyData>
ReadMesh(const std::string & path)
{
  auto reader = vtkSmartPointer<vtkXMLPolyDataReader>::New();
  reader->SetFileName(path.c_str());
  reader->Update();
  return reader->GetOutput();
}

// The fraction of the mesh's points within `reach` mm (along an axis) of the given tissue.
double
FractionNear(const ThoraxPhantom & phantom, vtkPolyData * mesh, PhantomTissue tissue, double reach)
{
  std::size_t near = 0;
  for (vtkIdType id = 0; id < mesh->GetNumberOfPoints(); ++id)
  {
    double p[3];
    mesh->GetPoint(id, p);
    bool found = false;
    for (int axis = 0; axis < 3 && !found; ++axis)
    {
      for (const double offset : { -reach, 0.0, reach })
      {
        ThoraxPhantom::PointType point(p);
        point[axis] += offset;
        found = found || phantom.TissueAt(point) == tissue;
      }
    }
    near += found ? 1 : 0;
  }
  return mesh->GetNumberOfPoints() ? static_cast<double>(near) / mesh->GetNumberOfPoints() : 0.0;
}
} // namespace

TEST_CASE("surface has --help and refuses bad usage", "[cli][surface]")
{
  const Run help = Chestct({ "surface", "--help" });
  REQUIRE(help.status == 0);
  REQUIRE(Contains(help.out, "usage: chestct surface"));
  REQUIRE(Contains(help.out, "LPS"));
  REQUIRE(Contains(Chestct({ "--help" }).out, "surface"));
  REQUIRE(Contains(Chestct({ "surface", "in" }).err, "nothing to write"));
  REQUIRE(Chestct({ "surface", "in", "-o", "m.stl", "--algorithm", "dual" }).status == 2);
  REQUIRE(Chestct({ "surface", "in", "-o", "m.stl", "--step", "0" }).status == 2);
  REQUIRE(Chestct({ "surface", "in", "-o", "m.stl", "--decimate", "1" }).status == 2);
  REQUIRE(Chestct({ "surface", "in", "-o", "m.stl", "--view", "front" }).status == 2);
  REQUIRE(Chestct({ "surface", "in", "-o", "m.stl", "--label", "2", "--threshold", "3" }).status == 2);
  REQUIRE(Chestct({ "surface", "in", "-o", "m.stl", "--label", "2", "--body" }).status == 2);
  const Run badName = Chestct({ "surface", "in", "-o", "mesh.nrrd" });
  REQUIRE(badName.status == 1);
  REQUIRE(Contains(badName.err, ".stl, .ply, .obj or .vtp"));
  REQUIRE(Chestct({ "surface", "in", "--html", "page.txt" }).status == 1);
  REQUIRE(Chestct({ "surface", "in", "--render", "picture.jpg" }).status == 1);
}

TEST_CASE("surface meshes the phantom's bone where the bone is in patient space", "[cli][surface]")
{
  const std::string   folder = TemporaryFolder("cli-surface-bone");
  const ThoraxPhantom phantom(NoiselessPhantom());
  phantom.WriteDICOMSeries(folder + "/dicom");
  const Run run = Chestct({ "surface", folder + "/dicom", "-o", folder + "/bone.vtp", "--threshold", "350" });
  INFO(run.out << run.err);
  REQUIRE(run.status == 0);
  REQUIRE(Contains(run.out, "triangles, area"));
  REQUIRE(Contains(run.out, "LPS mm"));
  auto mesh = ReadMesh(folder + "/bone.vtp");
  REQUIRE(mesh->GetNumberOfPolys() > 1000);
  // Every vertex lies on a bone boundary: within one voxel of bone. A mesh
  // mirrored or shifted (the spine is posterior, the ribs asymmetric in z) would not.
  CHECK(FractionNear(phantom, mesh, PhantomTissue::Bone, 4.0) > 0.99);
  // The same surface from the volume file that 'convert' writes.
  REQUIRE(Chestct({ "convert", folder + "/dicom", "-o", folder + "/ct.nrrd", "-q" }).status == 0);
  const Run fromFile = Chestct({ "surface", folder + "/ct.nrrd", "-o", folder + "/bone2.vtp" });
  REQUIRE(fromFile.status == 0);
  CHECK(ReadMesh(folder + "/bone2.vtp")->GetNumberOfPolys() == mesh->GetNumberOfPolys());
  // Largest pieces, smoothing, decimation, marching cubes, step 2, other formats.
  const Run options = Chestct({ "surface",
                                folder + "/ct.nrrd",
                                "-o",
                                folder + "/bone.ply",
                                "--largest",
                                "3",
                                "--smooth",
                                "10",
                                "--decimate",
                                "0.5",
                                "--algorithm",
                                "marchingcubes",
                                "--step",
                                "2" });
  INFO(options.out << options.err);
  REQUIRE(options.status == 0);
  CHECK(Contains(options.out, "kept the 3 largest of"));
  CHECK(fs::file_size(folder + "/bone.ply") > 1000);
  // A threshold above everything: a clear error, no file.
  const Run none = Chestct({ "surface", folder + "/ct.nrrd", "-o", folder + "/none.stl", "--threshold", "3000" });
  CHECK(none.status == 1);
  CHECK(Contains(none.err, "no surface at 3000"));
  CHECK_FALSE(fs::exists(folder + "/none.stl"));
}

TEST_CASE("surface --label meshes one lung of a label image", "[cli][surface]")
{
  const std::string folder = TemporaryFolder("cli-surface-label");
  REQUIRE(Chestct({ "phantom",
                    "-o",
                    folder + "/dicom",
                    "--columns",
                    "96",
                    "--rows",
                    "96",
                    "--pixel-spacing",
                    "4",
                    "--slices",
                    "24",
                    "--noise",
                    "0",
                    "--truth-labels",
                    folder + "/lungs.nrrd" })
            .status == 0);
  const ThoraxPhantom phantom(NoiselessPhantom());
  const Run           run = Chestct({ "surface", folder + "/lungs.nrrd", "--label", "2", "-o", folder + "/left.vtp" });
  INFO(run.out << run.err);
  REQUIRE(run.status == 0);
  REQUIRE(Contains(run.out, "label 2"));
  auto mesh = ReadMesh(folder + "/left.vtp");
  REQUIRE(mesh->GetNumberOfPolys() > 500);
  double bounds[6];
  mesh->GetBounds(bounds);
  CHECK(bounds[0] > 0.0); // the left lung lies at +x (LPS: the patient's left)
  CHECK(FractionNear(phantom, mesh, PhantomTissue::LeftLung, 4.0) > 0.99);
  const Run absent = Chestct({ "surface", folder + "/lungs.nrrd", "--label", "9", "-o", folder + "/none.vtp" });
  CHECK(absent.status == 1);
  CHECK(Contains(absent.err, "no voxel with label 9"));
}

TEST_CASE("surface --render draws views that differ and --html writes a page", "[cli][surface]")
{
  const std::string   folder = TemporaryFolder("cli-surface-render");
  const ThoraxPhantom phantom(NoiselessPhantom());
  phantom.WriteDICOMSeries(folder + "/dicom");
  REQUIRE(Chestct({ "convert", folder + "/dicom", "-o", folder + "/ct.nrrd", "-q" }).status == 0);
  const Run html =
    Chestct({ "surface", folder + "/ct.nrrd", "--html", folder + "/bone.html", "--html-triangles", "5000" });
  INFO(html.out << html.err);
  REQUIRE(html.status == 0);
  CHECK(Contains(html.out, "decimated for the browser"));
  CHECK(Contains(ReadText(folder + "/bone.html"), "chestct-mesh"));
  using PictureType = itk::Image<itk::RGBPixel<unsigned char>, 2>;
  std::vector<PictureType::Pointer> pictures;
  for (const char * view : { "anterior", "posterior" })
  {
    const std::string path = folder + "/" + view + ".png";
    const Run run = Chestct({ "surface", folder + "/ct.nrrd", "--render", path, "--view", view, "--size", "200" });
    INFO(run.out << run.err);
    REQUIRE(run.status == 0);
    auto reader = itk::ImageFileReader<PictureType>::New();
    reader->SetFileName(path);
    reader->SetImageIO(itk::PNGImageIO::New());
    reader->Update();
    pictures.push_back(reader->GetOutput());
  }
  // The phantom is not symmetric front to back (spine and its process behind,
  // ribs sloping down in front): the two views differ in many pixels.
  std::size_t different = 0, mesh = 0;
  const auto  background = pictures[0]->GetPixel({ { 0, 0 } });
  for (long y = 0; y < 200; ++y)
  {
    for (long x = 0; x < 200; ++x)
    {
      const auto a = pictures[0]->GetPixel({ { x, y } });
      const auto b = pictures[1]->GetPixel({ { x, y } });
      different += (std::abs(int(a[0]) - int(b[0])) > 30) ? 1 : 0;
      mesh += (a != background) ? 1 : 0;
    }
  }
  CHECK(mesh > 2000);
  CHECK(different > 1000);
}

TEST_CASE("surface on a real chest: bone at 350 HU and the table kept out with --body", "[cli][surface][data]")
{
  const std::string dicom = SharedDataPath("chest/lungdx-A0001-5mm");
  CHESTCT_REQUIRE_DATA(dicom, "chest/lungdx-A0001-5mm");
  const std::string folder = TemporaryFolder("cli-surface-real");
  const Run         bone = Chestct({ "surface", dicom, "-o", folder + "/bone.vtp" });
  INFO(bone.out << bone.err);
  REQUIRE(bone.status == 0);
  auto mesh = ReadMesh(folder + "/bone.vtp");
  CHECK(mesh->GetNumberOfPolys() > 200000);
  double bounds[6];
  mesh->GetBounds(bounds);
  CHECK(bounds[1] - bounds[0] > 250.0); // the rib cage and shoulder girdle are wide
  // At 250 HU the table (about 300 HU at its densest here) is part of the iso-surface; --body drops it.
  const Run low = Chestct({ "surface", dicom, "-o", folder + "/low.vtp", "--threshold", "250" });
  const Run body = Chestct({ "surface", dicom, "-o", folder + "/body.vtp", "--threshold", "250", "--body" });
  INFO(low.out << body.out << body.err);
  REQUIRE(low.status == 0);
  REQUIRE(body.status == 0);
  double withTable[6], withoutTable[6];
  ReadMesh(folder + "/low.vtp")->GetBounds(withTable);
  ReadMesh(folder + "/body.vtp")->GetBounds(withoutTable);
  CHECK(withTable[3] - withoutTable[3] > 15.0); // the most posterior point moves forward off the table
  CHECK(Contains(body.out, "pieces outside the body"));
}
