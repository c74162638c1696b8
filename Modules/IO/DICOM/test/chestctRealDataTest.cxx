// Real public CT series (../shared/data): each gives its documented result.
// Every test case says which data it needs and is reported as skipped when
// they are absent.
#include "chestctDICOMFrameReader.h"
#include "chestctDICOMTestUtilities.h"
#include "chestctError.h"
#include "chestctTestData.h"

#include "itkImageFileReader.h"
#include "itkImageRegionConstIteratorWithIndex.h"
#include "itkNiftiImageIO.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>

using namespace chestct;
using namespace chestct::testing;
namespace fs = std::filesystem;

TEST_CASE("lungdx-A0001-5mm: 64 axial slices, 5 mm apart, no findings", "[data]")
{
  const std::string data = SharedDataPath("chest/lungdx-A0001-5mm");
  CHESTCT_REQUIRE_DATA(data, "chest/lungdx-A0001-5mm");
  const Conversion conversion = Convert(data);
  REQUIRE(conversion.geometry.findings.empty());
  const auto size = conversion.image->GetLargestPossibleRegion().GetSize();
  REQUIRE(size[0] == 512);
  REQUIRE(size[1] == 512);
  REQUIRE(size[2] == 64);
  REQUIRE(conversion.image->GetSpacing()[2] == Approx(5.0));
  REQUIRE(conversion.image->GetSpacing()[0] == Approx(0.841796875));
  // Air outside the body is air; the scan holds bone.
  REQUIRE(conversion.image->GetPixel({ { 5, 5, 30 } }) < -900);
  const short * begin = conversion.image->GetBufferPointer();
  const short * end = begin + conversion.image->GetBufferedRegion().GetNumberOfPixels();
  REQUIRE(*std::max_element(begin, end) > 1000);
  REQUIRE(*std::min_element(begin, end) >= -1024);
}

TEST_CASE("lungdx-A0001-5mm: voxel for voxel the same HU as dcm2niix, in patient space", "[data][dcm2niix]")
{
  const std::string data = SharedDataPath("chest/lungdx-A0001-5mm");
  CHESTCT_REQUIRE_DATA(data, "chest/lungdx-A0001-5mm");
  const std::string dcm2niix = CHESTCT_DCM2NIIX;
  if (dcm2niix.empty() || dcm2niix.find("NOTFOUND") != std::string::npos)
  {
    WARN("CHESTCT-SKIP: dcm2niix not installed (apt-get install dcm2niix)");
    return;
  }
  const std::string folder = TemporaryFolder("dcm2niix-reference");
  const std::string command =
    dcm2niix + " -z n -b n -f reference -o " + folder + " " + data + " > " + folder + "/log.txt 2>&1";
  REQUIRE(std::system(command.c_str()) == 0);

  // dcm2niix writes RAS with the rescale in the NIfTI header; ITK reads it back into LPS and applies it.
  using ReferenceImageType = itk::Image<float, 3>;
  auto reader = itk::ImageFileReader<ReferenceImageType>::New();
  reader->SetImageIO(itk::NiftiImageIO::New());
  reader->SetFileName(folder + "/reference.nii");
  reader->Update();
  const ReferenceImageType * reference = reader->GetOutput();

  const Conversion conversion = Convert(data);
  const auto &     ours = conversion.image;
  std::size_t      compared = 0, different = 0;
  for (itk::ImageRegionConstIteratorWithIndex<HUImageType> it(ours, ours->GetBufferedRegion()); !it.IsAtEnd(); ++it)
  {
    HUImageType::PointType point;
    ours->TransformIndexToPhysicalPoint(it.GetIndex(), point);
    ReferenceImageType::IndexType index{};
    REQUIRE(reference->TransformPhysicalPointToIndex(point, index)); // the same voxel centres, in physical space
    ++compared;
    different += std::lround(reference->GetPixel(index)) != it.Get();
  }
  REQUIRE(compared == 512u * 512u * 64u);
  REQUIRE(different == 0);
}

TEST_CASE("lungdx-A0002: two kernels of one geometry are two series, the choice is deterministic", "[data]")
{
  const std::string data = SharedDataPath("chest/lungdx-A0002-8mm-two-kernels");
  CHESTCT_REQUIRE_DATA(data, "chest/lungdx-A0002-8mm-two-kernels");
  const DICOMScanResult scan = ScanDICOMFolder(data);
  REQUIRE(scan.series.size() == 2);
  const DICOMSeries & chosen = ChooseSeries(scan.series, "", data);
  REQUIRE(chosen.seriesNumber == "2"); // same rank: the lower SeriesNumber
  REQUIRE(chosen.convolutionKernel == "B70f");
}

