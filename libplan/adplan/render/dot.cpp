#include <adplan/render/dot.hpp>

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <sstream>

namespace adplan::render {
namespace {

struct Node {
  std::string id;
  std::string cluster;
  std::vector<std::string> label;  // lines
  std::string shape;
};

struct Edge {
  std::string from, to, label;
  bool path = false;  // a client's discovery path (drawn bold)
  [[nodiscard]] std::string key() const { return from + "\x1f" + to + "\x1f" + label; }
};

struct Graph {
  std::vector<Node> nodes;
  std::vector<Edge> edges;
  std::map<std::string, std::size_t, std::less<>> index;

  Node& node(const std::string& id, const std::string& cluster, const std::string& shape) {
    auto it = index.find(id);
    if (it != index.end()) return nodes[it->second];
    index.emplace(id, nodes.size());
    nodes.push_back({id, cluster, {}, shape});
    return nodes.back();
  }
  [[nodiscard]] bool has(const std::string& id) const { return index.contains(id); }
  void edge(const std::string& from, const std::string& to, const std::string& label, bool path = false) {
    if (!has(from) || !has(to)) return;
    Edge e{from, to, label, path};
    if (std::ranges::none_of(edges, [&](const Edge& x) { return x.key() == e.key(); })) edges.push_back(e);
  }
};

// The clusters, in drawing order.
constexpr std::array<std::pair<std::string_view, std::string_view>, 6> k_clusters{{
    {"clients", "Clients"},
    {"directory", "Active Directory (SCP)"},
    {"dns_external", "DNS, external view (Internet)"},
    {"dns_internal", "DNS, internal view (split-brain)"},
    {"sites", "Web sites (IIS)"},
    {"servers", "Client Access servers"},
}};

// A DOT double-quoted string (DOT language: only \" is an escape in a quoted string; a
// backslash is doubled so that label escapes like \n, \l or \N never come from data).
std::string quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n' || c == '\r') {
      out += ' ';
      continue;
    }
    out += c;
  }
  return out + "\"";
}

// A label: its lines joined by DOT's centred line break.
std::string label(const std::vector<std::string>& lines) {
  std::string joined;
  for (const auto& l : lines) {
    std::string q = quote(l);
    joined += (joined.empty() ? "" : "\\n") + q.substr(1, q.size() - 2);
  }
  return "\"" + joined + "\"";
}

std::string dns_id(std::string_view view, const std::string& name, const std::string& type) {
  return "dns:" + std::string(view) + ":" + name + ":" + type;
}

// "https://mail.contoso.com/autodiscover/autodiscover.xml" -> "mail.contoso.com."
std::string url_host(const std::string& url) {
  auto start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  auto end = url.find_first_of(":/", start);
  return url.substr(start, end == std::string::npos ? std::string::npos : end - start) + ".";
}

void add_dns(Graph& g, const Plan& p, std::string_view view, const std::vector<DnsRecord>& records) {
  const std::string cluster = "dns_" + std::string(view);
  for (const auto& r : records) {
    Node& n = g.node(dns_id(view, r.name, r.type), cluster, "box");
    if (n.label.empty()) n.label.push_back(r.name);
    n.label.push_back(r.type + " " + r.value);
  }
  for (const auto& r : records) {
    const std::string from = dns_id(view, r.name, r.type);
    if (r.type == "SRV") {
      std::istringstream in(r.value);
      std::string priority, weight, port, target;
      in >> priority >> weight >> port >> target;
      for (std::string t : {"A", "AAAA"}) g.edge(from, dns_id(view, target, t), "SRV target, port " + port);
      continue;
    }
    bool to_site = false;
    for (const auto& s : p.sites) {
      bool match = view == "external"
                       ? s.public_ip.str() == r.value
                       : std::ranges::any_of(s.bindings, [&](const SiteBinding& b) { return b.ip.str() == r.value; });
      if (!match) continue;
      g.edge(from, "site:" + s.key, r.value);
      to_site = true;
    }
    if (to_site) continue;
    for (const auto& sv : p.servers) {
      if (sv.ip.str() == r.value || (sv.secondary_ip && sv.secondary_ip->str() == r.value))
        g.edge(from, "server:" + sv.name, r.value);
    }
  }
}

