// Slice montages: picture size, tile layout, window levels, orientation, aspect ratio, blank tiles, overlay.
#include "chestctError.h"
#include "chestctMontage.h"
#include "chestctTestData.h"

#include "itkImageFileReader.h"
#include "itkPNGImageIO.h"
#include "itkImageRegionIteratorWithIndex.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <vector>

using namespace chestct;

namespace
{
using ShortImage = itk::Image<short, 3>;

ShortImage::Pointer
Volume(itk::Size<3> size, itk::Vector<double, 3> spacing, const ShortImage::DirectionType & direction,
       const std::function<short(const itk::Point<double, 3> &, const itk::Index<3> &)> & f)
{
  auto image = ShortImage::New();
  image->SetRegions(size);
  image->SetSpacing(spacing);
  image->SetDirection(direction);
  itk::Point<double, 3> origin;
  for (unsigned int d = 0; d < 3; ++d)
  {
    origin[d] = -direction(d, d) * 0.5 * (size[d] - 1) * spacing[d]; // centred on 0
  }
  image->SetOrigin(origin);
  image->Allocate();
  for (itk::ImageRegionIteratorWithIndex<ShortImage> it(image, image->GetBufferedRegion()); !it.IsAtEnd(); ++it)
  {
    itk::Point<double, 3> p;
    image->TransformIndexToPhysicalPoint(it.GetIndex(), p);
    it.Set(f(p, it.GetIndex()));
  }
  return image;
}

ShortImage::DirectionType
Identity()
{
  ShortImage::DirectionType direction;
  direction.SetIdentity();
  return direction;
}

itk::Vector<double, 3>
Spacing(double x, double y, double z)
{
  itk::Vector<double, 3> spacing;
  spacing[0] = x;
  spacing[1] = y;
  spacing[2] = z;
  return spacing;
}

unsigned char
Grey(const MontageImageType & picture, long x, long y)
{
  return picture.GetPixel({ { x, y } })[0];
}
} // namespace

TEST_CASE("Montage size and tile layout follow rows, columns, tile size and gap", "[montage]")
{
  const auto     image = Volume({ { 40, 30, 20 } }, Spacing(1, 1, 2), Identity(), [](auto &, auto &) { return 0; });
  MontageOptions options;
  options.rows = 2;
  options.columns = 3;
  options.start = 2;
  options.every = 5;
  options.tileSize = 80;
  MontageLayout layout;
  const auto    picture = RenderMontage(*image, nullptr, options, "", &layout);
  REQUIRE(layout.tileWidth == 80); // 40 mm across, 30 mm down: 2 pixels per mm
  REQUIRE(layout.tileHeight == 60);
  REQUIRE(layout.width == 3 * 80 + 4 * 4);
  REQUIRE(layout.height == 2 * 60 + 3 * 4);
  REQUIRE(picture->GetLargestPossibleRegion().GetSize() == itk::Size<2>{ { layout.width, layout.height } });
  REQUIRE(layout.sliceAxis == 2);
  REQUIRE(layout.slices == std::vector<long>{ 2, 7, 12, 17, -1, -1 }); // past slice 19: blank
  REQUIRE(layout.TileCorner(4, 3, 4) == std::make_pair(4u + 84u, 4u + 64u));

  // Blank tiles are background through and through; drawn tiles are not.
  const auto [bx, by] = layout.TileCorner(5, 3, 4);
  for (unsigned int y = 0; y < layout.tileHeight; ++y)
  {
    for (unsigned int x = 0; x < layout.tileWidth; ++x)
    {
      REQUIRE(Grey(*picture, bx + x, by + y) == MontageBackgroundGrey);
    }
  }
  const auto [dx, dy] = layout.TileCorner(3, 3, 4);
  REQUIRE(Grey(*picture, dx + 40, dy + 30) != MontageBackgroundGrey);

  options.rows = 0;
  REQUIRE_THROWS_AS(RenderMontage(*image, nullptr, options, "ct.nrrd"), Error);
  options.rows = 1;
  options.every = 0;
  REQUIRE_THROWS_WITH(RenderMontage(*image, nullptr, options, "ct.nrrd"), Catch::Contains("ct.nrrd"));
}

