// Issue 24: `adplan renew`'s rollout. The script is read back here the way PowerShell would run it:
// every change sits behind its guard, and a small model of the Exchange organisation (certificates
// per server and their services, connectors, the hybrid configuration, the script's markers) runs
// it: a second run changes nothing, and a run that failed half-way is finished by the next one.
#include "fixtures.hpp"

#include <adplan/planner/renewal.hpp>

#include <doctest/doctest.h>

#include <map>
#include <regex>
#include <set>
#include <sstream>

using namespace adplan;

namespace {

nlohmann::json pool_json() {
  auto j = test::contoso_json(1);
  j["exchange"] = "SE";
  j["servers"] = {{{"name", "EX01"}, {"fqdn", "ex01.contoso.com"}, {"ip", "192.0.2.10"}},
                  {{"name", "EX02"}, {"fqdn", "ex02.contoso.com"}, {"ip", "192.0.2.20"}}};
  j["doors"] = {{"smtp", {"mail.contoso.com"}}, {"submission", {"mail.contoso.com"}}, {"imap", {"mail.contoso.com"}}};
  j["load_balancers"] = {{{"namespace", "mail.contoso.com"}, {"addresses", {"203.0.113.10"}}, {"tls", "bridging"}}};
  j["hybrid"] = true;
  return j;
}

RenewalCertificate new_certificate() {
  RenewalCertificate c;
  c.file = "pki/mail.contoso.com.crt";
  c.planned_key = "default";
  c.common_name = "mail.contoso.com";
  c.thumbprint = "0123456789ABCDEF0123456789ABCDEF01234567";
  c.sha256 = std::string(64, 'a');
  c.not_after = "2027-03-07T13:26:14Z";
  c.tls_certificate_name = "<I>CN=Pebble Intermediate CA 0d8136<S>CN=mail.contoso.com";
  return c;
}

struct Block {
  std::string guard;
  std::string change;
};

// The script's steps: "if (-not (GUARD)) {", the change indented by two, "}".
std::vector<Block> blocks(const std::string& script) {
  std::vector<Block> out;
  std::istringstream in(script);
  std::string line;
  Block* open = nullptr;
  while (std::getline(in, line)) {
    if (open) {
      if (line == "}") {
        open = nullptr;
        continue;
      }
      REQUIRE(line.starts_with("  "));
      open->change += (open->change.empty() ? "" : "\n") + line.substr(2);
      continue;
    }
    if (line.starts_with("if (-not (") && line.ends_with(")) {")) {
      out.push_back({line.substr(10, line.size() - 14), {}});
      open = &out.back();
    }
  }
  return out;
}

// The organisation the script runs against.
struct Org {
  std::set<std::string> imported;                         // servers holding the new certificate
  std::map<std::string, std::set<std::string>> services;  // its services per server
  std::set<std::string> old;                              // servers still holding the old one
  std::map<std::string, std::string> receive;             // connector -> TlsCertificateName
  std::string send = "<I>CN=Pebble Intermediate CA 55fdf4<S>CN=mail.contoso.com";
  std::string hybrid = send;
  std::set<std::string> done;  // the script's markers
  bool operator==(const Org&) const = default;
};

std::string match1(const std::string& text, const std::string& pattern) {
  std::smatch m;
  if (!std::regex_search(text, m, std::regex(pattern))) return {};
  return m[1];
}

std::set<std::string> split_services(const std::string& list) {
  std::set<std::string> out;
  std::string item;
  for (char c : list + ",") {
    if (c == ',') {
      if (!item.empty()) out.insert(item);
      item.clear();
    } else if (c != '\'' && c != ' ') {
      item += c;
    }
  }
  return out;
}

const std::string k_tls = new_certificate().tls_certificate_name;

// A guard as PowerShell would find it against `org`; FAIL on a guard the model does not know.
bool holds(const std::string& g, const Org& org, bool verified) {
  if (g == "$Verified") return verified;
  if (auto s = match1(g, R"re(^\[bool\]\(Get-ExchangeCertificate -Server '([^']+)' -Thumbprint \$thumb)re"); !s.empty())
    return org.imported.contains(s);
  if (auto s = match1(g, R"re(^Test-CertificateServices -Server '([^']+)')re"); !s.empty()) {
    auto want = split_services(match1(g, R"re(-Want @\(([^)]*)\))re"));
    auto it = org.services.find(s);
    return org.imported.contains(s) && it != org.services.end() && std::ranges::includes(it->second, want);
  }
  if (auto id = match1(g, R"re(^Test-Done '([^']+)'$)re"); !id.empty()) return org.done.contains(id);
  if (auto c = match1(g, R"re(Get-ReceiveConnector -Identity '([^']+)'\)\.TlsCertificateName\)" -eq \$tlsName$)re");
      !c.empty()) {
    auto it = org.receive.find(c);
    return it != org.receive.end() && it->second == k_tls;
  }
  if (g.starts_with("-not (Get-SendConnector | Where-Object") && g.find("-ne $tlsName") != std::string::npos)
    return org.send == k_tls;
  if (g == "\"$((Get-HybridConfiguration).TlsCertificateName)\" -eq $tlsName") return org.hybrid == k_tls;
  if (auto s = match1(
          g,
          R"re(^-not \(Get-ExchangeCertificate -Server '([^']+)' \| Where-Object \{ \$_\.Subject -eq \$subject -and \$_\.Thumbprint -ne \$thumb \}\)$)re");
      !s.empty())
    return !org.old.contains(s);
  FAIL("a guard the model does not know: " << g);
  return false;
}

// Runs a change; false for the gate's `return`. Every statement must be one the model knows.
bool apply(const std::string& change, Org& org) {
  std::istringstream in(change);
  std::string st;
  while (std::getline(in, st)) {
    if (st == "return") return false;
    if (st.starts_with("Write-Host ") || st.starts_with("if ((Read-Host ")) continue;  // talks, changes nothing
    if (auto s = match1(st, R"re(^Import-ExchangeCertificate -Server '([^']+)' -FileData)re"); !s.empty()) {
      org.imported.insert(s);
    } else if (auto s = match1(st, R"re(^Enable-ExchangeCertificate -Server '([^']+)' -Thumbprint \$thumb)re");
               !s.empty()) {
      REQUIRE(org.imported.contains(s));
      auto more = split_services(match1(st, R"re(-Services ([A-Z,]+))re"));
      org.services[s].insert(more.begin(), more.end());
    } else if (auto id = match1(st, R"re(^Set-Done '([^']+)'$)re"); !id.empty()) {
      org.done.insert(id);
    } else if (st.starts_with("Get-Service -ComputerName ") && st.ends_with("| Restart-Service")) {
    } else if (auto c = match1(st, R"re(^Set-ReceiveConnector -Identity '([^']+)' -TlsCertificateName \$tlsName$)re");
               !c.empty()) {
      org.receive[c] = k_tls;
    } else if (st.starts_with("Get-SendConnector | Where-Object") &&
               st.ends_with("| Set-SendConnector -TlsCertificateName $tlsName")) {
      org.send = k_tls;
    } else if (st == "Set-HybridConfiguration -TlsCertificateName $tlsName") {
      org.hybrid = k_tls;
    } else if (auto s = match1(st, R"re(\| Remove-ExchangeCertificate -Server '([^']+)' -Confirm:\$false$)re");
               !s.empty()) {
      org.old.erase(s);
    } else {
      FAIL("a statement the model does not know: " << st);
    }
  }
  return true;
}

// Runs the script: each change where its guard fails. `fail_at`: the change that throws (-1 none).
// Returns the number of changes made.
int run(const std::vector<Block>& script, Org& org, bool verified, int fail_at = -1) {
  int changes = 0;
  for (int i = 0; i < static_cast<int>(script.size()); ++i) {
    if (holds(script[i].guard, org, verified)) continue;
    if (i == fail_at) return changes;  // $ErrorActionPreference = 'Stop': the run ends here
    if (!apply(script[i].change, org)) return changes;
    if (script[i].guard != "$Verified") ++changes;
  }
  return changes;
}

Org start() {
  Org org;
  org.old = {"EX01", "EX02"};
  org.receive = {{"EX01\\Default Frontend EX01", org.send}, {"EX02\\Default Frontend EX02", org.send}};
  return org;
}

}  // namespace

