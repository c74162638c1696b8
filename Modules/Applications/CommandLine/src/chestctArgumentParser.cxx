#include "chestctArgumentParser.h"

#include <cmath>
#include <sstream>

namespace chestct
{

ArgumentParser::ArgumentParser(std::string command, std::string summary)
  : m_Command(std::move(command))
  , m_Summary(std::move(summary))
{}

std::string
ArgumentParser::Key(const std::string & name)
{
  std::size_t start = 0;
  while (start < name.size() && name[start] == '-')
  {
    ++start;
  }
  return name.substr(start);
}

ArgumentParser &
ArgumentParser::Positional(const std::string & name, const std::string & help)
{
  m_Positionals.emplace_back(name, help);
  return *this;
}

ArgumentParser &
ArgumentParser::Option(const std::string & names, const std::string & metavar, const std::string & help,
                       const std::string & defaultValue)
{
  Argument          argument{ {}, metavar, help, defaultValue, true };
  std::stringstream list(names);
  for (std::string name; std::getline(list, name, ',');)
  {
    argument.names.push_back(name);
  }
  m_Arguments.push_back(argument);
  return *this;
}

ArgumentParser &
ArgumentParser::Flag(const std::string & names, const std::string & help)
{
  Option(names, "", help);
  m_Arguments.back().takesValue = false;
  return *this;
}

ArgumentParser &
ArgumentParser::Epilog(const std::string & text)
{
  m_Epilog = text;
  return *this;
}

const ArgumentParser::Argument *
ArgumentParser::Find(const std::string & word) const
{
  for (const Argument & argument : m_Arguments)
  {
    for (const std::string & name : argument.names)
    {
      if (name == word)
      {
        return &argument;
      }
    }
  }
  return nullptr;
}

bool
ArgumentParser::Parse(const std::vector<std::string> & arguments, std::ostream & out)
{
  std::size_t positional = 0;
  bool        onlyPositionals = false;
  for (std::size_t i = 0; i < arguments.size(); ++i)
  {
    std::string word = arguments[i];
    if (!onlyPositionals && (word == "-h" || word == "--help"))
    {
      out << Help();
      return false;
    }
    if (!onlyPositionals && word == "--")
    {
      onlyPositionals = true;
      continue;
    }
    if (!onlyPositionals && word.size() > 1 && word[0] == '-')
    {
      std::string value;
      bool        hasInlineValue = false;
      if (const auto equals = word.find('='); equals != std::string::npos && word.rfind("--", 0) == 0)
      {
        value = word.substr(equals + 1);
        word = word.substr(0, equals);
        hasInlineValue = true;
      }
      const Argument * argument = Find(word);
      if (argument == nullptr)
      {
        throw UsageError("unknown option " + word);
      }
      const std::string key = Key(argument->names.back());
      if (!argument->takesValue)
      {
        if (hasInlineValue)
        {
          throw UsageError(word + " takes no value");
        }
        m_Values[key] = "1";
        continue;
      }
      if (!hasInlineValue)
      {
        if (i + 1 >= arguments.size())
        {
          throw UsageError(word + " needs a value (" + argument->metavar + ")");
        }
        value = arguments[++i];
      }
      m_Values[key] = value;
      continue;
    }
    if (positional >= m_Positionals.size())
    {
      throw UsageError("unexpected argument '" + word + "'");
    }
    m_Values[m_Positionals[positional++].first] = word;
  }
  if (positional < m_Positionals.size())
  {
    throw UsageError("missing " + m_Positionals[positional].first);
  }
  return true;
}

bool
ArgumentParser::Given(const std::string & name) const
{
  return m_Values.count(Key(name)) != 0;
}

std::string
ArgumentParser::Get(const std::string & name) const
{
  const std::string key = Key(name);
  if (const auto found = m_Values.find(key); found != m_Values.end())
  {
    return found->second;
  }
  for (const Argument & argument : m_Arguments)
  {
    if (Key(argument.names.back()) == key)
    {
      return argument.defaultValue;
    }
  }
  return {};
}

double
ArgumentParser::GetNumber(const std::string & name) const
{
  const std::string text = Get(name);
  char *            end = nullptr;
  const double      value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !std::isfinite(value))
  {
    throw UsageError("--" + Key(name) + " needs a number, got '" + text + "'");
  }
  return value;
}

long
ArgumentParser::GetInteger(const std::string & name) const
{
  const std::string text = Get(name);
  char *            end = nullptr;
  const long        value = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0')
  {
    throw UsageError("--" + Key(name) + " needs a whole number, got '" + text + "'");
  }
  return value;
}

std::string
ArgumentParser::Help() const
{
  std::ostringstream help;
  help << "usage: chestct " << m_Command;
  for (const Argument & argument : m_Arguments)
  {
    help << " [" << argument.names.back() << (argument.takesValue ? " " + argument.metavar : "") << "]";
  }
  for (const auto & positional : m_Positionals)
  {
    help << " " << positional.first;
  }
  help << "\n\n" << m_Summary << "\n";
  if (!m_Positionals.empty())
  {
    help << "\narguments:\n";
    for (const auto & [name, text] : m_Positionals)
    {
      help << "  " << name << std::string(name.size() < 22 ? 22 - name.size() : 1, ' ') << text << "\n";
    }
  }
  help << "\noptions:\n";
  for (const Argument & argument : m_Arguments)
  {
    std::string names;
    for (const std::string & name : argument.names)
    {
      names += (names.empty() ? "" : ", ") + name;
    }
    if (argument.takesValue)
    {
      names += " " + argument.metavar;
    }
    help << "  " << names << std::string(names.size() < 22 ? 22 - names.size() : 1, ' ') << argument.help;
    if (!argument.defaultValue.empty())
    {
      help << " (default: " << argument.defaultValue << ")";
    }
    help << "\n";
  }
  help << "  -h, --help            show this help\n";
  if (!m_Epilog.empty())
  {
    help << "\n" << m_Epilog << "\n";
  }
  return help.str();
}

} // namespace chestct
