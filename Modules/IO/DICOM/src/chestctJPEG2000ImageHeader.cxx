#include "chestctJPEG2000ImageHeader.h"

#include <cstring>

namespace chestct
{
namespace
{
std::uint32_t
BigEndian(const unsigned char * bytes, std::size_t count)
{
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < count; ++i)
  {
    value = (value << 8) | bytes[i];
  }
  return value;
}

/** Where the contiguous codestream box's contents start in a JP2 file, or
 * `length` if the file has none. Boxes are walked at the top level only, as a
 * JP2 reader does; a box whose length runs past the end ends the walk. */
std::size_t
FindJP2Codestream(const unsigned char * bytes, std::size_t length)
{
  std::size_t at = 0;
  while (length - at >= 8)
  {
    std::uint64_t     boxLength = BigEndian(bytes + at, 4);
    std::size_t       headerLength = 8;
    const std::size_t type = at + 4;
    if (boxLength == 1) // the length follows the type, in 64 bits
    {
      if (length - at < 16)
      {
        return length;
      }
      boxLength = (std::uint64_t{ BigEndian(bytes + at + 8, 4) } << 32) | BigEndian(bytes + at + 12, 4);
      headerLength = 16;
    }
    else if (boxLength == 0) // the last box: it runs to the end
    {
      boxLength = length - at;
    }
    if (std::memcmp(bytes + type, "jp2c", 4) == 0)
    {
      return at + headerLength;
    }
    if (boxLength < headerLength || boxLength > length - at)
    {
      return length;
    }
    at += static_cast<std::size_t>(boxLength);
  }
  return length;
}
} // namespace

JPEG2000ImageHeader
ReadJPEG2000ImageHeader(const char * data, std::size_t length)
{
  JPEG2000ImageHeader        header;
  const auto *               bytes = reinterpret_cast<const unsigned char *>(data);
  static const unsigned char jp2Signature[] = {
    0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a
  };
  std::size_t start = 0;
  if (length >= sizeof(jp2Signature) && std::memcmp(bytes, jp2Signature, sizeof(jp2Signature)) == 0)
  {
    start = FindJP2Codestream(bytes, length);
    if (start == length)
    {
      header.problem = "the JP2 file holds no codestream box";
      return header;
    }
  }
  const unsigned char * stream = bytes + start;
  const std::size_t     available = length - start;
  // SOC, then SIZ: marker (2), Lsiz (2), Rsiz (2), 8 sizes and offsets of 4 bytes, Csiz (2), 3 bytes per component.
  constexpr std::size_t fixedLength = 2 + 2 + 2 + 2 + 8 * 4 + 2;
  if (available < fixedLength || BigEndian(stream, 2) != 0xff4f || BigEndian(stream + 2, 2) != 0xff51)
  {
    header.problem = "the data do not start with a JPEG 2000 codestream header (SOC and SIZ markers)";
    return header;
  }
  const std::uint32_t segmentLength = BigEndian(stream + 4, 2);
  const std::uint32_t x = BigEndian(stream + 8, 4);
  const std::uint32_t y = BigEndian(stream + 12, 4);
  const std::uint32_t x0 = BigEndian(stream + 16, 4);
  const std::uint32_t y0 = BigEndian(stream + 20, 4);
  header.components = static_cast<std::uint16_t>(BigEndian(stream + 40, 2));
  if (header.components == 0 || segmentLength != 38 + 3u * header.components ||
      available < 4 + std::size_t{ segmentLength })
  {
    header.problem = "the JPEG 2000 codestream's SIZ marker segment is cut off or inconsistent";
    return header;
  }
  if (x <= x0 || y <= y0)
  {
    header.problem = "the JPEG 2000 codestream declares an empty image";
    return header;
  }
  header.width = x - x0;
  header.height = y - y0;
  const unsigned char * component = stream + 42;
  header.precision = (component[0] & 0x7fu) + 1;
  header.isSigned = (component[0] & 0x80u) != 0;
  header.subsampled = component[1] != 1 || component[2] != 1;
  return header;
}

} // namespace chestct
