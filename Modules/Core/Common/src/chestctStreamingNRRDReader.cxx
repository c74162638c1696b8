#include "chestctStreamingNRRDReader.h"
#include "chestctError.h"

#include "itk_zlib.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

namespace chestct
{

struct NRRDSlabInput::ZStream
{
  z_stream                   stream{};
  std::vector<unsigned char> buffer = std::vector<unsigned char>(1 << 18);
};

NRRDSlabInput::NRRDSlabInput(const std::string & path, const itk::ImageBase<3> & grid, const char * typeName,
                             std::size_t pixelBytes)
  : m_Path(path)
{
  m_File = std::fopen(path.c_str(), "rb");
  if (m_File == nullptr)
  {
    throw Error(path, std::string("cannot be opened: ") + std::strerror(errno), "check that the file exists");
  }
  // The header is one of the two the writer makes for this grid. They differ only in the encoding's name,
  // and the raw one is the shorter: read that much, then the rest of the gzip one if it is not raw.
  const std::string raw = NRRDHeaderOf(grid, typeName, pixelBytes, ImageCompression::None);
  const std::string gzip = NRRDHeaderOf(grid, typeName, pixelBytes, ImageCompression::Gzip);
  std::string       header(raw.size(), '\0');
  header.resize(std::fread(header.data(), 1, header.size(), m_File));
  if (header == raw)
  {
    return;
  }
  header.resize(gzip.size(), '\0');
  const std::size_t more = gzip.size() - raw.size();
  if (std::fread(header.data() + raw.size(), 1, more, m_File) != more || header != gzip)
  {
    std::fclose(m_File);
    throw Error(path,
                "does not hold the volume expected (its NRRD header differs)",
                "the file was changed or replaced while it was being used: run again");
  }
  m_Stream = std::make_unique<ZStream>();
  if (inflateInit2(&m_Stream->stream, 15 + 16) != Z_OK) // a gzip stream
  {
    std::fclose(m_File);
    throw Error(path, "zlib could not start a stream", "the machine may be out of memory");
  }
}

NRRDSlabInput::~NRRDSlabInput()
{
  if (m_Stream) // a gzip file, whose stream the constructor opened (or it threw)
  {
    inflateEnd(&m_Stream->stream);
  }
  if (m_File != nullptr)
  {
    std::fclose(m_File);
  }
}

void
NRRDSlabInput::Read(void * to, std::size_t bytes)
{
  if (!m_Stream)
  {
    if (std::fread(to, 1, bytes, m_File) != bytes)
    {
      throw Error(m_Path, "ends before the volume does (the file is damaged or was cut short)", "run again");
    }
    return;
  }
  z_stream & z = m_Stream->stream;
  auto *     out = static_cast<unsigned char *>(to);
  while (bytes > 0)
  {
    if (z.avail_in == 0)
    {
      const std::size_t got = std::fread(m_Stream->buffer.data(), 1, m_Stream->buffer.size(), m_File);
      if (got == 0)
      {
        throw Error(m_Path, "ends before the volume does (the file is damaged or was cut short)", "run again");
      }
      z.next_in = m_Stream->buffer.data();
      z.avail_in = static_cast<uInt>(got);
    }
    const std::size_t piece = std::min<std::size_t>(bytes, 1u << 30);
    z.next_out = out;
    z.avail_out = static_cast<uInt>(piece);
    const int result = inflate(&z, Z_NO_FLUSH);
    if (result != Z_OK && !(result == Z_STREAM_END && z.avail_out == 0) && result != Z_BUF_ERROR)
    {
      throw Error(m_Path, "its compressed data cannot be read (the file is damaged)", "run again");
    }
    const std::size_t produced = piece - z.avail_out;
    out += produced;
    bytes -= produced;
    if (result == Z_STREAM_END && bytes > 0)
    {
      throw Error(m_Path, "ends before the volume does (the file is damaged or was cut short)", "run again");
    }
  }
}

} // namespace chestct
