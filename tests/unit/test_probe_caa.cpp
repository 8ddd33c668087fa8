// CAA replies as the probe reads them: c-ares hands the message, probe/caa.cpp walks the answer
// section (CNAME chain, CAA records) and stays inside the bytes whatever they hold.
#include <adplan/probe/internal/caa.hpp>

#include <ares.h>
#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace adplan;

namespace {

using Bytes = std::vector<unsigned char>;

void u16(Bytes& b, int v) {
  b.push_back(static_cast<unsigned char>(v >> 8));
  b.push_back(static_cast<unsigned char>(v & 0xff));
}

void name(Bytes& b, std::string_view n) {
  while (!n.empty()) {
    auto dot = n.find('.');
    auto label = n.substr(0, dot);
    b.push_back(static_cast<unsigned char>(label.size()));
    b.insert(b.end(), label.begin(), label.end());
    n = dot == std::string_view::npos ? std::string_view{} : n.substr(dot + 1);
  }
  b.push_back(0);
}

void rr(Bytes& b, std::string_view owner, int type, const Bytes& rdata) {
  name(b, owner);
  u16(b, type);
  u16(b, 1);
  u16(b, 0);
  u16(b, 300);
  u16(b, static_cast<int>(rdata.size()));
  b.insert(b.end(), rdata.begin(), rdata.end());
}

Bytes caa(int flags, std::string_view tag, std::string_view value) {
  Bytes r{static_cast<unsigned char>(flags), static_cast<unsigned char>(tag.size())};
  r.insert(r.end(), tag.begin(), tag.end());
  r.insert(r.end(), value.begin(), value.end());
  return r;
}

Bytes message(std::string_view qname, int answers) {
  Bytes b{0x12, 0x34, 0x81, 0x80};
  u16(b, 1);
  u16(b, answers);
  u16(b, 0);
  u16(b, 0);
  name(b, qname);
  u16(b, 257);
  u16(b, 1);
  return b;
}

}  // namespace

TEST_CASE("probe caa: the records of the answer, through a CNAME") {
  Bytes m = message("mail.contoso.com", 3);
  Bytes target;
  name(target, "edge.cdn.example");
  rr(m, "mail.contoso.com", 5, target);
  rr(m, "edge.cdn.example", 257, caa(0, "issue", "letsencrypt.org"));
  rr(m, "edge.cdn.example", 257, caa(0, "iodef", "mailto:x@cdn.example"));
  auto a = probe::parse_caa_reply(ARES_SUCCESS, m.data(), static_cast<int>(m.size()));
  CHECK(a.status == observe::DnsStatus::Ok);
  CHECK(a.alias == "edge.cdn.example");
  REQUIRE(a.records.size() == 2);
  CHECK(a.records[0].str() == "0 issue \"letsencrypt.org\"");
  CHECK(a.records[1].tag == "iodef");
}

TEST_CASE("probe caa: no records, malformed records, broken messages") {
  SUBCASE("a CNAME alone is no set: NoData, so the walk climbs") {
    Bytes m = message("mail.contoso.com", 1);
    Bytes target;
    name(target, "edge.cdn.example");
    rr(m, "mail.contoso.com", 5, target);
    auto a = probe::parse_caa_reply(ARES_SUCCESS, m.data(), static_cast<int>(m.size()));
    CHECK(a.status == observe::DnsStatus::NoData);
    CHECK(a.records.empty());
  }
  SUBCASE("a malformed record is counted and skipped") {
    Bytes m = message("contoso.com", 2);
    rr(m, "contoso.com", 257, Bytes{0, 0});
    rr(m, "contoso.com", 257, caa(0, "issue", "letsencrypt.org"));
    auto a = probe::parse_caa_reply(ARES_SUCCESS, m.data(), static_cast<int>(m.size()));
    CHECK(a.status == observe::DnsStatus::Ok);
    CHECK(a.malformed == 1);
    CHECK(a.records.size() == 1);
  }
  SUBCASE("only malformed records: the set cannot be processed") {
    Bytes m = message("contoso.com", 1);
    rr(m, "contoso.com", 257, Bytes{0, 20, 'i'});
    auto a = probe::parse_caa_reply(ARES_SUCCESS, m.data(), static_cast<int>(m.size()));
    CHECK(a.status == observe::DnsStatus::Error);
  }
  SUBCASE("an RDLENGTH past the end of the message") {
    Bytes m = message("contoso.com", 1);
    rr(m, "contoso.com", 257, caa(0, "issue", "letsencrypt.org"));
    m[m.size() - 24] = 0xff;  // RDLENGTH's high octet: 65000-odd octets claimed
    auto a = probe::parse_caa_reply(ARES_SUCCESS, m.data(), static_cast<int>(m.size()));
    CHECK(a.status == observe::DnsStatus::Error);
    CHECK(a.records.empty());
  }
  SUBCASE("every truncation of a good reply ends without a read past the end") {
    Bytes m = message("contoso.com", 1);
    rr(m, "contoso.com", 257, caa(0, "issue", "letsencrypt.org"));
    for (std::size_t n = 0; n < m.size(); ++n) {
      Bytes cut(m.begin(), m.begin() + static_cast<std::ptrdiff_t>(n));
      auto a = probe::parse_caa_reply(ARES_SUCCESS, cut.data(), static_cast<int>(cut.size()));
      CHECK(a.records.empty());
    }
  }
  SUBCASE("c-ares' own statuses") {
    CHECK(probe::parse_caa_reply(ARES_ENODATA, nullptr, 0).status == observe::DnsStatus::NoData);
    CHECK(probe::parse_caa_reply(ARES_ENOTFOUND, nullptr, 0).status == observe::DnsStatus::NxDomain);
    CHECK(probe::parse_caa_reply(ARES_ESERVFAIL, nullptr, 0).status == observe::DnsStatus::ServerFailure);
  }
}
