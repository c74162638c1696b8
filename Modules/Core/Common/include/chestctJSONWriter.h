#ifndef chestctJSONWriter_h
#define chestctJSONWriter_h

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace chestct
{

/** \class JSONWriter
 * \brief Writes indented JSON to a stream, one call per token.
 *
 * Sidecars and summaries are written, never read back by ChestCT itself, so a
 * streaming writer is all that is needed: no document tree is built. Numbers
 * use the shortest text that reads back to the same double; NaN and infinity,
 * which JSON cannot hold, become null.
 *
 * \code
 * chestct::JSONWriter json(std::cout);
 * json.BeginObject().Field("slices", 64).Key("spacing").Array(spacing).EndObject();
 * \endcode
 *
 * \ingroup ChestCTCommon
 */
class JSONWriter
{
public:
  explicit JSONWriter(std::ostream & stream, unsigned int indent = 2);
  ~JSONWriter();

  JSONWriter &
  BeginObject();
  JSONWriter &
  EndObject();
  JSONWriter &
  BeginArray();
  JSONWriter &
  EndArray();
  JSONWriter &
  Key(std::string_view key);

  JSONWriter &
  Value(std::string_view value);
  JSONWriter &
  Value(const char * value)
  {
    return Value(std::string_view(value));
  }
  JSONWriter &
  Value(const std::string & value)
  {
    return Value(std::string_view(value));
  }
  JSONWriter &
  Value(double value);
  JSONWriter &
  Value(std::int64_t value);
  JSONWriter &
  Value(int value)
  {
    return Value(static_cast<std::int64_t>(value));
  }
  JSONWriter &
  Value(unsigned int value)
  {
    return Value(static_cast<std::int64_t>(value));
  }
  JSONWriter &
  Value(std::size_t value)
  {
    return Value(static_cast<std::int64_t>(value));
  }
  JSONWriter &
  Value(bool value);
  JSONWriter &
  Null();

  /** An array of numbers or strings in one call. */
  template <typename TContainer>
  JSONWriter &
  Array(const TContainer & values)
  {
    BeginArray();
    for (const auto & value : values)
    {
      Value(value);
    }
    return EndArray();
  }

  /** Key(key) followed by Value(value). */
  template <typename T>
  JSONWriter &
  Field(std::string_view key, const T & value)
  {
    Key(key);
    return Value(value);
  }

  /** Escapes a string for inclusion between JSON quotes. */
  static std::string
  Escape(std::string_view text);

private:
  void
  BeforeValue();
  void
  NewLine();

  struct Level
  {
    bool isObject;
    bool empty;
  };
  std::ostream &     m_Stream;
  unsigned int       m_Indent;
  std::vector<Level> m_Levels;
  bool               m_AfterKey{ false };
};

} // namespace chestct

#endif
