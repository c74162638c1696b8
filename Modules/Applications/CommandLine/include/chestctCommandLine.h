#ifndef chestctCommandLine_h
#define chestctCommandLine_h

#include <ostream>
#include <string>
#include <vector>

namespace chestct
{

/** Runs `chestct` with `arguments` (without the program name), writing results
 * to `out` and messages to `err`. Returns the exit status: 0 on success, 1
 * when the work failed (the message names the file, the problem and the
 * remedy), 2 for a command line that does not follow the usage.
 *
 * The executable is a thin wrapper around this function, so tests run every
 * subcommand in-process. \ingroup ChestCTCommandLine */
int
RunCommandLine(const std::vector<std::string> & arguments, std::ostream & out, std::ostream & err);

} // namespace chestct

#endif
