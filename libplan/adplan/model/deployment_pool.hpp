#pragma once
// Issue 24: the load-balanced pool in front of the Client Access servers, and Extended Protection.
//
// In adplan.json (all optional; absent = no load balancer described, today's behaviour):
//   "load_balancers": [{"namespace": "mail.contoso.com",      a name of the plan clients connect to
//                       "addresses": ["203.0.113.10"],         the load balancer's own (virtual) addresses
//                       "tls": "passthrough"}],                passthrough | bridging | offloading
//   "extended_protection": true,                               absent: the version's default
//   "hybrid": false                                            a hybrid configuration names the certificate
// The servers behind it are the plan's `servers`, each with its own address.
#include <adplan/model/exchange.hpp>
#include <adplan/model/host_name.hpp>
#include <adplan/model/ip_address.hpp>

#include <optional>
#include <string_view>
#include <vector>

namespace adplan {

// What the load balancer does with TLS. Passthrough: layer 4, the servers' certificates reach the
// client. Bridging: TLS ends at the load balancer and a new TLS connection goes to the server
// (the load balancer holds a certificate of its own). Offloading: TLS ends at the load balancer,
// plain HTTP to the server.
enum class LbTls { Passthrough, Bridging, Offloading };
std::string_view lb_tls_key(LbTls tls);  // "passthrough" | "bridging" | "offloading"
std::optional<LbTls> parse_lb_tls(std::string_view key);

struct LoadBalancer {
  HostName name_space;               // the namespace it answers ("namespace" in adplan.json)
  std::vector<IpAddress> addresses;  // its own addresses, at least one
  LbTls tls = LbTls::Passthrough;
};

// Whether Extended Protection is on after setup: Exchange Server 2019 CU14 and later (adplan.json's
// "2019" means a supported, current CU) and Subscription Edition turn it on by default (Microsoft's
// Extended Protection documentation); earlier versions have it only when a script turned it on.
bool extended_protection_default(ExchangeVersion v);
// Whether the version can have Extended Protection at all (2013 CU23, 2016 CU22, 2019 CU11 and
// later; adplan.json's "2013" and "2016" stand for their last CU); 2007 and 2010 cannot.
bool extended_protection_possible(ExchangeVersion v);

}  // namespace adplan
