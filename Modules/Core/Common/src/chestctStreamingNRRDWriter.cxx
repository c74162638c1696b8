#include "chestctStreamingNRRDWriter.h"
#include "chestctError.h"

#include "itkByteSwapper.h"
#include "itk_zlib.h"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <deque>
#include <mutex>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace chestct
{
namespace
{
// ITK's NRRD writer compresses at zlib level 2 (itk::NrrdImageIO's default), about three times faster than
// zlib's default for a few per cent more file. The same level gives ITK's bytes for a 16-bit volume in one slab
// without long runs of one value (NRRDRepeatBlocks, below); byte volumes take zlib's run-length strategy.
constexpr int kCompressionLevel = 2;


std::string
NumberText(double value)
{
  char text[32];
  std::snprintf(text, sizeof(text), "%.17g", value); // what NrrdIO prints
  return text;
}

} // namespace

std::string
NRRDHeaderOf(const itk::ImageBase<3> & grid, const char * typeName, std::size_t pixelBytes, ImageCompression encoding)
{
  const auto &       size = grid.GetLargestPossibleRegion().GetSize();
  const auto &       spacing = grid.GetSpacing();
  const auto &       direction = grid.GetDirection();
  const auto &       origin = grid.GetOrigin();
  std::ostringstream header;
  header << "NRRD0004\n"
         << "# Complete NRRD file format specification at:\n"
         << "# http://teem.sourceforge.net/nrrd/format.html\n"
         << "type: " << typeName << "\n"
         << "dimension: 3\n"
         << "space: left-posterior-superior\n"
         << "sizes: " << size[0] << " " << size[1] << " " << size[2] << "\n"
         << "space directions:";
  for (unsigned int axis = 0; axis < 3; ++axis)
  {
    header << " (" << NumberText(direction[0][axis] * spacing[axis]) << ","
           << NumberText(direction[1][axis] * spacing[axis]) << "," << NumberText(direction[2][axis] * spacing[axis])
           << ")";
  }
  header << "\nkinds: domain domain domain\n";
  if (pixelBytes > 1)
  {
    header << "endian: " << (itk::ByteSwapper<short>::SystemIsLittleEndian() ? "little" : "big") << "\n";
  }
  header << "encoding: " << (encoding == ImageCompression::Gzip ? "gzip" : "raw") << "\n"
         << "space origin: (" << NumberText(origin[0]) << "," << NumberText(origin[1]) << "," << NumberText(origin[2])
         << ")\n\n";
  return header.str();
}

namespace
{
// The window of deflate: a slab is primed with this much of the one before.
constexpr std::size_t kWindowBytes = 32768;

// At most this many slabs compress or wait to be written: a core's worth of work ahead on a two-core
// machine, while the caller makes the next slab.
constexpr std::size_t kSlabsInFlight = 3;

// Room for the compression of `bytes` whatever they hold: zlib's bound for incompressible data, with room
// for the flush marker and the final block.
std::size_t
ChunkCapacity(std::size_t bytes)
{
  return bytes + bytes / 1000 + 1024;
}

NRRDSlabStream::Chunk
NewChunk(std::size_t bytes)
{
  NRRDSlabStream::Chunk chunk;
  chunk.capacity = ChunkCapacity(bytes);
  chunk.bytes.reset(new unsigned char[chunk.capacity]); // not initialised: untouched pages cost nothing
  return chunk;
}

// zlib's strategy for pixels of `pixelBytes`. The byte volumes written here are label maps, whose repeats are
// runs of one byte: zlib's run-length strategy looks for those only, and on A0001's lung mask made a stream
// half the size (341 against 698 kB, Python's zlib at level 2) in no more time.
int
StrategyFor(std::size_t pixelBytes)
{
  return pixelBytes == 1 ? Z_RLE : Z_DEFAULT_STRATEGY;
}

// A z_stream set up for raw deflate at kCompressionLevel, ended however its user leaves.
class RawDeflateStream
{
public:
  explicit RawDeflateStream(int strategy)
  {
    if (deflateInit2(&m_Stream, kCompressionLevel, Z_DEFLATED, -15, 8, strategy) != Z_OK)
    {
      throw Error("", "zlib could not start a stream", "the machine may be out of memory");
    }
  }
  ~RawDeflateStream() { deflateEnd(&m_Stream); }
  RawDeflateStream(const RawDeflateStream &) = delete;
  RawDeflateStream &
  operator=(const RawDeflateStream &) = delete;

  /** Primes the stream with `bytes` at `data`, as if it had compressed them. */
  void
  SetDictionary(const unsigned char * data, std::size_t bytes)
  {
    if (bytes > 0)
    {
      deflateSetDictionary(&m_Stream, data, static_cast<uInt>(bytes));
    }
  }

  /** Compresses `bytes` at `data` into `chunk`, then flushes with `flush`: Z_SYNC_FLUSH ends on a byte
   * boundary, Z_FINISH with the stream's final block. */
  void
  Compress(const unsigned char * data, std::size_t bytes, int flush, NRRDSlabStream::Chunk & chunk)
  {
    std::size_t left = bytes;
    int         result = Z_OK;
    do
    {
      // avail_in and avail_out are 32-bit: more than 1 GB goes in pieces.
      if (m_Stream.avail_in == 0 && left > 0)
      {
        const std::size_t piece = std::min<std::size_t>(left, 1u << 30);
        m_Stream.next_in = const_cast<Bytef *>(data + (bytes - left));
        m_Stream.avail_in = static_cast<uInt>(piece);
        left -= piece;
      }
      if (chunk.written == chunk.capacity)
      {
        throw Error("", "zlib's output outgrew its bound", "report it: a program error");
      }
      m_Stream.next_out = chunk.bytes.get() + chunk.written;
      m_Stream.avail_out = static_cast<uInt>(std::min<std::size_t>(chunk.capacity - chunk.written, 1u << 30));
      const uInt room = m_Stream.avail_out;
      result = deflate(&m_Stream, left > 0 ? Z_NO_FLUSH : flush);
      chunk.written += room - m_Stream.avail_out;
      if (result == Z_STREAM_ERROR)
      {
        throw Error("", "zlib failed while compressing", "run again; report it if it happens again");
      }
    } while (left > 0 || m_Stream.avail_in > 0 ||
             (flush == Z_FINISH ? result != Z_STREAM_END : m_Stream.avail_out == 0));
  }

private:
  z_stream m_Stream{};
};

// Long runs of one pixel value (the masked CT's -1024 HU outside the lungs, a mask's 0: 68% of the bytes of
// both on lungdx-A0001-5mm) cost zlib nearly as much time per byte as the CT's noise: it searches for a match
// at every step of 258 bytes and slides its window every 32 KB. Such a run goes out instead as copies of one
// ready-made piece of deflate stream that stands for kRepeatBytes of the value: zlib compresses the run's
// first kWindowBytes itself and flushes, the copies follow, and zlib goes on after them. That is a valid
// stream because every match in it looks at most 32 KB back, where the decoder finds nothing but the run:
// the copies' matches were made against a window of the run's value, and when zlib resumes, the window it
// remembers (the run's first kWindowBytes) holds the same bytes as the decoder's.
constexpr std::size_t kRepeatBytes = 32768;
// Runs are looked for in blocks of this size, each checked whole with one memcmp.
constexpr std::size_t kScanBytes = 16384;

struct ByteRange
{
  std::size_t begin{ 0 };
  std::size_t end{ 0 };
};

// The runs at `data` of at least `shortest` bytes in which every pixel of `pixelBytes` is the same: each
// made of whole scan blocks, so a run's first and last few KB may be left to zlib.
std::vector<ByteRange>
LongRuns(const unsigned char * data, std::size_t bytes, std::size_t pixelBytes, std::size_t shortest)
{
  std::vector<ByteRange> runs;
  if (kScanBytes % pixelBytes != 0 || kRepeatBytes % pixelBytes != 0 || kWindowBytes % pixelBytes != 0)
  {
    return runs; // a copy would not start on a pixel's first byte
  }
  ByteRange  run;
  const auto close = [&] {
    if (run.end - run.begin >= shortest)
    {
      runs.push_back(run);
    }
  };
  for (std::size_t at = 0; at + kScanBytes <= bytes; at += kScanBytes)
  {
    const unsigned char * block = data + at;
    // Each pixel equals the next: the block repeats its first pixel.
    const bool uniform = std::memcmp(block, block + pixelBytes, kScanBytes - pixelBytes) == 0;
    if (uniform && run.end == at && run.end > run.begin && std::memcmp(block, data + run.begin, pixelBytes) == 0)
    {
      run.end = at + kScanBytes;
      continue;
    }
    close();
    run = uniform ? ByteRange{ at, at + kScanBytes } : ByteRange{ at, at };
  }
  close();
  return runs;
}

} // namespace

/** The ready-made pieces of stream for kRepeatBytes of one pixel value of a file, each made when its value is
 * first met and kept for the file's later slabs, which the compressing threads share. */
class NRRDRepeatBlocks
{
public:
  explicit NRRDRepeatBlocks(std::size_t pixelBytes)
    : m_PixelBytes(pixelBytes)
  {}

  std::size_t
  PixelBytes() const
  {
    return m_PixelBytes;
  }

  /** The piece for the value of the `PixelBytes()` at `pixel`; it stays valid as long as this object. */
  const std::string &
  For(const unsigned char * pixel)
  {
    const std::string                 value(reinterpret_cast<const char *>(pixel), m_PixelBytes);
    const std::lock_guard<std::mutex> lock(m_Mutex);
    for (const auto & [known, block] : m_Blocks)
    {
      if (known == value)
      {
        return block;
      }
    }
    // Deflated after a window of the same value, so that its matches look back into the value only.
    std::vector<unsigned char> plain(kWindowBytes + kRepeatBytes);
    for (std::size_t i = 0; i < plain.size(); ++i)
    {
      plain[i] = pixel[i % m_PixelBytes];
    }
    RawDeflateStream      stream(StrategyFor(m_PixelBytes));
    NRRDSlabStream::Chunk chunk = NewChunk(kRepeatBytes);
    stream.SetDictionary(plain.data(), kWindowBytes);
    stream.Compress(plain.data() + kWindowBytes, kRepeatBytes, Z_SYNC_FLUSH, chunk);
    m_Blocks.emplace_back(value, std::string(reinterpret_cast<const char *>(chunk.bytes.get()), chunk.written));
    return m_Blocks.back().second;
  }

private:
  std::size_t                                     m_PixelBytes;
  std::mutex                                      m_Mutex;
  std::deque<std::pair<std::string, std::string>> m_Blocks; ///< a deque: what For returned stays in place
};

namespace
{
// Deflates the `bytes` at `data`, pixels of `repeats.PixelBytes()`, into `chunk` (NewChunk's) as raw deflate
// blocks, primed with the `dictionaryBytes` before them, ending on a byte boundary (a sync flush), or with the
// stream's final block when `last`; long runs of one value as copies of `repeats`' pieces.
NRRDSlabStream::Chunk
DeflateSlab(NRRDSlabStream::Chunk chunk, const unsigned char * data, std::size_t bytes, NRRDRepeatBlocks & repeats,
            const unsigned char * dictionary, std::size_t dictionaryBytes, bool last)
{
  chunk.size = bytes;
  chunk.crc = crc32(0L, Z_NULL, 0);
  for (std::size_t done = 0; done < bytes;)
  {
    const std::size_t piece = std::min<std::size_t>(bytes - done, 1u << 30);
    chunk.crc = crc32(chunk.crc, data + done, static_cast<uInt>(piece));
    done += piece;
  }
  const std::size_t pixelBytes = repeats.PixelBytes();
  RawDeflateStream  stream(StrategyFor(pixelBytes));
  stream.SetDictionary(dictionary, dictionaryBytes);
  std::size_t done = 0;
  for (const ByteRange & run : LongRuns(data, bytes, pixelBytes, kWindowBytes + kRepeatBytes))
  {
    const std::size_t seen = run.begin + kWindowBytes;
    const std::size_t copies = (run.end - seen) / kRepeatBytes;
    stream.Compress(data + done, seen - done, Z_SYNC_FLUSH, chunk);
    const std::string & block = repeats.For(data + run.begin);
    if (chunk.capacity - chunk.written < copies * block.size())
    {
      throw Error("", "zlib's output outgrew its bound", "report it: a program error");
    }
    for (std::size_t copy = 0; copy < copies; ++copy)
    {
      std::memcpy(chunk.bytes.get() + chunk.written, block.data(), block.size());
      chunk.written += block.size();
    }
    done = seen + copies * kRepeatBytes;
  }
  stream.Compress(data + done, bytes - done, last ? Z_FINISH : Z_SYNC_FLUSH, chunk);
  return chunk;
}
} // namespace

NRRDSlabStream::NRRDSlabStream(const std::string & path, const itk::ImageBase<3> & grid, const char * typeName,
                               std::size_t pixelBytes, ImageCompression encoding)
  : m_Path(path)
  , m_Output(path)
  , m_Encoding(encoding)
  , m_PixelBytes(pixelBytes)
  , m_Repeats(std::make_unique<NRRDRepeatBlocks>(pixelBytes))
{
  const auto & size = grid.GetLargestPossibleRegion().GetSize();
  m_SlicePixels = size[0] * size[1];
  m_Slices = size[2];
  m_CRC = crc32(0L, Z_NULL, 0);
  m_File = std::fopen(m_Output.TemporaryPath().c_str(), "wb");
  if (m_File == nullptr)
  {
    throw Error(
      path, std::string("cannot be created: ") + std::strerror(errno), "check the folder and your permissions");
  }
  try
  {
    const std::string header = NRRDHeaderOf(grid, typeName, pixelBytes, encoding);
    WriteBytes(header.data(), header.size());
    if (encoding == ImageCompression::Gzip)
    {
      // gzip's header: no name, no time, the Unix system (as zlib's gzwrite writes it).
      const unsigned char gzip[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 };
      WriteBytes(gzip, sizeof(gzip));
    }
  }
  catch (...)
  {
    std::fclose(m_File); // the destructor does not run for a constructor that throws
    throw;
  }
}

void
NRRDSlabStream::WriteBytes(const void * data, std::size_t bytes)
{
  if (std::fwrite(data, 1, bytes, m_File) != bytes)
  {
    throw Error(m_Path,
                std::string("could not write the image: ") + std::strerror(errno),
                "check free disk space and permissions");
  }
}

NRRDSlabStream::~NRRDSlabStream()
{
  m_Compressing.clear(); // waits for the slabs still compressing: they hold their pixels, not the stream
  if (m_File != nullptr)
  {
    std::fclose(m_File);
  }
  // m_Output removes the temporary file unless Commit() gave it its name.
}

void
NRRDSlabStream::WriteOldest()
{
  Chunk chunk;
  try
  {
    chunk = m_Compressing.front().get();
  }
  catch (const Error & error)
  {
    m_Compressing.pop_front();
    throw Error(m_Path, error.Problem(), error.Remedy());
  }
  m_Compressing.pop_front();
  WriteBytes(chunk.bytes.get(), chunk.written);
  m_CRC = crc32_combine(m_CRC, chunk.crc, static_cast<z_off_t>(chunk.size));
  m_Size += chunk.size;
}

void
NRRDSlabStream::Append(const void * data, std::size_t first, std::size_t count, std::size_t pixels,
                       itk::LightObject::ConstPointer owner)
{
  if (first != m_SlicesQueued || pixels != count * m_SlicePixels || first + count > m_Slices)
  {
    throw Error(m_Path,
                "slab of slices " + std::to_string(first) + " to " + std::to_string(first + count - 1) +
                  " given after slice " + std::to_string(m_SlicesQueued) + " of " + std::to_string(m_Slices) +
                  " (or not whole slices)",
                "give whole slices, in order (a program error)");
  }
  const std::size_t size = pixels * m_PixelBytes;
  if (m_Encoding == ImageCompression::None)
  {
    WriteBytes(data, size);
    m_SlicesQueued += count;
    return;
  }
  while (m_Compressing.size() >= kSlabsInFlight)
  {
    WriteOldest();
  }
  m_SlicesQueued += count;
  const auto *      bytes = static_cast<const unsigned char *>(data);
  const std::size_t dictionary = std::min(kWindowBytes, m_PreviousBytes);
  const auto *      dictionaryData = static_cast<const unsigned char *>(m_PreviousData) + m_PreviousBytes - dictionary;
  const bool        last = m_SlicesQueued == m_Slices;
  // The task holds the slab and the one before (its dictionary) until it has compressed them.
  m_Compressing.push_back(std::async(std::launch::async,
                                     [chunk = NewChunk(size),
                                      bytes,
                                      size,
                                      dictionaryData,
                                      dictionary,
                                      last,
                                      repeats = m_Repeats.get(), // the destructor and Commit wait for the task
                                      owner,
                                      previous = m_PreviousOwner]() mutable {
                                       return DeflateSlab(
                                         std::move(chunk), bytes, size, *repeats, dictionaryData, dictionary, last);
                                     }));
  m_PreviousData = data;
  m_PreviousBytes = size;
  m_PreviousOwner = owner;
}

void
NRRDSlabStream::Commit()
{
  while (!m_Compressing.empty())
  {
    WriteOldest();
  }
  m_PreviousOwner = nullptr;
  if (m_SlicesQueued != m_Slices)
  {
    throw Error(m_Path,
                "only " + std::to_string(m_SlicesQueued) + " of " + std::to_string(m_Slices) + " slices were given",
                "give every slice before the file is finished (a program error)");
  }
  if (m_Encoding == ImageCompression::Gzip)
  {
    if (m_Slices == 0)
    {
      // No slab ever ended the stream: an empty final block.
      const Chunk empty = DeflateSlab(NewChunk(0), nullptr, 0, *m_Repeats, nullptr, 0, true);
      WriteBytes(empty.bytes.get(), empty.written);
    }
    // gzip's trailer: the CRC-32 and the size (modulo 2^32) of the whole, little-endian.
    unsigned char trailer[8];
    for (int i = 0; i < 4; ++i)
    {
      trailer[i] = static_cast<unsigned char>((m_CRC >> (8 * i)) & 0xff);
      trailer[4 + i] = static_cast<unsigned char>((static_cast<std::uint64_t>(m_Size) >> (8 * i)) & 0xff);
    }
    WriteBytes(trailer, sizeof(trailer));
  }
  const int closed = std::fclose(m_File);
  m_File = nullptr;
  if (closed != 0)
  {
    throw Error(m_Path,
                std::string("could not write the image: ") + std::strerror(errno),
                "check free disk space and permissions");
  }
  m_Output.Commit();
}

} // namespace chestct
