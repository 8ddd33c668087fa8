// CAA as the CA reads it (RFC 8659): for every name of the plan's certificates, the relevant CAA
// set (the closest one up the name tree) must let each of the plan's CAs (caa_issuers) issue.
#include <adplan/observe/caa.hpp>
#include <adplan/verify/internal/judge.hpp>

namespace adplan::verify {
namespace {

std::string set_text(const observe::CaaLookup& l) {
  std::string out;
  for (const auto& r : l.records) out += (out.empty() ? "" : "; ") + l.relevant + ". CAA " + r.str();
  if (!l.alias.empty()) out += " (through the CNAME to " + l.alias + ")";
  return out;
}

// The plan's CAA lines for the zone that holds `name` (the closest zone with planned CAA).
std::string planned_lines(const Expectations& e, const std::string& name) {
  for (std::string_view rest = name;;) {
    if (auto it = e.caa_records.find(std::string(rest)); it != e.caa_records.end()) return it->second;
    auto dot = rest.find('.');
    if (dot == std::string_view::npos) return {};
    rest.remove_prefix(dot + 1);
  }
}

}  // namespace

void judge_caa(Judge& j) {
  const auto& e = j.expect;
  if (e.caa_issuers.empty()) return;  // the plan names no CA: nothing to hold CAA against
  for (const auto& [name, wildcard] : e.caa_names) {
    const std::string asked = wildcard ? name.substr(2) : name;
    const observe::CaaLookup* l = nullptr;
    for (const auto& c : j.obs.caa) {
      if (c.name == asked) l = &c;
    }
    if (!l) continue;  // not asked (verify without the plan's CAA names)
    const std::string fix = planned_lines(e, asked);
    const std::string publish = fix.empty() ? "publish CAA records that name " + e.caa_issuers.front()
                                            : "publish the plan's CAA records: " + fix;
    if (l->status != observe::DnsStatus::Ok) {
      j.add("dns.caa-lookup-failed", Severity::Warning, name,
            "the CAA question for " + l->failed_at + " ended " + std::string(observe::to_string(l->status)) +
                ": a CA that cannot read CAA refuses to issue for " + name + " (RFC 8659 3)",
            "make the authoritative servers answer CAA questions (NOERROR with no records is fine)", l->failed_at);
      continue;
    }
    if (l->relevant.empty()) {
      j.add("dns.caa-missing", Severity::Info, name,
            "no CAA set applies to " + name + " (none at it or any parent): any CA may issue for it",
            publish + " (RFC 8659), so only the plan's CA can");
      continue;
    }
    for (const auto& issuer : e.caa_issuers) {
      auto v = observe::caa_permits(l->records, issuer, wildcard);
      if (v.permitted) continue;
      j.add("dns.caa-forbids", Severity::Error, name,
            "the CAA set at " + l->relevant + " forbids " + issuer + " to issue for " + name + ": " + v.why,
            "add " + l->relevant + ". CAA 0 " + (wildcard ? "issuewild" : "issue") + " \"" + issuer +
                "\" beside the existing records" + (fix.empty() ? "" : " (the plan's: " + fix + ")") +
                ", or plan the CA the records name",
            set_text(*l));
    }
  }
}

}  // namespace adplan::verify
