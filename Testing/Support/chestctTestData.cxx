#include "chestctTestData.h"

#include <cstdlib>
#include <filesystem>

namespace fs = std::filesystem;

namespace chestct::testing
{

std::string
SharedDataPath(const std::string & relative)
{
  const char *   fromEnvironment = std::getenv("CHESTCT_DATA_ROOT");
  const fs::path root =
    fromEnvironment && *fromEnvironment ? fs::path(fromEnvironment) : fs::path(CHESTCT_DATA_ROOT_DEFAULT);
  const fs::path  path = root / relative;
  std::error_code error;
  return fs::exists(path, error) ? fs::canonical(path, error).string() : std::string();
}

std::string
TemporaryFolder(const std::string & name)
{
  const fs::path folder = fs::path(CHESTCT_TEST_OUTPUT_ROOT) / name;
  fs::remove_all(folder);
  fs::create_directories(folder);
  return folder.string();
}

} // namespace chestct::testing
