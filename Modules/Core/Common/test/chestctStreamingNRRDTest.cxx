#include "chestctError.h"
#include "chestctStreamingNRRDReader.h"
#include "chestctStreamingNRRDWriter.h"
#include "chestctTestData.h"
#include "chestctImageSlabs.h"
#include "chestctWriteImage.h"

#include "itkImage.h"
#include "itkImageFileReader.h"
#include "itkImageFileWriter.h"
#include "itkNrrdImageIO.h"
#include "itk_zlib.h"

#include <catch2/catch.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <csignal>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>

namespace fs = std::filesystem;

namespace
{
using ShortImage = itk::Image<short, 3>;

// A volume of smooth values with noise (compressible, as CT is, but not trivially), on an oblique grid.
ShortImage::Pointer
MakeVolume()
{
  auto image = ShortImage::New();
  image->SetRegions(ShortImage::SizeType{ { 37, 29, 23 } });
  const double spacing[3] = { 0.7, 0.8, 2.5 };
  image->SetSpacing(spacing);
  const double origin[3] = { -120.25, 33.125, -441.0 };
  image->SetOrigin(origin);
  ShortImage::DirectionType direction;
  direction.SetIdentity();
  direction[1][1] = std::cos(0.3);
  direction[2][1] = std::sin(0.3);
  direction[1][2] = -std::sin(0.3);
  direction[2][2] = std::cos(0.3);
  image->SetDirection(direction);
  image->Allocate();
  std::mt19937                       random(5);
  std::uniform_int_distribution<int> noise(-20, 20);
  short *                            p = image->GetBufferPointer();
  for (std::size_t i = 0; i < image->GetBufferedRegion().GetNumberOfPixels(); ++i)
  {
    p[i] = static_cast<short>(static_cast<int>(i % 1000) - 1024 + noise(random));
  }
  return image;
}


std::string
FileBytes(const std::string & path)
{
  std::ifstream stream(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(stream), {});
}

// ITK's own NRRD file of `image`, compressed or not.
void
WriteWithITK(const ShortImage * image, const std::string & path, bool compress)
{
  auto writer = itk::ImageFileWriter<ShortImage>::New();
  writer->SetInput(image);
  writer->SetFileName(path);
  writer->SetImageIO(itk::NrrdImageIO::New());
  writer->SetUseCompression(compress);
  writer->Update();
}
} // namespace

