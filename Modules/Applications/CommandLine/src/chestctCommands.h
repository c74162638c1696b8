#ifndef chestctCommands_h
#define chestctCommands_h

#include <ostream>
#include <string>
#include <vector>

namespace chestct
{
// One function per subcommand: arguments exclude the subcommand's name; the
// return value is the exit status. UsageError and chestct::Error propagate to
// RunCommandLine, which reports them.
int
RunSeriesCommand(const std::vector<std::string> & arguments, std::ostream & out, std::ostream & err);
int
RunConvertCommand(const std::vector<std::string> & arguments, std::ostream & out, std::ostream & err);
int
RunPhantomCommand(const std::vector<std::string> & arguments, std::ostream & out, std::ostream & err);
int
RunResampleCommand(const std::vector<std::string> & arguments, std::ostream & out, std::ostream & err);
int
RunHistogramCommand(const std::vector<std::string> & arguments, std::ostream & out, std::ostream & err);
int
RunMontageCommand(const std::vector<std::string> & arguments, std::ostream & out, std::ostream & err);
int
RunSurfaceCommand(const std::vector<std::string> & arguments, std::ostream & out, std::ostream & err);
int
RunSegmentCommand(const std::vector<std::string> & arguments, std::ostream & out, std::ostream & err);
int
RunRunCommand(const std::vector<std::string> & arguments, std::ostream & out, std::ostream & err);
int
RunEvaluateCommand(const std::vector<std::string> & arguments, std::ostream & out, std::ostream & err);
} // namespace chestct

#endif
