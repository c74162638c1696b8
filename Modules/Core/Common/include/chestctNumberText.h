#ifndef chestctNumberText_h
#define chestctNumberText_h

#include <string>

namespace chestct
{

/** `value` in fixed notation with exactly `decimals` digits after the point
 * (3 by default: millimetres to the micrometre), for messages, reports and
 * sidecars. \ingroup ChestCTCommon */
std::string
FormatFixed(double value, int decimals = 3);

} // namespace chestct

#endif
