// chestct resample, histogram and montage, run in-process on the phantom (and on real data where present).
#include "chestctCommandLine.h"
#include "chestctCommandLineTestRunner.h"
#include "chestctImageFileFormat.h"
#include "chestctResampleGrid.h"
#include "chestctTestData.h"
#include "chestctThoraxPhantom.h"

#include "itkImageFileReader.h"
#include "itkImageRegionConstIterator.h"
#include "itkImageRegionConstIteratorWithIndex.h"
#include "itkLinearInterpolateImageFunction.h"
#include "itkPNGImageIO.h"
#include "itkRGBPixel.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

using namespace chestct;
using namespace chestct::testing;
namespace fs = std::filesystem;

namespace
{
ThoraxPhantomParameters
SmallPhantom()
{
  ThoraxPhantomParameters parameters;
  parameters.columns = parameters.rows = 48;
  parameters.pixelSpacing = 8.0;
  parameters.slices = 12;
  parameters.feetFirst = true;
  parameters.noiseSigma = 0.0;
  return parameters;
}

using ShortImage = itk::Image<short, 3>;
} // namespace

TEST_CASE("resample, histogram and montage have --help and refuse bad usage with exit 2", "[cli][visualization]")
{
  for (const std::string command : { "resample", "histogram", "montage" })
  {
    INFO(command);
    const Run help = Chestct({ command, "--help" });
    REQUIRE(help.status == 0);
    REQUIRE(Contains(help.out, "usage: chestct " + command));
    REQUIRE(Chestct({ command, "--no-such-option" }).status == 2);
    REQUIRE(Contains(Chestct({ command, "in" }).err, "missing -o"));
  }
  REQUIRE(Contains(Chestct({ "--help" }).out, "montage"));
  REQUIRE(Contains(Chestct({ "resample", "in", "-o", "o.nrrd", "--spacing", "0" }).err, "--spacing needs"));
  REQUIRE(Contains(Chestct({ "resample", "in", "-o", "o.nrrd", "--spacing", "1,2" }).err, "--spacing needs"));
  REQUIRE(Chestct({ "resample", "in", "-o", "o.nrrd", "--interpolator", "cubic" }).status == 2);
  REQUIRE(Chestct({ "montage", "in", "-o", "o.png", "--window", "wide" }).status == 2);
  REQUIRE(Chestct({ "montage", "in", "-o", "o.png", "--axis", "oblique" }).status == 2);
  REQUIRE(Chestct({ "histogram", "in", "-o", "o.svg", "--range", "5,1" }).status == 2);
}

TEST_CASE("resample puts the phantom's known physical points where they belong", "[cli][visualization]")
{
  const std::string   folder = TemporaryFolder("cli-resample");
  const ThoraxPhantom phantom(SmallPhantom());
  phantom.WriteDICOMSeries(folder + "/dicom");
  const auto truth = phantom.ExpectedHounsfieldImage();

  const Run run = Chestct(
    { "resample", folder + "/dicom", "-o", folder + "/r.nrrd", "--spacing", "5,6,7", "--interpolator", "nearest" });
  REQUIRE(run.status == 0);
  const ResampleGrid grid = ComputeResampleGrid(*truth, { 5.0, 6.0, 7.0 });
  REQUIRE(grid.size == itk::Size<3>{ { 77, 64, 9 } }); // round(48 x 8 / 5), round(48 x 8 / 6), round(12 x 5 / 7)
  const auto output = ReadVolume<ShortImage>(folder + "/r.nrrd");
  REQUIRE(output->GetLargestPossibleRegion().GetSize() == grid.size);
  REQUIRE(output->GetOrigin().EuclideanDistanceTo(grid.origin) < 1e-4);
  REQUIRE(output->GetDirection() == truth->GetDirection());
  std::size_t compared = 0;
  for (itk::ImageRegionConstIteratorWithIndex<ShortImage> it(output, output->GetBufferedRegion()); !it.IsAtEnd(); ++it)
  {
    itk::Point<double, 3> p;
    output->TransformIndexToPhysicalPoint(it.GetIndex(), p);
    const auto c = truth->TransformPhysicalPointToContinuousIndex<double>(p);
    bool       tie = false;
    for (unsigned int d = 0; d < 3; ++d)
    {
      tie = tie || std::abs(c[d] - std::floor(c[d]) - 0.5) < 1e-3;
    }
    if (!tie)
    {
      const auto nearest = truth->TransformPhysicalPointToIndex(p);
      INFO("output voxel " << it.GetIndex() << " at " << p << ": input voxel " << nearest);
      REQUIRE(truth->GetLargestPossibleRegion().IsInside(nearest));
      REQUIRE(it.Get() == truth->GetPixel(nearest));
      ++compared;
    }
  }
  REQUIRE(compared > grid.NumberOfVoxels() / 2);
  REQUIRE(Contains(run.out, "77 x 64 x 9 voxels"));

  // Labels: a uint8 volume is resampled nearest and stays uint8; linear is refused, naming the file.
  const std::string labels = folder + "/labels.nrrd";
  REQUIRE(Chestct({ "phantom",
                    "-o",
                    folder + "/p2",
                    "--columns",
                    "48",
                    "--rows",
                    "48",
                    "--pixel-spacing",
                    "8",
                    "--slices",
                    "12",
                    "--truth-labels",
                    labels })
            .status == 0);
  REQUIRE(Chestct({ "resample", labels, "-o", folder + "/l.nii.gz", "--spacing", "3" }).status == 0);
  auto io = CreateImageIO(ImageFileFormat::NIfTIGzip);
  io->SetFileName(folder + "/l.nii.gz");
  io->ReadImageInformation();
  REQUIRE(io->GetComponentType() == itk::IOComponentEnum::UCHAR);
  const auto    resampledLabels = ReadVolume<ShortImage>(folder + "/l.nii.gz");
  std::set<int> values;
  for (itk::ImageRegionConstIterator<ShortImage> it(resampledLabels, resampledLabels->GetBufferedRegion());
       !it.IsAtEnd();
       ++it)
  {
    values.insert(it.Get());
  }
  REQUIRE(values == std::set<int>{ 0, 1, 2 });
  const Run linear = Chestct({ "resample", labels, "-o", folder + "/l2.nrrd", "--interpolator", "linear" });
  REQUIRE(linear.status == 1);
  REQUIRE(Contains(linear.err, "labels.nrrd"));
  REQUIRE(Contains(linear.err, "nearest"));
  REQUIRE_FALSE(fs::exists(folder + "/l2.nrrd"));

  // Bad inputs and outputs: named, and nothing written.
  REQUIRE(Contains(Chestct({ "resample", folder + "/nowhere", "-o", folder + "/x.nrrd" }).err, "nowhere"));
  REQUIRE(Contains(Chestct({ "resample", folder + "/dicom", "-o", folder + "/x.png" }).err, "x.png"));
  REQUIRE_FALSE(fs::exists(folder + "/x.nrrd"));
}

