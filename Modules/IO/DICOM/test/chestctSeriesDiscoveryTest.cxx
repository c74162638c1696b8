// Series discovery: what is found, what is skipped and why, how files group,
// which series is chosen.
#include "chestctDICOMFolderScanner.h"
#include "chestctDICOMSeriesSelection.h"
#include "chestctError.h"
#include "chestctTestData.h"
#include "chestctThoraxPhantom.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace chestct;
using namespace chestct::testing;
namespace fs = std::filesystem;

namespace
{
const SkippedFile *
FindSkipped(const DICOMScanResult & scan, const std::string & name)
{
  for (const SkippedFile & skipped : scan.skipped)
  {
    if (fs::path(skipped.path).filename() == name)
    {
      return &skipped;
    }
  }
  return nullptr;
}
ThoraxPhantomParameters
SmallPhantom(unsigned int seed)
{
  ThoraxPhantomParameters parameters;
  parameters.columns = parameters.rows = 32;
  parameters.slices = 6;
  parameters.pixelSpacing = 12.0;
  parameters.seed = seed;
  return parameters;
}
} // namespace

TEST_CASE("Series are found recursively in files of any name, and non-images are skipped with a reason", "[discovery]")
{
  const std::string folder = TemporaryFolder("discovery-mixed");
  ThoraxPhantom(SmallPhantom(1)).WriteDICOMSeries(folder + "/a/deeper");
  ThoraxPhantom(SmallPhantom(2)).WriteDICOMSeries(folder + "/b");
  std::ofstream(folder + "/notes.txt") << "not an image";
  std::ofstream(folder + "/empty.dcm");
  {
    std::ofstream fake(folder + "/fake.dcm", std::ios::binary);
    fake << std::string(128, '\0') << "DICM" << std::string(300, '\xff'); // a preamble, then garbage
  }
  std::ofstream(folder + "/.DS_Store") << "x";

  const DICOMScanResult scan = ScanDICOMFolder(folder);
  REQUIRE(scan.series.size() == 2);
  REQUIRE(scan.series[0].frames.size() == 6);
  REQUIRE(scan.series[1].frames.size() == 6);
  REQUIRE(scan.filesExamined == 16);
  REQUIRE(scan.skipped.size() == 4);
  REQUIRE(FindSkipped(scan, "notes.txt")->reason.find("not a DICOM file") != std::string::npos);
  REQUIRE(FindSkipped(scan, "empty.dcm")->reason.find("empty file") != std::string::npos);
  REQUIRE(FindSkipped(scan, "fake.dcm") != nullptr);
  REQUIRE(FindSkipped(scan, ".DS_Store")->reason == "hidden file");
}

TEST_CASE("One series UID with two geometries is split, never merged into one volume", "[discovery]")
{
  const std::string       folder = TemporaryFolder("discovery-split");
  ThoraxPhantomParameters small = SmallPhantom(1);
  ThoraxPhantomParameters larger = SmallPhantom(1);
  larger.columns = larger.rows = 40;
  larger.seriesInstanceUID = ThoraxPhantom(small).SeriesInstanceUID();
  ThoraxPhantom(small).WriteDICOMSeries(folder + "/small");
  ThoraxPhantom(larger).WriteDICOMSeries(folder + "/larger");

  const DICOMScanResult scan = ScanDICOMFolder(folder);
  REQUIRE(scan.series.size() == 2);
  const std::string uid = ThoraxPhantom(small).SeriesInstanceUID();
  REQUIRE(scan.series[0].key == uid + "#1");
  REQUIRE(scan.series[1].key == uid + "#2");
  REQUIRE(scan.series[0].splitNote.find("split by geometry") != std::string::npos);
  // Choosing by the shared UID is ambiguous and says so; by key it is not.
  REQUIRE_THROWS_AS(ChooseSeries(scan.series, uid, folder), Error);
  REQUIRE(ChooseSeries(scan.series, uid + "#2", folder).columns == scan.series[1].columns);
}

TEST_CASE("The choice prefers CT, original, axial, more slices, then the lower series number", "[discovery]")
{
  std::vector<DICOMSeries> series(4);
  for (std::size_t i = 0; i < series.size(); ++i)
  {
    series[i].key = "k" + std::to_string(i);
    series[i].modality = "CT";
    series[i].imageType = "ORIGINAL\\PRIMARY\\AXIAL";
    series[i].frames.resize(10);
    series[i].seriesNumber = std::to_string(10 - i);
  }
  series[0].modality = "MR";
  series[0].frames.resize(300);
  series[1].imageType = "ORIGINAL\\PRIMARY\\LOCALIZER";
  series[1].frames.resize(300);
  // series 2 and 3 tie on everything but SeriesNumber (8 and 7)
  REQUIRE(RankSeries(series) == std::vector<std::size_t>{ 3, 2, 1, 0 });
  REQUIRE(ChooseSeries(series, "", "here").key == "k3");
  series[2].frames.resize(11);
  REQUIRE(ChooseSeries(series, "", "here").key == "k2");
}

TEST_CASE("A folder with no image, or no CT, is refused with the reason", "[discovery]")
{
  const std::string folder = TemporaryFolder("discovery-none");
  std::ofstream(folder + "/readme.txt") << "nothing here";
  const DICOMScanResult scan = ScanDICOMFolder(folder);
  REQUIRE(scan.series.empty());
  try
  {
    ChooseSeries(scan.series, "", folder);
    FAIL("an empty folder was accepted");
  }
  catch (const Error & error)
  {
    REQUIRE(error.File() == folder);
    REQUIRE(error.Problem().find("no DICOM image series") != std::string::npos);
  }
  REQUIRE_THROWS_AS(ScanDICOMFolder(folder + "/does-not-exist"), Error);
}

TEST_CASE("Files without UIDs group by folder and never merge across folders", "[discovery][data]")
{
  const std::string data = SharedDataPath("odd/jpeg2000-empty-uids");
  CHESTCT_REQUIRE_DATA(data, "odd/jpeg2000-empty-uids");
  const DICOMScanResult whole = ScanDICOMFolder(data);
  REQUIRE(whole.series.size() == 1);
  REQUIRE(whole.series.front().frames.size() == 20);
  REQUIRE(whole.series.front().key == "no-uid-1");

  const std::string     folder = TemporaryFolder("discovery-empty-uids");
  std::vector<fs::path> files;
  for (const auto & entry : fs::directory_iterator(data))
  {
    files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  fs::create_directories(folder + "/one");
  fs::create_directories(folder + "/two");
  fs::copy_file(files[0], folder + "/one/" + files[0].filename().string());
  fs::copy_file(files[1], folder + "/two/" + files[1].filename().string());
  REQUIRE(ScanDICOMFolder(folder).series.size() == 2);
}