TEST_CASE("A volume written slab by slab reads back whole in ITK with ITK's header", "[output][nrrd]")
{
  const std::string folder = chestct::testing::TemporaryFolder("streaming-nrrd");
  const auto        image = MakeVolume();
  chestct::WriteImageAtomically(image.GetPointer(), folder + "/whole.nrrd");

  for (const long slabSize : { 1L, 4L, 23L })
  {
    const std::string path = folder + "/slabs" + std::to_string(slabSize) + ".nrrd";
    {
      chestct::StreamingNRRDWriter<short> writer(path, *image);
      for (long first = 0; first < 23; first += slabSize)
      {
        writer.Append(chestct::CopySlices(image.GetPointer(), first, std::min(slabSize, 23 - first)));
        REQUIRE_FALSE(fs::exists(path)); // nothing under the final name before the end
      }
      writer.Commit();
    }
    INFO("slabs of " << slabSize << " slices");
    const std::string written = FileBytes(path), itk = FileBytes(folder + "/whole.nrrd");
    const std::size_t header = itk.find("\n\n") + 2;
    REQUIRE(written.substr(0, header) == itk.substr(0, header)); // ITK's header
    if (slabSize == 23)
    {
      REQUIRE(written == itk); // one slab is one deflate stream, as ITK's writer makes it
    }
    else
    {
      // Slabs compressed apart, each primed with the one before: a few dozen bytes more a slab (its own Huffman
      // tables and the flush marker) than one stream.
      REQUIRE(written.size() < itk.size() + 23 * 64);
    }
    auto reader = itk::ImageFileReader<ShortImage>::New();
    reader->SetFileName(path);
    reader->SetImageIO(chestct::CreateImageIO(chestct::ImageFileFormat::NRRD));
    reader->Update();
    const ShortImage * read = reader->GetOutput();
    REQUIRE(read->GetLargestPossibleRegion() == image->GetLargestPossibleRegion());
    for (unsigned int i = 0; i < 3; ++i)
    {
      REQUIRE(read->GetOrigin()[i] == image->GetOrigin()[i]);
      REQUIRE(read->GetSpacing()[i] == Approx(image->GetSpacing()[i]).epsilon(1e-12));
      for (unsigned int j = 0; j < 3; ++j)
      {
        REQUIRE(read->GetDirection()[i][j] == Approx(image->GetDirection()[i][j]).margin(1e-12));
      }
    }
    REQUIRE(std::equal(image->GetBufferPointer(),
                       image->GetBufferPointer() + image->GetBufferedRegion().GetNumberOfPixels(),
                       read->GetBufferPointer()));
  }

  // Labels: a byte per voxel, and no endian line, as ITK writes them.
  auto labels = itk::Image<unsigned char, 3>::New();
  labels->CopyInformation(image);
  labels->SetRegions(image->GetLargestPossibleRegion());
  labels->Allocate();
  for (std::size_t i = 0; i < labels->GetBufferedRegion().GetNumberOfPixels(); ++i)
  {
    labels->GetBufferPointer()[i] = static_cast<unsigned char>((i / 97) % 3);
  }
  chestct::WriteImageAtomically(labels.GetPointer(), folder + "/labels-whole.nrrd");
  {
    chestct::StreamingNRRDWriter<unsigned char> writer(folder + "/labels.nrrd", *labels);
    writer.Append(chestct::CopySlices(labels.GetPointer(), 0, 10));
    writer.Append(chestct::CopySlices(labels.GetPointer(), 10, 13));
    writer.Commit();
  }
  auto labelReader = itk::ImageFileReader<itk::Image<unsigned char, 3>>::New();
  labelReader->SetFileName(folder + "/labels.nrrd");
  labelReader->SetImageIO(chestct::CreateImageIO(chestct::ImageFileFormat::NRRD));
  labelReader->Update();
  REQUIRE(std::equal(labels->GetBufferPointer(),
                     labels->GetBufferPointer() + labels->GetBufferedRegion().GetNumberOfPixels(),
                     labelReader->GetOutput()->GetBufferPointer()));
  const std::string labelsWritten = FileBytes(folder + "/labels.nrrd");
  const std::string labelsITK = FileBytes(folder + "/labels-whole.nrrd");
  REQUIRE(labelsWritten.substr(0, labelsITK.find("\n\n")) == labelsITK.substr(0, labelsITK.find("\n\n")));
}

TEST_CASE("A volume written raw slab by slab is ITK's uncompressed file byte for byte", "[output][nrrd]")
{
  const std::string folder = chestct::testing::TemporaryFolder("streaming-nrrd-raw");
  const auto        image = MakeVolume();
  WriteWithITK(image, folder + "/itk.nrrd", false);
  const std::string path = folder + "/raw.nrrd";
  {
    chestct::StreamingNRRDWriter<short> writer(path, *image, chestct::ImageCompression::None);
    writer.Append(chestct::CopySlices(image.GetPointer(), 0, 4));
    writer.Append(chestct::CopySlices(image.GetPointer(), 4, 1));
    REQUIRE_THROWS_AS(writer.Append(chestct::CopySlices(image.GetPointer(), 6, 3)), chestct::Error); // 5 skipped
    writer.Append(chestct::CopySlices(image.GetPointer(), 5, 18));
    REQUIRE_FALSE(fs::exists(path));
    writer.Commit();
  }
  const std::string written = FileBytes(path);
  REQUIRE(written.find("encoding: raw\n") != std::string::npos);
  REQUIRE(written == FileBytes(folder + "/itk.nrrd"));

  // A volume held whole, as the run writes its HU volume.
  chestct::WriteNRRDBySlabs(image.GetPointer(), folder + "/whole.nrrd", chestct::ImageCompression::None, 5);
  REQUIRE(FileBytes(folder + "/whole.nrrd") == written);

  {
    chestct::StreamingNRRDWriter<short> dropped(folder + "/dropped.nrrd", *image, chestct::ImageCompression::None);
    dropped.Append(chestct::CopySlices(image.GetPointer(), 0, 10));
  }
  REQUIRE_FALSE(fs::exists(folder + "/dropped.nrrd"));
}