TEST_CASE("renew: the rollout's steps, in order: servers, load balancer, doors, connectors, hybrid, gate, removal") {
  const Plan p = test::plan_of(pool_json());
  const Renewal r = plan_renewal(p, new_certificate());
  std::vector<std::string> ids;
  for (const auto& s : r.steps) ids.push_back(s.id);
  CHECK(ids == std::vector<std::string>{
                   "import:EX01", "enable:EX01", "import:EX02", "enable:EX02", "load-balancer:mail.contoso.com",
                   "restart:EX01", "restart:EX02", "receive-connector:EX01\\Default Frontend EX01",
                   "receive-connector:EX01\\Client Frontend EX01", "receive-connector:EX02\\Default Frontend EX02",
                   "receive-connector:EX02\\Client Frontend EX02", "send-connectors", "hybrid-configuration", "verify",
                   "remove:EX01", "remove:EX02"});
  CHECK(r.steps[1].change ==
        "Enable-ExchangeCertificate -Server 'EX01' -Thumbprint $thumb -Services IIS,SMTP,IMAP -Force");
  CHECK(r.verify_command == "adplan verify mail.contoso.com --plan adplan.json --cert pki/mail.contoso.com.crt");
  CHECK(r.win_acme.front().find("'IIS,SMTP,IMAP' 1 '{CacheFile}'") != std::string::npos);
  // Without a pool, doors or hybrid: import, enable, gate, removal on the one server.
  const Renewal one = plan_renewal(test::plan_of(test::contoso_json(1)), new_certificate());
  CHECK(one.steps.size() == 4);
}

