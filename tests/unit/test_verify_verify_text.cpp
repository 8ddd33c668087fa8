// The human report (verify/verify_text.hpp): the same result the JSON renders, as text, with
// server text escaped so it cannot drive a terminal.
#include <adplan/verify/verify_text.hpp>

#include <doctest/doctest.h>

using namespace adplan;
using namespace adplan::verify;

namespace {

VerifyResult sample() {
  VerifyResult r;
  r.findings.push_back(
      {"tls.name-mismatch", Severity::Error, "mail.contoso.com", "wrong name", "reissue", "CN=evil\x1b[2J"});
  r.findings.push_back({"dns.srv-missing", Severity::Warning, "contoso.com", "no SRV", "add it", ""});
  r.checks.push_back({"tls", "mail.contoso.com:443", CheckStatus::Fail, "CN=evil\x1b[2J", 7});
  r.clients.push_back({Client::OutlookExternal, Method::Srv, "https://x", {}, Outcome::Ok, "works", {"srv: ok"}});
  r.clients.push_back({Client::ActiveSync, Method::None, "", {}, Outcome::Failed, "fails", {}});
  return r;
}

}  // namespace

TEST_CASE("verify text: one domain in full") {
  const std::string text =
      report_text(sample(), {"contoso.com", "a@contoso.com", "scenario 1, adplan.json", 30, 10000}, false);
  CHECK(text.starts_with(
      "Autodiscover for contoso.com (a@contoso.com), against the plan (scenario 1, adplan.json)\n\nChecks\n"));
  CHECK(text.find("  fail     tls   mail.contoso.com:443  7 ms  CN=evil\\x1b[2J\n") != std::string::npos);
  CHECK(text.find("  error tls.name-mismatch [mail.contoso.com]\n      wrong name\n      fix: reissue\n      seen: "
                  "CN=evil\\x1b[2J\n") != std::string::npos);
  CHECK(text.find("  outlook-external: ok (srv) works\n      tried srv: ok\n") != std::string::npos);
  CHECK(text.ends_with("FAIL: 1 error(s), 1 warning(s); 30 ms (timeout 10000 ms)\n"));
  CHECK(text.find('\x1b') == std::string::npos);
  const std::string plain = report_text({}, {"contoso.com", "a@contoso.com", "", 1, 2}, true);
  CHECK(plain.find("discovery only: no plan") != std::string::npos);
  CHECK(plain.find("\x1b[1;32mPASS\x1b[0m") != std::string::npos);  // colour only when asked
}

TEST_CASE("verify text: a line per domain and the counts") {
  const DomainRun bad{"contoso.com", "", sample(), 1};
  CHECK(domain_text(bad, false) ==
        "FAIL contoso.com  (outlook-external: srv, activesync: none (failed); errors: tls.name-mismatch)\n");
  CHECK(domain_text({"fabrikam.com", "dns: refused", {}, 0}, false) == "FAIL fabrikam.com  (dns: refused)\n");
  CHECK(domain_text({"ok.example", "", {}, 0}, false) == "PASS ok.example  (no client)\n");
  const std::string all = domains_text({bad, {"ok.example", "", {}, 0}}, false);
  CHECK(all.ends_with("2 domain(s) checked, 1 failed; `adplan verify --email user@<domain>` shows one in full\n"));
  BulkTotals t;
  t.done = 4;
  t.failed = 0;
  t.bad_lines = 1;
  t.seconds = 2;
  t.shared = 3;
  t.endpoints = 1;
  t.full = 1;
  CHECK(bulk_summary_text(t) ==
        "4 domain(s) checked, 0 failed, 1 bad line(s) skipped; 2.0 s, 2 domains/s (3 judged "
        "from DNS and 1 shared endpoint(s), 1 probed in full)\n");
}

TEST_CASE("verify text: the pools and DANE sections, only where the result has them") {
  VerifyResult r;
  PoolResult p{"mail.contoso.com", "https", 443, false, false, {}};
  p.members.push_back({"cas01", "192.0.2.1", false, true, 1, "aa", "t1", "01", 2000000000});
  p.members.push_back({"cas02\x1b[2J", "192.0.2.2", false, false, 1, "", "", "", 0});
  PoolResult lb{"mail.contoso.com", "smtp", 25, true, true, {}};
  lb.members.push_back({"load balancer", "192.0.2.9", true, true, 3, "bb", "t2", "02", 2000000000});
  r.pools = {p, lb};
  r.dane.push_back({"mx1.contoso.com", "secure", {"3 1 1 aa", "2 1 1 cc"}, "aa", 1});
  r.dane.push_back({"mx2.contoso.com", "bogus", {}, "", 0});
  r.dane.push_back({"mx3.contoso.com", "", {}, "", -1});
  const std::string text = report_text(r, {"contoso.com", "a@contoso.com", "scenario 1, adplan.json", 1, 2}, false);
  CHECK(text.find("\nPools\n"
                  "  mail.contoso.com https:443  not consistent\n"
                  "      cas01 192.0.2.1  sha256 aa\n"
                  "      cas02\\x1b[2J 192.0.2.2  unreachable\n"
                  "  mail.contoso.com smtp:25  consistent (sampled through the load balancer)\n"
                  "      load balancer 192.0.2.9  sha256 bb (3 connections)\n") != std::string::npos);
  CHECK(text.find("\nDANE\n"
                  "  mx1.contoso.com  secure, 2 TLSA record(s): match\n"
                  "  mx2.contoso.com  bogus, 0 TLSA record(s): no match\n"
                  "  mx3.contoso.com  no answer, 0 TLSA record(s): nothing to judge\n") != std::string::npos);
  CHECK(text.find('\x1b') == std::string::npos);
  const std::string none = report_text(sample(), {"contoso.com", "a@contoso.com", "", 1, 2}, false);
  CHECK(none.find("Pools") == std::string::npos);
  CHECK(none.find("DANE") == std::string::npos);
}
