// The Outlook 2016+ policy (issue 11): the values each scenario needs, the method -> policy value
// names verify uses in remedies, and the .reg file read back by a registry-file parser that
// refuses what regedit would refuse (header, [key] lines, value types, CRLF).
#include "fixtures.hpp"

#include <adplan/planner/outlook_policy.hpp>
#include <adplan/planner/plan_json.hpp>
#include <adplan/render/outlook_policy.hpp>

#include <doctest/doctest.h>

#include <map>
#include <optional>
#include <regex>

using namespace adplan;
using test::contoso_json;
using test::plan_of;

namespace {

// A registry file as regedit reads it: key -> value name -> "dword:00000001" or "sz:<text>".
using RegFile = std::map<std::string, std::map<std::string, std::string>>;

// Windows Registry Editor Version 5.00 (or REGEDIT4) on the first line; then blank lines,
// `;` comments, [HKEY_...\path] keys and, under a key, "name"=dword:XXXXXXXX (eight hex digits)
// or "name"="text" (\\ and \" escaped) values. Every line ends with CRLF. Anything else: nullopt
// with the line in `why`.
std::optional<RegFile> parse_reg(const std::string& text, std::string& why) {
  std::vector<std::string> lines;
  std::size_t at = 0;
  while (at < text.size()) {
    auto end = text.find("\r\n", at);
    if (end == std::string::npos) {
      why = "last line has no CRLF";
      return std::nullopt;
    }
    lines.push_back(text.substr(at, end - at));
    at = end + 2;
  }
  if (lines.empty() || (lines[0] != "Windows Registry Editor Version 5.00" && lines[0] != "REGEDIT4")) {
    why = "no REGEDIT4 / Version 5.00 header";
    return std::nullopt;
  }
  static const std::regex key(
      R"(^\[(HKEY_CURRENT_USER|HKEY_LOCAL_MACHINE|HKEY_CLASSES_ROOT|HKEY_USERS|HKEY_CURRENT_CONFIG)(\\[^\\\[\]]+)+\]$)");
  static const std::regex dword(R"re(^"((?:[^"\\]|\\.)+)"=dword:([0-9a-f]{8})$)re");
  static const std::regex sz(R"re(^"((?:[^"\\]|\\.)+)"="((?:[^"\\]|\\.)*)"$)re");
  RegFile out;
  std::string current;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    std::smatch m;
    if (l.empty() || l.starts_with(";")) continue;
    if (l.find('\n') != std::string::npos || l.find('\r') != std::string::npos) {
      why = "bare line break in line " + std::to_string(i + 1);
      return std::nullopt;
    }
    if (std::regex_match(l, m, key)) {
      current = l.substr(1, l.size() - 2);
      out[current];
    } else if (!current.empty() && std::regex_match(l, m, dword)) {
      out[current][m[1]] = "dword:" + m[2].str();
    } else if (!current.empty() && std::regex_match(l, m, sz)) {
      out[current][m[1]] = "sz:" + m[2].str();
    } else {
      why = "line " + std::to_string(i + 1) + " is not a key, value or comment: " + l;
      return std::nullopt;
    }
  }
  return out;
}

const std::string k_policy = std::string(k_outlook_policy_key);
const std::string k_redirect = std::string(k_redirect_servers_key);

}  // namespace

TEST_CASE("outlook policy: the registry-file parser refuses bad files") {
  std::string why;
  const std::string good =
      "Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software\\X]\r\n; "
      "why\r\n\"A\"=dword:00000001\r\n"
      "\"h.example\"=\"\"\r\n";
  REQUIRE(parse_reg(good, why));
  for (std::string bad : {
           std::string("Windows Registry Editor Version 5.00\n\n[HKEY_CURRENT_USER\\Software\\X]\n"),  // LF only
           std::string("Registry Editor 5\r\n"),                                                       // header
           std::string("Windows Registry Editor Version 5.00\r\n\"A\"=dword:00000001\r\n"),            // no key
           std::string("Windows Registry Editor Version 5.00\r\n[HKCU\\Software\\X]\r\n"),             // abbreviated
           std::string("Windows Registry Editor Version 5.00\r\n[HKEY_CURRENT_USER\\X]\r\n\"A\"=dword:1\r\n"),
           std::string("Windows Registry Editor Version 5.00\r\n[HKEY_CURRENT_USER\\X]\r\n\"A\"=REG_DWORD:1\r\n"),
           std::string("Windows Registry Editor Version 5.00\r\n[HKEY_CURRENT_USER\\X]\r\n\"A\"=\"b\"c\"\r\n"),
       }) {
    CAPTURE(bad);
    CHECK_FALSE(parse_reg(bad, why));
  }
}

TEST_CASE("outlook policy: every scenario's .reg parses and holds what the plan needs") {
  for (int n = 1; n <= 4; ++n) {
    CAPTURE(n);
    const Plan p = plan_of(contoso_json(n));
    auto reg = render::render_outlook_policy_reg(p, render::TemplateSet{});
    REQUIRE(reg);
    std::string why;
    auto file = parse_reg(*reg, why);
    INFO(why);
    REQUIRE(file);
    // On premises: Exchange Online must not be asked first. No scenario serves https://<domain>.
    CHECK(file->at(k_policy) == std::map<std::string, std::string>{{"ExcludeExplicitO365Endpoint", "dword:00000001"},
                                                                   {"ExcludeHttpsRootDomain", "dword:00000001"}});
    // Scenario 4's redirect target is listed, so users see no redirect prompt; nothing else is.
    if (n == 4) {
      CHECK(file->at(k_redirect) == std::map<std::string, std::string>{{"mail.contoso.com", "sz:"}});
    } else {
      CHECK_FALSE(file->contains(k_redirect));
    }
    CHECK(file->size() == (n == 4 ? 2u : 1u));
    // Each value has its reason right above it.
    CHECK(reg->find("; the mailboxes are on premises") != std::string::npos);
  }
}

TEST_CASE("outlook policy: ExcludeHttpsRootDomain only when the plan does not serve the root domain") {
  Plan p = plan_of(contoso_json(1));
  CHECK(outlook_policy(p).values.size() == 2);
  // A plan whose https site answers for contoso.com itself serves https://<domain>.
  p.sites.front().hosts.push_back(*HostName::parse("contoso.com"));
  auto o = outlook_policy(p);
  REQUIRE(o.values.size() == 1);
  CHECK(o.values[0].name == "ExcludeExplicitO365Endpoint");
}

TEST_CASE("outlook policy: PowerShell form") {
  const Plan p = plan_of(contoso_json(4));
  auto ps1 = render::render_outlook_policy_ps1(p, render::TemplateSet{});
  REQUIRE(ps1);
  CHECK(ps1->find("$key = 'HKCU:\\Software\\Policies\\Microsoft\\Office\\16.0\\Outlook\\AutoDiscover'\n") !=
        std::string::npos);
  CHECK(ps1->find("New-ItemProperty -LiteralPath $key -Name 'ExcludeExplicitO365Endpoint' -PropertyType DWord "
                  "-Value 1 -Force | Out-Null\n") != std::string::npos);
  CHECK(ps1->find("New-ItemProperty -LiteralPath $key -Name 'mail.contoso.com' -PropertyType String -Value '' "
                  "-Force | Out-Null\n") != std::string::npos);
  CHECK(ps1->find("\r") == std::string::npos);
}

TEST_CASE("outlook policy: the policy value of each discovery method") {
  CHECK(exclude_policy_value("root-https") == "ExcludeHttpsRootDomain");
  CHECK(exclude_policy_value("o365") == "ExcludeExplicitO365Endpoint");
  CHECK(exclude_policy_value("scp") == "ExcludeScpLookup");
  CHECK(exclude_policy_value("http-redirect") == "ExcludeHttpRedirect");
  CHECK(exclude_policy_value("srv") == "ExcludeSrvRecord");
  CHECK(exclude_policy_value("autodiscover-https") == "ExcludeHttpsAutoDiscoverDomain");
  CHECK(exclude_policy_value("last-known-good") == "ExcludeLastKnownGoodURL");
  CHECK_FALSE(exclude_policy_value("dns"));
}

TEST_CASE("outlook policy: in plan --json") {
  auto j = to_json(plan_of(contoso_json(4)));
  const auto& o = j["outlook_policy"];
  CHECK(o["key"] == k_policy);
  CHECK(o["values"].size() == 2);
  CHECK(o["values"][0]["name"] == "ExcludeExplicitO365Endpoint");
  CHECK(o["values"][0]["type"] == "REG_DWORD");
  CHECK(o["values"][0]["data"] == 1);
  CHECK(o["redirect_servers_key"] == k_redirect);
  CHECK(o["redirect_servers"][0]["host"] == "mail.contoso.com");
}

TEST_CASE("outlook policy: reg_quote") {
  CHECK(render::reg_quote("mail.contoso.com") == "mail.contoso.com");
  CHECK(render::reg_quote("a\"b\\c") == "a\\\"b\\\\c");
  CHECK_FALSE(render::reg_quote("a\r\nb"));
  CHECK_FALSE(render::reg_quote("m\xc3\xa4il"));
}
