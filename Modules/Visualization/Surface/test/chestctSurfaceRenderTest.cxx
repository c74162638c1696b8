// Still pictures, drawn in software: the rasterizer's rules, then pictures of meshes with known answers.
#include "chestctError.h"
#include "chestctSurfaceRender.h"
#include "chestctSurfaceTestImages.h"
#include "chestctTestData.h"
#include "chestctTriangleRasterizer.h"

#include "itkImageFileReader.h"
#include "itkImageRegionConstIterator.h"
#include "itkImageRegionConstIteratorWithIndex.h"
#include "itkPNGImageIO.h"
#include "itkRGBPixel.h"

#include <catch2/catch.hpp>

#include <vtkCellArray.h>
#include <vtkPoints.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <map>
#include <random>

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

std::size_t
CountCovered(const TriangleRasterizer & rasterizer)
{
  std::size_t covered = 0;
  for (unsigned int y = 0; y < rasterizer.Height(); ++y)
  {
    for (unsigned int x = 0; x < rasterizer.Width(); ++x)
    {
      covered += rasterizer.Covered(x, y) ? 1 : 0;
    }
  }
  return covered;
}

TriangleRasterizer::Vertex
At(double x, double y, double inverseDepth = 1.0, std::array<float, 3> normal = { { 0.0f, 0.0f, 1.0f } })
{
  return { x, y, inverseDepth, normal };
}

/** The pixel at (x, y) from the top of a picture in VTK's bottom-up order. */
std::array<int, 3>
PixelAt(vtkImageData * picture, int x, int y)
{
  const int    height = picture->GetDimensions()[1];
  const auto * rgb = static_cast<const unsigned char *>(picture->GetScalarPointer(x, height - 1 - y, 0));
  return { rgb[0], rgb[1], rgb[2] };
}
} // namespace

TEST_CASE("Triangles drawn band by band make the picture drawn whole, pixel for pixel", "[surface][render]")
{
  // Overlapping random triangles at random depths, some past the picture's edges, drawn once whole and once
  // into bands of rows (as the still's threads draw them): every pixel's depth and normal must be the same.
  std::mt19937                           random(3);
  std::uniform_real_distribution<double> position(-20.0, 120.0), depth(0.2, 1.0);
  std::uniform_real_distribution<float>  component(-1.0f, 1.0f);
  const auto                             vertex = [&] {
    return At(position(random), position(random), depth(random), { { component(random), component(random), 1.0f } });
  };
  TriangleRasterizer              whole(101, 97);
  TriangleRasterizer              banded(101, 97);
  const std::vector<unsigned int> bands = { 0, 1, 30, 31, 64, 97 }; // a band of no row, and one of one row
  for (int t = 0; t < 300; ++t)
  {
    const auto a = vertex(), b = vertex(), c = vertex();
    whole.Draw(a, b, c);
    for (std::size_t band = 0; band + 1 < bands.size(); ++band)
    {
      banded.Draw(a, b, c, bands[band], bands[band + 1]);
    }
  }
  std::size_t different = 0;
  for (unsigned int y = 0; y < 97; ++y)
    for (unsigned int x = 0; x < 101; ++x)
    {
      different += whole.Covered(x, y) != banded.Covered(x, y) || whole.Normal(x, y) != banded.Normal(x, y);
    }
  CHECK(CountCovered(whole) > 5000);
  CHECK(different == 0);
}

