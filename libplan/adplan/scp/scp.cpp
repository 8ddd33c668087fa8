#include <adplan/scp/scp.hpp>

#include <adplan/model/text.hpp>

#include <algorithm>
#include <cctype>
#include <tuple>

namespace adplan {
namespace {

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && ascii_iequals(s.substr(0, prefix.size()), prefix);
}

bool has_keyword(const ScpObject& o, std::string_view k) {
  return std::ranges::any_of(o.keywords, [&](const std::string& x) { return ascii_iequals(x, k); });
}

}  // namespace

bool is_scp_url(const ScpObject& o) {
  return has_keyword(o, k_scp_url_keyword);
}
bool is_scp_pointer(const ScpObject& o) {
  return has_keyword(o, k_scp_pointer_keyword);
}

std::vector<std::string> scp_sites(const ScpObject& o) {
  std::vector<std::string> out;
  for (const auto& k : o.keywords) {
    if (istarts_with(k, "Site=")) out.push_back(k.substr(5));
  }
  return out;
}

ScpDecision decide_scps(const std::vector<ScpObject>& objects, std::string_view email_domain,
                        std::string_view client_site) {
  ScpDecision d;
  // Pointers first: one scoped to the user's domain replaces this whole answer.
  std::vector<const ScpObject*> sorted;
  for (const auto& o : objects) sorted.push_back(&o);
  // Active Directory returns no defined order; the paper says the out-of-site list comes out
  // roughly oldest first, so adplan sorts by whenCreated, then DN, to be deterministic.
  std::ranges::stable_sort(sorted, [](const ScpObject* a, const ScpObject* b) {
    bool a_known = !a->when_created.empty(), b_known = !b->when_created.empty();
    return std::tuple(!a_known, a->when_created, ascii_lower(a->dn)) <
           std::tuple(!b_known, b->when_created, ascii_lower(b->dn));
  });
  for (const auto* o : sorted) {
    if (!is_scp_pointer(*o) || o->bindings.empty()) continue;
    if (!email_domain.empty() && has_keyword(*o, "Domain=" + std::string(email_domain))) {
      d.follow = o->bindings.front();
      return d;
    }
    bool scoped = std::ranges::any_of(o->keywords, [](const std::string& k) { return istarts_with(k, "Domain="); });
    if (!scoped && !d.fallback) d.fallback = o->bindings.front();
  }
  std::vector<RankedUrl> ranked;
  for (const auto* o : sorted) {
    if (!is_scp_url(*o)) continue;
    auto sites = scp_sites(*o);
    int priority = 2;
    if (!sites.empty()) {
      bool mine = !client_site.empty() &&
                  std::ranges::any_of(sites, [&](const std::string& s) { return ascii_iequals(s, client_site); });
      priority = mine ? 1 : 3;
    }
    for (const auto& b : o->bindings) ranked.push_back({ascii_lower(b), o->dn, priority, sites});
  }
  std::ranges::stable_sort(ranked, {}, &RankedUrl::priority);
  // A URL appears once, at its best priority.
  for (auto& r : ranked) {
    if (std::ranges::none_of(d.urls, [&](const RankedUrl& x) { return x.url == r.url; })) d.urls.push_back(r);
  }
  return d;
}

std::optional<std::string> pointer_uri(std::string_view binding) {
  for (std::string_view scheme : {"LDAP://", "ldap://", "LDAPS://", "ldaps://"}) {
    if (istarts_with(binding, scheme)) {
      std::string_view rest = binding.substr(scheme.size());
      auto slash = rest.find('/');
      std::string_view host = rest.substr(0, slash);
      if (host.empty()) return std::nullopt;
      for (char c : host) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != ':' && c != '[' && c != ']') {
          return std::nullopt;
        }
      }
      bool tls = istarts_with(scheme, "LDAPS");
      return std::string(tls ? "ldaps://" : "ldap://") + std::string(host) + "/";
    }
  }
  return std::nullopt;
}

}  // namespace adplan
