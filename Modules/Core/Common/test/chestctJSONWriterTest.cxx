#include "chestctJSONWriter.h"
#include "chestctMarkup.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>

TEST_CASE("JSONWriter writes nested objects and arrays with commas in the right places", "[json]")
{
  std::ostringstream  text;
  chestct::JSONWriter json(text, 0);
  json.BeginObject().Field("a", 1).Key("b").BeginArray().Value(1.5).Value("x").Value(true).Null().EndArray();
  json.Key("c").BeginObject().EndObject().Key("d").BeginArray().EndArray().EndObject();
  std::string flat = text.str();
  flat.erase(std::remove(flat.begin(), flat.end(), '\n'), flat.end());
  REQUIRE(flat == R"({"a": 1,"b": [1.5,"x",true,null],"c": {},"d": []})");
}

TEST_CASE("JSONWriter escapes what JSON requires and writes non-finite numbers as null", "[json]")
{
  REQUIRE(chestct::JSONWriter::Escape("a\"b\\c\nd\te\x01") == "a\\\"b\\\\c\\nd\\te\\u0001");
  std::ostringstream  text;
  chestct::JSONWriter json(text);
  json.BeginArray().Value(std::nan("")).Value(INFINITY).Value(0.1).EndArray();
  REQUIRE(text.str().find("null,") != std::string::npos);
  REQUIRE(text.str().find("0.1") != std::string::npos); // shortest round-trip form, not 0.10000000000000001
  REQUIRE(text.str().find("0.10000") == std::string::npos);
}

TEST_CASE("JSONWriter refuses malformed call sequences", "[json]")
{
  std::ostringstream  text;
  chestct::JSONWriter json(text);
  json.BeginObject();
  REQUIRE_THROWS_AS(json.Value(1), std::logic_error); // a value in an object needs a key
  REQUIRE_THROWS_AS(json.EndArray(), std::logic_error);
}

TEST_CASE("Markup escaping and base64 encoding", "[common]")
{
  CHECK(chestct::EscapeMarkup("a < b & \"c\" > d") == "a &lt; b &amp; &quot;c&quot; &gt; d");
  CHECK(chestct::EscapeMarkup(std::string("x\x01y\tz\n")) == "x y\tz\n"); // control characters are not XML
  const auto encode = [](const std::string & bytes) { return chestct::EncodeBase64(bytes.data(), bytes.size()); };
  // RFC 4648, section 10.
  CHECK(encode("") == "");
  CHECK(encode("f") == "Zg==");
  CHECK(encode("fo") == "Zm8=");
  CHECK(encode("foo") == "Zm9v");
  CHECK(encode("foob") == "Zm9vYg==");
  CHECK(encode("fooba") == "Zm9vYmE=");
  CHECK(encode("foobar") == "Zm9vYmFy");
  CHECK(encode(std::string("\xff\xfe\x00", 3)) == "//4A");
}
