#include "chestctNumberText.h"

#include <iomanip>
#include <sstream>

namespace chestct
{

std::string
FormatFixed(double value, int decimals)
{
  std::ostringstream text;
  text << std::fixed << std::setprecision(decimals) << value;
  return text.str();
}

} // namespace chestct
