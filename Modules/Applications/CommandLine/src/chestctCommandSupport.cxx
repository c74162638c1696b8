#include "chestctCommandSupport.h"

#include "itkMultiThreaderBase.h"


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

bool
EndsWith(const std::string & text, const std::string & end)
{
  return text.size() >= end.size() && text.compare(text.size() - end.size(), end.size(), end) == 0;
}

} // namespace chestct
