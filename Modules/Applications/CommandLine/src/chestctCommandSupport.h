#ifndef chestctCommandSupport_h
#define chestctCommandSupport_h

#include "chestctArgumentParser.h"

#include <string>

namespace chestct
{
// Small pieces the subcommands share. Internal to the CommandLine module.

/** Sets ITK's global number of threads from `--threads N` when it was given; throws UsageError unless N >= 1. */
void
ApplyThreadsOption(const ArgumentParser & parser);

/** Whether `text` ends with `end`. */
bool
EndsWith(const std::string & text, const std::string & end);
} // namespace chestct

#endif
