// The program behind the chestct command (chestctLauncher.cxx starts it): everything happens in
// chestct::RunCommandLine.
#include "chestctAtomicOutputFile.h"
#include "chestctCommandLine.h"
#include "chestctHugePages.h"

#include <iostream>
#include <string>
#include <unistd.h>

int
main(int argc, char * argv[])
{
  // Started directly rather than through the launcher: start again with huge pages, at the cost of loading
  // the libraries twice (0.09 s); if the restart fails, the run goes on as it is.
  if (chestct::RequestHugePagesForNextStart())
  {
    execv("/proc/self/exe", argv);
  }
  chestct::RemoveUnfinishedOutputsOnSignals(); // an interrupted run leaves no partial file
  return chestct::RunCommandLine(std::vector<std::string>(argv + 1, argv + argc), std::cout, std::cerr);
}
