// The chestct tool, run in-process: exit statuses, messages, and what it writes (and does not).
#include "chestctCommandLine.h"
#include "chestctCommandLineTestRunner.h"
#include "chestctTestData.h"
#include "chestctThoraxPhantom.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace chestct;
using namespace chestct::testing;
namespace fs = std::filesystem;

namespace
{
/** Every file under `folder` with its bytes, to prove inputs untouched. */
std::map<std::string, std::string>
Snapshot(const std::string & folder)
{
  std::map<std::string, std::string> files;
  for (const auto & entry : fs::recursive_directory_iterator(folder))
  {
    if (entry.is_regular_file())
    {
      std::ifstream      in(entry.path(), std::ios::binary);
      std::ostringstream bytes;
      bytes << in.rdbuf();
      files[entry.path().string()] = bytes.str();
    }
  }
  return files;
}

std::string
SmallPhantomSeries(const std::string & name)
{
  const std::string       folder = TemporaryFolder(name) + "/dicom";
  ThoraxPhantomParameters parameters;
  parameters.columns = parameters.rows = 48;
  parameters.pixelSpacing = 8.0;
  parameters.slices = 12;
  ThoraxPhantom(parameters).WriteDICOMSeries(folder);
  return folder;
}
} // namespace

TEST_CASE("chestct without a command, or with an unknown one, prints usage and exits 2", "[cli]")
{
  const Run none = Chestct({});
  REQUIRE(none.status == 2);
  REQUIRE(Contains(none.err, "usage: chestct <command>"));
  const Run unknown = Chestct({ "frobnicate" });
  REQUIRE(unknown.status == 2);
  REQUIRE(Contains(unknown.err, "unknown command 'frobnicate'"));
  const Run help = Chestct({ "--help" });
  REQUIRE(help.status == 0);
  REQUIRE(Contains(help.out, "convert"));
  REQUIRE(Chestct({ "version" }).out.rfind("chestct ", 0) == 0);
}

TEST_CASE("Every subcommand has --help, and usage errors exit 2 with a pointer to it", "[cli]")
{
  for (const std::string command : { "series", "convert", "phantom" })
  {
    INFO(command);
    const Run help = Chestct({ command, "--help" });
    REQUIRE(help.status == 0);
    REQUIRE(Contains(help.out, "usage: chestct " + command));
    const Run bad = Chestct({ command, "--no-such-option" });
    REQUIRE(bad.status == 2);
    REQUIRE(Contains(bad.err, "unknown option --no-such-option"));
    REQUIRE(Contains(bad.err, "chestct " + command + " --help"));
  }
  const Run missing = Chestct({ "convert", "somewhere" });
  REQUIRE(missing.status == 2);
  REQUIRE(Contains(missing.err, "missing -o OUT"));
}

TEST_CASE("convert writes the volume and its sidecar, without patient identity unless asked", "[cli]")
{
  const std::string dicom = SmallPhantomSeries("cli-convert");
  const auto        before = Snapshot(dicom);
  const std::string out = fs::path(dicom).parent_path().string();

  const Run run = Chestct({ "convert", dicom, "-o", out + "/ct.nii.gz" });
  REQUIRE(run.status == 0);
  REQUIRE(Contains(run.out, "48 x 48 x 12 voxels"));
  REQUIRE(fs::exists(out + "/ct.nii.gz"));
  std::ifstream      in(out + "/ct.json");
  std::ostringstream sidecar;
  sidecar << in.rdbuf();
  REQUIRE(Contains(sidecar.str(), "\"modality\": \"CT\""));
  REQUIRE(Contains(sidecar.str(), "\"space\": \"LPS\""));
  REQUIRE(Contains(sidecar.str(), "\"source\": \"PixelPaddingValue\""));
  REQUIRE_FALSE(Contains(sidecar.str(), "Phantom^Thorax"));
  REQUIRE_FALSE(Contains(sidecar.str(), "CHESTCT-PHANTOM"));
  REQUIRE(Snapshot(dicom) == before); // inputs never modified

  REQUIRE(Chestct({ "convert", dicom, "-o", out + "/named.nrrd", "--include-patient", "-q" }).status == 0);
  std::ifstream named(out + "/named.json");
  sidecar.str("");
  sidecar << named.rdbuf();
  REQUIRE(Contains(sidecar.str(), "Phantom^Thorax"));
}

