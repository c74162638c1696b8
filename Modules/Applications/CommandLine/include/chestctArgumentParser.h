#ifndef chestctArgumentParser_h
#define chestctArgumentParser_h

#include <map>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace chestct
{

/** A command line that does not follow a command's usage; the tool prints it
 * with a pointer to --help and exits with status 2. */
class UsageError : public std::runtime_error
{
public:
  using std::runtime_error::runtime_error;
};

/** \class ArgumentParser
 * \brief Declares one subcommand's arguments, parses them, and writes its --help.
 *
 * Options take a value as `--name VALUE` or `--name=VALUE`; flags take none;
 * positionals are required and come in the declared order. Anything else is a
 * UsageError that names the offending word.
 *
 * \ingroup ChestCTCommandLine
 */
class ArgumentParser
{
public:
  ArgumentParser(std::string command, std::string summary);

  /** A required positional argument. */
  ArgumentParser &
  Positional(const std::string & name, const std::string & help);
  /** An option with a value; `names` is e.g. "-o,--output". */
  ArgumentParser &
  Option(const std::string & names, const std::string & metavar, const std::string & help,
         const std::string & defaultValue = {});
  /** An option without a value. */
  ArgumentParser &
  Flag(const std::string & names, const std::string & help);
  /** A paragraph shown after the argument list in --help. */
  ArgumentParser &
  Epilog(const std::string & text);

  /** Parses `arguments` (without the command's name). Returns false, having
   * written the help to `out`, when --help or -h was given. */
  bool
  Parse(const std::vector<std::string> & arguments, std::ostream & out);

  /** An option's or positional's value: given, else its default (possibly empty). */
  std::string
  Get(const std::string & name) const;
  bool
  Given(const std::string & name) const;
  double
  GetNumber(const std::string & name) const;
  long
  GetInteger(const std::string & name) const;

  std::string
  Help() const;

private:
  struct Argument
  {
    std::vector<std::string> names; // the long name first is the key
    std::string              metavar;
    std::string              help;
    std::string              defaultValue;
    bool                     takesValue;
  };
  const Argument *
  Find(const std::string & word) const;
  static std::string
  Key(const std::string & name);

  std::string                                      m_Command;
  std::string                                      m_Summary;
  std::string                                      m_Epilog;
  std::vector<std::pair<std::string, std::string>> m_Positionals; // name, help
  std::vector<Argument>                            m_Arguments;
  std::map<std::string, std::string>               m_Values;
};

} // namespace chestct

#endif
