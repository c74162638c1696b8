#ifndef chestctCommandLineTestRunner_h
#define chestctCommandLineTestRunner_h

#include "chestctCommandLine.h"

#include <sstream>
#include <string>
#include <vector>

namespace chestct::testing
{

/** What one in-process run of chestct gave: its exit status and its two streams. */
struct Run
{
  int         status;
  std::string out;
  std::string err;
};

/** Runs chestct with `arguments` in-process, as the executable would. */
inline Run
Chestct(const std::vector<std::string> & arguments)
{
  std::ostringstream out, err;
  const int          status = RunCommandLine(arguments, out, err);
  return { status, out.str(), err.str() };
}

inline bool
Contains(const std::string & text, const std::string & part)
{
  return text.find(part) != std::string::npos;
}

} // namespace chestct::testing

#endif
