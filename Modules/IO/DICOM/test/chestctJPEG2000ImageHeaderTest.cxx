// The SIZ reader that stands between a JPEG 2000 stream and GDCM's codec:
// codestream headers built byte by byte, bare and inside JP2 boxes, whole,
// cut off and inconsistent.
#include "chestctJPEG2000ImageHeader.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

using chestct::JPEG2000ImageHeader;
using chestct::ReadJPEG2000ImageHeader;

namespace
{
std::string
BigEndian(std::uint64_t value, int bytes)
{
  std::string text;
  for (int i = bytes - 1; i >= 0; --i)
  {
    text += static_cast<char>((value >> (8 * i)) & 0xff);
  }
  return text;
}

struct Siz
{
  std::uint32_t x{ 512 }, y{ 512 }, x0{ 0 }, y0{ 0 };
  std::uint16_t components{ 1 };
  unsigned char ssiz{ 0x8f }; // signed, 16 bits
  unsigned char xr{ 1 }, yr{ 1 };
};

/** SOC, SIZ, and a few bytes standing for the rest of the codestream. */
std::string
Codestream(const Siz & siz)
{
  std::string bytes = "\xff\x4f\xff\x51";
  bytes += BigEndian(38 + 3 * siz.components, 2) + BigEndian(0, 2);
  for (const std::uint32_t value : { siz.x, siz.y, siz.x0, siz.y0, siz.x, siz.y, 0u, 0u })
  {
    bytes += BigEndian(value, 4);
  }
  bytes += BigEndian(siz.components, 2);
  for (int c = 0; c < siz.components; ++c)
  {
    bytes += std::string{ static_cast<char>(siz.ssiz), static_cast<char>(siz.xr), static_cast<char>(siz.yr) };
  }
  return bytes + "\xff\x52\x00\x0c" + std::string(10, '\0') + "\xff\xd9";
}

std::string
Box(const std::string & type, const std::string & contents)
{
  return BigEndian(8 + contents.size(), 4) + type + contents;
}

JPEG2000ImageHeader
Read(const std::string & bytes)
{
  return ReadJPEG2000ImageHeader(bytes.data(), bytes.size());
}
} // namespace

TEST_CASE("A JPEG 2000 codestream's SIZ gives its size, components and sample format", "[dicom][jpeg2000]")
{
  Siz siz;
  siz.x = 600;
  siz.y = 516;
  siz.x0 = 88;
  siz.ssiz = 0x0b; // unsigned, 12 bits
  const JPEG2000ImageHeader header = Read(Codestream(siz));
  REQUIRE(header.problem.empty());
  CHECK(header.width == 512); // the image area starts at the offset
  CHECK(header.height == 516);
  CHECK(header.components == 1);
  CHECK(header.precision == 12);
  CHECK_FALSE(header.isSigned);
  CHECK_FALSE(header.subsampled);

  siz = Siz{};
  siz.components = 3;
  siz.yr = 2;
  const JPEG2000ImageHeader colour = Read(Codestream(siz));
  REQUIRE(colour.problem.empty());
  CHECK(colour.components == 3);
  CHECK(colour.precision == 16);
  CHECK(colour.isSigned);
  CHECK(colour.subsampled);
}

TEST_CASE("A JP2 file's header is read from its contiguous codestream box", "[dicom][jpeg2000]")
{
  const std::string signature("\x00\x00\x00\x0c\x6a\x50\x20\x20\x0d\x0a\x87\x0a", 12);
  Siz               siz;
  siz.y = 300;
  // A decoy codestream in an earlier box must not be taken for the image's.
  const std::string         decoy = Box("xml ", Codestream(Siz{}));
  const std::string         file = signature + Box("ftyp", "jp2 \0\0\0\0jp2 ") + decoy + Box("jp2c", Codestream(siz));
  const JPEG2000ImageHeader header = Read(file);
  REQUIRE(header.problem.empty());
  CHECK(header.height == 300);

  SECTION("a 64-bit box length")
  {
    const std::string body = Codestream(siz);
    const std::string wide = signature + BigEndian(1, 4) + "jp2c" + BigEndian(16 + body.size(), 8) + body;
    CHECK(Read(wide).height == 300);
  }
  SECTION("no codestream box")
  {
    CHECK_THAT(Read(signature + decoy).problem, Catch::Contains("no codestream box"));
  }
  SECTION("a box whose length runs past the end")
  {
    const std::string broken = signature + BigEndian(4096, 4) + "xml " + Box("jp2c", Codestream(siz));
    CHECK_THAT(Read(broken).problem, Catch::Contains("no codestream box"));
  }
}

TEST_CASE("A cut-off, foreign or inconsistent JPEG 2000 header is described, not read", "[dicom][jpeg2000][hostile]")
{
  const std::string whole = Codestream(Siz{});
  for (std::size_t length = 0; length < 4 + 41; ++length) // every cut inside SOC and SIZ
  {
    INFO("cut at " << length);
    CHECK_FALSE(ReadJPEG2000ImageHeader(whole.data(), length).problem.empty());
  }
  CHECK(ReadJPEG2000ImageHeader(whole.data(), 4 + 41 + 2).problem.empty());

  CHECK_THAT(Read("\xff\xd8\xff\xe0" + whole.substr(4)).problem, Catch::Contains("SOC and SIZ"));

  std::string wrongLength = whole;
  wrongLength[5] = 44; // Lsiz for two components, Csiz says one
  CHECK_THAT(Read(wrongLength).problem, Catch::Contains("inconsistent"));

  Siz zeroComponents;
  zeroComponents.components = 0;
  CHECK_THAT(Read(Codestream(zeroComponents)).problem, Catch::Contains("inconsistent"));

  Siz empty;
  empty.x0 = empty.x;
  CHECK_THAT(Read(Codestream(empty)).problem, Catch::Contains("empty image"));
}
