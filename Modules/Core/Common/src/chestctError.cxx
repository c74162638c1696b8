#include "chestctError.h"

namespace chestct
{
namespace
{
std::string
ComposeMessage(const std::string & file, const std::string & problem, const std::string & remedy)
{
  std::string message = file.empty() ? problem : file + ": " + problem;
  if (!remedy.empty())
  {
    message += " (" + remedy + ")";
  }
  return message;
}
} // namespace

Error::Error(std::string file, std::string problem, std::string remedy)
  : std::runtime_error(ComposeMessage(file, problem, remedy))
  , m_File(std::move(file))
  , m_Problem(std::move(problem))
  , m_Remedy(std::move(remedy))
{}

} // namespace chestct