TEST_CASE("histogram counts the phantom's padding apart and writes SVG and CSV", "[cli][visualization]")
{
  const std::string   folder = TemporaryFolder("cli-histogram");
  const ThoraxPhantom phantom(SmallPhantom());
  phantom.WriteDICOMSeries(folder + "/dicom");
  const auto    truth = phantom.ExpectedHounsfieldImage();
  std::uint64_t outside = 0;
  std::uint64_t air = 0;
  for (itk::ImageRegionConstIteratorWithIndex<ShortImage> it(truth, truth->GetBufferedRegion()); !it.IsAtEnd(); ++it)
  {
    itk::Point<double, 3> p;
    truth->TransformIndexToPhysicalPoint(it.GetIndex(), p);
    outside += !phantom.InsideFieldOfView(p);
    air += phantom.InsideFieldOfView(p) && it.Get() == -1000;
  }
  REQUIRE(outside > 0);

  const Run run = Chestct({ "histogram",
                            folder + "/dicom",
                            "-o",
                            folder + "/h.svg",
                            "--csv",
                            folder + "/h.csv",
                            "--bins",
                            "41",
                            "--range",
                            "-1050,1000" });
  REQUIRE(run.status == 0);
  const std::string csv = ReadText(folder + "/h.csv");
  REQUIRE(Contains(csv, "\npadding,,," + std::to_string(outside) + "\n"));
  REQUIRE(Contains(csv, "\nbin,-1000,-950," + std::to_string(air) + "\n")); // air alone, padding not in it
  const std::string svg = ReadText(folder + "/h.svg");
  REQUIRE(Contains(svg, "ChestCT thorax phantom"));
  REQUIRE(Contains(svg, "counted apart"));

  // A volume file with a -3024 padding spike: found as padding.
  REQUIRE(Chestct({ "convert", folder + "/dicom", "-o", folder + "/ct.nrrd", "--air-value", "-3024", "-q" }).status ==
          0);
  REQUIRE(Chestct({ "histogram", folder + "/ct.nrrd", "-o", folder + "/v.svg", "--csv", folder + "/v.csv" }).status ==
          0);
  REQUIRE(Contains(ReadText(folder + "/v.csv"), "\npadding,-3024,-3024," + std::to_string(outside) + "\n"));
  REQUIRE(Contains(ReadText(folder + "/v.svg"), "a spike below air"));
  REQUIRE(Chestct({ "histogram", folder + "/ct.nrrd", "-o", folder + "/v.png" }).status == 1);
}

