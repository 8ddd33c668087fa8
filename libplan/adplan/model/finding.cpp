#include <adplan/model/finding.hpp>

#include <algorithm>
#include <tuple>

namespace adplan {

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::Info:
      return "info";
    case Severity::Warning:
      return "warning";
    case Severity::Error:
      return "error";
  }
  return "error";
}

bool has_errors(const std::vector<Finding>& findings) {
  return std::ranges::any_of(findings, [](const Finding& f) { return f.severity == Severity::Error; });
}

void sort_findings(std::vector<Finding>& findings) {
  std::ranges::stable_sort(findings, [](const Finding& a, const Finding& b) {
    return std::tuple(-static_cast<int>(a.severity), a.id, a.subject) <
           std::tuple(-static_cast<int>(b.severity), b.id, b.subject);
  });
}

}  // namespace adplan
