// Issue 27: DANE for the SMTP door judged -- the TLSA RRset of each MX host as a validating
// resolver saw it (secure, insecure, bogus), matched per RFC 7671 and RFC 7672 against the chain
// the door presented after STARTTLS; and, for a next-key rollover, the next key's record.
#include <adplan/verify/internal/dane.hpp>
#include <adplan/verify/internal/judge.hpp>

#include <algorithm>

namespace adplan::verify {
namespace {

using observe::DnsStatus;
using observe::DoorProbe;
using observe::TlsaLookup;

bool planned_for(const Plan* plan, const std::string& host) {
  return plan && plan->dane &&
         std::ranges::any_of(plan->dane->hosts, [&](const HostName& h) { return h.str() == host; });
}

std::string records_text(const TlsaLookup& l) {
  std::string out;
  for (const auto& r : l.records) out += (out.empty() ? "" : "; ") + l.name + ". IN TLSA " + r.str();
  return out.empty() ? "no records" : out;
}

// The DANE-EE parameters the plan publishes, for a remedy that names the presented key (3 1 1
// without a plan or with DANE-TA alone).
TlsaParams first_params(const Plan* plan) {
  if (plan && plan->dane) {
    for (const auto& t : plan->dane->tlsa) {
      if (t.usage == k_tlsa_dane_ee) return t;
    }
  }
  return TlsaParams{};
}

// The smtp door probes of a host that finished TLS and recorded the chain's digests.
std::vector<const DoorProbe*> presented(const observe::Observations& obs, const std::string& host) {
  std::vector<const DoorProbe*> out;
  for (const auto& d : obs.doors) {
    if (d.target.door == "smtp" && d.target.host == host && d.tls_done && !d.dane_chain.empty()) out.push_back(&d);
  }
  return out;
}

DaneCandidate candidate(const DoorProbe& d, const ClockRules& clock) {
  DaneCandidate c{d.dane_chain, false, false};
  if (d.tls && !d.tls->chain.empty()) {
    const auto& leaf = d.tls->chain.front();
    c.leaf_name_matches = d.tls->name_matches;
    c.leaf_in_date = leaf.not_before <= clock.now && clock.now <= leaf.not_after;
  }
  return c;
}

void judge_lookup(Judge& j, const TlsaLookup& l, const Plan* plan, const VerifyOptions& options) {
  const bool planned = planned_for(plan, l.host);
  const std::string subject = l.name;
  if (l.dnssec == "bogus") {
    // RFC 7672 2.1.1: a validation failure is not "no records": senders defer the mail.
    j.add("dane.bogus", Severity::Error, subject,
          "DNSSEC validation of the TLSA records of the MX host " + l.host +
              " fails: DANE senders (Exchange Online among them) defer mail to it until it validates",
          "re-sign the zone (expired or missing RRSIGs) and check that the parent's DS matches a DNSKEY of the zone; "
          "`delv " +
              l.name + " TLSA` shows the reason",
          l.why_bogus.empty() ? "the validator gave no reason" : l.why_bogus);
    return;
  }
  if (l.dnssec.empty()) {
    if (l.status == DnsStatus::NxDomain || l.status == DnsStatus::NoData) return;
    j.add("dane.lookup-failed", planned ? Severity::Warning : Severity::Info, subject,
          "the TLSA records of the MX host " + l.host + " could not be looked up with DNSSEC validation",
          "check the DNS servers (--dns-server) and the trust anchor (--dnssec-trust-anchor FILE, default the root's)",
          std::string(observe::to_string(l.status)) + (l.error.empty() ? "" : ": " + l.error));
    return;
  }
  if (l.records.empty()) {
    if (planned) {
      j.add("dane.no-record", Severity::Info, subject,
            "DANE is planned for the MX host " + l.host + " but no TLSA record is published yet",
            "publish the records `adplan dns` writes (computed from the key files) in a signed zone",
            std::string(observe::to_string(l.status)) + ", " + l.dnssec);
    }
    return;
  }
  if (l.dnssec == "insecure") {
    j.add("dane.unsigned", Severity::Warning, subject,
          "the MX host " + l.host +
              " publishes TLSA records in a zone that is not DNSSEC-signed: senders ignore them "
              "(RFC 7672 2.2), so DANE protects nothing",
          "sign the zone (BIND dnssec-policy, Windows DNS Invoke-DnsServerZoneSign) and publish its DS at the parent",
          records_text(l));
    return;
  }
  // Secure records: every presentation of the door must match one (RFC 7672 3.1).
  const auto doors = presented(j.obs, l.host);
  for (const auto* d : doors) {
    auto m = dane_match(l.records, candidate(*d, j.clock));
    if (m.usable == 0) {
      j.add("dane.unusable", Severity::Warning, subject,
            "none of the TLSA records of " + l.host +
                " is usable by SMTP senders (RFC 7672 3.1.3: only usages 2 and 3; known selectors and digests)",
            "publish " + l.name + ". IN TLSA " + tlsa_record_for(d->dane_chain.front(), first_params(plan))->str(),
            records_text(l));
      break;
    }
    if (m.record) continue;
    const auto want = tlsa_record_for(d->dane_chain.front(), first_params(plan));
    std::string evidence = records_text(l) + "; presented key: 3 1 1 " + d->dane_chain.front().spki_sha256 + " (" +
                           (d->address.empty() ? d->target.host : d->address) + ")";
    for (const auto& n : m.notes) evidence += "; " + n;
    j.add("dane.tlsa-mismatch", Severity::Error, subject,
          "no TLSA record of the MX host " + l.host +
              " matches the certificate its SMTP door presents: DANE senders refuse to deliver there",
          "publish " + l.name + ". IN TLSA " + (want ? want->str() : "3 1 1 " + d->dane_chain.front().spki_sha256) +
              " (adplan dns writes it from the key file), or put back the key the records name",
          evidence);
    break;  // one finding per host
  }
  // A next-key rollover: the next key's record must be out before the switch (RFC 7671 8.1).
  if (plan && plan->dane && plan->dane->rollover == DaneRollover::NextKey && planned) {
    if (!options.dane_next_key) {
      j.add("dane.next-key-missing", Severity::Warning, subject,
            "the plan rolls DANE over with a pre-published next key, and no next key was found",
            "make it with `adplan csr --next-key`, publish the TLSA records `adplan dns` then writes, and wait 2 x TTL "
            "before the switch",
            options.dane_next_key_file.empty() ? "" : options.dane_next_key_file + ": not found");
    } else if (!tlsa_key_match(l.records, *options.dane_next_key)) {
      auto want = tlsa_record_for(*options.dane_next_key, TlsaParams{});
      j.add("dane.next-key-missing", Severity::Warning, subject,
            "no TLSA record of " + l.host + " names the next key: switching to it at the renewal would stop DANE mail",
            "publish " + l.name + ". IN TLSA " + want->str() + " at least 2 x TTL before the switch",
            records_text(l) + "; next key " + options.dane_next_key_file + ": 3 1 1 " +
                options.dane_next_key->spki_sha256);
    }
  }
}

}  // namespace

void judge_dane(Judge& j, const Plan* plan, const VerifyOptions& options) {
  for (const auto& l : j.obs.tlsa) judge_lookup(j, l, plan, options);
}

void dane_results(const observe::Observations& obs, const ClockRules& clock, VerifyResult& r) {
  for (const auto& l : obs.tlsa) {
    DaneResult out;
    out.mx = l.host;
    out.dnssec = l.dnssec;
    for (const auto& rec : l.records) out.records.push_back(rec.str());
    const auto doors = presented(obs, l.host);
    if (!doors.empty()) out.key_sha256 = doors.front()->dane_chain.front().spki_sha256;
    if (l.dnssec == "bogus") {
      out.match = 0;
    } else if (l.dnssec == "secure" && !l.records.empty() && !doors.empty()) {
      out.match =
          std::ranges::all_of(
              doors, [&](const DoorProbe* d) { return dane_match(l.records, candidate(*d, clock)).record.has_value(); })
              ? 1
              : 0;
    } else if (l.dnssec == "insecure" && !l.records.empty()) {
      out.match = 0;  // senders ignore the records: nothing is authenticated
    }
    r.dane.push_back(std::move(out));
  }
}

}  // namespace adplan::verify
