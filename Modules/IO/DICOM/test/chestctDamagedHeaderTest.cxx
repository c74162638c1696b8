// Damaged and hostile headers: every one is refused with a chestct::Error that
// names the file, before anything large is allocated; nothing crashes.
#include "chestctDICOMTestUtilities.h"
#include "chestctError.h"
#include "chestctTestData.h"
#include "chestctThoraxPhantom.h"

#include "gdcmAttribute.h"
#include "gdcmReader.h"
#include "gdcmWriter.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <functional>

using namespace chestct;
using namespace chestct::testing;

namespace
{
/** A small phantom series in a fresh folder; returns its files in slice order. */
std::vector<std::string>
WriteSmallSeries(const std::string & name, unsigned int slices = 4)
{
  ThoraxPhantomParameters parameters;
  parameters.columns = parameters.rows = 16;
  parameters.pixelSpacing = 24.0;
  parameters.slices = slices;
  parameters.hashedFileNames = false;
  return ThoraxPhantom(parameters).WriteDICOMSeries(TemporaryFolder(name));
}

/** Rewrites one file's data set through GDCM. */
void
Edit(const std::string & file, const std::function<void(gdcm::DataSet &)> & change)
{
  gdcm::Reader reader;
  reader.SetFileName(file.c_str());
  REQUIRE(reader.Read());
  change(reader.GetFile().GetDataSet());
  gdcm::Writer writer;
  writer.SetFile(reader.GetFile());
  writer.SetFileName(file.c_str());
  REQUIRE(writer.Write());
}

void
SetText(gdcm::DataSet & dataSet, std::uint16_t group, std::uint16_t element, const std::string & text)
{
  gdcm::DataElement value(gdcm::Tag(group, element));
  value.SetVR(gdcm::VR::DS);
  const std::string padded = text.size() % 2 ? text + " " : text;
  value.SetByteValue(padded.c_str(), static_cast<std::uint32_t>(padded.size()));
  dataSet.Replace(value);
}

/** The error converting `folder` gives; fails the test if it succeeds. */
Error
ConversionError(const std::string & folder, const HounsfieldConversionOptions & options = {})
{
  try
  {
    Convert(folder, options);
  }
  catch (const Error & error)
  {
    return error;
  }
  FAIL("the damaged series was converted");
  return Error("", "");
}
} // namespace

TEST_CASE("A NumberOfFrames the file cannot hold is refused at the scan, before any per-frame work", "[hostile]")
{
  const auto files = WriteSmallSeries("hostile-frames", 1);
  Edit(files[0], [](gdcm::DataSet & dataSet) {
    gdcm::DataElement frames(gdcm::Tag(0x0028, 0x0008));
    frames.SetVR(gdcm::VR::IS);
    frames.SetByteValue("2147483647", 10);
    dataSet.Replace(frames);
  });
  const DICOMScanResult scan = ScanDICOMFolder(files[0]);
  REQUIRE(scan.series.empty());
  REQUIRE(scan.skipped.size() == 1);
  REQUIRE(scan.skipped[0].reason.find("NumberOfFrames 2147483647 cannot fit") != std::string::npos);
}

TEST_CASE("Rows and columns far beyond the pixel data are caught as a damaged file, not allocated", "[hostile]")
{
  const auto files = WriteSmallSeries("hostile-rows");
  Edit(files[1], [](gdcm::DataSet & dataSet) {
    gdcm::Attribute<0x0028, 0x0010> rows = { 65535 };
    gdcm::Attribute<0x0028, 0x0011> columns = { 65535 };
    dataSet.Replace(rows.GetAsDataElement());
    dataSet.Replace(columns.GetAsDataElement());
  });
  const DICOMScanResult scan = ScanDICOMFolder(std::filesystem::path(files[1]).parent_path().string());
  // The edited file is a geometry of its own (split from the series), and it is damaged.
  REQUIRE(scan.series.size() == 2);
  for (const DICOMSeries & series : scan.series)
  {
    if (series.rows == 65535)
    {
      try
      {
        AnalyzeSliceStack(series);
        FAIL("a 65535 x 65535 header over 512 bytes of pixels was accepted");
      }
      catch (const Error & error)
      {
        REQUIRE(error.File().find(files[1]) == 0);
        REQUIRE_THAT(error.Problem(), Catch::Contains("the pixel data hold 512 bytes"));
      }
    }
  }
}

