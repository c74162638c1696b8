#ifndef chestctMarkup_h
#define chestctMarkup_h

#include <cstddef>
#include <string>

namespace chestct
{
/** Text made safe inside HTML, SVG or XML, in element content or a quoted attribute: & < > " escaped, and
 * control characters (not allowed in XML 1.0) replaced by spaces, tabs and line breaks excepted.
 * \ingroup ChestCTCommon */
std::string
EscapeMarkup(const std::string & text);

/** Bytes as base64 (RFC 4648, padded), for data embedded in a self-contained page.
 * \ingroup ChestCTCommon */
std::string
EncodeBase64(const void * data, std::size_t size);

} // namespace chestct

#endif
