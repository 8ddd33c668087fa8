// One result, one serialiser (issue 22): verify --json, each --json-lines line, --all-domains
// --json and the exporter's /probe?format=json are built from the same pieces, so a finding or a
// client reads the same in each, and an input-error line quoting a bad line is valid UTF-8.
#include <adplan/model/sanitize.hpp>
#include <adplan/verify/verify_json.hpp>

#include <doctest/doctest.h>

#include <iterator>

using namespace adplan;
using namespace adplan::verify;

namespace {

VerifyResult sample() {
  VerifyResult r;
  r.findings.push_back({"autodiscover.error-response", Severity::Error, "https://contoso.com/autodiscover",
                        "the server answered an error", "fix it", "600\xff\xc2\x9b\xe2\x80\xae"});
  r.checks.push_back({"http", "https://contoso.com", CheckStatus::Fail, "Server: evil\xed\xa0\x80", 12});
  r.clients.push_back({Client::OutlookExternal,
                       Method::RootHttps,
                       "https://contoso.com/x",
                       {"prompt"},
                       Outcome::Failed,
                       "fails",
                       {"root-https: error"}});
  return r;
}

}  // namespace

TEST_CASE("verify json: every rendering holds the same finding and client objects") {
  const VerifyResult r = sample();
  const auto whole = to_json(r, 42);
  CHECK(whole["format"] == "adplan-verify/1");
  CHECK(whole["verdict"] == "fail");
  CHECK(whole["ms"] == 42);
  CHECK(whole["findings"][0] == adplan::to_json(r.findings[0]));
  CHECK(whole["checks"][0] == to_json(r.checks[0]));
  CHECK(whole["clients"][0] == to_json(r.clients[0]));
  const auto line = domain_line_json({"contoso.com", "", r, 42});
  CHECK(line["type"] == "domain");
  CHECK(line["verdict"] == "fail");
  CHECK(line["findings"] == whole["findings"]);
  CHECK(line["clients"] == whole["clients"]);
  CHECK_FALSE(line.contains("error"));
  const auto all = domains_json({{"contoso.com", "", r, 42}, {"fabrikam.com", "no DNS", {}, 0}});
  CHECK(all["format"] == "adplan-verify-domains/1");
  CHECK(all["domains_failed"] == 2);
  CHECK(all["domains"][0]["findings"] == whole["findings"]);
  CHECK(all["domains"][1]["error"] == "no DNS");
  CHECK(all["domains"][1]["verdict"] == "fail");
}

TEST_CASE("verify json: a domain whose probes did not run, an input error and the summary") {
  const auto failed = domain_line_json({"fabrikam.com", "dns: refused", {}, 0});
  CHECK(failed["verdict"] == "fail");
  CHECK(failed["error"] == "dns: refused");
  CHECK(failed["findings"].empty());
  const Error bad{"input.domains-file", "t.txt:2", "\"\xff\xc2\x9b\x1b[2J\xe2\x80\xae\" is not a domain", "hint"};
  const std::string text = json_line(input_error_json(bad));
  CHECK(is_valid_utf8(text));
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find("\xc2\x9b") == std::string::npos);
  CHECK(text.find("\xe2\x80\xae") == std::string::npos);
  const auto back = nlohmann::json::parse(text);
  CHECK(back["type"] == "input-error");
  CHECK(back["place"] == "t.txt:2");
  CHECK(back["id"] == "input.domains-file");
  BulkTotals t;
  t.done = 10;
  t.failed = 1;
  t.seconds = 2.0;
  const auto s = summary_json(t);
  CHECK(s["type"] == "summary");
  CHECK(s["format"] == "adplan-verify-lines/1");
  CHECK(s["verdict"] == "fail");
  CHECK(s["domains_per_second"] == 5.0);
  t.failed = 0;
  CHECK(summary_json(t)["verdict"] == "pass");
  t.bad_lines = 1;
  CHECK(summary_json(t)["verdict"] == "fail");
}

