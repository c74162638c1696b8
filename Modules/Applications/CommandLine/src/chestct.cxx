// The chestct executable: everything happens in chestct::RunCommandLine.
#include "chestctCommandLine.h"

#include <iostream>

int
main(int argc, char * argv[])
{
  return chestct::RunCommandLine(std::vector<std::string>(argv + 1, argv + argc), std::cout, std::cerr);
}