TEST_CASE("Window levels map to the expected greys", "[montage]")
{
  REQUIRE(DisplayWindowFromName("lung").width == 1500.0);
  REQUIRE(DisplayWindowFromName("lung").level == -600.0);
  REQUIRE(DisplayWindowFromName("mediastinum").width == 350.0);
  REQUIRE(DisplayWindowFromName("bone").level == 400.0);
  REQUIRE(DisplayWindowFromName("400,-20").level == -20.0);
  REQUIRE_THROWS_WITH(DisplayWindowFromName("0,40"), Catch::Contains("W > 0"));
  REQUIRE_THROWS_AS(DisplayWindowFromName("soft"), Error);

  // Each slice one value: the grey of the tile's centre is that value through the window.
  const short values[] = { -2000, -1350, -600, 150, 1000, -975 };
  const auto  image = Volume(
    { { 20, 20, 6 } }, Spacing(1, 1, 1), Identity(), [&](auto &, const itk::Index<3> & i) { return values[i[2]]; });
  MontageOptions options;
  options.rows = 1;
  options.columns = 6;
  options.start = 0;
  options.every = 1;
  options.tileSize = 40;
  options.labels = false;
  MontageLayout       layout;
  const auto          picture = RenderMontage(*image, nullptr, options, "", &layout);
  const unsigned char expected[] = { 0, 0, 128, 255, 255, 64 }; // lung: 1500 wide at -600
  for (std::size_t tile = 0; tile < 6; ++tile)
  {
    const auto [x, y] = layout.TileCorner(tile, 6, options.gap);
    INFO("slice " << tile);
    REQUIRE(Grey(*picture, x + 20, y + 20) == expected[tile]);
    REQUIRE(WindowGrey(values[tile], options.window) == expected[tile]);
  }
}

TEST_CASE("A window's grey is round(255 (value - level + width/2) / width) clamped, halves up", "[montage]")
{
  // Against the definition, with libm's round, over values in steps of 1/1024 HU and at the values next to
  // the halves, where adding one half could round up in floating point.
  const DisplayWindow windows[] = { { 1500, -600 }, { 350, 40 }, { 255, 127.5 }, { 1, 0 }, { 3.3, -0.7 } };
  for (const DisplayWindow & window : windows)
  {
    const auto reference = [&](double value) {
      return static_cast<unsigned char>(
        std::clamp(std::round(255.0 * (value - window.level + window.width / 2.0) / window.width), 0.0, 255.0));
    };
    std::vector<double> values;
    for (int step = -2048 * 1024; step <= 2048 * 1024; ++step)
    {
      values.push_back(step / 1024.0);
    }
    for (double half = 0.5; half < 256.0; half += 1.0)
    {
      // The value whose grey is `half`, and the doubles on either side of it.
      const double value = half * window.width / 255.0 + window.level - window.width / 2.0;
      values.insert(values.end(), { std::nextafter(value, -1e9), value, std::nextafter(value, 1e9) });
    }
    const auto differs = std::find_if(
      values.begin(), values.end(), [&](double value) { return WindowGrey(value, window) != reference(value); });
    INFO("window " << window.width << "," << window.level << ": first value that differs "
                   << (differs == values.end() ? 0.0 : *differs));
    REQUIRE(differs == values.end());
  }
}

TEST_CASE("Tiles follow the radiological convention whatever the direction matrix", "[montage]")
{
  // Patient left (+x in LPS) bright, right dark; anterior (-y) half of the left side brighter still.
  const auto tissue = [](const itk::Point<double, 3> & p, const itk::Index<3> &) -> short {
    return p[0] > 0 ? (p[1] < 0 ? 1000 : 0) : -1000;
  };
  ShortImage::DirectionType flipped = Identity();
  flipped(0, 0) = -1.0; // x index runs towards the patient's right
  flipped(2, 2) = -1.0;
  for (const auto & direction : { Identity(), flipped })
  {
    const auto     image = Volume({ { 40, 40, 4 } }, Spacing(1, 1, 1), direction, tissue);
    MontageOptions options;
    options.rows = options.columns = 1;
    options.start = 1;
    options.tileSize = 40;
    options.labels = false;
    options.window = { 2000.0, 0.0 };
    MontageLayout layout;
    const auto    picture = RenderMontage(*image, nullptr, options, "", &layout);
    const long    g = options.gap;
    REQUIRE(Grey(*picture, g + 5, g + 5) == 0); // image left = patient right
    REQUIRE(Grey(*picture, g + 5, g + 35) == 0);
    REQUIRE(Grey(*picture, g + 35, g + 5) == 255);  // image right, top = patient left, anterior
    REQUIRE(Grey(*picture, g + 35, g + 35) == 128); // image right, bottom = patient left, posterior
  }
}

