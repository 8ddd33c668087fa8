#pragma once
// Errors as values: a code, the place (field or file position), a message and a fix.
#include <expected>
#include <string>
#include <vector>

namespace adplan {

struct Error {
  std::string code;     // stable, dotted: "input.host-name"
  std::string field;    // "servers[1].fqdn", "adplan.json:3:7", or empty
  std::string message;  // lowercase, value quoted
  std::string hint;     // the fix, when one exists

  // "servers[1].fqdn: \"a..b\" is not a host name (empty label); fix: ..."
  [[nodiscard]] std::string to_string() const;
};

template <class T>
using Result = std::expected<T, Error>;

// Input validation collects every problem before it reports.
using Errors = std::vector<Error>;

template <class T>
using Checked = std::expected<T, Errors>;

}  // namespace adplan
