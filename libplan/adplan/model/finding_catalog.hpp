#pragma once
// Every finding id adplan emits, with its severity and meaning: the source of adplan-findings(7),
// of completion for options that take finding ids, and of the check that every id emitted in the
// source is catalogued (ctest core.finding_catalog: tests/core/check_finding_catalog.py).
#include <span>
#include <string_view>

namespace adplan {

struct FindingInfo {
  std::string_view id;        // stable, dotted: "cert.internal-name"
  std::string_view severity;  // "error", "warning", "info", or "error|warning" where context decides
  std::string_view meaning;   // one sentence, for people
};

// Sorted by id.
std::span<const FindingInfo> finding_catalog();

}  // namespace adplan
