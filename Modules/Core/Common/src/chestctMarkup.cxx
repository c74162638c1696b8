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
  std::string           text;
  text.reserve((size + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < size; i += 3)
  {
    const std::uint32_t word = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    text += kAlphabet[(word >> 18) & 63];
    text += kAlphabet[(word >> 12) & 63];
    text += kAlphabet[(word >> 6) & 63];
    text += kAlphabet[word & 63];
  }
  if (i < size)
  {
    const std::uint32_t word = (bytes[i] << 16) | (i + 1 < size ? bytes[i + 1] << 8 : 0);
    text += kAlphabet[(word >> 18) & 63];
    text += kAlphabet[(word >> 12) & 63];
    text += i + 1 < size ? kAlphabet[(word >> 6) & 63] : '=';
    text += '=';
  }
  return text;
}

} // namespace chestct
