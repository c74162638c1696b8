// chestct segment and chestct run, in-process on the phantom written as a DICOM series.
#include "chestctCommandLineTestRunner.h"
#include "chestctImageFileFormat.h"
#include "chestctLabelOverlap.h"
#include "chestctMaskEvaluation.h"
#include "chestctTestData.h"
#include "chestctThoraxPhantom.h"

#include "itkImageFileReader.h"
#include "itkImageRegionConstIterator.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

using namespace chestct;
using namespace chestct::testing;
namespace fs = std::filesystem;

namespace
{
/** The default phantom as a DICOM series in a fresh folder, written once per test executable. */
const std::string &
PhantomSeries()
{
  static const std::string folder = [] {
    const std::string path = TemporaryFolder("segment-run-phantom") + "/series";
    ThoraxPhantom().WriteDICOMSeries(path);
    return path;
  }();
  return folder;
}

} // namespace

TEST_CASE("segment and run have --help and refuse bad usage with exit 2", "[cli][segment]")
{
  for (const char * command : { "segment", "run" })
  {
    const Run help = Chestct({ command, "--help" });
    CHECK(help.status == 0);
    CHECK(Contains(help.out, std::string("usage: chestct ") + command));
    CHECK(Chestct({ command, PhantomSeries() }).status == 2); // no -o
  }
  const Run method =
    Chestct({ "segment", PhantomSeries(), "-o", TemporaryFolder("segment-usage") + "/m.nrrd", "--method", "magic" });
  CHECK(method.status == 2);
  CHECK(Contains(method.err, "--method must be robust or seed"));
  const Run grid =
    Chestct({ "segment", PhantomSeries(), "-o", TemporaryFolder("segment-usage") + "/m.nrrd", "--grid", "diagonal" });
  CHECK(grid.status == 2);
}

TEST_CASE("segment on the original grid gives the phantom's lungs, volumes and a masked CT", "[cli][segment]")
{
  const std::string folder = TemporaryFolder("segment-original");
  const std::string mask = folder + "/lungs.nrrd";
  const std::string masked = folder + "/masked.nii.gz";
  const Run         run = Chestct({ "segment", PhantomSeries(), "-o", mask, "--grid", "original", "--masked", masked });
  INFO(run.err);
  REQUIRE(run.status == 0);
  CHECK(Contains(run.out, "lungs: right"));

  const ThoraxPhantom phantom;
  const auto          labels = ReadVolume<itk::Image<unsigned char, 3>>(mask);
  const auto          truth = phantom.LungLabelImage();
  REQUIRE(labels->GetLargestPossibleRegion() == truth->GetLargestPossibleRegion());
  CHECK(DiceOfLabel(truth, labels, 1) > 0.995);
  CHECK(DiceOfLabel(truth, labels, 2) > 0.995);

  const std::string sidecar = ReadText(folder + "/lungs.json");
  CHECK(Contains(sidecar, "\"method\": \"robust\""));
  CHECK(Contains(sidecar, "\"1\": \"right lung\""));
  CHECK(Contains(sidecar, "\"trachea_found\": true"));
  CHECK(Contains(sidecar, "\"total\""));
  // The whole command's peak memory, read when the last file was written: the libraries alone take more than
  // 10 MB (the phantom's run, about 50 MB in all), and nothing here comes near 1 GB.
  const std::size_t peak = sidecar.find("\"peak_memory_mb\": ");
  REQUIRE(peak != std::string::npos);
  const double peakMB = std::stod(sidecar.substr(peak + 18));
  CHECK(peakMB > 10.0);
  CHECK(peakMB < 1000.0);
  CHECK(Contains(run.out, "; peak memory "));

  // Outside the lungs the masked CT is air; inside it is the CT.
  const auto                                                  ct = ReadVolume<itk::Image<short, 3>>(masked);
  const auto                                                  hu = phantom.ExpectedHounsfieldImage();
  itk::ImageRegionConstIterator<itk::Image<short, 3>>         m(ct, ct->GetBufferedRegion());
  itk::ImageRegionConstIterator<itk::Image<short, 3>>         h(hu, hu->GetBufferedRegion());
  itk::ImageRegionConstIterator<itk::Image<unsigned char, 3>> l(labels, labels->GetBufferedRegion());
  std::size_t                                                 wrong = 0;
  for (; !m.IsAtEnd(); ++m, ++h, ++l)
  {
    wrong += m.Get() != (l.Get() != 0 ? h.Get() : short{ -1024 });
  }
  CHECK(wrong == 0);
}

