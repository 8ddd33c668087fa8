#include <adplan/verify/renewal_dane.hpp>

#include <algorithm>

namespace adplan::verify {
namespace {

using observe::TlsaLookup;

std::string published(const TlsaLookup& l) {
  std::string out;
  for (const auto& r : l.records) out += (out.empty() ? "" : "; ") + l.name + ". IN TLSA " + r.str();
  return out.empty() ? "no records" : out;
}

// The records the renewed certificate needs, as zone-file lines, for each planned parameter set:
// DANE-EE from the leaf, DANE-TA from its issuer when the chain was given. 3 1 1 of the leaf when
// the plan names nothing a certificate can fill.
std::vector<std::string> wanted_lines(const Plan& plan, const TlsaLookup& l, std::span<const TlsaDigests> chain) {
  std::vector<std::string> out;
  auto add = [&](const TlsaDigests& d, TlsaParams p) {
    if (auto r = tlsa_record_for(d, p)) out.push_back(l.name + ". IN TLSA " + r->str());
  };
  if (chain.empty()) return out;
  if (plan.dane) {
    for (const auto& p : plan.dane->tlsa) {
      if (p.usage == k_tlsa_dane_ee) add(chain.front(), p);
      if (p.usage == k_tlsa_dane_ta && chain.size() > 1) add(chain[1], p);
    }
  }
  if (out.empty()) add(chain.front(), TlsaParams{});
  return out;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& s : lines) out += (out.empty() ? "" : " and ") + s;
  return out;
}

std::string new_key(std::span<const TlsaDigests> chain) {
  return chain.empty() ? "no certificate" : "new key: 3 1 1 " + chain.front().spki_sha256;
}

}  // namespace

std::vector<std::string> renewal_dane_hosts(const Plan& plan, std::string_view certificate_key) {
  std::vector<std::string> out;
  if (!plan.dane || plan.dane->certificate.empty() || plan.dane->certificate != certificate_key) return out;
  for (const auto& h : plan.dane->hosts) out.push_back(h.str());
  return out;
}

RenewalDane judge_renewal_dane(const Plan& plan, std::span<const TlsaLookup> answers,
                               std::span<const TlsaDigests> chain, bool ignore_dane) {
  RenewalDane out;
  const std::uint32_t ttl = plan.dane ? plan.dane->ttl : 3600;
  const std::string wait = "wait 2 x TTL (" + std::to_string(2 * static_cast<unsigned long long>(ttl)) +
                           " s with the plan's TTL) so resolvers drop the old answer, then run adplan renew again";
  // An error, or with --ignore-dane the same finding as a warning that says it was overridden.
  auto refuse = [&](std::string id, const std::string& subject, std::string message, std::string remedy,
                    std::string evidence) {
    if (ignore_dane) {
      message += " (--ignore-dane: the rollout is written anyway)";
    } else {
      out.refused = true;
    }
    out.findings.push_back({std::move(id), ignore_dane ? Severity::Warning : Severity::Error, subject,
                            std::move(message), std::move(remedy), std::move(evidence)});
  };
  for (const auto& l : answers) {
    const auto want = wanted_lines(plan, l, chain);
    const std::string publish = want.empty() ? std::string("the record adplan dns writes") : joined(want);
    if (l.dnssec == "bogus") {
      // RFC 7672 2.1.1: senders defer mail to a host whose TLSA validation fails; whatever the
      // renewal brings, the zone must be repaired first.
      refuse("dane.renewal-bogus", l.name,
             "DNSSEC validation of the TLSA records of the MX host " + l.host +
                 " fails: the zone is broken, DANE senders (Exchange Online among them) defer mail to it already, "
                 "and the renewal cannot be checked against it",
             "re-sign the zone and check that the parent's DS matches a DNSKEY of the zone (`delv " + l.name +
                 " TLSA` shows why), then run adplan renew again",
             l.why_bogus.empty() ? "the validator gave no reason" : l.why_bogus);
      continue;
    }
    if (l.dnssec.empty()) {
      refuse("dane.renewal-unchecked", l.name,
             "the TLSA records of the MX host " + l.host +
                 " could not be looked up with DNSSEC validation, so renew cannot tell whether DANE senders would "
                 "accept the new certificate",
             "give the DNS server (--dns-server) and, for a private zone, its trust anchor (--dnssec-trust-anchor "
             "FILE); or check by hand that " +
                 publish + " is published (`delv " + l.name + " TLSA`) and run with --ignore-dane",
             std::string(observe::to_string(l.status)) + (l.error.empty() ? "" : ": " + l.error));
      continue;
    }
    if (l.records.empty()) {
      out.findings.push_back({"dane.no-record", Severity::Info, l.name,
                              "DANE is planned for the MX host " + l.host +
                                  " but no TLSA record is published: no DANE sender checks the new certificate yet",
                              "publish " + publish + " in the signed zone",
                              std::string(observe::to_string(l.status)) + ", " + l.dnssec + "; " + new_key(chain)});
      continue;
    }
    const DaneCandidate renewed{std::vector<TlsaDigests>(chain.begin(), chain.end()), true, true};
    const DaneMatch m = dane_match(l.records, renewed);
    std::string evidence = published(l) + "; " + new_key(chain);
    for (const auto& n : m.notes) evidence += "; " + n;
    if (l.dnssec == "insecure") {
      out.findings.push_back({"dane.unsigned", Severity::Warning, l.name,
                              "the MX host " + l.host +
                                  " publishes TLSA records in a zone that is not DNSSEC-signed: senders ignore them "
                                  "(RFC 7672 2.2), so the renewal cannot break DANE there" +
                                  (m.record ? "" : "; they do not name the new key either"),
                              "sign the zone and publish its DS at the parent" +
                                  (m.record ? std::string() : "; publish " + publish + " before the zone is signed"),
                              evidence});
      continue;
    }
    if (m.usable == 0) {
      out.findings.push_back(
          {"dane.unusable", Severity::Warning, l.name,
           "none of the TLSA records of " + l.host +
               " is usable by SMTP senders (RFC 7672 3.1.3), so they do not authenticate the new certificate",
           "publish " + publish, evidence});
      continue;
    }
    if (m.record) {
      out.findings.push_back({"dane.renewal-match", Severity::Info, l.name,
                              "the renewed certificate matches the published TLSA record " + l.name + ". IN TLSA " +
                                  l.records[*m.record].str() + ": DANE senders keep delivering to " + l.host,
                              "", evidence});
      continue;
    }
    refuse("dane.renewal-mismatch", l.name,
           "the renewed certificate's key matches none of the TLSA records published for the MX host " + l.host +
               ": once it is installed, DANE-validating senders (Exchange Online among them) would stop delivering "
               "mail to it (RFC 7672 3.1)",
           "publish " + publish + " beside the current record (adplan dns writes it from the key file), " + wait +
               "; --ignore-dane installs it anyway, for emergencies only",
           evidence);
  }
  return out;
}

}  // namespace adplan::verify