TEST_CASE("Non-numbers, infinities, zero and negative spacing in decimal strings are refused by name", "[hostile]")
{
  struct Case
  {
    std::uint16_t group, element;
    const char *  text;
    const char *  expected;
  };
  const Case cases[] = {
    { 0x0028, 0x0030, "NaN\\NaN", "no usable PixelSpacing" },
    { 0x0028, 0x0030, "0\\0", "no usable PixelSpacing" },
    { 0x0028, 0x0030, "-1\\-1", "no usable PixelSpacing" },
    { 0x0020, 0x0032, "inf\\0\\0", "no usable ImagePositionPatient" },
    { 0x0020, 0x0037, "1\\0\\0\\0\\0\\0", "not two orthogonal unit vectors" },
    { 0x0028, 0x1053, "NaN", "RescaleSlope 'NaN' is not a finite number" },
    { 0x0028, 0x1053, "0", "RescaleSlope is 0" },
    { 0x0028, 0x1052, "1e999", "RescaleIntercept '1e999' is not a finite number" },
  };
  int index = 0;
  for (const Case & c : cases)
  {
    INFO("(" << std::hex << c.group << "," << c.element << ") = " << c.text);
    const auto files = WriteSmallSeries("hostile-decimal-" + std::to_string(index++));
    for (const std::string & file : files)
    {
      Edit(file, [&c](gdcm::DataSet & dataSet) { SetText(dataSet, c.group, c.element, c.text); });
    }
    const Error error = ConversionError(std::filesystem::path(files[0]).parent_path().string());
    REQUIRE_THAT(std::string(error.what()), Catch::Contains(c.expected));
    REQUIRE_FALSE(error.File().empty());
  }
}

TEST_CASE("Slice positions that would need an absurd grid are refused before resampling", "[hostile]")
{
  const auto files = WriteSmallSeries("hostile-positions");
  Edit(files[3], [](gdcm::DataSet & dataSet) { SetText(dataSet, 0x0020, 0x0032, "-180\\-180\\1000000000"); });
  const Error error = ConversionError(std::filesystem::path(files[0]).parent_path().string());
  REQUIRE_THAT(std::string(error.what()), Catch::Contains("implausible slice positions"));
}

TEST_CASE("A conversion needing more memory than allowed is refused before allocating", "[hostile]")
{
  const auto                  files = WriteSmallSeries("hostile-memory");
  HounsfieldConversionOptions options;
  options.memoryLimitBytes = 1000; // the series needs 16 x 16 x 4 x 6 bytes
  const Error error = ConversionError(std::filesystem::path(files[0]).parent_path().string(), options);
  REQUIRE_THAT(std::string(error.what()), Catch::Contains("needs about"));
  options.memoryLimitBytes = 16 * 16 * 4 * 6;
  REQUIRE_NOTHROW(Convert(std::filesystem::path(files[0]).parent_path().string(), options));
}

TEST_CASE("A file cut off anywhere in its header is skipped with a reason, and the process survives", "[hostile]")
{
  // GDCM, built with assertions as Debian builds it, aborts on such files; the
  // structure check in front of it must catch every cut.
  const auto        files = WriteSmallSeries("hostile-cut-source", 1);
  const std::string folder = TemporaryFolder("hostile-cut");
  const auto        size = std::filesystem::file_size(files[0]);
  std::size_t       cuts = 0;
  for (std::uintmax_t length = 1; length < size - 512; length += 7) // every 7th byte up to the pixel data
  {
    const std::string cut = folder + "/cut";
    std::filesystem::copy_file(files[0], cut, std::filesystem::copy_options::overwrite_existing);
    std::filesystem::resize_file(cut, length);
    const DICOMScanResult scan = ScanDICOMFolder(cut);
    INFO("cut at byte " << length);
    REQUIRE(scan.series.empty());
    REQUIRE(scan.skipped.size() == 1);
    REQUIRE_FALSE(scan.skipped[0].reason.empty());
    ++cuts;
  }
  REQUIRE(cuts > 50);
}

TEST_CASE("Big-endian and deflated files are refused before GDCM parses them, with the way to convert them",
          "[hostile]")
{
  // GDCM asserts on damaged big-endian data sets (found by the fuzzer), and nothing walks them first, so
  // they are refused. The phantom writes Explicit VR Little Endian: its transfer syntax UID (20 bytes with
  // padding) is replaced, with the element's length, by the big-endian or the deflated one.
  const auto                                files = WriteSmallSeries("big-endian", 3);
  const std::pair<std::string, std::string> cases[] = { { std::string("1.2.840.10008.1.2.2\0", 20), "Big Endian" },
                                                        { "1.2.840.10008.1.2.1.99", "deflated" } };
  for (const auto & [uid, words] : cases)
  {
    std::string bytes;
    {
      std::ifstream in(files[0], std::ios::binary);
      bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    const std::string explicitLittle("1.2.840.10008.1.2.1\0", 20);
    const auto        at = bytes.find(explicitLittle);
    REQUIRE(at != std::string::npos);
    REQUIRE(static_cast<unsigned char>(bytes[at - 2]) == 20); // the element's 16-bit length
    bytes.replace(at, explicitLittle.size(), uid);
    bytes[at - 2] = static_cast<char>(uid.size());
    const std::string folder = TemporaryFolder("encoding-" + std::to_string(uid.size()));
    std::ofstream(folder + "/slice.dcm", std::ios::binary) << bytes;
    const DICOMScanResult scan = ScanDICOMFolder(folder);
    REQUIRE(scan.skipped.size() == 1);
    CHECK_THAT(scan.skipped[0].reason, Catch::Contains(words));
    CHECK_THAT(scan.skipped[0].reason, Catch::Contains("gdcmconv --raw"));
  }
}