TEST_CASE("montage writes the PNG the layout says, with blank tiles past the stack and a mask", "[cli][visualization]")
{
  const std::string   folder = TemporaryFolder("cli-montage");
  const ThoraxPhantom phantom(SmallPhantom());
  phantom.WriteDICOMSeries(folder + "/dicom");
  REQUIRE(Chestct({ "phantom",
                    "-o",
                    folder + "/p2",
                    "--columns",
                    "48",
                    "--rows",
                    "48",
                    "--pixel-spacing",
                    "8",
                    "--slices",
                    "12",
                    "--truth-labels",
                    folder + "/labels.nrrd" })
            .status == 0);
  const Run run = Chestct({ "montage",
                            folder + "/dicom",
                            "-o",
                            folder + "/m.png",
                            "--rows",
                            "2",
                            "--cols",
                            "3",
                            "--start",
                            "1",
                            "--every",
                            "3",
                            "--tile-size",
                            "96",
                            "--mask",
                            folder + "/labels.nrrd" });
  REQUIRE(run.status == 0);
  REQUIRE(Contains(run.out, "2 blank past the stack")); // slices 1, 4, 7, 10, then 13 and 16 of 12
  using PictureType = itk::Image<itk::RGBPixel<unsigned char>, 2>;
  auto reader = itk::ImageFileReader<PictureType>::New();
  reader->SetFileName(folder + "/m.png");
  reader->SetImageIO(itk::PNGImageIO::New());
  reader->Update();
  REQUIRE(reader->GetOutput()->GetLargestPossibleRegion().GetSize() == itk::Size<2>{ { 3 * 96 + 16, 2 * 96 + 12 } });

  const Run coronal = Chestct({ "montage",
                                folder + "/dicom",
                                "-o",
                                folder + "/c.png",
                                "--axis",
                                "coronal",
                                "--rows",
                                "1",
                                "--cols",
                                "1",
                                "--start",
                                "24",
                                "--tile-size",
                                "100",
                                "--window",
                                "mediastinum" });
  REQUIRE(coronal.status == 0);
  REQUIRE(Contains(coronal.out, "tiles of 100 x 16")); // 384 mm across, 60 mm of z

  REQUIRE(Chestct({ "montage", folder + "/dicom", "-o", folder + "/m.jpg" }).status == 1);
  const Run mask = Chestct({ "montage", folder + "/dicom", "-o", folder + "/n.png", "--mask", folder + "/none.nrrd" });
  REQUIRE(mask.status == 1);
  REQUIRE(Contains(mask.err, "none.nrrd: does not exist"));
}

TEST_CASE("resample --interpolator bspline matches the seed's scipy zoom on lungdx-A0001-5mm",
          "[cli][visualization][realdata]")
{
  const std::string series = SharedDataPath("chest/lungdx-A0001-5mm");
  CHESTCT_REQUIRE_DATA(series, "chest/lungdx-A0001-5mm");
  const fs::path seed = fs::path(series).parent_path().parent_path().parent_path() / "reference" / "seed_pipeline.py";
  if (!fs::exists(seed) ||
      std::system("/usr/bin/python3 -c 'import pydicom, scipy.ndimage, skimage, sklearn' > /dev/null 2>&1") != 0)
  {
    WARN("CHESTCT-SKIP: seed_pipeline.py or its Python packages (python3-pydicom, python3-scipy, python3-skimage, "
         "python3-sklearn) are not available");
    return;
  }
  const std::string folder = TemporaryFolder("cli-seed-compare");
  const std::string command = "/usr/bin/python3 '" + seed.string() + "' '" + series + "' '" + folder +
                              "/seed' --nrrd --skip-mesh --skip-mask > '" + folder + "/seed.json'";
  REQUIRE(std::system(command.c_str()) == 0);
  const auto reference = ReadVolume<ShortImage>(folder + "/seed/resampled.nrrd");
  REQUIRE(reference->GetLargestPossibleRegion().GetSize() == itk::Size<3>{ { 431, 431, 320 } });

  for (const std::string grid : { "seed", "extent" })
  {
    INFO("grid " << grid);
    const std::string ours = folder + "/ours-" + grid + ".nrrd";
    REQUIRE(Chestct({ "resample", series, "-o", ours, "--interpolator", "bspline", "--grid", grid, "-q" }).status == 0);
    const auto image = ReadVolume<ShortImage>(ours);
    REQUIRE(image->GetLargestPossibleRegion().GetSize() == reference->GetLargestPossibleRegion().GetSize());
    // Compared in patient space: ours sampled (linearly) at each of the seed's voxel centres.
    auto interpolator = itk::LinearInterpolateImageFunction<ShortImage, double>::New();
    interpolator->SetInputImage(image);
    double      sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    std::size_t n = 0;
    for (itk::ImageRegionConstIteratorWithIndex<ShortImage> it(reference, reference->GetBufferedRegion());
         !it.IsAtEnd();
         ++it)
    {
      itk::Point<double, 3> p;
      reference->TransformIndexToPhysicalPoint(it.GetIndex(), p);
      const auto c = image->TransformPhysicalPointToContinuousIndex<double>(p);
      if (!interpolator->IsInsideBuffer(c))
      {
        continue;
      }
      const double x = it.Get(), y = interpolator->EvaluateAtContinuousIndex(c);
      sx += x;
      sy += y;
      sxx += x * x;
      syy += y * y;
      sxy += x * y;
      ++n;
    }
    REQUIRE(n > reference->GetBufferedRegion().GetNumberOfPixels() * 9 / 10);
    const double correlation = (n * sxy - sx * sy) / std::sqrt((n * sxx - sx * sx) * (n * syy - sy * sy));
    WARN("grid " << grid << ": correlation with the seed's zoom " << correlation << " over " << n << " voxels");
    REQUIRE(correlation > 0.99);
  }
}