TEST_CASE("Triangles that share edges cover every pixel centre once: no crack, no overlap", "[surface][render]")
{
  // A fan of 40 thin triangles around an off-grid centre, its rim at random radii and angles: every shared edge
  // is slanted and passes near pixel centres. Drawn one at a time, the counts add up to the count of the whole
  // fan, so no centre is covered twice; the whole fan covers the polygon's area to within its perimeter's
  // sampling, so none is left out.
  std::mt19937                           random(7);
  std::uniform_real_distribution<double> jitter(0.0, 1.0);
  const double                           cx = 61.37, cy = 58.91;
  std::vector<std::array<double, 2>>     rim;
  for (int k = 0; k < 40; ++k)
  {
    const double angle = (k + 0.8 * jitter(random)) * 2.0 * 3.14159265358979 / 40.0;
    const double radius = 40.0 + 12.0 * jitter(random);
    rim.push_back({ cx + radius * std::cos(angle), cy + radius * std::sin(angle) });
  }
  TriangleRasterizer whole(128, 128);
  std::size_t        sumOfParts = 0;
  double             area = 0.0;
  for (std::size_t k = 0; k < rim.size(); ++k)
  {
    const auto & a = rim[k];
    const auto & b = rim[(k + 1) % rim.size()];
    // Alternate the winding: back-facing triangles are drawn too.
    const auto         first = k % 2 ? At(a[0], a[1]) : At(b[0], b[1]);
    const auto         second = k % 2 ? At(b[0], b[1]) : At(a[0], a[1]);
    TriangleRasterizer alone(128, 128);
    alone.Draw(At(cx, cy), first, second);
    sumOfParts += CountCovered(alone);
    whole.Draw(At(cx, cy), first, second);
    area += 0.5 * std::abs((a[0] - cx) * (b[1] - cy) - (a[1] - cy) * (b[0] - cx));
  }
  const std::size_t covered = CountCovered(whole);
  CHECK(sumOfParts == covered);
  CHECK(std::abs(static_cast<double>(covered) - area) < 0.02 * area);

  // Two triangles splitting a square along its diagonal, corners on pixel boundaries: exactly its 30 x 20 pixels.
  TriangleRasterizer square(64, 64);
  square.Draw(At(10, 10), At(40, 10), At(40, 30));
  square.Draw(At(10, 10), At(40, 30), At(10, 30));
  CHECK(CountCovered(square) == 600);
  CHECK(square.Covered(10, 10));
  CHECK(square.Covered(39, 29));
  CHECK_FALSE(square.Covered(40, 29));
  CHECK_FALSE(square.Covered(39, 30));

  // The same through pixel centres: corners at centres, so that the four sides and the shared diagonal pass
  // through centres. The top-left rule gives the left and top sides' centres to the square and the right and
  // bottom sides' to its neighbours, and each diagonal centre to exactly one of the two triangles.
  const auto firstHalf = [](TriangleRasterizer & r) { r.Draw(At(10.5, 10.5), At(40.5, 10.5), At(40.5, 40.5)); };
  const auto secondHalf = [](TriangleRasterizer & r) { r.Draw(At(10.5, 10.5), At(40.5, 40.5), At(10.5, 40.5)); };
  TriangleRasterizer first(64, 64), second(64, 64), both(64, 64);
  firstHalf(first);
  secondHalf(second);
  firstHalf(both);
  secondHalf(both);
  CHECK(CountCovered(first) + CountCovered(second) == 900);
  CHECK(CountCovered(both) == 900);
  CHECK(both.Covered(10, 10));
  CHECK_FALSE(both.Covered(40, 20));
  CHECK_FALSE(both.Covered(20, 40));
}

TEST_CASE("The nearest triangle wins whatever the order, and a triangle seen from its back faces the eye",
          "[surface][render]")
{
  const std::array<float, 3> towardEye{ { 0.0f, 0.0f, 1.0f } };
  const std::array<float, 3> sideways{ { 1.0f, 0.0f, 0.0f } };
  for (const bool nearFirst : { true, false })
  {
    TriangleRasterizer rasterizer(32, 32);
    // Both counter-clockwise as seen (front-facing); the near one (inverse depth 0.5) tilted sideways.
    const auto near = [&] {
      rasterizer.Draw(At(2, 2, 0.5, sideways), At(2, 30, 0.5, sideways), At(30, 2, 0.5, sideways));
    };
    const auto far = [&] { rasterizer.Draw(At(2, 2, 0.1), At(2, 30, 0.1), At(30, 30, 0.1)); };
    if (nearFirst)
    {
      near();
      far();
    }
    else
    {
      far();
      near();
    }
    CHECK(rasterizer.Normal(5, 10)[0] > 0.0f);  // inside both: the near one
    CHECK(rasterizer.Normal(25, 28)[2] > 0.0f); // the far one alone
  }
  // The same triangle clockwise as seen: its normal is reversed, as two-sided lighting does.
  TriangleRasterizer front(32, 32);
  front.Draw(At(2, 2, 1.0, towardEye), At(2, 30, 1.0, towardEye), At(30, 2, 1.0, towardEye));
  TriangleRasterizer back(32, 32);
  back.Draw(At(2, 2, 1.0, towardEye), At(30, 2, 1.0, towardEye), At(2, 30, 1.0, towardEye));
  CHECK(front.Normal(5, 5)[2] > 0.0f);
  CHECK(back.Normal(5, 5)[2] < 0.0f);

  // A vertex that is not a finite point on the picture, or lies behind the eye, draws nothing.
  TriangleRasterizer damaged(32, 32);
  const double       nan = std::numeric_limits<double>::quiet_NaN();
  const double       inf = std::numeric_limits<double>::infinity();
  damaged.Draw(At(nan, 2), At(2, 30), At(30, 2));
  damaged.Draw(At(2, 2), At(inf, 30), At(30, 2));
  damaged.Draw(At(2, 2), At(2, 30), At(30, 2, nan));
  damaged.Draw(At(2, 2), At(2, 30), At(30, 2, -1.0));
  damaged.Draw(At(2, 2), At(2, 1e300), At(30, 2));
  CHECK(CountCovered(damaged) == 0);
}

