#ifndef chestctError_h
#define chestctError_h

#include <stdexcept>
#include <string>

namespace chestct
{

/** \class Error
 * \brief A failure a user can act on: which file, what is wrong, what to do.
 *
 * Every error ChestCT reports about its inputs or outputs is one of these, so
 * that the command-line tool can print all three parts and exit non-zero, and
 * a library user can show them in their own interface.
 *
 * \ingroup ChestCTCommon
 */
class Error : public std::runtime_error
{
public:
  Error(std::string file, std::string problem, std::string remedy = {});

  /** The file or folder concerned (may be empty when none is). */
  const std::string &
  File() const noexcept
  {
    return m_File;
  }
  /** What is wrong, in plain words. */
  const std::string &
  Problem() const noexcept
  {
    return m_Problem;
  }
  /** What the user can do about it (may be empty). */
  const std::string &
  Remedy() const noexcept
  {
    return m_Remedy;
  }

private:
  std::string m_File;
  std::string m_Problem;
  std::string m_Remedy;
};

} // namespace chestct

#endif
