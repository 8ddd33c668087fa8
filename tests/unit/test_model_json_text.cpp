// The one way JSON leaves adplan (model/json_text.hpp): whatever bytes a string holds, the text is
// valid UTF-8, parses back, and carries no raw C1 or bidirectional control (issue 22).
#include <adplan/model/json_text.hpp>
#include <adplan/model/sanitize.hpp>

#include <doctest/doctest.h>

using namespace adplan;

namespace {

// 0xff, a lone surrogate's UTF-8 form (ED A0 80), an overlong '/', a C1 CSI, ESC, DEL, a
// right-to-left override (U+202E) and an isolate (U+2066).
const std::string k_hostile =
    "a\xff"
    "b\xed\xa0\x80"
    "c\xc0\xaf"
    "d\xc2\x9b"
    "31m\x1b[2J\x7f"
    "e\xe2\x80\xae"
    "f\xe2\x81\xa6";

void check_clean(const std::string& text) {
  CHECK(is_valid_utf8(text));
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find('\x7f') == std::string::npos);
  CHECK(text.find("\xc2\x9b") == std::string::npos);
  CHECK(text.find("\xe2\x80\xae") == std::string::npos);
  CHECK(text.find("\xe2\x81\xa6") == std::string::npos);
}

}  // namespace

TEST_CASE("json text: hostile bytes become valid, escaped JSON that parses back") {
  const nlohmann::ordered_json j{{"value", k_hostile}, {"list", {k_hostile}}};
  for (const std::string& text : {json_text(j), json_line(j)}) {
    check_clean(text);
    const auto back = nlohmann::json::parse(text);
    const std::string value = back["value"];
    CHECK(value == back["list"][0].get<std::string>());
    // The ill-formed bytes are U+FFFD; the controls survive as the characters they are.
    CHECK(value.find("\xef\xbf\xbd") != std::string::npos);
    CHECK(value.find("\xc2\x9b") != std::string::npos);
    CHECK(value.find("\xe2\x80\xae") != std::string::npos);
    CHECK(value.find('\x1b') != std::string::npos);
  }
  CHECK(json_text(j).find("\\u009b") != std::string::npos);
  CHECK(json_text(j).find("\\u202e") != std::string::npos);
  CHECK(json_text(j).find("\\u2066") != std::string::npos);
  CHECK(json_line(j).find('\n') == std::string::npos);
}

TEST_CASE("json text: clean text is left as it is") {
  const nlohmann::ordered_json j{{"b", "caf\xc3\xa9 \xe2\x82\xac"}, {"a", 1}};
  CHECK(json_line(j) == "{\"b\":\"caf\xc3\xa9 \xe2\x82\xac\",\"a\":1}");
  CHECK(json_text(j) == "{\n  \"b\": \"caf\xc3\xa9 \xe2\x82\xac\",\n  \"a\": 1\n}");
}

TEST_CASE("json text: a finding has one JSON form, evidence always present") {
  const Finding f{"tls.name-mismatch", Severity::Error, "mail.contoso.com", "m", "r", ""};
  const auto j = to_json(f);
  CHECK(
      j.dump() ==
      R"({"id":"tls.name-mismatch","severity":"error","subject":"mail.contoso.com","message":"m","remedy":"r","evidence":""})");
  CHECK(to_json(std::vector<Finding>{f, f}).size() == 2);
  CHECK(to_json(std::vector<Finding>{}).is_array());
}