TEST_CASE("verify json: the whole document of hostile strings is valid, escaped UTF-8") {
  const std::string text = json_text(to_json(sample(), 1));
  CHECK(is_valid_utf8(text));
  CHECK(text.find("\xc2\x9b") == std::string::npos);
  CHECK(text.find("\xe2\x80\xae") == std::string::npos);
  CHECK(text.find("\\u009b") != std::string::npos);
  CHECK(nlohmann::json::parse(text)["findings"][0]["evidence"].get<std::string>().starts_with("600\xef\xbf\xbd"));
}

TEST_CASE("verify json: doors, pools and DANE in --json and, where a domain has them, its --json-lines line") {
  VerifyResult r = sample();
  r.doors.push_back({"smtp", "mx1.contoso.com", "192.0.2.1", 25, true, "done", "starttls", "aa", 2000000000, 5});
  r.mail_domains.push_back({"contoso.com", {"10 mx1.contoso.com"}, "enforce", "20260101"});
  PoolResult p{"mail.contoso.com", "https", 443, false, false, {}};
  p.members.push_back({"cas01", "192.0.2.1", false, true, 2, "aa", "t1", "01", 2000000000});
  r.pools.push_back(p);
  r.dane.push_back({"mx1.contoso.com", "secure", {"3 1 1 aa"}, "aa", 1});
  r.dane.push_back({"mx2.contoso.com", "bogus", {}, "", 0});
  r.dane.push_back({"mx3.contoso.com", "insecure", {}, "cc", -1});
  const auto whole = to_json(r, 1);
  CHECK(whole["doors"][0]["door"] == "smtp");
  CHECK(whole["mail_domains"][0]["mta_sts_mode"] == "enforce");
  CHECK(whole["pools"][0]["namespace"] == "mail.contoso.com");
  CHECK(whole["pools"][0]["consistent"] == false);
  CHECK(whole["pools"][0]["members"][0]["connections"] == 2);
  CHECK(whole["pools"][0]["members"][0]["sha256"] == "aa");
  CHECK(whole["dane"][0]["match"] == true);
  CHECK(whole["dane"][1]["match"] == false);
  CHECK(whole["dane"][2]["match"].is_null());
  CHECK(whole["dane"][0]["records"][0] == "3 1 1 aa");
  const auto line = domain_line_json({"contoso.com", "", r, 1});
  for (const char* k : {"doors", "mail_domains", "pools", "dane"}) CHECK(line[k] == whole[k]);
  // A tenant without them: the line stays short.
  const auto tenant = domain_line_json({"fabrikam.com", "", sample(), 1});
  for (const char* k : {"doors", "mail_domains", "pools", "dane"}) CHECK_FALSE(tenant.contains(k));
  const auto empty = to_json(VerifyResult{}, 0);
  CHECK(empty["pools"].is_array());
  CHECK(empty["pools"].empty());
  CHECK(empty["dane"].empty());
}

TEST_CASE("verify json: verify --json's connections, last, from the same serialiser") {
  observe::ConnectionSummary c;
  c.endpoints.push_back({"mail.contoso.com", "127.0.0.2", 443, 5, 2, 2, 0});
  c.endpoints.push_back({"contoso.com", "127.0.0.3", 443, 1, 1, 1, 1});
  c.rtt_ms = 4;
  const auto j = to_json(sample(), 30, c);
  CHECK(j["format"] == "adplan-verify/1");
  CHECK(j["findings"] == to_json(sample(), 30)["findings"]);
  REQUIRE(j.contains("connections"));
  CHECK(j.items().begin().key() == "format");
  CHECK(std::prev(j.end()).key() == "connections");
  const auto& k = j["connections"];
  CHECK(k["endpoints"].size() == 2);
  CHECK(k["requests"] == 6);
  CHECK(k["connections"] == 3);
  CHECK(k["resumed"] == 1);
  CHECK(k["round_trips"] == 7.5);
  c.rtt_ms = 0;  // loopback: below a millisecond
  CHECK(to_json(sample(), 30, c)["connections"]["round_trips"].is_null());
  CHECK_FALSE(to_json(sample(), 30).contains("connections"));
}