TEST_CASE("renew: every change in the script sits behind its guard") {
  const Renewal r = plan_renewal(test::plan_of(pool_json()), new_certificate());
  const std::string script = renewal_script(r);
  const auto b = blocks(script);
  REQUIRE(b.size() == r.steps.size());
  for (std::size_t i = 0; i < b.size(); ++i) {
    CHECK(b[i].guard == r.steps[i].guard);
    CHECK(b[i].change == r.steps[i].change);
  }
  // No changing cmdlet outside a guarded block.
  std::istringstream in(script);
  std::string line;
  int depth = 0;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.starts_with("if (-not (")) ++depth;
    if (line == "}") depth = std::max(0, depth - 1);
    for (std::string_view verb :
         {"Import-ExchangeCertificate", "Enable-ExchangeCertificate", "Set-ReceiveConnector", "Set-SendConnector",
          "Set-HybridConfiguration", "Remove-ExchangeCertificate", "Restart-Service"}) {
      if (line.find(verb) != std::string::npos) {
        INFO("line " << n << ": " << line);
        CHECK(depth == 1);
      }
    }
  }
}

TEST_CASE("renew: running the script twice changes nothing the second time; a failed run is finished by the next") {
  const auto script = blocks(renewal_script(plan_renewal(test::plan_of(pool_json()), new_certificate())));
  SUBCASE("without -Verified it stops at the gate: the old certificate stays") {
    Org org = start();
    CHECK(run(script, org, false) > 0);
    CHECK(org.imported == std::set<std::string>{"EX01", "EX02"});
    CHECK(org.old == std::set<std::string>{"EX01", "EX02"});
    CHECK(org.receive["EX01\\Default Frontend EX01"] == k_tls);
    CHECK(org.hybrid == k_tls);
    Org again = org;
    CHECK(run(script, again, false) == 0);
    CHECK(again == org);
  }
  SUBCASE("with -Verified it removes the old certificate, and a second run changes nothing") {
    Org org = start();
    CHECK(run(script, org, true) > 0);
    CHECK(org.old.empty());
    Org again = org;
    CHECK(run(script, again, true) == 0);
    CHECK(again == org);
  }
  SUBCASE("a run that fails at any step is finished by the next run, to the same end") {
    Org whole = start();
    run(script, whole, true);
    for (int k = 0; k < static_cast<int>(script.size()); ++k) {
      CAPTURE(k);
      Org org = start();
      run(script, org, true, k);
      run(script, org, true);
      CHECK(org == whole);
    }
  }
}

TEST_CASE("renew: the connectors and the hybrid configuration get the new certificate's TlsCertificateName") {
  const Renewal r = plan_renewal(test::plan_of(pool_json()), new_certificate());
  const std::string script = renewal_script(r);
  CHECK(script.find("$tlsName = '<I>CN=Pebble Intermediate CA 0d8136<S>CN=mail.contoso.com'") != std::string::npos);
  CHECK(script.find("$subject = 'CN=mail.contoso.com'") != std::string::npos);
  CHECK(script.find("Set-HybridConfiguration -TlsCertificateName $tlsName") != std::string::npos);
  auto j = to_json(r);
  CHECK(j["format"] == "adplan-renew/1");
  CHECK(j["steps"].size() == r.steps.size());
  CHECK(j["steps"][13]["phase"] == "gate");
}
