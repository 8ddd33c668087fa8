#include <adplan/probe/internal/caa.hpp>

#include <ares.h>

#include <map>

namespace adplan::probe {
namespace {

constexpr int k_type_cname = 5;  // RFC 1035

// A name at `at` of the message, expanded (compression pointers followed, bounded by c-ares);
// advances `at` past it. False when it does not parse.
bool read_name(const unsigned char* msg, int length, int& at, std::string* out) {
  char* name = nullptr;
  long used = 0;
  if (at >= length || ares_expand_name(msg + at, msg, length, &name, &used) != ARES_SUCCESS) return false;
  if (out) *out = normal_name(name);
  ares_free_string(name);
  at += static_cast<int>(used);
  return at <= length;
}

int u16(const unsigned char* p) {
  return (p[0] << 8) | p[1];
}

}  // namespace

observe::CaaAnswer parse_caa_reply(int status, const unsigned char* reply, int length) {
  observe::CaaAnswer out;
  out.status = status_of(status);  // the one c-ares status map (dns.cpp)
  if (status != ARES_SUCCESS) return out;
  auto broken = [&] {
    out.status = DnsStatus::Error;
    out.records.clear();
    return out;
  };
  // RFC 1035 4.1: a 12-octet header, the questions, then the answers.
  if (!reply || length < 12) return broken();
  const int questions = u16(reply + 4), answers = u16(reply + 6);
  int at = 12;
  for (int i = 0; i < questions; ++i) {
    if (!read_name(reply, length, at, nullptr) || at + 4 > length) return broken();
    at += 4;
  }
  for (int i = 0; i < answers; ++i) {
    std::string owner;
    if (!read_name(reply, length, at, &owner) || at + 10 > length) return broken();
    const int type = u16(reply + at), rdlength = u16(reply + at + 8);
    at += 10;
    if (at + rdlength > length) return broken();
    if (type == k_type_cname) {
      int r = at;
      std::string target;
      if (read_name(reply, length, r, &target)) out.alias = target;  // the last one: where the chain ends
    } else if (type == observe::k_type_caa) {
      auto rec = observe::parse_caa_rdata({reply + at, static_cast<std::size_t>(rdlength)});
      if (!rec) {
        ++out.malformed;
      } else if (out.records.size() < k_max_caa_records) {
        out.records.push_back(std::move(*rec));
      }
    }
    at += rdlength;
  }
  if (out.records.empty() && out.malformed == 0) out.status = DnsStatus::NoData;
  // A set whose every record is malformed cannot be processed: a CA does not issue then.
  if (out.records.empty() && out.malformed > 0) out.status = DnsStatus::Error;
  return out;
}

std::vector<observe::CaaLookup> lookup_caa(Resolver& resolver, const std::vector<std::string>& names,
                                           const Deadline& deadline) {
  std::vector<std::string> ask;
  for (const auto& n : names) {
    for (auto& x : observe::caa_search_names(n)) {
      if (ask.size() < k_max_caa_questions && std::ranges::find(ask, x) == ask.end()) ask.push_back(std::move(x));
    }
  }
  auto raw = resolver.query_raw(ask, observe::k_type_caa, deadline);
  std::map<std::string, observe::CaaAnswer> answers;
  for (std::size_t i = 0; i < ask.size(); ++i) {
    answers[ask[i]] = parse_caa_reply(raw[i].status, raw[i].reply.data(), static_cast<int>(raw[i].reply.size()));
  }
  std::vector<observe::CaaLookup> out;
  for (const auto& n : names) out.push_back(observe::relevant_caa(n, answers));
  return out;
}

}  // namespace adplan::probe
