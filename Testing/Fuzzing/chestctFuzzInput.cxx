#include "chestctFuzzInput.h"

namespace chestct::fuzzing
{
const std::string Separator = "\n--chestct-fuzz-file--\n";

std::vector<std::string>
SplitInput(const std::uint8_t * data, std::size_t size)
{
  const std::string        input(reinterpret_cast<const char *>(data), size);
  std::vector<std::string> files;
  std::size_t              start = 0;
  while (files.size() + 1 < MaximumFiles)
  {
    const std::size_t end = input.find(Separator, start);
    if (end == std::string::npos)
    {
      break;
    }
    files.push_back(input.substr(start, end - start));
    start = end + Separator.size();
  }
  files.push_back(input.substr(start));
  return files;
}

std::string
JoinFiles(const std::vector<std::string> & files)
{
  std::string joined;
  for (std::size_t i = 0; i < files.size(); ++i)
  {
    joined += (i ? Separator : std::string()) + files[i];
  }
  return joined;
}
} // namespace chestct::fuzzing
