// The chestct executable: everything happens in chestct::RunCommandLine.
#include "chestctAtomicOutputFile.h"
#include "chestctCommandLine.h"

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <unistd.h>

namespace
{
/** Restarts the process once with glibc's malloc asking the kernel for 2 MB pages.
 *
 * Why: a 1 mm chest volume is some 30,000 pages of 4 KB, and every freshly
 * allocated image buffer takes a page fault per page on first touch, which
 * costs a sixth of `chestct run` on this kind of virtual machine (measured in
 * Documentation/Run.md). Debian 12's kernel gives transparent huge pages only
 * to memory that asks for them (mode "madvise"), and glibc asks for its large
 * allocations only when the tunable glibc.malloc.hugetlb=1 is set at start-up,
 * which an already running process cannot do. Nothing is changed when the
 * kernel's mode is not "madvise", when the tunable is already set, or when
 * CHESTCT_NO_HUGE_PAGES is set; if the restart fails, the run goes on as it is. */
void
RestartWithHugePages(char * argv[])
{
  const char * tunables = std::getenv("GLIBC_TUNABLES");
  if (std::getenv("CHESTCT_NO_HUGE_PAGES") != nullptr ||
      (tunables != nullptr && std::strstr(tunables, "glibc.malloc.hugetlb") != nullptr))
  {
    return;
  }
  std::string   mode;
  std::ifstream setting("/sys/kernel/mm/transparent_hugepage/enabled");
  if (!std::getline(setting, mode) || mode.find("[madvise]") == std::string::npos)
  {
    return;
  }
  const std::string value =
    (tunables != nullptr && *tunables != '\0' ? std::string(tunables) + ":" : std::string()) + "glibc.malloc.hugetlb=1";
  if (setenv("GLIBC_TUNABLES", value.c_str(), 1) == 0)
  {
    execv("/proc/self/exe", argv);
  }
}
} // namespace

int
main(int argc, char * argv[])
{
  RestartWithHugePages(argv);
  chestct::RemoveUnfinishedOutputsOnSignals(); // an interrupted run leaves no partial file
  return chestct::RunCommandLine(std::vector<std::string>(argv + 1, argv + argc), std::cout, std::cerr);
}
