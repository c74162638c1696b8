#ifndef chestctTestData_h
#define chestctTestData_h

#include <catch2/catch.hpp>

#include <string>

namespace chestct::testing
{

/** The path of a folder under the shared real-data root (environment variable
 * CHESTCT_DATA_ROOT, else the CMake cache entry of the same name), or an empty
 * string when it is absent. */
std::string
SharedDataPath(const std::string & relative);

/** A fresh, empty folder for one test's outputs, under the build tree. */
std::string
TemporaryFolder(const std::string & name);

} // namespace chestct::testing

/** Ends the current test case, reported by CTest as skipped, when `path` is
 * empty (its shared data are absent); says which data were missing. */
#define CHESTCT_REQUIRE_DATA(path, what)                                                                               \
  do                                                                                                                   \
  {                                                                                                                    \
    if ((path).empty())                                                                                                \
    {                                                                                                                  \
      WARN("CHESTCT-SKIP: shared test data not found: " << (what) << " (set CHESTCT_DATA_ROOT)");                      \
      return;                                                                                                          \
    }                                                                                                                  \
  } while (false)

#endif