Graph build(const Plan& p) {
  Graph g;
  const std::string domain = p.domains.front().str();
  g.node("client:domain-joined", "clients", "ellipse").label = {"Outlook, domain-joined", "(inside, LDAP first)"};
  g.node("client:external", "clients", "ellipse").label = {"Outlook, external", "user@" + domain};
  g.node("client:mobile", "clients", "ellipse").label = {"Mobile (ActiveSync)", "user@" + domain};

  for (const auto& e : p.scp) {
    Node& n = g.node("scp:" + e.server, "directory", "note");
    n.label = {"SCP " + e.server, e.url};
    if (!e.site_scope.empty()) {
      std::string sites = "Site=";
      for (const auto& s : e.site_scope) sites += (sites.size() > 5 ? "," : "") + s;
      n.label.push_back(sites);
    }
  }
  for (const auto& s : p.sites) {
    Node& n = g.node("site:" + s.key, "sites", "component");
    n.label = {s.name,
               std::string(s.tls ? "https" : "http") + " :" + std::to_string(s.port) + ", public " + s.public_ip.str()};
    if (s.certificate) {
      if (const auto* c = p.certificate(*s.certificate)) {
        n.label.push_back("certificate CN=" + c->common_name.str());
        std::string sans = "SAN:";
        for (const auto& h : c->sans) sans += " " + h.str();
        n.label.push_back(sans);
      }
    }
    if (s.redirect_to) n.label.push_back("302 to " + *s.redirect_to);
  }
  for (const auto& sv : p.servers) {
    Node& n = g.node("server:" + sv.name, "servers", "box3d");
    n.label = {sv.name, sv.fqdn.str(), sv.ip.str() + (sv.secondary_ip ? ", " + sv.secondary_ip->str() : "")};
    if (!sv.site.empty()) n.label.push_back("AD site " + sv.site);
  }
  add_dns(g, p, "external", p.dns_external);
  add_dns(g, p, "internal", p.dns_internal);

  for (const auto& s : p.sites) {
    for (const auto& b : s.bindings)
      g.edge("site:" + s.key, "server:" + b.server, b.ip.url_host() + ":" + std::to_string(b.port));
    if (s.redirect_to) {
      const std::string host = url_host(*s.redirect_to);
      g.edge("site:" + s.key, dns_id("external", host, "A"), "302", true);
    }
  }
  // Domain-joined Outlook: the SCPs in Active Directory first (MS-OXDISCO), then the URL's host
  // in the internal view.
  for (const auto& e : p.scp) {
    g.edge("client:domain-joined", "scp:" + e.server, "1. LDAP: SCP", true);
    const std::string host = url_host(e.url);
    if (g.has(dns_id("internal", host, "A")))
      g.edge("scp:" + e.server, dns_id("internal", host, "A"), "https", true);
    else
      g.edge("scp:" + e.server, "server:" + e.server, "https", true);
  }
  // External clients: the DNS method the plan says succeeds (MS-OXDISCO 3.1.5: https root,
  // https autodiscover.<domain>, http redirect, SRV).
  const std::string autodiscover = "autodiscover." + domain + ".";
  std::string target, how;
  if (p.external_discovery == "srv") {
    target = dns_id("external", "_autodiscover._tcp." + domain + ".", "SRV");
    how = "4. DNS SRV";
  } else if (p.external_discovery == "http-redirect") {
    target = dns_id("external", autodiscover, "A");
    how = "3. http://" + autodiscover.substr(0, autodiscover.size() - 1) + " (redirect)";
  } else {
    target = dns_id("external", autodiscover, "A");
    how = "2. https://" + autodiscover.substr(0, autodiscover.size() - 1);
  }
  g.edge("client:external", target, how, true);
  g.edge("client:mobile", target, how, true);
  return g;
}

enum class Mark { None, Added, Changed, Removed };

