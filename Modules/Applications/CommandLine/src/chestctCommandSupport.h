#ifndef chestctCommandSupport_h
#define chestctCommandSupport_h

#include "chestctArgumentParser.h"
#include "chestctImageFileFormat.h"

#include <string>
#include <vector>

namespace chestct
{
// Small pieces the subcommands share. Internal to the CommandLine module.

/** Sets ITK's global number of threads from `--threads N` when it was given; throws UsageError unless N >= 1. */
void
ApplyThreadsOption(const ArgumentParser & parser);

/** The help text of `--no-compress`, the same for every command that writes volumes. */
extern const char * const kNoCompressHelp;

/** The compression `--no-compress` asks for; throws UsageError when one of `outputs` cannot be written that
 * way (UsesCompression: a .nii.gz is compressed by its name). */
ImageCompression
CompressionOption(const ArgumentParser & parser, const std::vector<std::string> & outputs);

/** The peak resident set size of this process so far, in MB (VmHWM), or 0 where it cannot be read. */
double
PeakResidentMemoryMB();

/** Whether `text` ends with `end`. */
bool
EndsWith(const std::string & text, const std::string & end);
} // namespace chestct

#endif