TEST_CASE("odd/ge-head-tilt-variable-spacing: tilt and uneven spacing are corrected", "[data][tilt]")
{
  const std::string data = SharedDataPath("odd/ge-head-tilt-variable-spacing");
  CHESTCT_REQUIRE_DATA(data, "odd/ge-head-tilt-variable-spacing");
  const Conversion conversion = Convert(data);
  REQUIRE(conversion.geometry.HasFinding("gantry-tilt"));
  REQUIRE(conversion.geometry.HasFinding("non-uniform-spacing"));
  REQUIRE_FALSE(conversion.geometry.HasFinding("missing-slices")); // 4/7 mm alternation is not a gap
  REQUIRE(conversion.geometry.tiltDegrees == Approx(18.5).margin(0.05));
  REQUIRE(conversion.geometry.minimumGap == Approx(1.081).margin(0.01));
  REQUIRE(conversion.image->GetSpacing()[2] == Approx(conversion.geometry.minimumGap));
  // The padding tag (-1500) is honoured.
  REQUIRE(conversion.series.pixelPaddingValue.value_or(0) == -1500);
}

TEST_CASE("odd/philips-head-tilt: an 18.5 degree tilt is corrected onto an orthogonal grid", "[data][tilt]")
{
  const std::string data = SharedDataPath("odd/philips-head-tilt");
  CHESTCT_REQUIRE_DATA(data, "odd/philips-head-tilt");
  const Conversion conversion = Convert(data);
  REQUIRE(conversion.geometry.HasFinding("gantry-tilt"));
  REQUIRE(conversion.geometry.tiltDegrees == Approx(18.5).margin(0.05));
  REQUIRE_FALSE(conversion.geometry.HasFinding("non-uniform-spacing"));
  // The grid covers every slice's footprint: wider than one slice along the drift.
  REQUIRE(conversion.image->GetLargestPossibleRegion().GetSize(1) > conversion.series.rows);
}

TEST_CASE("odd/transfer-syntaxes: every lossless syntax decodes to the uncompressed reference", "[data][codecs]")
{
  const std::string data = SharedDataPath("odd/transfer-syntaxes");
  CHESTCT_REQUIRE_DATA(data, "odd/transfer-syntaxes");
  for (const std::string image : { "CT1", "CT2" })
  {
    const DICOMScanResult     reference = ScanDICOMFolder(data + "/" + image + "_UNC_ref.dcm");
    const DICOMSeries &       series = reference.series.front();
    const std::size_t         pixels = std::size_t{ series.rows } * series.columns;
    std::vector<std::int32_t> expected(pixels), actual(pixels);
    ReadDICOMStoredValues(data + "/" + image + "_UNC_ref.dcm", series.rows, series.columns, { 0 }, expected.data());
    for (const std::string syntax : { "J2KR", "JLSL", "JPLL", "RLE" })
    {
      INFO(image << "_" << syntax);
      ReadDICOMStoredValues(
        data + "/" + image + "_" + syntax + ".dcm", series.rows, series.columns, { 0 }, actual.data());
      REQUIRE(actual == expected);
    }
    const auto [low, high] = std::minmax_element(expected.begin(), expected.end());
    for (const std::string syntax : { "J2KI", "JLSN" }) // lossy: close, not equal
    {
      INFO(image << "_" << syntax);
      ReadDICOMStoredValues(
        data + "/" + image + "_" + syntax + ".dcm", series.rows, series.columns, { 0 }, actual.data());
      double sum = 0;
      for (std::size_t i = 0; i < pixels; ++i)
      {
        sum += std::abs(actual[i] - expected[i]);
      }
      const double meanError = sum / pixels;
      INFO("mean absolute error " << meanError << " over a range of " << (*high - *low));
      REQUIRE(meanError > 0.0);
      REQUIRE(meanError < 0.01 * (*high - *low));
    }
  }
  // The folder as a whole holds six encodings of one image at one position: refused, not averaged.
  const DICOMScanResult scan = ScanDICOMFolder(data);
  REQUIRE(scan.series.size() == 4);
  const DICOMSeries & chosen = ChooseSeries(scan.series, "", data);
  REQUIRE(chosen.frames.size() == 6);
  REQUIRE_THROWS_AS(AnalyzeSliceStack(chosen), Error);
}