TEST_CASE("segment defaults to the 1 mm grid and the seed method gives one label", "[cli][segment]")
{
  const std::string folder = TemporaryFolder("segment-seed");
  const std::string mask = folder + "/seed.nrrd";
  const Run         run = Chestct({ "segment", PhantomSeries(), "-o", mask, "--method", "seed", "-q" });
  INFO(run.err);
  REQUIRE(run.status == 0);
  CHECK(run.out.empty());
  const auto labels = ReadVolume<itk::Image<unsigned char, 3>>(mask);
  CHECK(labels->GetSpacing()[0] == Approx(1.0));
  CHECK(labels->GetSpacing()[2] == Approx(1.0));
  std::size_t lung = 0, other = 0;
  for (itk::ImageRegionConstIterator<itk::Image<unsigned char, 3>> it(labels, labels->GetBufferedRegion());
       !it.IsAtEnd();
       ++it)
  {
    lung += it.Get() == 1;
    other += it.Get() > 1;
  }
  CHECK(lung > 100000); // the phantom's lungs are about 2.8 L: 2.8 million 1 mm voxels
  CHECK(other == 0);
  const std::string sidecar = ReadText(folder + "/seed.json");
  CHECK(Contains(sidecar, "\"method\": \"seed\""));
  CHECK(Contains(sidecar, "\"right\": null"));
}

