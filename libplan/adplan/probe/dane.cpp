// Issue 27: TLSA with DNSSEC validation through libunbound, asynchronously (its own thread) and
// under the run's deadline.
#include <adplan/probe/internal/dane.hpp>

#include <adplan/model/sanitize.hpp>
#include <adplan/probe/internal/dns.hpp>

#include <unbound.h>

#include <poll.h>

#include <algorithm>
#include <memory>

namespace adplan::probe {
namespace {

constexpr int k_type_tlsa = 52;  // RFC 6698 7.1
constexpr int k_class_in = 1;

struct CtxFree {
  void operator()(ub_ctx* c) const { ub_ctx_delete(c); }
};
using Ctx = std::unique_ptr<ub_ctx, CtxFree>;

struct Pending {
  observe::TlsaLookup* out;
  Deadline::Clock::time_point start;
  bool done = false;
};

void answered(void* user, int err, ub_result* result) {
  auto* p = static_cast<Pending*>(user);
  auto& l = *p->out;
  p->done = true;
  l.ms = elapsed_ms(p->start);
  std::unique_ptr<ub_result, decltype(&ub_resolve_free)> owned(result, ub_resolve_free);
  if (err != 0 || !result) {
    l.status = observe::DnsStatus::Error;
    l.error = shown(ub_strerror(err), 200);
    return;
  }
  l.dnssec = result->bogus ? "bogus" : result->secure ? "secure" : "insecure";
  if (result->bogus && result->why_bogus) l.why_bogus = shown(result->why_bogus, 400);
  if (result->bogus) {
    l.status = observe::DnsStatus::ServerFailure;  // a validating resolver answers SERVFAIL
    return;
  }
  if (result->rcode == 3 || result->nxdomain) {
    l.status = observe::DnsStatus::NxDomain;
  } else if (result->rcode != 0) {
    l.status = result->rcode == 5 ? observe::DnsStatus::Refused : observe::DnsStatus::ServerFailure;
    l.error = "rcode " + std::to_string(result->rcode);
  } else if (!result->havedata) {
    l.status = observe::DnsStatus::NoData;
  } else {
    l.status = observe::DnsStatus::Ok;
    for (int i = 0; result->data && result->data[i] && l.records.size() < observe::k_max_tlsa_records; ++i) {
      auto r = tlsa_from_rdata(reinterpret_cast<const unsigned char*>(result->data[i]),
                               static_cast<std::size_t>(result->len[i]));
      if (r) l.records.push_back(std::move(*r));
    }
  }
}

std::string setup(ub_ctx* ctx, const std::vector<DnsServer>& servers, const std::string& anchor) {
  // The lab's and a test's servers are on 127.0.0.0/8; unbound would skip them by default.
  ub_ctx_set_option(ctx, "do-not-query-localhost:", "no");
  int rc = 0;
  if (servers.empty()) {
    rc = ub_ctx_resolvconf(ctx, nullptr);
  } else {
    for (const auto& s : servers) {
      rc = ub_ctx_set_fwd(ctx, (s.address + "@" + std::to_string(s.port)).c_str());
      if (rc != 0) break;
    }
  }
  if (rc != 0) return std::string("cannot use the DNS servers: ") + ub_strerror(rc);
  if (anchor.empty()) {
    rc = ub_ctx_add_ta_file(ctx, std::string(k_root_trust_anchor_file).c_str());
    if (rc != 0)
      return "cannot read the root trust anchor " + std::string(k_root_trust_anchor_file) + " (" + ub_strerror(rc) +
             "); install dns-root-data or give --dnssec-trust-anchor FILE";
  } else {
    auto lines = trust_anchor_lines(anchor);
    if (lines.empty()) return "the trust anchor holds no DS or DNSKEY record";
    for (const auto& l : lines) {
      rc = ub_ctx_add_ta(ctx, l.c_str());
      if (rc != 0) return "the trust anchor line \"" + shown(l, 120) + "\" is not a DS or DNSKEY record";
    }
  }
  rc = ub_ctx_async(ctx, 1);  // a thread, not a forked process
  if (rc != 0) return std::string("cannot start the validator: ") + ub_strerror(rc);
  return {};
}

}  // namespace

std::vector<std::string> trust_anchor_lines(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  int depth = 0;
  bool quoted = false;
  auto flush = [&] {
    auto first = current.find_first_not_of(" \t");
    if (first != std::string::npos) {
      auto last = current.find_last_not_of(" \t");
      out.push_back(current.substr(first, last - first + 1));
    }
    current.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') quoted = !quoted;
    if (!quoted && c == ';') {  // a comment runs to the end of the line
      while (i < text.size() && text[i] != '\n') ++i;
      c = '\n';
    }
    if (!quoted && c == '(') {
      ++depth;
      current += ' ';
      continue;
    }
    if (!quoted && c == ')') {
      depth = std::max(0, depth - 1);
      current += ' ';
      continue;
    }
    if (c == '\n' || c == '\r') {
      if (depth == 0) {
        flush();
      } else {
        current += ' ';
      }
      continue;
    }
    current += c == '\t' ? ' ' : c;
  }
  flush();
  // Only DS and DNSKEY records anchor anything.
  std::erase_if(out, [](const std::string& l) {
    return l.find(" DS ") == std::string::npos && l.find(" DNSKEY ") == std::string::npos;
  });
  return out;
}

std::optional<TlsaRecord> tlsa_from_rdata(const unsigned char* data, std::size_t length) {
  if (!data || length < 4) return std::nullopt;  // three octets and at least one of data
  static constexpr char k_hex[] = "0123456789abcdef";
  TlsaRecord r{data[0], data[1], data[2], {}};
  const std::size_t n = std::min<std::size_t>(length - 3, 1024);  // exact data (x x 0) can be long; keep it bounded
  for (std::size_t i = 0; i < n; ++i) {
    r.data += k_hex[data[3 + i] >> 4];
    r.data += k_hex[data[3 + i] & 0xf];
  }
  return r;
}

std::vector<observe::TlsaLookup> lookup_tlsa(const std::vector<std::string>& hosts,
                                             const std::vector<DnsServer>& servers, const std::string& trust_anchor,
                                             const Deadline& deadline) {
  std::vector<std::string> names;
  for (const auto& h : hosts) names.push_back(normal_name(h));
  std::ranges::sort(names);
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::vector<observe::TlsaLookup> out(names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    out[i].host = names[i];
    out[i].name = tlsa_owner(names[i]);
  }
  if (out.empty()) return out;
  Ctx ctx(ub_ctx_create());
  std::string problem = ctx ? setup(ctx.get(), servers, trust_anchor) : "cannot create a libunbound context";
  if (!problem.empty()) {
    for (auto& l : out) l.error = problem;
    return out;
  }
  const auto start = Deadline::Clock::now();
  std::vector<Pending> pending(out.size());
  std::vector<int> ids(out.size(), -1);
  for (std::size_t i = 0; i < out.size(); ++i) {
    pending[i] = {&out[i], start, false};
    int rc = ub_resolve_async(ctx.get(), out[i].name.c_str(), k_type_tlsa, k_class_in, &pending[i], answered, &ids[i]);
    if (rc != 0) {
      pending[i].done = true;
      out[i].error = std::string("cannot ask: ") + ub_strerror(rc);
    }
  }
  auto open = [&] { return std::ranges::any_of(pending, [](const Pending& p) { return !p.done; }); };
  while (open() && !deadline.passed()) {
    pollfd p{ub_fd(ctx.get()), POLLIN, 0};
    int wait = static_cast<int>(std::min<long long>(deadline.remaining().count(), 1000));
    if (::poll(&p, 1, wait) > 0) ub_process(ctx.get());
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (pending[i].done) continue;
    ub_cancel(ctx.get(), ids[i]);
    out[i].status = observe::DnsStatus::Timeout;
    out[i].error = "no validated answer before the deadline";
    out[i].ms = elapsed_ms(start);
  }
  return out;
}

std::vector<observe::TlsaLookup> lookup_tlsa_validated(const std::vector<std::string>& hosts,
                                                       const std::vector<DnsServer>& servers,
                                                       const std::string& trust_anchor,
                                                       std::chrono::milliseconds timeout) {
  return lookup_tlsa(hosts, servers, trust_anchor, Deadline(timeout));
}

}  // namespace adplan::probe
