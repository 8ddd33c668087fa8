#pragma once
// A problem found by plan lint, certificate checks or verification: data, never printing.
#include <string>
#include <string_view>
#include <vector>

namespace adplan {

enum class Severity { Info, Warning, Error };

std::string_view to_string(Severity s);

struct Finding {
  std::string id;  // stable, dotted: "cert.internal-name"
  Severity severity;
  std::string subject;   // what it is about: a host, a URL, a certificate
  std::string message;   // what is wrong, with the rule that says so
  std::string remedy;    // the command, record or change that fixes it
  std::string evidence;  // what was seen (optional)
};

bool has_errors(const std::vector<Finding>& findings);
// Sorted by severity (errors first), then id, then subject: deterministic output.
void sort_findings(std::vector<Finding>& findings);

}  // namespace adplan
