// adplan.json: doors{} (the mail doors and their host names) and mta_sts{} (RFC 8461 policy modes
// per accepted domain, max_age, the TLS-RPT mailbox). Both optional: absent, the plan has only
// the web doors.
#include <adplan/model/deployment_json_checker.hpp>

namespace adplan::deployment_json {
namespace {

using nlohmann::json;

constexpr std::array k_door_keys{"smtp", "submission", "imap", "pop"};
constexpr std::array k_mta_sts_keys{"domains", "max_age", "tls_rpt"};
constexpr std::array k_dane_keys{"tlsa", "rollover"};
constexpr std::string_view k_door_example = "[\"mail.contoso.com\"]";

std::vector<HostName> check_door_hosts(Checker& c, const json& v, const std::string& at) {
  std::vector<HostName> hosts;
  if (!v.is_array() || v.empty()) {
    c.add(v.is_array() ? "input.missing" : "input.type", at, "must be a non-empty list of host names",
          std::string(k_door_example) + " (the external host is the usual one)");
    return hosts;
  }
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::string f = at + "[" + std::to_string(i) + "]";
    const auto& item = v[i];
    Result<HostName> h = std::unexpected(Error{"input.type", "", "must be a string", ""});
    if (item.is_string()) h = HostName::parse_host(item.get<std::string>());
    if (!h) {
      c.add(item.is_string() ? h.error().code : "input.type", f,
            shown(item) + " is not a host name (" + h.error().message + ")", "for example \"mail.contoso.com\"");
      continue;
    }
    if (std::ranges::find(hosts, *h) != hosts.end()) {
      c.add("input.duplicate", f, Checker::quoted(h->str()) + " is listed twice", "list each host once");
      continue;
    }
    hosts.push_back(*h);
  }
  return hosts;
}

}  // namespace

std::vector<MailDoor> check_doors(Checker& c, const json& doc) {
  std::vector<MailDoor> doors;
  auto it = doc.find("doors");
  if (it == doc.end() || it->is_null()) return doors;
  if (!it->is_object()) {
    c.add("input.type", "doors", "must be an object of door kinds and their host names",
          "{\"smtp\": [\"mail.contoso.com\"], \"imap\": [\"mail.contoso.com\"]}");
    return doors;
  }
  c.unknown_keys(*it, "doors.", k_door_keys);
  for (const char* key : k_door_keys) {
    auto d = it->find(key);
    if (d == it->end()) continue;
    auto hosts = check_door_hosts(c, *d, std::string("doors.") + key);
    if (!hosts.empty()) doors.push_back({*parse_door_kind(key), std::move(hosts)});
  }
  std::ranges::sort(doors, {}, &MailDoor::kind);
  return doors;
}

