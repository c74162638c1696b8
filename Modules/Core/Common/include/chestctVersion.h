#ifndef chestctVersion_h
#define chestctVersion_h

namespace chestct
{
/** ChestCT's version, "MAJOR.MINOR.PATCH", as written into sidecars and reports. */
const char *
Version();
} // namespace chestct

#endif
