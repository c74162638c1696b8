#ifndef chestctHugePages_h
#define chestctHugePages_h

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

namespace chestct
{
/** Asks glibc's malloc, through the environment, to have the kernel back its large allocations with 2 MB pages;
 * returns whether the environment was changed, in which case the program must be started anew (execv) for the
 * setting to take effect: glibc reads its tunables only when a process starts.
 *
 * Why: a 1 mm chest volume is some 30,000 pages of 4 KB, and every freshly allocated image buffer takes a page
 * fault per page on first touch. On this kind of virtual machine `chestct run` on lungdx-A0001-5mm took 3.32
 * to 3.63 s without huge pages against 2.28 to 2.44 s with them (three runs each; Documentation/Run.md). Debian 12's
 * kernel gives transparent huge pages only to memory that asks for them (mode "madvise"), and glibc asks for them only
 * when the tunable glibc.malloc.hugetlb=1 is set. Nothing is changed when the kernel's mode is not "madvise", when the
 * tunable is already set, or when CHESTCT_NO_HUGE_PAGES is set. */
inline bool
RequestHugePagesForNextStart()
{
  const char * tunables = std::getenv("GLIBC_TUNABLES");
  if (std::getenv("CHESTCT_NO_HUGE_PAGES") != nullptr ||
      (tunables != nullptr && std::strstr(tunables, "glibc.malloc.hugetlb") != nullptr))
  {
    return false;
  }
  std::string   mode;
  std::ifstream setting("/sys/kernel/mm/transparent_hugepage/enabled");
  if (!std::getline(setting, mode) || mode.find("[madvise]") == std::string::npos)
  {
    return false;
  }
  const std::string value =
    (tunables != nullptr && *tunables != '\0' ? std::string(tunables) + ":" : std::string()) + "glibc.malloc.hugetlb=1";
  return setenv("GLIBC_TUNABLES", value.c_str(), 1) == 0;
}
} // namespace chestct

#endif
