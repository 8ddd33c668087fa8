#pragma once
// The Prometheus text exposition format (version 0.0.4), written as it goes: HELP and TYPE once
// per metric family, label values valid UTF-8 with backslash, double quote and newline escaped
// and other control characters dropped, so nothing a server or a domain list says can start a
// line of its own or reach a terminal that shows the page.
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace adplan::render {

using PromLabels = std::initializer_list<std::pair<std::string_view, std::string_view>>;

std::string prom_escape(std::string_view value);

class PromText {
 public:
  void family(std::string_view name, std::string_view type, std::string_view help);
  void sample(std::string_view name, PromLabels labels, double value);
  // A family of one sample without labels.
  void gauge(std::string_view name, std::string_view type, std::string_view help, double value) {
    family(name, type, help);
    sample(name, {}, value);
  }
  [[nodiscard]] const std::string& str() const { return m_out; }

 private:
  std::string m_out;
};

}  // namespace adplan::render
