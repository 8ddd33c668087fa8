// What a hostile server sends reaches the report bounded and as valid UTF-8: a 60 KB Location
// header, a huge Autodiscover error message, thousands of certificate names, ill-formed bytes.
#include "test_verify_recorded.hpp"

#include <adplan/model/sanitize.hpp>
#include <adplan/verify/verify_json.hpp>

#include <doctest/doctest.h>

using namespace adplan;
using namespace adplan::test;
using observe::Role;

namespace {

// Every text of the result: each valid UTF-8 and at most `max` bytes.
void check_bounded(const verify::VerifyResult& r, std::size_t max) {
  auto ok = [&](const std::string& s) {
    CHECK(is_valid_utf8(s));
    CHECK(s.size() <= max);
  };
  for (const auto& f : r.findings) {
    for (const auto* t : {&f.subject, &f.message, &f.remedy, &f.evidence}) ok(*t);
  }
  for (const auto& c : r.checks) {
    ok(c.subject);
    ok(c.detail);
  }
  for (const auto& c : r.clients) {
    ok(c.url);
    ok(c.summary);
    for (const auto& p : c.path) ok(p);
    for (const auto& p : c.prompts) ok(p);
  }
  CHECK_NOTHROW((void)verify::to_json(r, 0).dump());
}

}  // namespace

TEST_CASE("verify: a 60 KB Location is quoted shortened, with its length") {
  Plan p = plan_of(contoso_json(4));
  auto o = healthy(4);
  auto& hops = endpoint(o, Role::HttpRedirect).exchanges;
  const std::string location = "https://mail.contoso.com/autodiscover/autodiscover.xml?" + std::string(60 * 1024, 'A');
  hops.front().location = location;
  hops.resize(1);
  auto r = judge(o, &p);
  const Finding* f = find(r, "redirect.wrong-target");
  REQUIRE(f != nullptr);
  CHECK(f->evidence.find("(" + std::to_string(location.size()) + " bytes)") != std::string::npos);
  CHECK(f->message.size() < 600);
  bool seen = false;
  for (const auto& c : r.checks) {
    if (c.detail.find("Location: https://mail.contoso.com/") == std::string::npos) continue;
    seen = true;
    CHECK(c.detail.size() < 400);
  }
  CHECK(seen);
  check_bounded(r, 2048 + 32);
}

TEST_CASE("verify: a redirect hop whose URL is 60 KB long does not make 60 KB check subjects") {
  Plan p = plan_of(contoso_json(4));
  auto o = healthy(4);
  auto& hops = endpoint(o, Role::HttpRedirect).exchanges;
  for (auto& h : hops) h.url += "?" + std::string(60 * 1024, 'B');
  auto r = judge(o, &p);
  for (const auto& c : r.checks) CHECK(c.subject.size() < 300);
  check_bounded(r, 2048 + 32);
}

TEST_CASE("verify: an Autodiscover error with ill-formed UTF-8 and a huge message") {
  Plan p = plan_of(contoso_json(2));
  auto o = healthy(2);
  auto& ex = endpoint(o, Role::PlannedHttps).exchanges;
  auto answer = post("mail.contoso.com", "203.0.113.10", 200, std::nullopt);
  observe::PoxResponse pox;
  pox.valid = true;
  pox.error_code = "600\xff\xfe";  // what a probe that forgot to sanitise would keep
  pox.error_message = "\x1b[2J" + std::string(100000, 'm') + "\xed\xa0\x80";
  answer.pox = pox;
  ex = {answer};
  auto r = judge(o, &p);
  const Finding* f = find(r, "autodiscover.error-response");
  REQUIRE(f != nullptr);
  CHECK(f->message.find("600\xEF\xBF\xBD\xEF\xBF\xBD") != std::string::npos);
  CHECK(f->evidence.size() < 300);
  CHECK(f->evidence.find("bytes)") != std::string::npos);
  check_bounded(r, 2048 + 32);
}

TEST_CASE("verify: a certificate with 5000 names and a 10 KB common name") {
  Plan p = plan_of(contoso_json(2));
  auto o = healthy(2);
  auto& ex = endpoint(o, Role::PlannedHttps).exchanges;
  REQUIRE(!ex.empty());
  REQUIRE(ex.front().tls);
  auto& leaf = ex.front().tls->chain.front();
  leaf.common_name = std::string(10000, 'c');
  for (int i = 0; i < 5000; ++i) leaf.dns_names.push_back("n" + std::to_string(i) + ".evil.example");
  ex.front().tls->name_matches = false;
  auto r = judge(o, &p);
  const Finding* f = find(r, "tls.name-mismatch");
  REQUIRE(f != nullptr);
  CHECK((f->message + f->evidence).find(" and 498") != std::string::npos);  // 20 names, then "and N more"
  check_bounded(r, 2048 + 32);
}
