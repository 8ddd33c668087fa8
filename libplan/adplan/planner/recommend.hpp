#pragma once
// `adplan recommend`: the paper's trade-offs, weighed against what an organisation has.
#include <adplan/scenario/scenario.hpp>

#include <span>
#include <string>
#include <vector>

namespace adplan {

struct Constraints {
  bool srv_records;             // the DNS provider publishes SRV records
  bool multi_name_certificate;  // budget for a SAN (UC) certificate
  bool second_public_ip;        // a second public IP is available
  bool many_domains;            // a hoster with many SMTP domains
};

struct Recommendation {
  int scenario;
  bool internal_ca;  // the fallback: one SAN certificate from your own CA
  std::vector<std::string> reasons;
  std::vector<std::string> rejected;  // why the better-ranked scenarios did not fit
};

Recommendation recommend(std::span<const Scenario> all, const Constraints& c);

}  // namespace adplan