std::string node_style(Mark m) {
  switch (m) {
    case Mark::Added:
      return ", color=\"#1a7f37\", penwidth=2.5, fontcolor=\"#1a7f37\"";
    case Mark::Changed:
      return ", color=\"#d97706\", penwidth=2.5";
    case Mark::Removed:
      return ", color=\"#cf222e\", style=dashed, penwidth=2, fontcolor=\"#cf222e\"";
    case Mark::None:
      return "";
  }
  return "";
}

void emit(std::ostringstream& out, const Graph& g, const std::string& prefix, const std::string& indent,
          const Graph* other, bool before_side) {
  auto node_mark = [&](const Node& n) {
    if (!other) return Mark::None;
    auto it = other->index.find(n.id);
    if (it == other->index.end()) return before_side ? Mark::Removed : Mark::Added;
    return other->nodes[it->second].label == n.label ? Mark::None : Mark::Changed;
  };
  for (const auto& [key, title] : k_clusters) {
    bool any = std::ranges::any_of(g.nodes, [&](const Node& n) { return n.cluster == key; });
    if (!any) continue;
    out << indent << "subgraph " << quote("cluster_" + prefix + std::string(key)) << " {\n";
    out << indent << "  label=" << quote(title) << "; style=rounded; color=\"#8c959f\";\n";
    for (const auto& n : g.nodes) {
      if (n.cluster != key) continue;
      std::string shape = n.shape;
      std::string extra = n.shape == "component" || n.shape == "box" ? ", style=rounded" : "";
      Mark m = node_mark(n);
      if (m == Mark::Removed) extra.clear();
      out << indent << "  " << quote(prefix + n.id) << " [shape=" << shape << ", label=" << label(n.label) << extra
          << node_style(m) << "];\n";
    }
    out << indent << "}\n";
  }
  for (const auto& e : g.edges) {
    Mark m = Mark::None;
    if (other && std::ranges::none_of(other->edges, [&](const Edge& x) { return x.key() == e.key(); }))
      m = before_side ? Mark::Removed : Mark::Added;
    out << indent << quote(prefix + e.from) << " -> " << quote(prefix + e.to) << " [label=" << quote(e.label);
    if (e.path) out << ", penwidth=1.8, color=\"#0550ae\", fontcolor=\"#0550ae\"";
    if (m == Mark::Added) out << ", color=\"#1a7f37\", fontcolor=\"#1a7f37\", penwidth=2.5";
    if (m == Mark::Removed) out << ", color=\"#cf222e\", fontcolor=\"#cf222e\", style=dashed";
    out << "];\n";
  }
}

void header(std::ostringstream& out, const std::string& name, const std::string& title) {
  out << "digraph " << quote(name) << " {\n";
  out << "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=12, labelloc=t, label=" << quote(title)
      << ", nodesep=0.3, ranksep=0.9];\n";
  out << "  node [fontname=\"Helvetica\", fontsize=10];\n";
  out << "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#57606a\"];\n";
}

std::string title_of(const Plan& p) {
  return "adplan: scenario " + std::to_string(p.scenario) + ", " + p.scenario_title + " (" + p.domains.front().str() +
         ")";
}

}  // namespace

std::string render_dot(const Plan& p) {
  std::ostringstream out;
  header(out, "adplan", title_of(p));
  emit(out, build(p), "", "  ", nullptr, false);
  out << "}\n";
  return out.str();
}

std::string render_dot_diff(const Plan& before, const Plan& after) {
  const Graph a = build(before);
  const Graph b = build(after);
  std::ostringstream out;
  header(out, "adplan_diff",
         "adplan diff: scenario " + std::to_string(before.scenario) + " -> scenario " + std::to_string(after.scenario) +
             " (green: added, orange: changed, red dashed: removed)");
  out << "  subgraph \"cluster_before\" {\n    label=" << quote("Before: " + title_of(before)) << ";\n";
  emit(out, a, "before/", "    ", &b, true);
  out << "  }\n";
  out << "  subgraph \"cluster_after\" {\n    label=" << quote("After: " + title_of(after)) << ";\n";
  emit(out, b, "after/", "    ", &a, false);
  out << "  }\n}\n";
  return out.str();
}

}  // namespace adplan::render
