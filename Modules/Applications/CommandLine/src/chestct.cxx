// The chestct executable: everything happens in chestct::RunCommandLine.
#include "chestctAtomicOutputFile.h"
#include "chestctCommandLine.h"

#include <iostream>

int
main(int argc, char * argv[])
{
  chestct::RemoveUnfinishedOutputsOnSignals(); // an interrupted run leaves no partial file
  return chestct::RunCommandLine(std::vector<std::string>(argv + 1, argv + argc), std::cout, std::cerr);
}
