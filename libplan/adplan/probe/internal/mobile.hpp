#pragma once
// What phones, tablets and Teams ask (issue 12): the ActiveSync Autodiscover command (MS-ASCMD
// 2.2.2.1, the mobilesync schema over the POX transport), OPTIONS on the MobileSync URL
// (MS-ASHTTP 2.2.3) and Autodiscover v2 (GET /autodiscover/autodiscover.json/v1.0/<address>).
// Parsers take strings and never fail: a body that is not an answer gives valid == false and why.
#include <adplan/observe/mobile.hpp>
#include <adplan/observe/observations.hpp>
#include <adplan/probe/internal/certificate.hpp>
#include <adplan/probe/internal/deadline.hpp>
#include <adplan/probe/internal/http.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace adplan::probe {

struct ProbeOptions;

// Bodies larger than these are not parsed (the transfer already stops at the HTTP layer's cap).
inline constexpr std::size_t k_max_mobilesync_body = std::size_t{1} << 20;  // as for POX
inline constexpr std::size_t k_max_v2_body = std::size_t{64} * 1024;        // {"Protocol","Url"} is ~100 bytes
inline constexpr int k_max_v2_depth = 4;                                    // the answer is one flat object

// The protocols verify asks v2 for (Exchange 2013 CU19+ answers AutodiscoverV1, Ews, ActiveSync,
// Rest) and a protocol no server knows, which must give 400 {"ErrorCode":"InvalidProtocol"}.
inline constexpr std::string_view k_v2_protocols[] = {"AutodiscoverV1", "Ews", "ActiveSync"};
inline constexpr std::string_view k_v2_unknown_protocol = "AdplanNoSuchProtocol";

// MS-ASCMD 2.2.2.1: the Autodiscover command response (outer autodiscover/responseschema/2006,
// inner mobilesync/responseschema/2006), or the outer schema's Error.
observe::MobileSyncResponse parse_mobilesync_response(std::string_view body);

// {"Protocol":"...","Url":"..."} or {"ErrorCode":"...","ErrorMessage":"..."}: an object, strings only.
observe::V2Response parse_v2_response(std::string_view body);

// /autodiscover/autodiscover.json/v1.0/<address>?Protocol=<p>, the address percent-encoded.
std::string v2_path(std::string_view email, std::string_view protocol);

// What the mobile probes of one endpoint need from the run (probe.cpp owns it).
struct MobileContext {
  const ProbeOptions& options;
  const Deadline& deadline;
  const TrustStore& trust;
  const std::map<std::string, observe::AddressLookup>& lookups;
  const std::set<std::string>& approved;  // hosts credentials may go to when reached by an answer
  std::int64_t now = 0;
  HttpEngine* engine = nullptr;  // the run's connections (issue 25)
};

// After the POX probe of an https endpoint: the mobilesync POST (and its Redirect hops, at most
// k_max_redirects), OPTIONS on the MobileSync URL (a 451 followed once), and the v2 GETs. Adds
// one MobileObservation to e.mobile; nothing when the endpoint's first request did not connect.
void probe_mobile(const MobileContext& c, observe::Endpoint& e);

}  // namespace adplan::probe