TEST_CASE("A raw NRRD file whose writes fail is refused by name and never appears", "[output][nrrd]")
{
  // A write that fails (here, past a file size limit of 2 kB, as on a full disk) reaches the caller, and
  // leaves nothing behind.
  const std::string folder = chestct::testing::TemporaryFolder("streaming-nrrd-full");
  const auto        image = MakeVolume(); // 49 kB of pixels
  const std::string path = folder + "/full.nrrd";
  const auto        ignoreSignal = std::signal(SIGXFSZ, SIG_IGN); // the write then fails with EFBIG instead
  rlimit            limit{};
  REQUIRE(getrlimit(RLIMIT_FSIZE, &limit) == 0);
  const rlimit small{ 2048, limit.rlim_max };
  REQUIRE(setrlimit(RLIMIT_FSIZE, &small) == 0);
  bool refused = false;
  try
  {
    chestct::StreamingNRRDWriter<short> writer(path, *image, chestct::ImageCompression::None);
    for (unsigned int first = 0; first < 23; first += 5)
    {
      writer.Append(chestct::CopySlices(image.GetPointer(), first, std::min(5u, 23 - first)));
    }
    writer.Commit();
  }
  catch (const chestct::Error & error)
  {
    refused = error.File() == path;
  }
  setrlimit(RLIMIT_FSIZE, &limit);
  std::signal(SIGXFSZ, ignoreSignal);
  CHECK(refused);
  CHECK_FALSE(fs::exists(path));
  CHECK(fs::is_empty(folder));
}

TEST_CASE("A streamed NRRD file missing slices, or given slabs out of order, never appears", "[output][nrrd]")
{
  const std::string folder = chestct::testing::TemporaryFolder("streaming-nrrd-bad");
  const auto        image = MakeVolume();
  const std::string path = folder + "/cut.nrrd";
  {
    chestct::StreamingNRRDWriter<short> writer(path, *image);
    writer.Append(chestct::CopySlices(image.GetPointer(), 0, 10));
    REQUIRE_THROWS_AS(writer.Append(chestct::CopySlices(image.GetPointer(), 11, 5)),
                      chestct::Error);                                                               // slice 10 skipped
    REQUIRE_THROWS_AS(writer.Append(chestct::CopySlices(image.GetPointer(), 5, 5)), chestct::Error); // given twice
    REQUIRE_THROWS_AS(writer.Commit(), chestct::Error); // 13 slices missing
  }
  {
    chestct::StreamingNRRDWriter<short> writer(path, *image);
    writer.Append(chestct::CopySlices(image.GetPointer(), 0, 10)); // and then dropped, as by a failure upstream
  }
  REQUIRE_FALSE(fs::exists(path));
  REQUIRE(fs::is_empty(folder)); // no temporary file either

  REQUIRE_THROWS_AS(chestct::StreamingNRRDWriter<short>(folder + "/no/such/folder/x.nrrd", *image), chestct::Error);
}

