#include "chestctJSONWriter.h"

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace chestct
{

JSONWriter::JSONWriter(std::ostream & stream, unsigned int indent)
  : m_Stream(stream)
  , m_Indent(indent)
{}

JSONWriter::~JSONWriter() = default;

void
JSONWriter::NewLine()
{
  m_Stream << '\n' << std::string(m_Levels.size() * m_Indent, ' ');
}

void
JSONWriter::BeforeValue()
{
  if (m_AfterKey)
  {
    m_AfterKey = false;
    return;
  }
  if (m_Levels.empty())
  {
    return;
  }
  Level & level = m_Levels.back();
  if (level.isObject)
  {
    throw std::logic_error("JSONWriter: a value inside an object needs a key first");
  }
  if (!level.empty)
  {
    m_Stream << ',';
  }
  level.empty = false;
  NewLine();
}

JSONWriter &
JSONWriter::Key(std::string_view key)
{
  if (m_Levels.empty() || !m_Levels.back().isObject || m_AfterKey)
  {
    throw std::logic_error("JSONWriter: a key belongs directly inside an object");
  }
  Level & level = m_Levels.back();
  if (!level.empty)
  {
    m_Stream << ',';
  }
  level.empty = false;
  NewLine();
  m_Stream << '"' << Escape(key) << "\": ";
  m_AfterKey = true;
  return *this;
}

JSONWriter &
JSONWriter::BeginObject()
{
  BeforeValue();
  m_Stream << '{';
  m_Levels.push_back({ true, true });
  return *this;
}

JSONWriter &
JSONWriter::BeginArray()
{
  BeforeValue();
  m_Stream << '[';
  m_Levels.push_back({ false, true });
  return *this;
}

JSONWriter &
JSONWriter::EndObject()
{
  if (m_Levels.empty() || !m_Levels.back().isObject || m_AfterKey)
  {
    throw std::logic_error("JSONWriter: EndObject without a matching BeginObject");
  }
  const bool empty = m_Levels.back().empty;
  m_Levels.pop_back();
  if (!empty)
  {
    NewLine();
  }
  m_Stream << '}';
  if (m_Levels.empty())
  {
    m_Stream << '\n';
  }
  return *this;
}

JSONWriter &
JSONWriter::EndArray()
{
  if (m_Levels.empty() || m_Levels.back().isObject)
  {
    throw std::logic_error("JSONWriter: EndArray without a matching BeginArray");
  }
  const bool empty = m_Levels.back().empty;
  m_Levels.pop_back();
  if (!empty)
  {
    NewLine();
  }
  m_Stream << ']';
  return *this;
}

JSONWriter &
JSONWriter::Value(std::string_view value)
{
  BeforeValue();
  m_Stream << '"' << Escape(value) << '"';
  return *this;
}

JSONWriter &
JSONWriter::Value(double value)
{
  if (!std::isfinite(value))
  {
    return Null();
  }
  BeforeValue();
  char       buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  m_Stream.write(buffer, result.ptr - buffer);
  return *this;
}

JSONWriter &
JSONWriter::Value(std::int64_t value)
{
  BeforeValue();
  m_Stream << value;
  return *this;
}

JSONWriter &
JSONWriter::Value(bool value)
{
  BeforeValue();
  m_Stream << (value ? "true" : "false");
  return *this;
}

JSONWriter &
JSONWriter::Null()
{
  BeforeValue();
  m_Stream << "null";
  return *this;
}

std::string
JSONWriter::Escape(std::string_view text)
{
  std::string escaped;
  escaped.reserve(text.size());
  for (const char c : text)
  {
    switch (c)
    {
      case '"':
        escaped += "\\\"";
        break;
      case '\\':
        escaped += "\\\\";
        break;
      case '\n':
        escaped += "\\n";
        break;
      case '\r':
        escaped += "\\r";
        break;
      case '\t':
        escaped += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20)
        {
          static const char hex[] = "0123456789abcdef";
          escaped += "\\u00";
          escaped += hex[(c >> 4) & 0xf];
          escaped += hex[c & 0xf];
        }
        else
        {
          escaped += c;
        }
    }
  }
  return escaped;
}

} // namespace chestct