TEST_CASE("Coronal and sagittal tiles keep the physical aspect ratio and put the head at the top", "[montage]")
{
  // 0.8 mm pixels, 5 mm slices: z increases towards the head, and the value with it.
  const auto image =
    Volume({ { 50, 40, 12 } }, Spacing(0.8, 0.8, 5.0), Identity(), [](auto &, const itk::Index<3> & i) {
      return static_cast<short>(-1000 + 150 * i[2]);
    });
  MontageOptions options;
  options.rows = options.columns = 1;
  options.start = 20;
  options.tileSize = 120;
  options.labels = false;
  options.window = { 2000.0, 0.0 };
  options.axis = MontageAxis::Coronal;
  MontageLayout layout;
  auto          picture = RenderMontage(*image, nullptr, options, "", &layout);
  REQUIRE(layout.sliceAxis == 1);
  REQUIRE(layout.tileHeight == 120); // 60 mm of z is the longer side
  REQUIRE(layout.tileWidth == 80);   // 40 mm of x
  REQUIRE(layout.pixelWidth == Approx(layout.pixelHeight));
  const long g = options.gap;
  REQUIRE(Grey(*picture, g + 40, g + 2) > Grey(*picture, g + 40, g + 117)); // superior (brighter) at the top

  options.axis = MontageAxis::Sagittal;
  picture = RenderMontage(*image, nullptr, options, "", &layout);
  REQUIRE(layout.sliceAxis == 0);
  REQUIRE(layout.tileHeight == 120);
  REQUIRE(layout.tileWidth == 64); // 32 mm of y
  REQUIRE(MontageAxisFromName("sagittal") == MontageAxis::Sagittal);
  REQUIRE_THROWS_AS(MontageAxisFromName("oblique"), Error);
}

TEST_CASE("A mask on another grid is overlaid where it lies in patient space, and the PNG is written", "[montage]")
{
  const auto image = Volume({ { 40, 40, 4 } }, Spacing(1, 1, 1), Identity(), [](auto &, auto &) { return -600; });
  // The mask: label 1 for the patient's right half (x < 0), on a coarser grid.
  auto mask = MontageMaskType::New();
  mask->SetRegions(itk::Size<3>{ { 20, 20, 2 } });
  itk::Vector<double, 3> spacing = Spacing(2, 2, 2);
  mask->SetSpacing(spacing);
  itk::Point<double, 3> origin;
  origin[0] = origin[1] = -19.0;
  origin[2] = -1.0;
  mask->SetOrigin(origin);
  mask->Allocate();
  for (itk::ImageRegionIteratorWithIndex<MontageMaskType> it(mask, mask->GetBufferedRegion()); !it.IsAtEnd(); ++it)
  {
    it.Set(it.GetIndex()[0] < 10 ? 1 : 0);
  }
  MontageOptions options;
  options.rows = options.columns = 1;
  options.start = 1;
  options.tileSize = 40;
  options.labels = false;
  const auto picture = RenderMontage(*image, mask, options);
  const long g = options.gap;
  const auto inside = picture->GetPixel({ { g + 8, g + 20 } });   // patient right: tinted red
  const auto outside = picture->GetPixel({ { g + 30, g + 20 } }); // patient left: grey
  REQUIRE(inside[0] > inside[1]);
  REQUIRE(outside[0] == outside[1]);
  REQUIRE(outside[0] == 128);
  const auto edge = picture->GetPixel({ { g + 19, g + 20 } }); // the outline, full colour
  REQUIRE(edge[0] == 255);
  REQUIRE(edge[1] == 60);

  const std::string path = testing::TemporaryFolder("montage-png") + "/m.png";
  WritePNG(picture, path);
  auto reader = itk::ImageFileReader<MontageImageType>::New();
  reader->SetFileName(path);
  reader->SetImageIO(itk::PNGImageIO::New());
  reader->Update();
  REQUIRE(reader->GetOutput()->GetLargestPossibleRegion().GetSize() == picture->GetLargestPossibleRegion().GetSize());
  REQUIRE(reader->GetOutput()->GetPixel({ { g + 8, g + 20 } }) == inside);
  REQUIRE_THROWS_AS(WritePNG(picture, testing::TemporaryFolder("montage-png") + "/no/such/m.png"), Error);
}