TEST_CASE("A streamed NRRD file reads back slab by slab and a file of another volume is refused", "[output][nrrd]")
{
  const std::string folder = chestct::testing::TemporaryFolder("streaming-nrrd-read");
  const auto        image = MakeVolume();
  const bool        compressed = GENERATE(true, false);
  INFO((compressed ? "gzip" : "raw"));
  const std::string path = folder + (compressed ? "/volume.nrrd" : "/volume-raw.nrrd");
  WriteWithITK(image, path, compressed); // ITK's writer: the reader takes its files too

  chestct::StreamingNRRDReader<short> reader(path, *image);
  std::size_t                         offset = 0;
  for (const long count : { 5L, 1L, 9L, 100L })
  {
    const auto slab = reader.ReadSlab(count);
    REQUIRE(slab->GetBufferedRegion().GetIndex(2) == static_cast<long>(offset / (37 * 29)));
    REQUIRE(slab->GetLargestPossibleRegion() == image->GetLargestPossibleRegion());
    REQUIRE(slab->GetOrigin() == image->GetOrigin());
    const std::size_t pixels = slab->GetBufferedRegion().GetNumberOfPixels();
    REQUIRE(
      std::equal(slab->GetBufferPointer(), slab->GetBufferPointer() + pixels, image->GetBufferPointer() + offset));
    offset += pixels;
  }
  REQUIRE(offset == image->GetBufferedRegion().GetNumberOfPixels());

  // Another grid, another pixel type, a damaged file: refused in words.
  auto other = ShortImage::New();
  other->CopyInformation(image);
  other->SetRegions(ShortImage::SizeType{ { 37, 29, 22 } });
  REQUIRE_THROWS_AS(chestct::StreamingNRRDReader<short>(path, *other), chestct::Error);
  REQUIRE_THROWS_AS(chestct::StreamingNRRDReader<unsigned char>(path, *image), chestct::Error);
  const std::string bytes = FileBytes(path);
  const std::string cutPath = folder + (compressed ? "/cut.nrrd" : "/cut-raw.nrrd");
  std::ofstream(cutPath, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  chestct::StreamingNRRDReader<short> cut(cutPath, *image);
  try
  {
    cut.ReadSlab(23);
    FAIL("half a file read as a whole volume");
  }
  catch (const chestct::Error & error)
  {
    REQUIRE(error.File() == cutPath);
    REQUIRE(error.Problem().find("ends before the volume does") != std::string::npos);
  }
}

namespace
{
// The pixels of `path`'s gzip stream, inflated by zlib itself, which checks the stream's CRC-32 and size.
std::string
InflatedBody(const std::string & path)
{
  const std::string file = FileBytes(path);
  const std::size_t start = file.find("\n\n") + 2;
  z_stream          z{};
  REQUIRE(inflateInit2(&z, 15 + 16) == Z_OK); // gzip
  std::string out(1 << 20, '\0'), body;
  z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(file.data() + start));
  z.avail_in = static_cast<uInt>(file.size() - start);
  int result = Z_OK;
  while (result == Z_OK)
  {
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    result = inflate(&z, Z_NO_FLUSH);
    body.append(out.data(), out.size() - z.avail_out);
  }
  inflateEnd(&z);
  REQUIRE(result == Z_STREAM_END); // not a data error: the CRC-32 and the size match
  REQUIRE(z.avail_in == 0);
  return body;
}

// 16 kB of another value, a run of `values`' first long enough to be copied (112 kB), and the other value
// again, then random stretches of noise and of one value (from `values`), of 1 to 60,000 pixels each. The
// first three are a trap for a writer that lets zlib resume less than 32 kB into a run: zlib, remembering
// the other value within its window, would point the decoder at bytes that are the run's copies there.
template <typename TPixel>
typename itk::Image<TPixel, 3>::Pointer
MakeRunsVolume(std::initializer_list<TPixel> values, unsigned int seed)
{
  auto image = itk::Image<TPixel, 3>::New();
  image->SetRegions(typename itk::Image<TPixel, 3>::SizeType{ { 64, 64, 96 } });
  image->Allocate();
  std::mt19937                       random(seed);
  std::uniform_int_distribution<int> length(1, 60000), noise(-32768, 32767), pick(0, static_cast<int>(values.size()));
  TPixel *                           p = image->GetBufferPointer();
  const std::size_t                  pixels = image->GetBufferedRegion().GetNumberOfPixels();
  const TPixel                       run = *values.begin(), other = *(values.begin() + 1);
  std::size_t                        at = 0;
  for (const auto & [count, value] : { std::pair<std::size_t, TPixel>{ 16384 / sizeof(TPixel), other },
                                       std::pair<std::size_t, TPixel>{ 114688 / sizeof(TPixel), run },
                                       std::pair<std::size_t, TPixel>{ 3000, other } })
  {
    std::fill(p + at, p + at + count, value);
    at += count;
  }
  while (at < pixels)
  {
    const std::size_t end = std::min(pixels, at + static_cast<std::size_t>(length(random)));
    const int         which = pick(random);
    for (; at < end; ++at)
    {
      p[at] = which == 0 ? static_cast<TPixel>(noise(random)) : *(values.begin() + (which - 1));
    }
  }
  return image;
}

template <typename TPixel>
void
CheckRunsReadBack(const itk::Image<TPixel, 3> * image, const std::string & folder)
{
  const std::string pixels(reinterpret_cast<const char *>(image->GetBufferPointer()),
                           image->GetBufferedRegion().GetNumberOfPixels() * sizeof(TPixel));
  for (const long slabSize : { 1L, 24L, 96L }) // 8 kB, too short for copies; 192 kB; the whole
  {
    INFO("slabs of " << slabSize << " slices, " << sizeof(TPixel) << "-byte pixels");
    const std::string path = folder + "/runs" + std::to_string(slabSize) + ".nrrd";
    chestct::WriteNRRDBySlabs(image, path, chestct::ImageCompression::Gzip, slabSize);
    REQUIRE(InflatedBody(path) == pixels);
    auto reader = itk::ImageFileReader<itk::Image<TPixel, 3>>::New();
    reader->SetFileName(path);
    reader->SetImageIO(chestct::CreateImageIO(chestct::ImageFileFormat::NRRD));
    reader->Update();
    REQUIRE(std::equal(image->GetBufferPointer(),
                       image->GetBufferPointer() + image->GetBufferedRegion().GetNumberOfPixels(),
                       reader->GetOutput()->GetBufferPointer()));
  }
}

// The shortest period p of a stretch of `bytes` at least `repeats` periods long in which every byte equals the
// one p bytes on, looking at periods up to `longest`; 0 if there is none.
std::size_t
ShortestLongPeriod(const std::string & bytes, std::size_t longest, std::size_t repeats)
{
  for (std::size_t period = 1; period <= longest; ++period)
  {
    std::size_t stretch = 0;
    for (std::size_t i = 0; i + period < bytes.size(); ++i)
    {
      stretch = bytes[i] == bytes[i + period] ? stretch + 1 : 0;
      if (stretch >= repeats * period)
      {
        return period;
      }
    }
  }
  return 0;
}
} // namespace