TEST_CASE("convert refuses bad outputs before doing any work, and leaves nothing behind", "[cli]")
{
  const std::string dicom = SmallPhantomSeries("cli-refusals");
  const std::string out = fs::path(dicom).parent_path().string();
  const auto        before = Snapshot(dicom);

  const Run format = Chestct({ "convert", dicom, "-o", out + "/ct.png" });
  REQUIRE(format.status == 1);
  REQUIRE(Contains(format.err, "ct.png: unknown output format"));

  const Run inside = Chestct({ "convert", dicom, "-o", dicom + "/ct.nrrd" });
  REQUIRE(inside.status == 1);
  REQUIRE(Contains(inside.err, "inside the input folder"));

  const Run folder = Chestct({ "convert", dicom, "-o", out + "/no/such/folder/ct.nrrd" });
  REQUIRE(folder.status == 1);
  REQUIRE(Contains(folder.err, "does not exist"));

  const Run input = Chestct({ "convert", out + "/nowhere", "-o", out + "/ct.nrrd" });
  REQUIRE(input.status == 1);
  REQUIRE(Contains(input.err, "nowhere: does not exist"));

  REQUIRE(Snapshot(dicom) == before);
  for (const auto & entry : fs::directory_iterator(out))
  {
    REQUIRE(entry.path().filename() == "dicom"); // no output, partial or whole
  }
}

TEST_CASE(
  "With --no-compress NRRD and MetaImage volumes are written raw with the same voxels, and a .nii.gz is refused",
  "[cli]")
{
  const std::string dicom = SmallPhantomSeries("cli-no-compress");
  const std::string out = fs::path(dicom).parent_path().string();
  using ImageType = itk::Image<short, 3>;
  const auto sameVoxels = [](const std::string & a, const std::string & b) {
    const auto one = ReadVolume<ImageType>(a), other = ReadVolume<ImageType>(b);
    const auto count = one->GetBufferedRegion().GetNumberOfPixels();
    return other->GetBufferedRegion().GetNumberOfPixels() == count &&
           std::equal(one->GetBufferPointer(), one->GetBufferPointer() + count, other->GetBufferPointer());
  };

  REQUIRE(Chestct({ "convert", dicom, "-o", out + "/gzip.nrrd", "-q" }).status == 0);
  REQUIRE(Chestct({ "convert", dicom, "-o", out + "/raw.nrrd", "-q", "--no-compress" }).status == 0);
  REQUIRE(Contains(ReadText(out + "/gzip.nrrd"), "encoding: gzip"));
  REQUIRE(Contains(ReadText(out + "/raw.nrrd"), "encoding: raw"));
  REQUIRE(sameVoxels(out + "/gzip.nrrd", out + "/raw.nrrd"));
  REQUIRE(Chestct({ "convert", dicom, "-o", out + "/raw.mha", "-q", "--no-compress" }).status == 0);
  REQUIRE(Contains(ReadText(out + "/raw.mha"), "CompressedData = False"));
  REQUIRE(sameVoxels(out + "/gzip.nrrd", out + "/raw.mha"));

  REQUIRE(Chestct({ "resample", out + "/raw.nrrd", "-o", out + "/1mm.nrrd", "--spacing", "10", "-q" }).status == 0);
  REQUIRE(
    Chestct({ "resample", out + "/raw.nrrd", "-o", out + "/1mm-raw.nrrd", "--spacing", "10", "-q", "--no-compress" })
      .status == 0);
  REQUIRE(Contains(ReadText(out + "/1mm-raw.nrrd"), "encoding: raw"));
  REQUIRE(sameVoxels(out + "/1mm.nrrd", out + "/1mm-raw.nrrd"));

  REQUIRE(Chestct({ "segment",
                    out + "/raw.nrrd",
                    "-o",
                    out + "/lungs.nrrd",
                    "--grid",
                    "original",
                    "--masked",
                    out + "/masked.nrrd",
                    "-q",
                    "--no-compress" })
            .status == 0);
  REQUIRE(Contains(ReadText(out + "/lungs.nrrd"), "encoding: raw"));
  REQUIRE(Contains(ReadText(out + "/masked.nrrd"), "encoding: raw"));

  for (const std::vector<std::string> & command :
       { std::vector<std::string>{ "convert", dicom, "-o", out + "/ct.nii.gz", "--no-compress" },
         std::vector<std::string>{ "resample", out + "/raw.nrrd", "-o", out + "/ct.nii.gz", "--no-compress" },
         std::vector<std::string>{
           "segment", out + "/raw.nrrd", "-o", out + "/m.nrrd", "--masked", out + "/ct.nii.gz", "--no-compress" } })
  {
    const Run refused = Chestct(command);
    INFO(command[0] << ": " << refused.err);
    REQUIRE(refused.status == 2);
    REQUIRE(Contains(refused.err, "--no-compress contradicts " + out + "/ct.nii.gz"));
    REQUIRE_FALSE(fs::exists(out + "/ct.nii.gz"));
    REQUIRE_FALSE(fs::exists(out + "/m.nrrd"));
  }
  REQUIRE(Chestct({ "convert", dicom, "-o", out + "/ct.nii", "-q", "--no-compress" }).status == 0);
  REQUIRE(sameVoxels(out + "/gzip.nrrd", out + "/ct.nii"));
}

