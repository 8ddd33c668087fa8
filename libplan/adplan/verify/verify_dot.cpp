#include <adplan/verify/verify_dot.hpp>

#include <adplan/model/sanitize.hpp>

#include <algorithm>
#include <set>
#include <vector>

namespace adplan::verify {
namespace {

constexpr std::size_t k_max_label = 160;  // one label line; a 60 KB Location must not make a 60 KB node

// A DOT double-quoted string: \" and \\ escaped, control characters (newlines included) as
// spaces, so that neither data nor label escapes (\n, \l, \N) come from what a server sent.
std::string text(std::string_view s) {
  std::string out;
  for (char c : truncate_display(to_valid_utf8(s), k_max_label)) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') out += '\\';
    out += (u < 0x20 || u == 0x7f) ? ' ' : c;
  }
  return out;
}

std::string label(const std::vector<std::string>& lines) {
  std::string out = "\"";
  for (std::size_t i = 0; i < lines.size(); ++i) out += (i ? "\\n" : "") + text(lines[i]);
  return out + "\"";
}

std::string id(std::string_view s) {
  return "\"" + text(s) + "\"";
}

std::string_view client_name(Client c) {
  switch (c) {
    case Client::OutlookDomainJoined:
      return "Outlook, domain-joined";
    case Client::OutlookExternal:
      return "Outlook, external";
    case Client::ActiveSync:
      return "ActiveSync (mobile)";
    case Client::AutodiscoverV2:
      return "Autodiscover v2 (Teams, Outlook mobile)";
    case Client::Outlook2016:
      return "Outlook 2016 and later";
  }
  return "client";
}

std::string outcome_color(Outcome o) {
  switch (o) {
    case Outcome::Ok:
      return "darkgreen";
    case Outcome::OkWithPrompts:
    case Outcome::CertificateWarning:
      return "darkorange";
    case Outcome::Failed:
      return "red";
  }
  return "black";
}

// "https://mail.contoso.com:443/x" -> "mail.contoso.com"
std::string url_host(std::string_view url) {
  auto start = url.find("://");
  start = start == std::string_view::npos ? 0 : start + 3;
  auto end = url.find_first_of(":/", start);
  return std::string(url.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
}

// Whether a finding is about `host`: its subject is the host, a URL on it, or "host:port ...".
bool about(const Finding& f, const std::string& host) {
  const std::string& s = f.subject;
  return s == host || s.starts_with(host + ":") || s.starts_with(host + " ") ||
         s.find("//" + host + "/") != std::string::npos || s.find("//" + host + ":") != std::string::npos;
}

struct Target {
  std::string node;  // node id
  std::string host;
  std::string note;  // edge text beside the findings
};

class Drawing {
 public:
  Drawing(const VerifyResult& r, const observe::Observations& o) : m_r(r), m_obs(o) {}

  std::string run() {
    m_out += "digraph adplan_verify {\n";
    m_out += "  graph [rankdir=LR, fontname=\"Helvetica\", labelloc=t, label=" +
             label({"adplan verify " + m_obs.domain + ": " + (m_r.pass() ? "pass" : "FAIL") + " (" +
                    std::to_string(count(Severity::Error)) + " errors, " + std::to_string(count(Severity::Warning)) +
                    " warnings)"}) +
             "];\n";
    m_out += "  node [fontname=\"Helvetica\", fontsize=10, shape=box];\n";
    m_out += "  edge [fontname=\"Helvetica\", fontsize=9];\n";
    for (const auto& c : m_r.clients) client(c);
    for (const auto& line : m_hosts) m_out += line;
    redirect_hops();
    leftovers();
    m_out += "}\n";
    return m_out;
  }

 private:
  std::size_t count(Severity s) const {
    return static_cast<std::size_t>(std::ranges::count(m_r.findings, s, &Finding::severity));
  }

  void host_node(const std::string& node, const std::string& host, const std::string& kind) {
    if (!m_host_ids.insert(node).second) return;
    std::vector<std::string> lines{host, kind};
    if (const auto* l = m_obs.lookup(host)) {
      std::string addrs;
      for (const auto& a : l->addresses) addrs += (addrs.empty() ? "" : ", ") + a;
      lines.push_back(addrs.empty() ? "DNS: " + std::string(observe::to_string(l->status)) : addrs);
    }
    m_hosts.push_back("  " + id(node) + " [label=" + label(lines) + ", shape=component];\n");
  }

  // The hosts one path entry asked: "root-https: HTTP 404", "scp https://x/...: ...".
  std::vector<Target> targets(const std::string& method, const std::string& entry) {
    const std::string ad = "autodiscover." + m_obs.domain;
    std::vector<Target> out;
    auto https = [&](const std::string& host) {
      host_node("https:" + host, host, "https (port 443)");
      out.push_back({"https:" + host, host, ""});
    };
    if (method == "root-https") {
      https(m_obs.domain);
    } else if (method == "autodiscover-https") {
      https(ad);
    } else if (method == "http-redirect") {
      host_node("http:" + ad, ad, "http (port 80): redirect only");
      out.push_back({"http:" + ad, ad, ""});
    } else if (method == "srv") {
      host_node("srv:" + m_obs.srv.name, "_autodiscover._tcp." + m_obs.domain, "SRV record");
      out.push_back({"srv:" + m_obs.srv.name, m_obs.srv.name, ""});
    } else if (method.starts_with("scp")) {
      auto space = entry.find(' ');
      auto colon = entry.find(": ", space == std::string::npos ? 0 : space);
      std::string url = space != std::string::npos && space < colon ? entry.substr(space + 1, colon - space - 1) : "";
      if (!url.empty()) {
        https(url_host(url));
      } else if (m_obs.scp && !m_obs.scp->urls.empty()) {
        https(m_obs.scp->urls.back().host);
      } else {
        host_node("scp:directory", m_obs.scp ? m_obs.scp->directory : "Active Directory", "SCP look-up (LDAP)");
        out.push_back({"scp:directory", "", ""});
      }
    }
    return out;
  }

  void client(const ClientResult& c) {
    const std::string cid = "client:" + std::string(to_string(c.client));
    m_out += "  " + id(cid) + " [shape=ellipse, color=" + outcome_color(c.outcome) +
             ", label=" + label({std::string(client_name(c.client)), std::string(to_string(c.outcome)), c.summary}) +
             "];\n";
    std::string previous = cid;
    for (std::size_t i = 0; i < c.path.size(); ++i) {
      const std::string& entry = c.path[i];
      const auto colon = entry.find(": ");
      const std::string method = entry.substr(0, std::min(colon, entry.find(' ')));
      const std::string note = colon == std::string::npos ? "" : entry.substr(colon + 2);
      const bool last = i + 1 == c.path.size();
      const std::string tid = cid + ":" + std::to_string(i + 1);
      std::string attrs = "shape=box, style=rounded";
      if (last) attrs += ", peripheries=2, color=" + outcome_color(c.outcome);
      m_out += "  " + id(tid) + " [" + attrs + ", label=" +
               label({std::to_string(i + 1) + ". " + method, note,
                      last ? (succeeded(c.outcome) ? "works" : "stops here") : "moves on"}) +
               "];\n";
      m_out += "  " + id(previous) + " -> " + id(tid) + " [style=" + (i == 0 ? "solid" : "dashed") + "];\n";
      previous = tid;
      for (const auto& t : targets(method, entry)) edge_with_findings(tid, t);
    }
  }

  void edge_with_findings(const std::string& from, const Target& t) {
    std::vector<std::string> lines;
    Severity worst = Severity::Info;
    bool any = false;
    for (const auto& f : m_r.findings) {
      if (t.host.empty() || !about(f, t.host)) continue;
      lines.push_back(std::string(to_string(f.severity)) + " " + f.id);
      m_used.insert(&f);
      if (!any || f.severity > worst) worst = f.severity;
      any = true;
    }
    std::string color = !any                         ? "gray40"
                        : worst == Severity::Error   ? "red"
                        : worst == Severity::Warning ? "darkorange"
                                                     : "gray40";
    m_out += "  " + id(from) + " -> " + id(t.node) + " [color=" + color + ", fontcolor=" + color +
             (color == "red" ? ", penwidth=2" : "") + ", label=" + label(lines) + "];\n";
  }

  // The http redirect chain the probe followed: each hop's status and Location.
  void redirect_hops() {
    const auto* e = m_obs.endpoint(observe::Role::HttpRedirect);
    if (!e || !m_host_ids.contains("http:autodiscover." + m_obs.domain)) return;
    std::string previous = "http:autodiscover." + m_obs.domain;
    for (std::size_t i = 0; i < e->exchanges.size() && i <= observe::k_max_redirects; ++i) {
      const auto& hop = e->exchanges[i];
      if (hop.status < 300 || hop.status > 399 || hop.location.empty()) break;
      const std::string next = "hop:" + std::to_string(i + 1);
      m_out += "  " + id(next) + " [shape=note, label=" + label({hop.location}) + "];\n";
      m_out +=
          "  " + id(previous) + " -> " + id(next) + " [label=" + label({"HTTP " + std::to_string(hop.status)}) + "];\n";
      previous = next;
    }
  }

  // Findings no edge carries (SRV targets, SCP objects, discovery as a whole), in one note.
  void leftovers() {
    std::vector<std::string> lines{"other findings"};
    bool error = false;
    for (const auto& f : m_r.findings) {
      if (m_used.contains(&f)) continue;
      lines.push_back(std::string(to_string(f.severity)) + " " + f.id + ": " + f.subject);
      error = error || f.severity == Severity::Error;
    }
    if (lines.size() == 1) return;
    m_out += "  \"findings\" [shape=note, color=" + std::string(error ? "red" : "gray40") + ", label=" + label(lines) +
             "];\n";
  }

  const VerifyResult& m_r;
  const observe::Observations& m_obs;
  std::string m_out;
  std::vector<std::string> m_hosts;
  std::set<std::string> m_host_ids;
  std::set<const Finding*> m_used;
};

}  // namespace

std::string render_verify_dot(const VerifyResult& result, const observe::Observations& obs) {
  return Drawing(result, obs).run();
}

}  // namespace adplan::verify
