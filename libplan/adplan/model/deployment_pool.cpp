#include <adplan/model/deployment_pool.hpp>

#include <array>

namespace adplan {
namespace {

constexpr std::array k_lb_tls{LbTls::Passthrough, LbTls::Bridging, LbTls::Offloading};

}  // namespace

std::string_view lb_tls_key(LbTls tls) {
  switch (tls) {
    case LbTls::Passthrough:
      return "passthrough";
    case LbTls::Bridging:
      return "bridging";
    case LbTls::Offloading:
      return "offloading";
  }
  return "";
}

std::optional<LbTls> parse_lb_tls(std::string_view key) {
  for (auto t : k_lb_tls) {
    if (lb_tls_key(t) == key) return t;
  }
  return std::nullopt;
}

bool extended_protection_default(ExchangeVersion v) {
  return v == ExchangeVersion::Ex2019 || v == ExchangeVersion::ExSE;
}

bool extended_protection_possible(ExchangeVersion v) {
  return v >= ExchangeVersion::Ex2013;
}

}  // namespace adplan