MtaStsInput check_mta_sts(Checker& c, const json& doc, const std::vector<HostName>& domains,
                          const std::vector<MailDoor>& doors) {
  MtaStsInput out;
  auto it = doc.find("mta_sts");
  if (it == doc.end() || it->is_null()) return out;
  if (!it->is_object()) {
    c.add("input.type", "mta_sts", "must be an object",
          "{\"domains\": {\"contoso.com\": \"testing\"}, \"max_age\": 604800}");
    return out;
  }
  c.unknown_keys(*it, "mta_sts.", k_mta_sts_keys);
  if (auto m = it->find("domains"); m == it->end() || !m->is_object() || m->empty()) {
    c.add(m == it->end() ? "input.missing" : "input.type", "mta_sts.domains",
          "must be an object of accepted domains and their policy modes",
          "{\"contoso.com\": \"testing\"} (modes: none, testing, enforce)");
  } else {
    // Kept in the order of `domains`, so the document's key order never changes the plan.
    std::vector<std::optional<MtaStsMode>> modes(domains.size());
    for (const auto& [key, value] : m->items()) {
      const std::string f = "mta_sts.domains." + Checker::key_shown(key);
      auto host = HostName::parse_host(key);
      auto at = host ? std::ranges::find(domains, *host) : domains.end();
      if (at == domains.end()) {
        c.add("input.mta-sts-domain", f, "is not one of the accepted domains (domains)",
              "name a domain listed in domains, or add it there");
        continue;
      }
      auto mode = value.is_string() ? parse_mta_sts_mode(value.get<std::string>()) : std::nullopt;
      if (!mode) {
        c.add("input.mta-sts-mode", f, shown(value) + " is not an MTA-STS mode (RFC 8461 5)",
              "use \"testing\" first, \"enforce\" once reports are clean, or \"none\" to withdraw a policy");
        continue;
      }
      modes[static_cast<std::size_t>(at - domains.begin())] = *mode;
    }
    for (std::size_t i = 0; i < domains.size(); ++i) {
      if (modes[i]) out.domains.push_back({domains[i], *modes[i]});
    }
  }
  if (auto a = it->find("max_age"); a != it->end()) {
    if (auto n = integer_in(*a, 1, k_mta_sts_max_age_limit); !n) {
      c.add("input.range", "mta_sts.max_age", shown(*a) + " is not a usable max_age",
            "seconds from 1 to 31557600 (RFC 8461 3.2), for example 604800 (a week)");
    } else {
      out.max_age = static_cast<std::uint32_t>(*n);
    }
  }
  if (auto text = c.string(*it, "mta_sts.tls_rpt", "tls_rpt", false, "tlsrpt@contoso.com")) {
    auto mailbox = EmailAddress::parse(text->starts_with("mailto:") ? text->substr(7) : *text);
    if (!mailbox) {
      c.add("input.email", "mta_sts.tls_rpt",
            Checker::quoted(*text) + " is not a mailbox (" + mailbox.error().message + ")",
            "the mailbox that receives TLS reports (RFC 8460 3), for example \"tlsrpt@contoso.com\"");
    } else {
      out.tls_rpt = *mailbox;
    }
  }
  if (!out.domains.empty() && std::ranges::none_of(doors, [](const MailDoor& d) { return d.kind == DoorKind::Smtp; })) {
    c.add("input.mta-sts-without-mx", "mta_sts",
          "an MTA-STS policy names the MX hosts (RFC 8461 3.2), but doors.smtp lists none",
          "add \"smtp\": [\"mail.contoso.com\"] to doors (or `adplan init --doors smtp --mx HOST`)");
  }
  return out;
}

std::optional<DaneInput> check_dane(Checker& c, const json& doc, const std::vector<MailDoor>& doors) {
  auto it = doc.find("dane");
  if (it == doc.end() || it->is_null()) return std::nullopt;
  if (!it->is_object()) {
    c.add("input.type", "dane", "must be an object", "{\"tlsa\": [\"3 1 1\"], \"rollover\": \"reuse-key\"}");
    return std::nullopt;
  }
  c.unknown_keys(*it, "dane.", k_dane_keys);
  DaneInput out;
  if (auto t = it->find("tlsa"); t != it->end()) {
    if (!t->is_array() || t->empty()) {
      c.add("input.type", "dane.tlsa", "must be a non-empty list of \"usage selector matching\"",
            "[\"3 1 1\"] (DANE-EE, the key, SHA-256), or [\"3 1 1\", \"2 1 1\"]");
    } else {
      out.tlsa.clear();
      for (std::size_t i = 0; i < t->size(); ++i) {
        const std::string f = "dane.tlsa[" + std::to_string(i) + "]";
        const auto& item = (*t)[i];
        auto p = item.is_string()
                     ? parse_tlsa_params(item.get<std::string>())
                     : Result<TlsaParams>(std::unexpected(Error{"input.type", "", "must be a string", ""}));
        if (!p) {
          c.add(p.error().code, f, p.error().message,
                "\"3 1 1\" (DANE-EE, the key, SHA-256) or \"2 1 1\" (the CA's key)");
        } else if (std::ranges::find(out.tlsa, *p) != out.tlsa.end()) {
          c.add("input.duplicate", f, Checker::quoted(p->str()) + " is listed twice", "list each once");
        } else {
          out.tlsa.push_back(*p);
        }
      }
    }
  }
  if (auto r = c.string(*it, "dane.rollover", "rollover", false, "reuse-key")) {
    if (auto k = parse_dane_rollover(*r)) {
      out.rollover = *k;
    } else {
      c.add("input.dane-rollover", "dane.rollover", Checker::quoted(*r) + " is not a rollover",
            "\"reuse-key\" (renewals keep the key) or \"next-key\" (adplan csr --next-key, published ahead)");
    }
  }
  if (std::ranges::none_of(doors, [](const MailDoor& d) { return d.kind == DoorKind::Smtp; })) {
    c.add("input.dane-without-mx", "dane",
          "DANE publishes TLSA records for the MX hosts (RFC 7672), but doors.smtp lists none",
          "add \"smtp\": [\"mail.contoso.com\"] to doors (or `adplan init --doors smtp --mx HOST --dane`)");
  }
  return out;
}

}  // namespace adplan::deployment_json
