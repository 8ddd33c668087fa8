#pragma once
// The lines of a --domains-file (verify, the exporter), split without reading anything: the
// caller reads the file through io::read_file (regular files or "-", bounded in size and time)
// and hands the text here (issue 21).
#include <adplan/model/error.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace adplan::verify {

// A line longer than this is a bad line, whatever it holds: a name is at most 253 octets in its
// A-label form and an e-mail address 254, so 1 KiB leaves room for an internationalised name in
// UTF-8 and for a comment after it.
inline constexpr std::size_t k_max_domains_line = 1024;
// The whole file: about 20 million tenant names.
inline constexpr std::size_t k_max_domains_file = 512 * 1024 * 1024;

struct DomainLine {
  std::size_t number = 0;  // 1-based
  std::string_view text;   // trimmed, the comment removed; a view into the caller's text
};

struct DomainLines {
  std::vector<DomainLine> lines;
  Errors bad;  // input.domains-file, field "SOURCE:LINE"
};

// # starts a comment; blank lines and surrounding spaces, tabs and CRs are skipped. A line over
// k_max_domains_line octets or holding a NUL is a bad line with its number (its text is not kept).
DomainLines split_domain_lines(std::string_view text, std::string_view source);

// Why --domains-file could not be read (`e` from io::read_file: io.too-large, io.timeout, ...),
// as the usage error the user sees: the file (or standard input) named, --domains-file as the
// place and the fix that fits the cause.
Error domains_file_error(Error e, std::string_view path);

}  // namespace adplan::verify
