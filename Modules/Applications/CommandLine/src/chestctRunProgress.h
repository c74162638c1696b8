#ifndef chestctRunProgress_h
#define chestctRunProgress_h

#include <chrono>
#include <ostream>
#include <string>

namespace chestct
{
/** \brief What 'chestct run' tells a person while it works.
 *
 * On a terminal: one line per stage, rewritten in place with a bar while a long stage reports its progress,
 * and finished with the stage's seconds. Elsewhere (a log file, a pipe): plain lines, one when a stage
 * starts and one when it ends, so logs stay readable. Quiet: nothing. */
class RunProgress
{
public:
  enum class Style
  {
    Terminal,
    Lines,
    Quiet
  };
  RunProgress(std::ostream & stream, Style style, unsigned int stages);

  /** Starts stage `name` (the next one). */
  void
  Begin(const std::string & name);
  /** The running stage is `fraction` (0 to 1) done; draws the bar on a terminal, at most every 0.1 s. */
  void
  Update(double fraction);
  /** Ends the running stage with a short result ("431 x 431 x 320 voxels"); returns its seconds. */
  double
  End(const std::string & result = {});

  /** Terminal when `stream` is a terminal (checked on the file descriptor), else Lines. */
  static Style
  StyleFor(int fileDescriptor, bool quiet);

private:
  std::ostream &                        m_Stream;
  Style                                 m_Style;
  unsigned int                          m_Stages;
  unsigned int                          m_Current{ 0 };
  std::string                           m_Name;
  std::chrono::steady_clock::time_point m_Start;
  std::chrono::steady_clock::time_point m_LastDraw;
};

} // namespace chestct

#endif
