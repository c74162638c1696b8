#include "chestctCommandSupport.h"
#include "chestctError.h"

#include "itkMultiThreaderBase.h"

#include <fstream>


namespace chestct
{

void
ApplyThreadsOption(const ArgumentParser & parser)
{
  if (!parser.Given("--threads"))
  {
    return;
  }
  const long threads = parser.GetInteger("--threads");
  if (threads < 1)
  {
    throw UsageError("--threads needs a positive number");
  }
  itk::MultiThreaderBase::SetGlobalDefaultNumberOfThreads(static_cast<itk::ThreadIdType>(threads));
}

const char * const kNoCompressHelp =
  "write .nrrd and .mha volumes without gzip: a CT takes about twice the space on disk, and no time goes into "
  "compressing it (a .nii is never compressed, a .nii.gz always)";

ImageCompression
CompressionOption(const ArgumentParser & parser, const std::vector<std::string> & outputs)
{
  if (!parser.Given("--no-compress"))
  {
    return ImageCompression::Gzip;
  }
  for (const std::string & output : outputs)
  {
    try
    {
      if (!output.empty())
      {
        UsesCompression(ImageFileFormatFromPath(output), ImageCompression::None, output);
      }
    }
    catch (const Error & error) // a contradiction on the command line: a usage error
    {
      throw UsageError("--no-compress contradicts " + error.File() + ": " + error.Problem() + " (" + error.Remedy() +
                       ")");
    }
  }
  return ImageCompression::None;
}

bool
EndsWith(const std::string & text, const std::string & end)
{
  return text.size() >= end.size() && text.compare(text.size() - end.size(), end.size(), end) == 0;
}

double
PeakResidentMemoryMB()
{
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
  {
    if (line.rfind("VmHWM:", 0) == 0)
    {
      return std::stod(line.substr(6)) / 1024.0; // kB
    }
  }
  return 0.0;
}

} // namespace chestct