TEST_CASE("Long runs of one value are written as copies of one piece of stream and read back exactly", "[output][nrrd]")
{
  const std::string folder = chestct::testing::TemporaryFolder("streaming-nrrd-runs");
  // Values whose two bytes differ (-1024, the masked CT's air: 00 fc), are equal (257: 01 01), or are zero.
  CheckRunsReadBack(MakeRunsVolume<short>({ -1024, 0, 257, 3000 }, 11).GetPointer(), folder);
  CheckRunsReadBack(MakeRunsVolume<unsigned char>({ 0, 1, 2 }, 12).GetPointer(), folder);

  // A volume of one value: after a first stretch that zlib compresses, the stream repeats one piece of some
  // dozens of bytes (zlib's own output for such data would repeat with a period of a few bytes, or none).
  auto air = ShortImage::New();
  air->SetRegions(ShortImage::SizeType{ { 128, 128, 64 } }); // 2 MB
  air->Allocate();
  air->FillBuffer(-1024);
  const std::string path = folder + "/air.nrrd";
  chestct::WriteNRRDBySlabs(air.GetPointer(), path, chestct::ImageCompression::Gzip, 64);
  const std::string file = FileBytes(path);
  const std::string stream = file.substr(file.find("\n\n") + 2);
  CHECK(ShortestLongPeriod(stream, 1024, 20) >= 32);
  REQUIRE(InflatedBody(path) == std::string(reinterpret_cast<const char *>(air->GetBufferPointer()), 2 << 20));
  WriteWithITK(air, folder + "/air-itk.nrrd", true);
  CHECK(file.size() < FileBytes(folder + "/air-itk.nrrd").size() * 5 / 4); // no more than a quarter larger
}
