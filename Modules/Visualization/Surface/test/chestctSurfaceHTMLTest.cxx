// The interactive page: self-contained, and drawn by a real browser (headless
// Chromium, software WebGL) with no console errors.
#include "chestctSurfaceHTML.h"
#include "chestctSurfaceTestImages.h"
#include "chestctTestData.h"

#include "itkImageFileReader.h"
#include "itkPNGImageIO.h"
#include "itkRGBPixel.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace chestct;
using namespace chestct::testing;
namespace fs = std::filesystem;

namespace
{
std::string
ReadText(const std::string & path)
{
  std::ifstream      in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

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

std::string
Chromium()
{
  const std::string path = CHESTCT_CHROMIUM;
  return path.find("NOTFOUND") == std::string::npos && fs::exists(path) ? path : std::string();
}
} // namespace

TEST_CASE("The HTML page embeds the mesh and its viewer and needs no network", "[surface][html]")
{
  REQUIRE(SurfaceHTMLViewerAvailable());
  SurfaceOptions options;
  options.threshold = 0.0;
  auto               mesh = ExtractSurface(MakeAsymmetricImage(), options);
  const std::string  folder = TemporaryFolder("SurfaceHTMLPage");
  SurfaceHTMLOptions html;
  html.title = "two <balls> & more";
  const SurfaceMeasures full = WriteSurfaceHTML(mesh, folder + "/full.html", html);
  CHECK(full.triangles == static_cast<std::size_t>(mesh->GetNumberOfPolys()));
  const std::string page = ReadText(folder + "/full.html");
  CHECK(page.find("two &lt;balls&gt; &amp; more") != std::string::npos);
  CHECK(page.find("chestct-mesh") != std::string::npos);
  // Self-contained: no script, stylesheet or module fetched from anywhere.
  CHECK(page.find("<script src") == std::string::npos);
  CHECK(page.find("<link") == std::string::npos);
  CHECK(page.find("import(") == std::string::npos);
  // A heavy mesh is decimated to the cap.
  html.maximumTriangles = full.triangles / 4;
  const SurfaceMeasures capped = WriteSurfaceHTML(mesh, folder + "/capped.html", html);
  CHECK(capped.triangles <= html.maximumTriangles * 105 / 100);
  CHECK(capped.triangles >= html.maximumTriangles * 90 / 100);
  CHECK(capped.area == Approx(full.area).epsilon(0.03));
}

TEST_CASE("Headless Chromium draws the HTML page's mesh without console errors", "[surface][html][chromium]")
{
  const std::string chromium = Chromium();
  if (chromium.empty())
  {
    WARN("CHESTCT-SKIP: chromium not found (Debian package chromium)");
    return;
  }
  SurfaceOptions options;
  options.threshold = 0.0;
  const std::string folder = TemporaryFolder("SurfaceHTMLChromium");
  const std::string page = folder + "/surface.html";
  WriteSurfaceHTML(ExtractSurface(MakeAsymmetricImage(), options), page);
  const std::string screenshot = folder + "/screenshot.png";
  const std::string log = folder + "/chromium.log";
  // Root needs --no-sandbox; everything that would reach the network is off;
  // SwiftShader is the software WebGL of a machine without a GPU.
  const std::string command = "'" + chromium + "' --headless --no-sandbox --disable-gpu --use-gl=angle " +
                              "--use-angle=swiftshader --enable-unsafe-swiftshader --disable-quic --no-first-run " +
                              "--disable-background-networking --disable-component-update --disable-sync " +
                              "--user-data-dir='" + folder + "/profile' --enable-logging=stderr --v=0 " +
                              "--virtual-time-budget=5000 --window-size=800,600 --screenshot='" + screenshot +
                              "' 'file://" + page + "' > '" + log + "' 2>&1";
  const int status = std::system(command.c_str());
  INFO("chromium log:\n" << ReadText(log));
  REQUIRE(status == 0);
  REQUIRE(fs::exists(screenshot));
  const std::string output = ReadText(log);
  CHECK(output.find("Uncaught") == std::string::npos);
  CHECK(output.find("chestct viewer:") == std::string::npos); // the viewer's own console.error
  // Every console message of the page, but for the GL driver's notes on the screenshot's ReadPixels.
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);)
  {
    if (line.find(":CONSOLE") != std::string::npos && line.find("GL Driver Message") == std::string::npos)
    {
      FAIL_CHECK("console message: " << line);
    }
  }

  auto       picture = ReadPicture(screenshot);
  const auto size = picture->GetLargestPossibleRegion().GetSize();
  REQUIRE(size[0] == 800);
  // The background is #1e1e28; the mesh, bone white and lit, covers the centre.
  const auto center = picture->GetPixel({ { static_cast<long>(size[0] / 2), static_cast<long>(size[1] / 2) } });
  INFO("centre pixel " << int(center[0]) << "," << int(center[1]) << "," << int(center[2]));
  CHECK((std::abs(int(center[0]) - 0x1e) + std::abs(int(center[1]) - 0x1e) + std::abs(int(center[2]) - 0x28)) > 60);
  const auto corner = picture->GetPixel({ { 5, static_cast<long>(size[1]) - 5 } });
  CHECK(int(corner[0]) == 0x1e);
  CHECK(int(corner[2]) == 0x28);
}
