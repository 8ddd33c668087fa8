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

Result<EmailAddress> EmailAddress::parse(std::string_view text) {
  auto fail = [](std::string why) { return std::unexpected(Error{"input.email", {}, std::move(why), {}}); };
  auto at = text.rfind('@');
  if (at == std::string_view::npos) return fail("has no '@'");
  std::string_view local = text.substr(0, at);
  if (local.empty()) return fail("has an empty local part");
  if (local.size() > 64) return fail("local part is longer than 64 octets");
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
    return fail("local part has a misplaced dot");
  }
  if (!std::ranges::all_of(local, [](char c) { return c == '.' || is_atext(c); })) {
    return fail("local part has a character outside RFC 5322 dot-atom");
  }
  // A mailbox lives in one real domain: "*.contoso.com" is no mail domain.
  auto domain = HostName::parse_host(text.substr(at + 1));
  if (!domain) return fail("domain " + domain.error().message);
  return EmailAddress(std::string(local), *domain);
}

}  // namespace adplan
