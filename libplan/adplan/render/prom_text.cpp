#include <adplan/render/prom_text.hpp>

#include <adplan/model/sanitize.hpp>

#include <cmath>
#include <cstdio>

namespace adplan::render {

std::string prom_escape(std::string_view value) {
  // A newline is the format's own \n; every other control, and any ill-formed UTF-8, goes through
  // escape_controls (visible "\x1b", "\u009b"), whose backslashes are then escaped like any other.
  std::string out;
  out.reserve(value.size());
  while (true) {
    const auto nl = value.find('\n');
    for (char c : escape_controls(value.substr(0, nl))) {
      if (c == '\\' || c == '"') out += '\\';
      out += c;
    }
    if (nl == std::string_view::npos) return out;
    out += "\\n";
    value.remove_prefix(nl + 1);
  }
}

void PromText::family(std::string_view name, std::string_view type, std::string_view help) {
  m_out.append("# HELP ").append(name).append(" ").append(help).append("\n# TYPE ");
  m_out.append(name).append(" ").append(type).append("\n");
}

void PromText::sample(std::string_view name, PromLabels labels, double value) {
  m_out.append(name);
  if (labels.size() > 0) {
    char sep = '{';
    for (const auto& [k, v] : labels) {
      m_out.append(1, sep).append(k).append("=\"").append(prom_escape(v)).append("\"");
      sep = ',';
    }
    m_out += '}';
  }
  char text[32];
  if (std::isnan(value))
    std::snprintf(text, sizeof text, " NaN\n");
  else if (value == std::floor(value) && std::fabs(value) < 1e15)
    std::snprintf(text, sizeof text, " %lld\n", static_cast<long long>(value));
  else
    std::snprintf(text, sizeof text, " %.6g\n", value);
  m_out += text;
}

}  // namespace adplan::render