TEST_CASE("run writes every output, a report and a summary, and refuses an existing folder", "[cli][run]")
{
  const std::string folder = TemporaryFolder("run-phantom") + "/out";
  const Run         run = Chestct({ "run", PhantomSeries(), "-o", folder, "--json" });
  INFO(run.err);
  REQUIRE(run.status == 0);
  for (const char * file : { "ct.nrrd",
                             "ct.json",
                             "histogram.svg",
                             "histogram.csv",
                             "montage.png",
                             "ct_1mm.nrrd",
                             "bone.ply",
                             "lungs.nrrd",
                             "lungs.json",
                             "lungs_steps.png",
                             "lungs_masked.nrrd",
                             "lungs_masked_montage.png",
                             "lungs.ply",
                             "report.html",
                             "summary.json" })
  {
    INFO(file);
    CHECK(fs::file_size(folder + "/" + file) > 0);
  }
  const std::string summary = ReadText(folder + "/summary.json");
  CHECK(run.out == summary); // --json prints the summary
  CHECK(Contains(summary, "\"schema\": \"chestct-run-summary/1\""));
  CHECK(Contains(summary, "\"peak_memory_mb\""));
  CHECK(Contains(summary, "\"trachea_found\": true"));
  const std::string report = ReadText(folder + "/report.html");
  CHECK(Contains(report, "<h2>Lungs</h2>"));
  CHECK(Contains(report, "data:image/png;base64,")); // pictures embedded
  CHECK(Contains(report, "<svg"));                   // the histogram inline
  // No temporary file is left behind.
  for (const auto & entry : fs::directory_iterator(folder))
  {
    CHECK(entry.path().filename().string().front() != '.');
  }

  // The CT volumes raw, the masks and the masked CT compressed.
  const auto encodingOf = [&](const char * file) {
    const std::string text = ReadText(folder + "/" + file);
    const auto        at = text.find("\nencoding: ");
    return at == std::string::npos ? std::string() : text.substr(at + 11, text.find('\n', at + 1) - at - 11);
  };
  CHECK(encodingOf("ct.nrrd") == "raw");
  CHECK(encodingOf("ct_1mm.nrrd") == "raw");
  CHECK(encodingOf("lungs.nrrd") == "gzip");
  CHECK(encodingOf("lungs_masked.nrrd") == "gzip");
  using ShortVolume = itk::Image<short, 3>;
  const ShortVolume::Pointer raw = ReadVolume<ShortVolume>(folder + "/ct_1mm.nrrd");

  // The lung sidecar describes the whole mask, not the slab the run labelled last.
  const auto mask = ReadVolume<itk::Image<unsigned char, 3>>(folder + "/lungs.nrrd");
  CHECK(mask->GetLargestPossibleRegion() == raw->GetLargestPossibleRegion());
  const auto         maskSize = mask->GetLargestPossibleRegion().GetSize();
  const std::string  lungSidecar = ReadText(folder + "/lungs.json");
  std::istringstream sizes(lungSidecar.substr(lungSidecar.find("\"size\": [") + 8));
  std::size_t        sidecarSize[3] = { 0, 0, 0 };
  char               separator = 0;
  sizes >> separator >> sidecarSize[0] >> separator >> sidecarSize[1] >> separator >> sidecarSize[2];
  CHECK(sidecarSize[0] == maskSize[0]);
  CHECK(sidecarSize[1] == maskSize[1]);
  CHECK(sidecarSize[2] == maskSize[2]);

  const Run again = Chestct({ "run", PhantomSeries(), "-o", folder });
  CHECK(again.status == 1);
  CHECK(Contains(again.err, "already exists"));
  CHECK(Contains(again.err, "--force"));

  // --compress-ct: the same volumes, gzip-compressed.
  const Run compressed = Chestct({ "run", PhantomSeries(), "-o", folder, "--force", "--compress-ct", "-q" });
  INFO(compressed.err);
  REQUIRE(compressed.status == 0);
  CHECK(encodingOf("ct.nrrd") == "gzip");
  CHECK(encodingOf("ct_1mm.nrrd") == "gzip");
  const ShortVolume::Pointer gzip = ReadVolume<ShortVolume>(folder + "/ct_1mm.nrrd");
  REQUIRE(gzip->GetLargestPossibleRegion() == raw->GetLargestPossibleRegion());
  CHECK(std::equal(raw->GetBufferPointer(),
                   raw->GetBufferPointer() + raw->GetBufferedRegion().GetNumberOfPixels(),
                   gzip->GetBufferPointer()));
}

TEST_CASE("run on a radiotherapy series from the phantom command finds its lungs and no lung in the couch or arms",
          "[cli][run]")
{
  // A large bore (a field of view of 672 mm round the standard phantom's anatomy), the arms up beside the top
  // quarter and a hollow couch top, written by the phantom command; run at 3.5 mm to stay quick.
  const std::string folder = TemporaryFolder("run-radiotherapy");
  const std::string truth = folder + "/truth.nrrd";
  const Run         phantom = Chestct({ "phantom",
                                        "-o",
                                        folder + "/series",
                                        "--columns",
                                        "200",
                                        "--rows",
                                        "200",
                                        "--pixel-spacing",
                                        "3.5",
                                        "--slices",
                                        "32",
                                        "--slice-spacing",
                                        "6",
                                        "--anatomy-diameter",
                                        "368.64",
                                        "--arms-up",
                                        "--couch-top",
                                        "--truth-labels",
                                        truth });
  INFO(phantom.err);
  REQUIRE(phantom.status == 0);
  const Run run = Chestct({ "run", folder + "/series", "-o", folder + "/out", "--spacing", "3.5", "-q" });
  INFO(run.err);
  REQUIRE(run.status == 0);
  // The mask is on run's resampled grid: EvaluateMasks brings it onto the truth's.
  using Labels = EvaluationLabelImageType;
  const auto agreement = EvaluateMasks(ReadVolume<Labels>(truth), ReadVolume<Labels>(folder + "/out/lungs.nrrd"));
  REQUIRE(agreement.labels.size() == 2);
  CHECK(agreement.labels[0].dice > 0.99);
  CHECK(agreement.labels[1].dice > 0.99);
  CHECK(agreement.all.dice > 0.99);
}