TEST_CASE("A slice that cannot be decoded fails the conversion with its name, and no output appears", "[cli]")
{
  const std::string     dicom = SmallPhantomSeries("cli-truncated");
  const std::string     out = fs::path(dicom).parent_path().string();
  std::vector<fs::path> files;
  for (const auto & entry : fs::directory_iterator(dicom))
  {
    files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  fs::resize_file(files[5], fs::file_size(files[5]) - 3000); // the header survives, the pixels do not

  const Run run = Chestct({ "convert", dicom, "-o", out + "/ct.nrrd" });
  REQUIRE(run.status == 1);
  REQUIRE(Contains(run.err, files[5].filename().string()));
  REQUIRE_FALSE(fs::exists(out + "/ct.nrrd"));
  REQUIRE_FALSE(fs::exists(out + "/ct.json"));
  for (const auto & entry : fs::directory_iterator(out))
  {
    REQUIRE(entry.path().filename() == "dicom");
  }
}

TEST_CASE("series lists the series and marks the chosen one, as text and as JSON", "[cli]")
{
  const std::string dicom = SmallPhantomSeries("cli-series");
  std::ofstream(dicom + "/notes.txt") << "hello";
  const Run text = Chestct({ "series", dicom });
  REQUIRE(text.status == 0);
  REQUIRE(Contains(text.out, "* "));
  REQUIRE(Contains(text.out, "12 slices of 48 x 48"));
  REQUIRE(Contains(text.out, "not a DICOM file"));
  const Run json = Chestct({ "series", dicom, "--json" });
  REQUIRE(json.status == 0);
  REQUIRE(Contains(json.out, "\"chosen\": true"));
  REQUIRE(Contains(json.out, "\"reason\": \"not a DICOM file"));
}

TEST_CASE("phantom writes a series and its ground truth, and will not write into a non-empty folder", "[cli]")
{
  const std::string folder = TemporaryFolder("cli-phantom");
  const Run         run = Chestct({ "phantom",
                                    "-o",
                                    folder + "/series",
                                    "--slices",
                                    "6",
                                    "--columns",
                                    "32",
                                    "--rows",
                                    "32",
                                    "--pixel-spacing",
                                    "12",
                                    "--truth-hu",
                                    folder + "/truth.nrrd",
                                    "--truth-labels",
                                    folder + "/labels.nrrd" });
  REQUIRE(run.status == 0);
  REQUIRE(std::distance(fs::directory_iterator(folder + "/series"), fs::directory_iterator()) == 6);
  REQUIRE(fs::exists(folder + "/truth.nrrd"));
  REQUIRE(fs::exists(folder + "/labels.nrrd"));
  const Run again = Chestct({ "phantom", "-o", folder + "/series" });
  REQUIRE(again.status == 1);
  REQUIRE(Contains(again.err, "not empty"));
  REQUIRE(Chestct({ "phantom", "-o", folder + "/x", "--slices", "many" }).status == 2);
  // A value the phantom refuses is a usage error that names the option, not the library's field.
  const Run narrow = Chestct({ "phantom", "-o", folder + "/x", "--couch-top", "--couch-top-width", "4" });
  REQUIRE(narrow.status == 2);
  CHECK(Contains(narrow.err, "--couch-top-width must be more than twice the couch top's shell (6 mm)"));
  CHECK_FALSE(Contains(narrow.err, "couchTopWidth"));
  const Run beyond = Chestct({ "phantom", "-o", folder + "/x", "--missing", "2,9", "--slices", "6" });
  REQUIRE(beyond.status == 2);
  CHECK(Contains(beyond.err, "--missing must hold slice indices below the number of slices (6), not 9"));
  REQUIRE_FALSE(fs::exists(folder + "/x"));
  // A gapped phantom has no complete ground-truth volume: refused before any file is written.
  const Run gapped =
    Chestct({ "phantom", "-o", folder + "/gapped", "--missing", "3", "--truth-hu", folder + "/t.nrrd" });
  REQUIRE(gapped.status == 1);
  REQUIRE_FALSE(fs::exists(folder + "/gapped"));
  REQUIRE_FALSE(fs::exists(folder + "/t.nrrd"));
}