TEST_CASE("odd/jpeg2000-empty-uids: twenty JPEG 2000 slices 2 mm apart without UIDs", "[data][codecs]")
{
  const std::string data = SharedDataPath("odd/jpeg2000-empty-uids");
  CHESTCT_REQUIRE_DATA(data, "odd/jpeg2000-empty-uids");
  const Conversion conversion = Convert(data);
  REQUIRE(conversion.image->GetLargestPossibleRegion().GetSize(2) == 20);
  REQUIRE(conversion.image->GetSpacing()[2] == Approx(2.0).margin(1e-3)); // from positions, not the 3 mm thickness
  REQUIRE(conversion.geometry.findings.empty());
}

TEST_CASE("odd/enhanced-ct-multiframe: one multi-frame object is a two-slice volume", "[data][multiframe]")
{
  const std::string data = SharedDataPath("odd/enhanced-ct-multiframe");
  CHESTCT_REQUIRE_DATA(data, "odd/enhanced-ct-multiframe");
  const Conversion conversion = Convert(data);
  REQUIRE(conversion.series.multiFrame);
  REQUIRE(conversion.image->GetLargestPossibleRegion().GetSize(2) == 2);
  REQUIRE(conversion.image->GetSpacing()[2] == Approx(10.0).margin(1e-3));
  // The two frames differ: each was read from its own place in the pixel data.
  const std::size_t perSlice = 512 * 512;
  const short *     buffer = conversion.image->GetBufferPointer();
  REQUIRE_FALSE(std::equal(buffer, buffer + perSlice, buffer + perSlice));
}

TEST_CASE("odd/padding-2000-feet-first: padding -2000 becomes air, slices in patient order", "[data]")
{
  const std::string data = SharedDataPath("odd/padding-2000-feet-first");
  CHESTCT_REQUIRE_DATA(data, "odd/padding-2000-feet-first");
  const Conversion conversion = Convert(data);
  REQUIRE(conversion.series.pixelPaddingValue.value_or(0) == -2000);
  REQUIRE(conversion.image->GetLargestPossibleRegion().GetSize(2) == 2);
  REQUIRE(conversion.image->GetPixel({ { 0, 0, 0 } }) == -1024); // a corner, outside the scan circle
  const short * begin = conversion.image->GetBufferPointer();
  REQUIRE(*std::min_element(begin, begin + conversion.image->GetBufferedRegion().GetNumberOfPixels()) >= -1024);
}

TEST_CASE("odd/three-slices-with-seg: the SEG object is skipped, the three CT slices convert", "[data]")
{
  const std::string data = SharedDataPath("odd/three-slices-with-seg");
  CHESTCT_REQUIRE_DATA(data, "odd/three-slices-with-seg");
  const Conversion conversion = Convert(data);
  REQUIRE(conversion.scan.skipped.size() == 1);
  REQUIRE(conversion.scan.skipped.front().reason.find("SEG") != std::string::npos);
  REQUIRE(conversion.image->GetLargestPossibleRegion().GetSize(2) == 3);
}

TEST_CASE("odd/mixed-ct-mr-nm-text: the 30-slice chest CT is chosen among MR, NM, another study and text", "[data]")
{
  const std::string data = SharedDataPath("odd/mixed-ct-mr-nm-text");
  CHESTCT_REQUIRE_DATA(data, "odd/mixed-ct-mr-nm-text");
  const Conversion conversion = Convert(data);
  REQUIRE(conversion.scan.series.size() == 5);
  REQUIRE(conversion.series.modality == "CT");
  REQUIRE(conversion.image->GetLargestPossibleRegion().GetSize(2) == 30);
  REQUIRE(conversion.scan.skipped.size() == 1); // the text file
  // Asking for the MR series by hand is refused: HU are for CT.
  for (const DICOMSeries & series : conversion.scan.series)
  {
    if (series.modality == "MR" && !series.multiFrame)
    {
      const SliceStackGeometry geometry = AnalyzeSliceStack(series);
      REQUIRE_THROWS_AS(HounsfieldVolumeReader(series, geometry), Error);
    }
  }
}
