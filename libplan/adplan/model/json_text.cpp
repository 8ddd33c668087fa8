#include <adplan/model/json_text.hpp>

namespace adplan {

std::string json_escape_controls(std::string text) {
  // In JSON text (ASCII structure, valid UTF-8) these byte sequences occur only inside strings,
  // as the characters themselves: "\u009b" there is the same string.
  auto byte = [&](std::size_t i) {
    return i < text.size() ? static_cast<unsigned>(static_cast<unsigned char>(text[i])) : 0U;
  };
  auto escaped = [](unsigned c) {
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string out = "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) out += k_hex[(c >> shift) & 0xFU];
    return out;
  };
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned b0 = byte(i), b1 = byte(i + 1), b2 = byte(i + 2);
    if (b0 == 0x7F) {  // DEL
      out += escaped(b0);
    } else if (b0 == 0xC2 && b1 >= 0x80 && b1 <= 0x9F) {  // C1 controls U+0080..U+009F
      out += escaped(b1);
      i += 1;
    } else if (b0 == 0xE2 && ((b1 == 0x80 && b2 >= 0xAA && b2 <= 0xAE) || (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9))) {
      out += escaped(0x2000U + ((b1 & 0x3FU) << 6) + (b2 & 0x3FU));  // U+202A..U+202E, U+2066..U+2069
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// nlohmann's dump checks UTF-8 strictly (surrogates and overlong forms are ill-formed) and, with
// error_handler_t::replace, writes U+FFFD for what is not, so no input byte can end the run.
std::string json_text(const nlohmann::ordered_json& j) {
  return json_escape_controls(j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
}

std::string json_text(const nlohmann::json& j) {
  return json_escape_controls(j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::string json_line(const nlohmann::ordered_json& j) {
  return json_escape_controls(j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
}

nlohmann::ordered_json to_json(const Finding& f) {
  return {{"id", f.id},           {"severity", to_string(f.severity)},
          {"subject", f.subject}, {"message", f.message},
          {"remedy", f.remedy},   {"evidence", f.evidence}};
}

nlohmann::ordered_json to_json(const std::vector<Finding>& findings) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& f : findings) out.push_back(to_json(f));
  return out;
}

}  // namespace adplan
