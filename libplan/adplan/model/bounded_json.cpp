#include <adplan/model/bounded_json.hpp>

#include <adplan/model/echo.hpp>

#include <optional>
#include <vector>

namespace adplan {
namespace {

using nlohmann::json;

// The byte offset (1-based) of the bracket that opens level max_depth + 1, outside strings.
std::optional<std::size_t> too_deep_at(std::string_view text, std::size_t max_depth) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return i + 1;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

// nlohmann's DOM builder behind a SAX handler that keeps the path and bounds the depth.
class BoundedSax {
 public:
  BoundedSax(json& root, std::size_t max_depth) : m_dom(root, false), m_max_depth(max_depth) {}

  bool null() { return value() && m_dom.null(); }
  bool boolean(bool v) { return value() && m_dom.boolean(v); }
  bool number_integer(json::number_integer_t v) { return value() && m_dom.number_integer(v); }
  bool number_unsigned(json::number_unsigned_t v) { return value() && m_dom.number_unsigned(v); }
  bool number_float(json::number_float_t v, const std::string& s) { return value() && m_dom.number_float(v, s); }
  bool string(std::string& v) { return value() && m_dom.string(v); }
  bool binary(json::binary_t& v) { return value() && m_dom.binary(v); }
  bool start_object(std::size_t n) { return open(false) && m_dom.start_object(n); }
  bool end_object() { return close() && m_dom.end_object(); }
  bool start_array(std::size_t n) { return open(true) && m_dom.start_array(n); }
  bool end_array() { return close() && m_dom.end_array(); }
  bool key(std::string& k) {
    m_frames.back().key = k;
    return m_dom.key(k);
  }
  bool parse_error(std::size_t position, const std::string& last_token, const nlohmann::detail::exception& e) {
    // Overflow: out_of_range.406 "number overflow parsing '1e400'" (RFC 8259 6 lets a parser limit numbers).
    if (e.id == 406) {
      problem = JsonProblem{JsonProblem::Kind::Overflow, position, path(true), last_token};
      return false;
    }
    std::string what = e.what();
    auto at = what.find("syntax error");
    if (at != std::string::npos) what = what.substr(at);
    // The token the lexer read last can be a whole 100 KB string: show its start only.
    if (auto lr = what.find("; last read: '"); lr != std::string::npos) {
      what = what.substr(0, lr) + "; last read: " + quote_value(last_token, 40);
    }
    problem = JsonProblem{JsonProblem::Kind::Syntax, position, path(true), what};
    return false;
  }

  std::optional<JsonProblem> problem;

 private:
  struct Frame {
    bool array;
    std::size_t count = 0;  // values seen in an array
    std::string key;        // the key being read in an object
  };

  bool value() {
    if (!m_frames.empty() && m_frames.back().array) ++m_frames.back().count;
    return true;
  }
  bool open(bool array) {
    value();
    if (m_frames.size() >= m_max_depth) {
      problem = JsonProblem{JsonProblem::Kind::Depth, 0, path(false), {}};
      return false;
    }
    m_frames.push_back({array, 0, {}});
    return true;
  }
  bool close() {
    m_frames.pop_back();
    return true;
  }
  // "servers[1].ip"; `pending` when the value at the top has not been reported yet.
  [[nodiscard]] std::string path(bool pending) const {
    std::string out;
    for (std::size_t i = 0; i < m_frames.size(); ++i) {
      const auto& f = m_frames[i];
      bool last = i + 1 == m_frames.size();
      if (f.array) {
        std::size_t index = f.count + (last && pending ? 1 : 0);
        if (index > 0) out += "[" + std::to_string(index - 1) + "]";
      } else if (!f.key.empty() || !last) {
        out += (out.empty() ? "" : ".") + quote_key(f.key);
      }
    }
    return out;
  }
  static std::string quote_key(const std::string& key) {
    bool plain = !key.empty() && key.size() <= k_echo_max &&
                 key.find_first_not_of(
                     "abcdefghijklmnopqrstuvwxyz"
                     "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                     "0123456789_$-") == std::string::npos;
    return plain ? key : quote_value(key);
  }

  nlohmann::detail::json_sax_dom_parser<json> m_dom;
  std::size_t m_max_depth;
  std::vector<Frame> m_frames;
};

}  // namespace

std::expected<json, JsonProblem> parse_bounded_json(std::string_view text, std::size_t max_depth) {
  // First the depth, in one pass over the text: the parser below never builds a deep value.
  if (auto at = too_deep_at(text, max_depth)) {
    return std::unexpected(JsonProblem{JsonProblem::Kind::Depth, *at, {}, {}});
  }
  json doc;
  BoundedSax sax(doc, max_depth);
  bool ok = json::sax_parse(text, &sax);
  if (sax.problem) return std::unexpected(std::move(*sax.problem));
  if (!ok) return std::unexpected(JsonProblem{JsonProblem::Kind::Syntax, text.size(), {}, "syntax error"});
  return doc;
}

}  // namespace adplan
