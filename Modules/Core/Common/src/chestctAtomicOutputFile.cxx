#include "chestctAtomicOutputFile.h"
#include "chestctError.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace chestct {

AtomicOutputFile::AtomicOutputFile(std::string finalPath) : m_FinalPath(std::move(finalPath))
{
  const fs::path finalName(m_FinalPath);
  if (finalName.filename().empty())
  {
    throw Error(m_FinalPath, "output path names a folder, not a file", "give a file name");
  }
  const fs::path  folder = finalName.parent_path().empty() ? fs::path(".") : finalName.parent_path();
  std::error_code error;
  if (!fs::is_directory(folder, error))
  {
    throw Error(m_FinalPath, "the output folder " + folder.string() + " does not exist", "create it first");
  }
  if (access(folder.c_str(), W_OK) != 0)
  {
    throw Error(
      m_FinalPath, "the output folder " + folder.string() + " is not writable", "choose another output folder");
  }
  // Hidden, unique per process, and ending in the final name so that the
  // extension (and with it the writer's compression choice) is kept.
  m_TemporaryPath =
    (folder / (".chestct-partial-" + std::to_string(getpid()) + "-" + finalName.filename().string())).string();
}

AtomicOutputFile::~AtomicOutputFile()
{
  if (!m_Committed)
  {
    std::error_code ignored;
    fs::remove(m_TemporaryPath, ignored);
  }
}

void
AtomicOutputFile::Commit()
{
  if (std::rename(m_TemporaryPath.c_str(), m_FinalPath.c_str()) != 0)
  {
    throw Error(m_FinalPath, std::string("could not move the finished output into place: ") + std::strerror(errno));
  }
  m_Committed = true;
}

void
WriteTextFileAtomically(const std::string & path, const std::string & text)
{
  AtomicOutputFile output(path);
  {
    std::ofstream stream(output.TemporaryPath(), std::ios::binary | std::ios::trunc);
    stream << text;
    stream.close();
    if (!stream)
    {
      throw Error(path,
                  std::string("could not write the file: ") + std::strerror(errno),
                  "check free disk space and permissions");
    }
  }
  output.Commit();
}

void
CheckOutputIsNotAnInput(const std::string & outputPath, const std::string & inputPath)
{
  std::error_code error;
  const fs::path  input = fs::weakly_canonical(inputPath, error);
  const fs::path  output = fs::weakly_canonical(outputPath, error);
  if (input.empty() || output.empty())
  {
    return;
  }
  if (output == input)
  {
    throw Error(
      outputPath, "the output path is the input itself", "write the output somewhere else; inputs are never modified");
  }
  if (fs::is_directory(input, error))
  {
    const auto mismatch = std::mismatch(input.begin(), input.end(), output.begin(), output.end());
    if (mismatch.first == input.end())
    {
      throw Error(outputPath,
                  "the output would be written inside the input folder " + inputPath,
                  "write outputs outside the DICOM folder, so that it is never modified and a later scan does not "
                  "pick them up");
    }
  }
}

} // namespace chestct
