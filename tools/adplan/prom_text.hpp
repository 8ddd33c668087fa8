#pragma once
// The Prometheus text exposition format (version 0.0.4), written as it goes: HELP and TYPE once
// per metric family, label values escaped (backslash, double quote, newline), so nothing a server
// or a domain list says can start a line of its own.
#include <initializer_list>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

namespace adplan::cli {

using PromLabels = std::initializer_list<std::pair<std::string_view, std::string_view>>;

std::string prom_escape(std::string_view value);
void prom_family(std::ostream& out, std::string_view name, std::string_view type, std::string_view help);
void prom_sample(std::ostream& out, std::string_view name, PromLabels labels, double value);

}  // namespace adplan::cli
