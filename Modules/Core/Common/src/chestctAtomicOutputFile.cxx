#include "chestctAtomicOutputFile.h"
#include "chestctError.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace chestct
{

namespace
{
// Temporary paths of unfinished outputs, in fixed storage that a signal
// handler can read without allocating or locking.
constexpr int         kSlots = 16;
constexpr std::size_t kPathLength = 4096;
char                  g_Paths[kSlots][kPathLength];
std::atomic<bool>     g_InUse[kSlots];

int
Register(const std::string & path)
{
  if (path.size() >= kPathLength)
  {
    return -1;
  }
  for (int slot = 0; slot < kSlots; ++slot)
  {
    bool expected = false;
    if (g_InUse[slot].compare_exchange_strong(expected, true))
    {
      std::memcpy(g_Paths[slot], path.c_str(), path.size() + 1);
      return slot;
    }
  }
  return -1; // more than kSlots at once: still removed by the destructor, only not on a signal
}

void
Unregister(int slot)
{
  if (slot >= 0)
  {
    g_InUse[slot] = false;
  }
}

extern "C" void
RemoveAndReraise(int signalNumber)
{
  RemoveUnfinishedOutputs();
  std::signal(signalNumber, SIG_DFL);
  std::raise(signalNumber);
}
} // namespace

void
RemoveUnfinishedOutputs() noexcept
{
  for (int slot = 0; slot < kSlots; ++slot)
  {
    if (g_InUse[slot])
    {
      unlink(g_Paths[slot]); // async-signal-safe
    }
  }
}

void
RemoveUnfinishedOutputsOnSignals()
{
  for (const int signalNumber : { SIGINT, SIGTERM, SIGHUP })
  {
    std::signal(signalNumber, RemoveAndReraise);
  }
}

AtomicOutputFile::AtomicOutputFile(std::string finalPath)
  : m_FinalPath(std::move(finalPath))
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
  m_Slot = Register(m_TemporaryPath);
}

AtomicOutputFile::~AtomicOutputFile()
{
  Unregister(m_Slot);
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
  Unregister(m_Slot);
  m_Slot = -1;
}

namespace
{
// Writes `output`'s temporary file through the stream `write` is given.
void
WriteThrough(const AtomicOutputFile & output, const std::function<void(std::ostream &)> & write)
{
  std::ofstream stream(output.TemporaryPath(), std::ios::binary | std::ios::trunc);
  write(stream);
  stream.close();
  if (!stream)
  {
    throw Error(output.FinalPath(),
                std::string("could not write the file: ") + std::strerror(errno),
                "check free disk space and permissions");
  }
}
} // namespace

void
WriteTextInto(const AtomicOutputFile & output, const std::string & text)
{
  WriteThrough(output, [&text](std::ostream & stream) { stream << text; });
}

void
WriteFileAtomically(const std::string & path, const std::function<void(std::ostream &)> & write)
{
  AtomicOutputFile output(path);
  WriteThrough(output, write);
  output.Commit();
}

void
WriteTextFileAtomically(const std::string & path, const std::string & text)
{
  WriteFileAtomically(path, [&text](std::ostream & stream) { stream << text; });
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
