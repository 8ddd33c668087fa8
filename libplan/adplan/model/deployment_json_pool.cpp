// adplan.json: load_balancers[] (issue 24: the namespace each answers, its addresses, its TLS mode),
// extended_protection and hybrid. All optional.
#include <adplan/model/deployment_json_checker.hpp>

namespace adplan::deployment_json {
namespace {

using nlohmann::json;

constexpr std::array k_lb_keys{"namespace", "addresses", "tls"};
constexpr std::string_view k_lb_example =
    "[{\"namespace\": \"mail.contoso.com\", \"addresses\": [\"203.0.113.10\"], \"tls\": \"passthrough\"}]";

std::vector<IpAddress> check_lb_addresses(Checker& c, const json& lb, const std::string& at) {
  std::vector<IpAddress> out;
  auto it = lb.find("addresses");
  if (it == lb.end() || !it->is_array() || it->empty()) {
    c.add(it == lb.end() ? "input.missing" : "input.type", at + ".addresses",
          "must be a non-empty list of the load balancer's addresses",
          "[\"203.0.113.10\"] (`adplan init --load-balancer IP[,MODE]`)");
    return out;
  }
  for (std::size_t i = 0; i < it->size(); ++i) {
    const std::string f = at + ".addresses[" + std::to_string(i) + "]";
    const auto& item = (*it)[i];
    Result<IpAddress> ip = std::unexpected(Error{"input.type", "", "must be a string", ""});
    if (item.is_string()) ip = IpAddress::parse(item.get<std::string>());
    if (!ip) {
      c.add(ip.error().code, f,
            (item.is_string() ? Checker::quoted(item.get<std::string>()) + " " : std::string()) + ip.error().message,
            "for example \"203.0.113.10\"");
      continue;
    }
    if (std::ranges::find(out, *ip) != out.end()) {
      c.add("input.duplicate", f, Checker::quoted(ip->str()) + " is listed twice", "list each address once");
      continue;
    }
    out.push_back(*ip);
  }
  return out;
}

}  // namespace

std::vector<LoadBalancer> check_load_balancers(Checker& c, const json& doc, const std::vector<HostName>& names) {
  std::vector<LoadBalancer> out;
  auto it = doc.find("load_balancers");
  if (it == doc.end() || it->is_null()) return out;
  if (!it->is_array()) {
    c.add("input.type", "load_balancers", "must be a list of load balancers", std::string(k_lb_example));
    return out;
  }
  for (std::size_t i = 0; i < it->size(); ++i) {
    const std::string at = "load_balancers[" + std::to_string(i) + "]";
    const auto& lb = (*it)[i];
    if (!lb.is_object()) {
      c.add("input.type", at, "must be an object with namespace, addresses and tls", std::string(k_lb_example));
      continue;
    }
    c.unknown_keys(lb, at + ".", k_lb_keys);
    auto ns = c.host(lb, at + ".namespace", "namespace", true, "mail.contoso.com");
    if (ns && std::ranges::find(names, *ns) == names.end()) {
      c.add("input.lb-namespace", at + ".namespace", Checker::quoted(ns->str()) + " is not a name the plan publishes",
            "name the external host, an Autodiscover host or a mail door's host");
      ns.reset();
    }
    if (ns && std::ranges::any_of(out, [&](const LoadBalancer& o) { return o.name_space == *ns; })) {
      c.add("input.duplicate", at + ".namespace", Checker::quoted(ns->str()) + " has a load balancer already",
            "describe each namespace once, with all its addresses");
      ns.reset();
    }
    auto addresses = check_lb_addresses(c, lb, at);
    LbTls tls = LbTls::Passthrough;
    if (auto text = c.string(lb, at + ".tls", "tls", false, "passthrough")) {
      if (auto t = parse_lb_tls(*text)) {
        tls = *t;
      } else {
        c.add("input.lb-tls", at + ".tls", Checker::quoted(*text) + " is not a TLS mode",
              "use \"passthrough\" (layer 4), \"bridging\" (TLS again to the servers) or \"offloading\" (plain "
              "HTTP to the servers)");
      }
    }
    if (ns && !addresses.empty()) out.push_back({*ns, std::move(addresses), tls});
  }
  return out;
}

std::optional<bool> check_flag(Checker& c, const json& doc, const char* key, std::string_view hint) {
  auto it = doc.find(key);
  if (it == doc.end() || it->is_null()) return std::nullopt;
  if (!it->is_boolean()) {
    c.add("input.type", key, shown(*it) + " is not true or false", std::string(hint));
    return std::nullopt;
  }
  return it->get<bool>();
}

}  // namespace adplan::deployment_json
