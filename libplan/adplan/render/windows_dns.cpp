#include <adplan/render/windows_dns.hpp>

#include <adplan/model/tlsa.hpp>
#include <adplan/planner/mta_sts.hpp>
#include <adplan/planner/powershell.hpp>
#include <adplan/render/internal/escape.hpp>
#include <adplan/render/internal/fill.hpp>

#include <array>
#include <sstream>

namespace adplan::render {
namespace {

// "0 0 443 mail.contoso.com." -> its four fields (RFC 2782 order).
Result<Data> srv_data(const DnsRecord& r) {
  std::istringstream in(r.value);
  std::string priority, weight, port, target;
  if (!(in >> priority >> weight >> port >> target)) {
    return std::unexpected(
        Error{"render.record", r.name, "SRV value \"" + r.value + "\" is not 4 fields", "a planner defect"});
  }
  auto numeric = [](const std::string& f) {
    return !f.empty() && f.size() <= 5 && f.find_first_not_of("0123456789") == std::string::npos;
  };
  if (!numeric(priority) || !numeric(weight) || !numeric(port)) {
    return std::unexpected(
        Error{"render.record", r.name, "SRV value \"" + r.value + "\" has a non-numeric field", "a planner defect"});
  }
  if (target.ends_with('.')) target.pop_back();
  Data d;
  d.set("priority", priority);
  d.set("weight", weight);
  d.set("port", port);
  d.set("target", target);
  return d;
}

// 0 issue "letsencrypt.org" -> its RDATA in hex (RFC 8659 4.1: flags, tag length, tag, value):
// Windows DNS Server (2016 and later) takes CAA as an unknown record type (RFC 3597) whose
// RecordData is the wire form in hexadecimal (Add-DnsServerResourceRecord -Type 257 -RecordData).
Result<Data> caa_data(const DnsRecord& r) {
  std::istringstream in(r.value);
  std::string flags, tag, value;
  if (!(in >> flags >> tag >> value) || value.size() < 2 || value.front() != '"' || value.back() != '"' ||
      flags.find_first_not_of("0123456789") != std::string::npos || flags.empty() || flags.size() > 3 || tag.empty() ||
      tag.size() > 15) {
    return std::unexpected(Error{"render.record", r.name,
                                 "CAA value \"" + r.value + "\" is not flags, tag and a quoted value",
                                 "a planner defect"});
  }
  value = value.substr(1, value.size() - 2);
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string hex;
  auto octet = [&](unsigned c) {
    hex += k_hex[(c >> 4) & 0xf];
    hex += k_hex[c & 0xf];
  };
  octet(static_cast<unsigned>(std::stoi(flags)) & 0xffu);
  octet(static_cast<unsigned>(tag.size()));
  for (unsigned char c : tag + value) octet(c);
  Data d;
  d.set("hex", hex);
  d.set("text", one_line(r.value));
  return d;
}

// "3 1 1 <hex>" -> the DnsServer module's names (Add-DnsServerResourceRecord -TLSA, Windows
// Server 2016 and later): RFC 7218's acronyms in Microsoft's spelling.
Result<Data> tlsa_data(const DnsRecord& r) {
  auto t = parse_tlsa_record(r.value);
  static constexpr std::array<const char*, 4> k_usage{"CAConstraint", "ServiceCertificateConstraint",
                                                      "TrustAnchorAssertion", "DomainIssuedCertificate"};
  static constexpr std::array<const char*, 2> k_selector{"FullCertificate", "SubjectPublicKeyInfo"};
  static constexpr std::array<const char*, 3> k_matching{"ExactMatch", "Sha256Hash", "Sha512Hash"};
  if (!t || t->usage > 3 || t->selector > 1 || t->matching > 2) {
    return std::unexpected(
        Error{"render.record", r.name, "TLSA value \"" + r.value + "\" is not a usable record", "a planner defect"});
  }
  Data d;
  d.set("usage", std::string(k_usage[static_cast<std::size_t>(t->usage)]));
  d.set("selector", std::string(k_selector[static_cast<std::size_t>(t->selector)]));
  d.set("matching", std::string(k_matching[static_cast<std::size_t>(t->matching)]));
  d.set("data", t->data);
  d.set("text", one_line(r.value));
  return d;
}

}  // namespace

Result<std::string> render_windows_dns(const Plan& p, View view, const TemplateSet& templates) {
  Data d;
  d.set("view", std::string(to_string(view)));
  d.set("scenario", std::to_string(p.scenario));
  d.set("title", one_line(p.scenario_title));
  List zone_list;
  for (const auto* z : zones(p, view)) {
    Data zd;
    zd.set("zone", z->name);
    zd.set("zone_text", one_line(z->name));
    zd.set("create", z->create);
    zd.set("note", one_line(z->note));
    List recs;
    for (const auto& r : records(p, view)) {
      if (r.zone != z->name) continue;
      Data rd;
      rd.set("name", relative_name(r));
      rd.set("comment", one_line(r.comment));
      rd.set("ttl", std::to_string(r.ttl));
      rd.set("a", r.type == "A" ? Data(r.value) : Data(false));
      rd.set("aaaa", r.type == "AAAA" ? Data(r.value) : Data(false));
      if (r.type == "SRV") {
        auto srv = srv_data(r);
        if (!srv) return std::unexpected(srv.error());
        rd.set("srv", *srv);
      } else {
        rd.set("srv", false);
      }
      if (r.type == "MX") {
        std::istringstream in(r.value);
        std::string preference, exchange;
        if (!(in >> preference >> exchange) || preference.find_first_not_of("0123456789") != std::string::npos) {
          return std::unexpected(Error{"render.record", r.name,
                                       "MX value \"" + r.value + "\" is not preference and host", "a planner defect"});
        }
        if (exchange.ends_with('.')) exchange.pop_back();
        Data mx;
        mx.set("preference", preference);
        mx.set("exchange", exchange);
        rd.set("mx", mx);
      } else {
        rd.set("mx", false);
      }
      if (r.type == "TXT") {
        Data txt;
        txt.set("text", txt_text(r.value));
        rd.set("txt", txt);
      } else {
        rd.set("txt", false);
      }
      if (r.type == "CAA") {
        auto caa = caa_data(r);
        if (!caa) return std::unexpected(caa.error());
        rd.set("caa", *caa);
      } else {
        rd.set("caa", false);
      }
      if (r.type == "TLSA") {
        auto tlsa = tlsa_data(r);
        if (!tlsa) return std::unexpected(tlsa.error());
        rd.set("tlsa", *tlsa);
      } else {
        rd.set("tlsa", false);
      }
      recs.push_back(rd);
    }
    zd.set("records", recs);
    zone_list.push_back(zd);
  }
  d.set("zones", zone_list);
  return fill(templates, "dns-windows.ps1.mustache", d, infallible(&ps_quote));
}

}  // namespace adplan::render
