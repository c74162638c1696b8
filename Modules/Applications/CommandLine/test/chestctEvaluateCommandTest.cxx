// chestct evaluate, run in-process on masks with known answers.
#include "chestctCommandLineTestRunner.h"
#include "chestctTestData.h"
#include "chestctWriteImage.h"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace chestct::testing;
namespace fs = std::filesystem;

namespace
{
template <typename TPixel>
std::string
WriteCube(const std::string & folder, const std::string & name, long x0, long x1, TPixel value = 1)
{
  using ImageType = itk::Image<TPixel, 3>;
  auto image = ImageType::New();
  image->SetRegions(typename ImageType::SizeType{ { 32, 32, 32 } });
  image->Allocate(true);
  for (long z = 10; z < 20; ++z)
    for (long y = 10; y < 20; ++y)
      for (long x = x0; x < x1; ++x)
        image->SetPixel({ { x, y, z } }, value);
  const std::string path = (fs::path(folder) / name).string();
  chestct::WriteImageAtomically(image.GetPointer(), path);
  return path;
}
} // namespace

TEST_CASE("chestct evaluate reports Dice, Jaccard and Hausdorff of two offset cubes", "[cli][evaluate]")
{
  const std::string folder = TemporaryFolder("evaluate");
  const std::string reference = WriteCube<unsigned char>(folder, "reference.nrrd", 10, 20);
  const std::string test = WriteCube<unsigned char>(folder, "test.nrrd", 12, 22);
  const Run         text = Chestct({ "evaluate", reference, test });
  REQUIRE(text.status == 0);
  CHECK(Contains(text.out, "union"));
  CHECK(Contains(text.out, "0.8000"));
  CHECK(Contains(text.out, "0.6667"));
  CHECK(Contains(text.out, "2.00"));
  const Run json = Chestct({ "evaluate", reference, test, "--json" });
  REQUIRE(json.status == 0);
  CHECK(Contains(json.out, "\"dice\": 0.8"));
  CHECK(Contains(json.out, "\"hausdorff_mm\": 2"));
  CHECK(Contains(json.out, "\"test_resampled\": false"));
}

TEST_CASE("chestct evaluate: an empty mask gives null distances, n/a in text", "[cli][evaluate]")
{
  const std::string folder = TemporaryFolder("evaluate");
  const std::string reference = WriteCube<unsigned char>(folder, "cube.nrrd", 10, 20);
  const std::string empty = WriteCube<unsigned char>(folder, "empty.nrrd", 0, 0);
  const Run         json = Chestct({ "evaluate", reference, empty, "--json" });
  REQUIRE(json.status == 0);
  CHECK(Contains(json.out, "\"hausdorff_mm\": null"));
  CHECK(Contains(json.out, "\"dice\": 0"));
  CHECK(Contains(Chestct({ "evaluate", reference, empty }).out, "n/a"));
}

TEST_CASE("chestct evaluate refuses images that are no masks and wrong usage", "[cli][evaluate]")
{
  const std::string folder = TemporaryFolder("evaluate");
  const std::string reference = WriteCube<unsigned char>(folder, "mask.nrrd", 10, 20);
  const std::string real = WriteCube<float>(folder, "float.nrrd", 10, 20, 0.5f);
  const Run         floating = Chestct({ "evaluate", reference, real });
  CHECK(floating.status == 1);
  CHECK(Contains(floating.err, "float"));
  CHECK(Chestct({ "evaluate", reference }).status == 2);
  CHECK(Chestct({ "evaluate", reference, "/nonexistent/mask.nrrd" }).status == 1);
  CHECK(Chestct({ "evaluate", "--help" }).status == 0);
}
