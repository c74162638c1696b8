// The chestct command: sets up the environment the program needs from its very first instruction, then
// becomes that program, chestct-real, from the same folder (in the same process: signals, exit status and
// process id are the program's own).
//
// Why a launcher: glibc reads its malloc settings (the huge pages of chestctHugePages.h) only when a process
// starts, so the program would otherwise restart itself, loading ITK, VTK and GDCM twice: `chestct --version`
// took 0.16 s that way and takes 0.07 s this way, for a `chestct run` of 2 to 2.5 s. This program links none of them.
// 3D Slicer starts SlicerApp-real the same way.
#include "chestctHugePages.h"

#include <cerrno>
#include <cstring>
#include <iostream>
#include <string>
#include <unistd.h>

namespace
{
/** The folder this executable lives in (its symbolic links resolved), with a trailing slash; empty if unknown. */
std::string
OwnFolder(const char * argv0)
{
  std::string path(4096, '\0');
  const auto  length = readlink("/proc/self/exe", path.data(), path.size());
  path = length > 0 && static_cast<std::size_t>(length) < path.size() ? path.substr(0, static_cast<std::size_t>(length))
                                                                      : std::string(argv0 != nullptr ? argv0 : "");
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}
} // namespace

int
main(int, char * argv[])
{
  // Beside this executable; when its folder cannot be known (no /proc, started through PATH), on PATH.
  const std::string folder = OwnFolder(argv[0]);
  const std::string program = folder + "chestct-real";
  chestct::RequestHugePagesForNextStart();
  folder.empty() ? execvp(program.c_str(), argv) : execv(program.c_str(), argv);
  std::cerr << "chestct: " << program << " cannot be started: " << std::strerror(errno)
            << ". It is installed beside chestct; reinstall ChestCT, or run chestct-real directly.\n";
  return 127;
}
