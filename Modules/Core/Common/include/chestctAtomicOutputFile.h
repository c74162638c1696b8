#ifndef chestctAtomicOutputFile_h
#define chestctAtomicOutputFile_h

#include <functional>
#include <ostream>
#include <string>

namespace chestct
{

/** \class AtomicOutputFile
 * \brief An output that appears under its final name whole, or not at all.
 *
 * Writers write to TemporaryPath(), a hidden name in the same folder (so the
 * final rename stays on one file system and is atomic) that keeps the final
 * name's extension, since some writers choose compression by it (.nii.gz).
 * Commit() renames it into place. If the object is destroyed uncommitted (an
 * exception, a failed write) the temporary file is removed, so an interrupted
 * run never leaves a half-written file that looks complete.
 *
 * \ingroup ChestCTCommon
 */
class AtomicOutputFile
{
public:
  explicit AtomicOutputFile(std::string finalPath);
  ~AtomicOutputFile();
  AtomicOutputFile(const AtomicOutputFile &) = delete;
  AtomicOutputFile &
  operator=(const AtomicOutputFile &) = delete;

  const std::string &
  TemporaryPath() const noexcept
  {
    return m_TemporaryPath;
  }
  const std::string &
  FinalPath() const noexcept
  {
    return m_FinalPath;
  }

  /** Moves the finished temporary file to its final name; throws chestct::Error on failure. */
  void
  Commit();

private:
  std::string m_FinalPath;
  std::string m_TemporaryPath;
  bool        m_Committed{ false };
  int         m_Slot{ -1 }; ///< where the temporary path is registered for removal on a signal
};

/** Makes SIGINT, SIGTERM and SIGHUP remove every unfinished AtomicOutputFile
 * before the process ends, so that an interrupted run leaves no partial file.
 * For command-line tools; a library user with handlers of their own calls
 * RemoveUnfinishedOutputs() from them instead. */
void
RemoveUnfinishedOutputsOnSignals();

/** Removes every unfinished AtomicOutputFile's temporary file; safe to call from a signal handler. */
void
RemoveUnfinishedOutputs() noexcept;

/** Writes text to `output`'s temporary file, for the caller to commit with its other outputs; throws
 * chestct::Error, naming the final path, on failure. */
void
WriteTextInto(const AtomicOutputFile & output, const std::string & text);

/** Writes text to a file atomically (through AtomicOutputFile); throws chestct::Error on failure. */
void
WriteTextFileAtomically(const std::string & path, const std::string & text);

/** Writes a file atomically through the stream `write` is given, piece by piece (a large file need not be
 * held whole in memory first); throws chestct::Error when the stream fails. */
void
WriteFileAtomically(const std::string & path, const std::function<void(std::ostream &)> & write);

/** Throws chestct::Error if writing `outputPath` would overwrite one of `inputPaths`
 * (same file, or a file inside an input folder). */
void
CheckOutputIsNotAnInput(const std::string & outputPath, const std::string & inputPath);

} // namespace chestct

#endif
