#include "prom_text.hpp"

#include <cmath>
#include <cstdio>

namespace adplan::cli {

std::string prom_escape(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else if (static_cast<unsigned char>(c) >= 0x20)
      out += c;
  }
  return out;
}

void prom_family(std::ostream& out, std::string_view name, std::string_view type, std::string_view help) {
  out << "# HELP " << name << " " << help << "\n# TYPE " << name << " " << type << "\n";
}

void prom_sample(std::ostream& out, std::string_view name, PromLabels labels, double value) {
  out << name;
  if (labels.size() > 0) {
    out << "{";
    bool first = true;
    for (const auto& [k, v] : labels) {
      out << (first ? "" : ",") << k << "=\"" << prom_escape(v) << "\"";
      first = false;
    }
    out << "}";
  }
  if (std::isnan(value))
    out << " NaN\n";
  else if (value == std::floor(value) && std::fabs(value) < 1e15)
    out << " " << static_cast<long long>(value) << "\n";
  else {
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", value);
    out << " " << text << "\n";
  }
}

}  // namespace adplan::cli
