#include "chestctMarkup.h"

#include <cstdint>

namespace chestct
{

std::string
EscapeMarkup(const std::string & text)
{
  std::string escaped;
  escaped.reserve(text.size());
  for (const char c : text)
  {
    switch (c)
    {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      default:
        escaped += (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') ? ' ' : c;
    }
  }
  return escaped;
}

std::string
EncodeBase64(const void * data, std::size_t size)
{
  static const char     kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const unsigned char * bytes = static_cast<const unsigned char *>(data);
  // Sized once and written through a pointer: appending a character at a time checked the string's capacity
  // for each, and took most of the time a surface's interactive page took to write.
  std::string text((size + 2) / 3 * 4, '=');
  char *      out = text.data();
  std::size_t i = 0;
  for (; i + 2 < size; i += 3, out += 4)
  {
    const std::uint32_t word = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out[0] = kAlphabet[(word >> 18) & 63];
    out[1] = kAlphabet[(word >> 12) & 63];
    out[2] = kAlphabet[(word >> 6) & 63];
    out[3] = kAlphabet[word & 63];
  }
  if (i < size) // one or two bytes left: the padding '=' is there already
  {
    const std::uint32_t word = (bytes[i] << 16) | (i + 1 < size ? bytes[i + 1] << 8 : 0);
    out[0] = kAlphabet[(word >> 18) & 63];
    out[1] = kAlphabet[(word >> 12) & 63];
    if (i + 1 < size)
    {
      out[2] = kAlphabet[(word >> 6) & 63];
    }
  }
  return text;
}

} // namespace chestct
