#include "chestctVersion.h"

namespace chestct
{
const char *
Version()
{
  return CHESTCT_VERSION_STRING;
}
} // namespace chestct
