#include <adplan/model/email.hpp>

#include <algorithm>
#include <string_view>

namespace adplan {
namespace {
// RFC 5322 3.2.3 atext
bool is_atext(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}
}  // namespace

std::expected<EmailAddress, std::string> EmailAddress::parse(std::string_view text) {
  auto at = text.rfind('@');
  if (at == std::string_view::npos) return std::unexpected(std::string("has no '@'"));
  std::string_view local = text.substr(0, at);
  if (local.empty()) return std::unexpected(std::string("has an empty local part"));
  if (local.size() > 64) return std::unexpected(std::string("local part is longer than 64 octets"));
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
    return std::unexpected(std::string("local part has a misplaced dot"));
  }
  if (!std::ranges::all_of(local, [](char c) { return c == '.' || is_atext(c); })) {
    return std::unexpected(std::string("local part has a character outside RFC 5322 dot-atom"));
  }
  auto domain = HostName::parse(text.substr(at + 1));
  if (!domain) return std::unexpected("domain " + domain.error());
  return EmailAddress(std::string(local), *domain);
}

}  // namespace adplan
