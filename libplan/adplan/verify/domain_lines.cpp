#include <adplan/verify/domain_lines.hpp>

namespace adplan::verify {

DomainLines split_domain_lines(std::string_view text, std::string_view source) {
  DomainLines out;
  std::size_t number = 0;
  auto bad = [&](std::string why) {
    out.bad.push_back(Error{"input.domains-file", std::string(source) + ":" + std::to_string(number), std::move(why),
                            "one domain or e-mail address a line; # starts a comment"});
  };
  while (!text.empty()) {
    ++number;
    auto eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
    if (line.size() > k_max_domains_line) {
      bad("the line is longer than " + std::to_string(k_max_domains_line) + " octets");
      continue;
    }
    if (line.find('\0') != std::string_view::npos) {
      bad("the line holds a NUL octet");
      continue;
    }
    if (auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    auto first = line.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) continue;
    auto last = line.find_last_not_of(" \t\r");
    out.lines.push_back({number, line.substr(first, last - first + 1)});
  }
  return out;
}

Error domains_file_error(Error e, std::string_view path) {
  e.message = (path == "-" ? std::string("standard input ") : "\"" + std::string(path) + "\" ") + e.message;
  e.field = "--domains-file";
  if (e.code == "io.too-large")
    e.hint = "split the list (--shard I/N splits one list between runs) or give one of at most " +
             std::to_string(k_max_domains_file / (1024 * 1024)) + " MiB";
  else if (e.code == "io.timeout")
    e.hint = "give a regular file, or make the pipe end within --timeout (the time to read - follows it)";
  else
    e.hint = "give a regular file of domains, one a line, or - for standard input";
  e.code = "usage.domains-file";
  return e;
}

}  // namespace adplan::verify
