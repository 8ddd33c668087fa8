#pragma once
// Recorded observations for the judge's tests: what the probes see at a healthy deployment of
// the contoso.com example in each scenario (fixtures.hpp), which each test then breaks in
// one place.
#include "fixtures.hpp"

#include <adplan/model/tlsa.hpp>
#include <adplan/observe/observations.hpp>
#include <adplan/verify/verify.hpp>

#include <algorithm>
#include <chrono>

namespace adplan::test {

inline std::int64_t now_epoch() {
  return std::chrono::sys_days{k_today}.time_since_epoch() / std::chrono::seconds{1} + 12 * 3600;
}

inline observe::TlsFacts good_tls(std::vector<std::string> names, const std::string& host) {
  observe::CertificateFacts leaf;
  leaf.subject = "CN=" + names.front();
  leaf.common_name = names.front();
  leaf.issuer = "CN=Lab CA";
  leaf.dns_names = names;
  leaf.not_before = now_epoch() - 10 * 86400;
  leaf.not_after = now_epoch() + 180 * 86400;
  leaf.key_type = "RSA";
  leaf.key_bits = 2048;
  leaf.signature_algorithm = "sha256WithRSAEncryption";
  leaf.signature_digest = "SHA256";
  observe::TlsFacts t;
  t.chain = {leaf};
  t.trusted = true;
  t.name_matches = std::ranges::find(names, host) != names.end();
  if (t.name_matches) t.matched_name = host;
  return t;
}

inline observe::HttpExchange post(const std::string& host, const std::string& address, long status,
                                  std::optional<observe::TlsFacts> tls) {
  observe::HttpExchange ex;
  ex.method = "POST";
  ex.url = "https://" + host + "/autodiscover/autodiscover.xml";
  ex.address = address;
  ex.port = 443;
  ex.transport = observe::Transport::Ok;
  ex.status = status;
  if (status == 401) ex.auth_schemes = {"Basic"};
  ex.tls = std::move(tls);
  return ex;
}

inline observe::HttpExchange failed(const std::string& url, observe::Transport t, int port) {
  observe::HttpExchange ex;
  ex.method = url.starts_with("https") ? "POST" : "GET";
  ex.url = url;
  ex.port = port;
  ex.transport = t;
  return ex;
}

inline observe::PoxResponse settings(const std::string& ews) {
  observe::PoxResponse r;
  r.valid = true;
  r.action = "settings";
  r.protocols = {
      {"EXCH", "cas01.contoso.com", {{"EwsUrl", "https://cas01.contoso.com/EWS/Exchange.asmx"}}},
      {"EXPR",
       "mail.contoso.com",
       {{"EwsUrl", ews}, {"ASUrl", ews}, {"OOFUrl", ews}, {"OABUrl", "https://mail.contoso.com/OAB/1234/"}}}};
  return r;
}

// What the probes see at a healthy contoso.com deployment of a scenario.
inline observe::Observations healthy(int scenario) {
  const std::string pub = "203.0.113.10";
  const std::string second = "203.0.113.11";
  observe::Observations o;
  o.domain = "contoso.com";
  o.email = "user@contoso.com";
  o.timeout_ms = 10000;
  o.lookups.push_back({"contoso.com", observe::DnsStatus::NoData, "", {}, "", 3});
  std::vector<std::string> ad_addr = scenario == 1   ? std::vector<std::string>{pub}
                                     : scenario == 2 ? std::vector<std::string>{}
                                                     : std::vector<std::string>{second};
  o.lookups.push_back({"autodiscover.contoso.com",
                       ad_addr.empty() ? observe::DnsStatus::NxDomain : observe::DnsStatus::Ok, "", ad_addr, "", 3});
  o.lookups.push_back({"mail.contoso.com", observe::DnsStatus::Ok, "", {pub}, "", 3});
  o.srv.name = "_autodiscover._tcp.contoso.com";
  o.srv.status = scenario == 2 ? observe::DnsStatus::Ok : observe::DnsStatus::NxDomain;
  if (scenario == 2) o.srv.records = {{0, 0, 443, "mail.contoso.com"}};

  std::vector<std::string> mail_names{"mail.contoso.com"};
  if (scenario == 1) mail_names = {"mail.contoso.com", "autodiscover.contoso.com", "cas01.contoso.com"};

  o.endpoints.push_back(
      {{observe::Role::RootHttps},
       "contoso.com",
       {failed("https://contoso.com/autodiscover/autodiscover.xml", observe::Transport::NoAddress, 443)},
       false,
       false,
       {},
       {}});
  observe::Endpoint ad{{observe::Role::AutodiscoverHttps}, "autodiscover.contoso.com", {}, false, false, {}, {}};
  if (scenario == 1)
    ad.exchanges.push_back(
        post("autodiscover.contoso.com", pub, 401, good_tls(mail_names, "autodiscover.contoso.com")));
  if (scenario == 2)
    ad.exchanges.push_back(
        failed("https://autodiscover.contoso.com/autodiscover/autodiscover.xml", observe::Transport::NoAddress, 443));
  if (scenario == 3)
    ad.exchanges.push_back(post("autodiscover.contoso.com", second, 401,
                                good_tls({"autodiscover.contoso.com"}, "autodiscover.contoso.com")));
  if (scenario == 4)
    ad.exchanges.push_back(
        failed("https://autodiscover.contoso.com/autodiscover/autodiscover.xml", observe::Transport::Refused, 443));
  o.endpoints.push_back(ad);
  observe::Endpoint mail{{observe::Role::PlannedHttps},
                         "mail.contoso.com",
                         {post("mail.contoso.com", pub, 401, good_tls(mail_names, "mail.contoso.com"))},
                         false,
                         false,
                         {},
                         {}};
  if (scenario == 2) mail.roles.insert(mail.roles.begin(), observe::Role::SrvHttps);
  o.endpoints.push_back(mail);

  observe::Endpoint redirect{{observe::Role::HttpRedirect}, "autodiscover.contoso.com", {}, false, false, {}, {}};
  const std::string http_url = "http://autodiscover.contoso.com/autodiscover/autodiscover.xml";
  if (scenario == 4) {
    observe::HttpExchange hop = failed(http_url, observe::Transport::Ok, 80);
    hop.status = 302;
    hop.address = second;
    hop.location = "https://mail.contoso.com/autodiscover/autodiscover.xml";
    redirect.exchanges = {hop, post("mail.contoso.com", pub, 401, good_tls(mail_names, "mail.contoso.com"))};
  } else {
    redirect.exchanges = {
        failed(http_url, scenario == 2 ? observe::Transport::NoAddress : observe::Transport::Refused, 80)};
  }
  o.endpoints.push_back(redirect);
  return o;
}

inline observe::Endpoint& endpoint(observe::Observations& o, observe::Role role) {
  for (auto& e : o.endpoints) {
    if (e.has(role)) return e;
  }
  throw std::logic_error("no such endpoint in the recording");
}

inline observe::AddressLookup& lookup(observe::Observations& o, const std::string& name) {
  for (auto& l : o.lookups) {
    if (l.name == name) return l;
  }
  throw std::logic_error("no such lookup in the recording");
}

// A key's TLSA digests made of one repeated hex digit (issue 27's DANE judge and renewal tests):
// distinct per `c`, the right lengths, no key needed.
inline TlsaDigests fake_digests(char c, bool signed_by_next = true) {
  TlsaDigests d;
  d.cert_sha256 = std::string(64, c);
  d.spki_sha256 = "e" + std::string(63, c);
  d.spki_sha512 = "e" + std::string(127, c);
  d.signed_by_next = signed_by_next;
  return d;
}

inline verify::VerifyResult judge(const observe::Observations& o, const Plan* p) {
  return verify::verify(o, p, verify::VerifyOptions{{now_epoch()}});
}

inline const Finding* find(const verify::VerifyResult& r, std::string_view id) {
  for (const auto& f : r.findings) {
    if (f.id == id) return &f;
  }
  return nullptr;
}

inline const verify::ClientResult& client(const verify::VerifyResult& r, verify::Client c) {
  for (const auto& x : r.clients) {
    if (x.client == c) return x;
  }
  throw std::logic_error("client not simulated");
}

}  // namespace adplan::test
