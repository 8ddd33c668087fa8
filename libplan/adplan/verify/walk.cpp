#include <adplan/verify/walk.hpp>

#include <adplan/model/email.hpp>

#include <algorithm>
#include <optional>

namespace adplan::verify {

Checked<Walk> plan_walk(std::string_view target, std::string_view email_text, std::string_view user, const Plan* plan) {
  Errors errors;
  auto quoted = [](std::string_view s) { return "\"" + std::string(s) + "\""; };
  std::optional<EmailAddress> email;
  std::optional<HostName> host;  // the target, when it is a host or domain
  if (!email_text.empty()) {
    if (auto e = EmailAddress::parse(email_text))
      email = *e;
    else
      errors.push_back({"input.email", "email", quoted(email_text) + " " + e.error().message, ""});
  }
  if (target.find('@') != std::string_view::npos) {
    if (auto e = EmailAddress::parse(target)) {
      if (!email)
        email = *e;
      else
        host = e->domain();
    } else {
      errors.push_back({"input.target", "target", quoted(target) + " " + e.error().message, ""});
    }
  } else if (!target.empty()) {
    if (auto h = HostName::parse(target))
      host = *h;
    else
      errors.push_back({"input.target", "target",
                        quoted(target) + " is not a host name, domain or e-mail address (" + h.error().message + ")",
                        ""});
  }
  std::optional<HostName> domain = email  ? std::optional(email->domain())
                                   : plan ? std::optional(plan->domains.front())
                                          : host;
  if (!errors.empty()) return std::unexpected(errors);
  if (!domain) {
    return std::unexpected(
        Errors{{"input.no-target", "target", "names no SMTP domain", "give a domain, an e-mail address or a plan"}});
  }
  Walk w{*domain, "", {}, {}, {}};
  w.email = email                                      ? email->str()
            : user.find('@') != std::string_view::npos ? std::string(user)
                                                       : std::string(k_walk_local_part) + "@" + domain->str();
  if (plan) {
    w.hosts.push_back(plan->external_host.str());
    for (const auto& s : plan->sites) {
      for (const auto& h : s.hosts) w.hosts.push_back(h.str());
    }
    w.https_hosts.push_back(plan->external_host.str());
    if (!plan->caa_issuers.empty()) w.caa_names = caa_names(*plan);
  }
  if (host && *host != *domain) w.https_hosts.push_back(host->str());
  return w;
}

std::vector<std::string> caa_names(const Plan& plan) {
  std::vector<std::string> out;
  for (const auto& c : plan.certificates) {
    for (const auto& n : c.sans) {
      if (std::ranges::find(c.internal_names, n.str()) != c.internal_names.end()) continue;
      out.push_back(n.is_wildcard() ? n.str().substr(2) : n.str());
    }
  }
  std::ranges::sort(out);
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Errors check_verify_modes(const VerifyModes& m, bool reported) {
  Errors errors;
  const bool many = m.all_domains || m.domains_file;
  const std::string flag = m.all_domains ? "--all-domains" : "--domains-file";
  if (many && !m.plan && !reported)
    errors.push_back({"usage.all-domains", flag,
                      "needs a plan (--plan FILE or ./adplan.json): its primary domain is what tenants are judged by",
                      ""});
  if (many && (m.email || m.ldap))
    errors.push_back({"usage.all-domains", "--all-domains", "walks every domain: leave out --email and --ldap", ""});
  if (!m.html.empty() && many)
    errors.push_back({"usage.html", "--html", "shows one domain in full: leave out --all-domains and --domains-file",
                      "run `adplan verify --email user@<domain> --html FILE` for the domain to show"});
  if (m.html == "-" && m.json)
    errors.push_back({"usage.html", "--html", "\"-\" (stdout) cannot be used with --json (both print to stdout)",
                      "give --html a file name"});
  return errors;
}

}  // namespace adplan::verify
