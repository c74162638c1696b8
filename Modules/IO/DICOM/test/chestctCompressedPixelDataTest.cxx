// Compressed pixel data, made from the phantom with GDCM's own encoders, so that
// every codec path runs without the real data: each lossless encoding reads back
// to the same Hounsfield units as the uncompressed series, and damaged fragments
// give an error naming the file instead of a crash or a made-up image.
#include "chestctDICOMTestUtilities.h"
#include "chestctError.h"
#include "chestctTestData.h"
#include "chestctThoraxPhantom.h"

#include "gdcmImageChangeTransferSyntax.h"
#include "gdcmImageReader.h"
#include "gdcmImageWriter.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <functional>
#include <fstream>
#include <iterator>

using namespace chestct;
using namespace chestct::testing;

namespace
{
/** A small phantom series in a fresh folder; returns its files in slice order. */
std::vector<std::string>
WritePhantomSeries(const std::string & name)
{
  ThoraxPhantomParameters parameters;
  parameters.columns = parameters.rows = 24;
  parameters.pixelSpacing = 16.0;
  parameters.slices = 3;
  parameters.hashedFileNames = false;
  return ThoraxPhantom(parameters).WriteDICOMSeries(TemporaryFolder(name));
}

/** Re-encodes `file` in place with GDCM's encoder for `syntax`. */
void
Compress(const std::string & file, const gdcm::TransferSyntax & syntax)
{
  gdcm::ImageReader reader;
  reader.SetFileName(file.c_str());
  REQUIRE(reader.Read());
  gdcm::ImageChangeTransferSyntax change;
  change.SetTransferSyntax(syntax);
  change.SetInput(reader.GetImage());
  REQUIRE(change.Change());
  gdcm::ImageWriter writer;
  writer.SetFile(reader.GetFile());
  writer.SetImage(change.GetOutput());
  writer.SetFileName(file.c_str());
  REQUIRE(writer.Write());
}

std::string
ReadBytes(const std::string & file)
{
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

/** Where the first fragment's value starts (after the basic offset table), and its length. */
std::pair<std::size_t, std::uint32_t>
FirstFragment(const std::string & bytes)
{
  const std::string pixelData("\xe0\x7f\x10\x00OB\0\0\xff\xff\xff\xff", 12);
  const auto        at = bytes.rfind(pixelData);
  REQUIRE(at != std::string::npos);
  const auto length = [&bytes](std::size_t item) {
    std::uint32_t value = 0;
    for (int i = 3; i >= 0; --i)
    {
      value = (value << 8) | static_cast<unsigned char>(bytes[item + 4 + i]);
    }
    return value;
  };
  const std::size_t table = at + 12;
  const std::size_t fragment = table + 8 + length(table);
  return { fragment + 8, length(fragment) };
}

/** Converts the folder of `file`, which must fail naming that file; returns the error's message. */
std::string
ConversionErrorNamingFile(const std::string & file)
{
  try
  {
    Convert(std::filesystem::path(file).parent_path());
  }
  catch (const Error & error)
  {
    const std::string message = error.what();
    CHECK_THAT(message, Catch::Contains(std::filesystem::path(file).filename().string()));
    return message;
  }
  FAIL("the damaged slice was decoded: " << file);
  return {};
}

/** Rewrites the phantom's BitsAllocated, BitsStored and HighBit (explicit little-endian US elements,
 * 16, 16 and 15) as 12, 12 and 11: a pixel format that is consistent but not a whole number of bytes. */
void
MakeTwelveBitHeader(std::string & file)
{
  const std::string sixteen("\x28\x00\x00\x01US\x02\x00\x10\x00\x28\x00\x01\x01US\x02\x00\x10\x00"
                            "\x28\x00\x02\x01US\x02\x00\x0f\x00",
                            30);
  const std::string twelve("\x28\x00\x00\x01US\x02\x00\x0c\x00\x28\x00\x01\x01US\x02\x00\x0c\x00"
                           "\x28\x00\x02\x01US\x02\x00\x0b\x00",
                           30);
  const auto        at = file.find(sixteen);
  REQUIRE(at != std::string::npos);
  file.replace(at, sixteen.size(), twelve);
}
} // namespace

TEST_CASE("Lossless RLE, JPEG, JPEG-LS and JPEG 2000 read back as the uncompressed series", "[dicom]")
{
  const Conversion reference = Convert(std::filesystem::path(WritePhantomSeries("uncompressed")[0]).parent_path());
  const std::pair<gdcm::TransferSyntax::TSType, const char *> syntaxes[] = {
    { gdcm::TransferSyntax::RLELossless, "RLE" },
    { gdcm::TransferSyntax::JPEGLosslessProcess14_1, "JPEG lossless" },
    { gdcm::TransferSyntax::JPEGLSLossless, "JPEG-LS" },
    { gdcm::TransferSyntax::JPEG2000Lossless, "JPEG 2000" },
  };
  for (const auto & [syntax, name] : syntaxes)
  {
    INFO(name);
    const auto files = WritePhantomSeries(std::string("compressed-") + gdcm::TransferSyntax::GetTSString(syntax));
    for (const std::string & file : files)
    {
      Compress(file, syntax);
    }
    REQUIRE(ReadBytes(files[0]).find(gdcm::TransferSyntax::GetTSString(syntax)) != std::string::npos);
    const Conversion decoded = Convert(std::filesystem::path(files[0]).parent_path());
    RequireSameGrid(decoded.image, reference.image);
    CHECK(CountDifferentVoxels(decoded.image, reference.image) == 0);
  }
}

TEST_CASE("A damaged compressed slice, or one without fragments, is refused by name", "[hostile]")
{
  for (const bool removeFragments : { false, true })
  {
    const auto files = WritePhantomSeries(removeFragments ? "no-fragment" : "damaged-jpeg");
    Compress(files[1], gdcm::TransferSyntax::JPEGLosslessProcess14_1);
    std::string bytes = ReadBytes(files[1]);
    const auto [start, length] = FirstFragment(bytes);
    REQUIRE(start + length <= bytes.size());
    if (removeFragments)
    {
      // The pixel data end right after the basic offset table: a sequence delimiter, nothing more.
      bytes.replace(start - 8, std::string::npos, std::string("\xfe\xff\xdd\xe0\0\0\0\0", 8));
    }
    else
    {
      // The JPEG stream overwritten, its length kept: the file's structure stays sound.
      bytes.replace(start, length, std::string(length, '\x5a'));
    }
    std::ofstream(files[1], std::ios::binary | std::ios::trunc) << bytes;
    const std::string message = ConversionErrorNamingFile(files[1]);
    CHECK_THAT(message, Catch::Contains(removeFragments ? "hold no fragment" : "cannot be decoded"));
    CHECK_THAT(message, Catch::Contains("JPEG Lossless"));
  }
}

TEST_CASE("A JPEG 2000 stream that disagrees with the header's size or sample format is refused before decoding",
          "[hostile][jpeg2000]")
{
  // GDCM's JPEG 2000 codec allocates what the DICOM header says and writes what the codestream says:
  // a stream of more rows, or wider samples, wrote past its buffer (found by the fuzzer, shown by Valgrind).
  struct Damage
  {
    const char *                                      name;
    std::function<void(std::string &, std::string &)> apply; // on the codestream (SOC first), on the whole file
    const char *                                      expected;
  };
  const Damage damages[] = {
    { "four more rows",
      [](std::string & s, std::string &) { s[15] = static_cast<char>(s[15] + 4); },
      "is 24 x 28 pixels, the header says 24 x 24" },
    { "17-bit samples",
      [](std::string & s, std::string &) { s[42] = '\x90'; },
      "samples of 17 bits, which do not fit the header's BitsAllocated of 16" },
    { "subsampled columns", [](std::string & s, std::string &) { s[43] = 2; }, "subsampled" },
    { "no SOC marker",
      [](std::string & s, std::string &) { s[1] = '\x00'; },
      "do not start with a JPEG 2000 codestream header" },
    { "12 bits allocated",
      [](std::string &, std::string & file) { MakeTwelveBitHeader(file); },
      "BitsAllocated is 12, not a whole number of bytes" },
  };
  for (const Damage & damage : damages)
  {
    INFO(damage.name);
    const auto files = WritePhantomSeries(std::string("jpeg2000-") + damage.name);
    Compress(files[1], gdcm::TransferSyntax::JPEG2000Lossless);
    std::string bytes = ReadBytes(files[1]);
    const auto [start, length] = FirstFragment(bytes);
    REQUIRE(length > 44);
    std::string codestream = bytes.substr(start, length);
    REQUIRE(codestream.compare(0, 4, "\xff\x4f\xff\x51") == 0);
    REQUIRE(static_cast<unsigned char>(codestream[15]) == 24); // Ysiz's low byte: the phantom's 24 rows
    damage.apply(codestream, bytes);
    bytes.replace(start, length, codestream);
    std::ofstream(files[1], std::ios::binary | std::ios::trunc) << bytes;
    CHECK_THAT(ConversionErrorNamingFile(files[1]), Catch::Contains(damage.expected));
  }
}
