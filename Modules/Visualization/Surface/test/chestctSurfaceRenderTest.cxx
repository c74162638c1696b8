// Still pictures through VTK's offscreen rendering (run under xvfb-run by CTest).
#include "chestctError.h"
#include "chestctSurfaceRender.h"
#include "chestctSurfaceTestImages.h"
#include "chestctTestData.h"

#include "itkImageFileReader.h"
#include "itkImageRegionConstIterator.h"
#include "itkImageRegionConstIteratorWithIndex.h"
#include "itkPNGImageIO.h"
#include "itkRGBPixel.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <map>

using namespace chestct;
using namespace chestct::testing;
namespace fs = std::filesystem;

namespace
{
using PictureType = itk::Image<itk::RGBPixel<unsigned char>, 2>;

PictureType::Pointer
ReadPicture(const std::string & path)
{
  auto reader = itk::ImageFileReader<PictureType>::New();
  reader->SetFileName(path);
  reader->SetImageIO(itk::PNGImageIO::New());
  reader->Update();
  return reader->GetOutput();
}

bool
IsBackground(const itk::RGBPixel<unsigned char> & pixel)
{
  // SurfaceRenderOptions' default background, (0.12, 0.12, 0.16) x 255.
  return std::abs(int(pixel[0]) - 31) <= 1 && std::abs(int(pixel[1]) - 31) <= 1 && std::abs(int(pixel[2]) - 41) <= 1;
}

struct Coverage
{
  double fraction;  ///< of pixels that are not background
  double topColumn; ///< mean column of the mesh's topmost row of pixels, 0 (left) .. 1 (right)
};

Coverage
Measure(const PictureType * picture)
{
  const auto size = picture->GetLargestPossibleRegion().GetSize();
  double     count = 0;
  long       topRow = -1;
  double     topSum = 0, topCount = 0;
  for (itk::ImageRegionConstIteratorWithIndex<PictureType> it(picture, picture->GetLargestPossibleRegion());
       !it.IsAtEnd();
       ++it)
  {
    if (IsBackground(it.Get()))
    {
      continue;
    }
    ++count;
    if (topRow < 0)
    {
      topRow = it.GetIndex()[1];
    }
    if (it.GetIndex()[1] == topRow)
    {
      topSum += it.GetIndex()[0];
      ++topCount;
    }
  }
  return { count / (size[0] * size[1]), topCount ? topSum / topCount / size[0] : 0.5 };
}

bool
HaveDisplay()
{
  const char * display = std::getenv("DISPLAY");
  return display != nullptr && *display != '\0';
}
} // namespace

TEST_CASE("Without an X display the render fails with a clear error, not a crash", "[surface][render]")
{
  const char *      saved = std::getenv("DISPLAY");
  const std::string previous = saved ? saved : "";
  unsetenv("DISPLAY");
  SurfaceOptions options;
  options.threshold = 0.0;
  auto       mesh = ExtractSurface(MakeAsymmetricImage(), options);
  const auto folder = TemporaryFolder("SurfaceRenderNoDisplay");
  try
  {
    RenderSurfacePNG(mesh, folder + "/picture.png");
    FAIL("rendered without a display");
  }
  catch (const chestct::Error & error)
  {
    CHECK(error.Remedy().find("xvfb-run") != std::string::npos);
  }
  setenv("DISPLAY", ":31999", 1); // set, but no server there
  CHECK_THROWS_AS(RenderSurfacePNG(mesh, folder + "/picture.png"), chestct::Error);
  if (saved)
  {
    setenv("DISPLAY", previous.c_str(), 1);
  }
  else
  {
    unsetenv("DISPLAY");
  }
  CHECK_FALSE(fs::exists(folder + "/picture.png"));
}

TEST_CASE("Rendered views show the mesh lit and shaded, each from its side", "[surface][render]")
{
  if (!HaveDisplay())
  {
    WARN("CHESTCT-SKIP: no X display (CTest runs this under xvfb-run, Debian package xvfb)");
    return;
  }
  SurfaceOptions options;
  options.threshold = 0.0;
  auto                            mesh = ExtractSurface(MakeAsymmetricImage(), options);
  const auto                      folder = TemporaryFolder("SurfaceRenderViews");
  std::map<std::string, Coverage> views;
  for (const char * name : { "anterior", "posterior", "left", "superior" })
  {
    SurfaceRenderOptions render;
    render.view = SurfaceViewFromName(name);
    render.width = 320;
    render.height = 240;
    const std::string path = folder + "/" + name + ".png";
    RenderSurfacePNG(mesh, path, render);
    auto picture = ReadPicture(path);
    REQUIRE(picture->GetLargestPossibleRegion().GetSize()[0] == 320);
    REQUIRE(picture->GetLargestPossibleRegion().GetSize()[1] == 240);
    CHECK_FALSE(IsBackground(picture->GetPixel({ { 160, 120 } }))); // the big ball fills the centre
    CHECK(IsBackground(picture->GetPixel({ { 2, 2 } })));
    // Shaded: the mesh is not one flat colour.
    unsigned char lowest = 255, highest = 0;
    for (itk::ImageRegionConstIterator<PictureType> it(picture, picture->GetLargestPossibleRegion()); !it.IsAtEnd();
         ++it)
    {
      if (!IsBackground(it.Get()))
      {
        lowest = std::min(lowest, it.Get()[0]);
        highest = std::max(highest, it.Get()[0]);
      }
    }
    CHECK(highest - lowest > 60);
    views[name] = Measure(picture);
    INFO(name << ": coverage " << views[name].fraction << ", top column " << views[name].topColumn);
    CHECK(views[name].fraction > 0.1);
  }
  // The small ball reaches highest, so the topmost mesh pixels are its own.
  // Anterior view (facing the patient): the patient's left on the picture's right.
  CHECK(views["anterior"].topColumn > 0.55);
  // Posterior view: the patient's left on the picture's left.
  CHECK(views["posterior"].topColumn < 0.45);
  // Left view (standing at the patient's left, facing them): anterior on the picture's left.
  CHECK(views["left"].topColumn < 0.45);
  // Superior view, anterior up: the small ball is the topmost, on the patient's left, the picture's left.
  CHECK(views["superior"].topColumn < 0.45);
  CHECK_THROWS_AS(SurfaceViewFromName("front"), chestct::Error);
}