TEST_CASE("A ball is drawn as large as perspective makes it, lit fully at its centre, with no display",
          "[surface][render]")
{
  // VTK could only draw through an X server here; the software renderer needs none.
  const char *      saved = std::getenv("DISPLAY");
  const std::string previous = saved ? saved : "";
  unsetenv("DISPLAY");

  const AxialGrid  grid({ { 48, 48, 48 } }, -47.0, 2.0);
  constexpr double radius = 30.0;
  SurfaceOptions   options;
  options.threshold = 0.0;
  auto                 mesh = ExtractSurface(MakeBallsImage({ { { 0.0, 0.0, 0.0 }, radius } }, grid), options);
  SurfaceRenderOptions render;
  render.width = 400;
  render.height = 300;
  auto picture = RenderSurfaceImage(mesh, render);
  if (saved)
  {
    setenv("DISPLAY", previous.c_str(), 1);
  }
  REQUIRE(picture->GetDimensions()[0] == 400);
  REQUIRE(picture->GetDimensions()[1] == 300);

  // The camera fits the sphere around the mesh's bounds (radius: half their diagonal) in the 30-degree view
  // angle; the ball then subtends asin(radius / distance) from the eye.
  double bounds[6];
  mesh->GetBounds(bounds);
  const double boundingRadius =
    0.5 * std::sqrt(std::pow(bounds[1] - bounds[0], 2) + std::pow(bounds[3] - bounds[2], 2) +
                    std::pow(bounds[5] - bounds[4], 2));
  const double halfAngle = 15.0 * 3.14159265358979 / 180.0;
  const double distance = boundingRadius / std::sin(halfAngle);
  const double focalLength = 150.0 / std::tan(halfAngle);
  const double expectedRadius = focalLength * std::tan(std::asin(radius / distance));
  std::size_t  covered = 0;
  for (int y = 0; y < 300; ++y)
  {
    for (int x = 0; x < 400; ++x)
    {
      const auto pixel = PixelAt(picture, x, y);
      covered += (pixel != std::array<int, 3>{ { 31, 31, 41 } }) ? 1 : 0;
    }
  }
  const double measuredRadius = std::sqrt(covered / 3.14159265358979);
  INFO("radius on the picture " << measuredRadius << " pixels, expected " << expectedRadius);
  CHECK(std::abs(measuredRadius - expectedRadius) < 0.01 * expectedRadius);

  // Facing the headlight: ambient + diffuse + specular = 1.2 times bone white (0.91, 0.86, 0.77), clamped.
  const auto centre = PixelAt(picture, 200, 150);
  CHECK(centre[0] == 255);
  CHECK(centre[1] == 255);
  CHECK(std::abs(centre[2] - 236) <= 2);
  // Near the rim the surface turns away from the light: darker.
  const auto rim = PixelAt(picture, 200 + static_cast<int>(0.97 * expectedRadius), 150);
  CHECK(rim[0] < 150);

  // The same mesh without normals is shaded flat, triangle by triangle, and just as large.
  options.normals = false;
  auto flat =
    RenderSurfaceImage(ExtractSurface(MakeBallsImage({ { { 0.0, 0.0, 0.0 }, radius } }, grid), options), render);
  CHECK(PixelAt(flat, 200, 150)[0] > 240);
  CHECK(PixelAt(flat, 200 + static_cast<int>(0.97 * expectedRadius), 150)[0] < 150);

  // The same input gives the same pixels.
  auto       again = RenderSurfaceImage(mesh, render);
  const auto bytes = static_cast<std::size_t>(400 * 300 * 3);
  CHECK(std::equal(static_cast<unsigned char *>(picture->GetScalarPointer()),
                   static_cast<unsigned char *>(picture->GetScalarPointer()) + bytes,
                   static_cast<unsigned char *>(again->GetScalarPointer())));
}

TEST_CASE("An empty mesh or an impossible picture size is refused, and no file is left", "[surface][render]")
{
  const auto folder = TemporaryFolder("SurfaceRenderRefused");
  auto       empty = vtkSmartPointer<vtkPolyData>::New();
  empty->SetPoints(vtkSmartPointer<vtkPoints>::New());
  empty->SetPolys(vtkSmartPointer<vtkCellArray>::New());
  try
  {
    RenderSurfacePNG(empty, folder + "/empty.png");
    FAIL("drew an empty mesh");
  }
  catch (const chestct::Error & error)
  {
    CHECK(error.File() == folder + "/empty.png");
    CHECK(std::string(error.what()).find("empty") != std::string::npos);
  }
  SurfaceOptions options;
  options.threshold = 0.0;
  auto                 mesh = ExtractSurface(MakeAsymmetricImage(), options);
  SurfaceRenderOptions render;
  render.width = 0;
  CHECK_THROWS_AS(RenderSurfacePNG(mesh, folder + "/zero.png", render), chestct::Error);
  render.width = kMaximumPictureSize + 1;
  CHECK_THROWS_AS(RenderSurfacePNG(mesh, folder + "/huge.png", render), chestct::Error);
  CHECK(fs::is_empty(folder));
}

TEST_CASE("Rendered views show the mesh lit and shaded, each from its side", "[surface][render]")
{
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
