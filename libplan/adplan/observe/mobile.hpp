#pragma once
// What phones, tablets and Teams see (issue 12), as plain data: the ActiveSync Autodiscover
// answer (MS-ASCMD 2.2.2.1, the mobilesync schema), the OPTIONS on the MobileSync URL it names
// (MS-ASHTTP 2.2.3, 3.1.5.2.2) and the Autodiscover v2 JSON answers. The probe fills them, the
// judge (verify/judge_activesync.cpp, verify/judge_v2.cpp) reads them.
#include <adplan/observe/observations.hpp>

#include <optional>
#include <string>
#include <vector>

namespace adplan::observe {

// MS-ASCMD 2.2.3.145 Server: Type (MobileSync, CertEnroll), Url, Name.
struct MobileSyncServer {
  std::string type;
  std::string url;
  std::string name;
};

// The answer to the mobilesync POST, as far as the judge needs it.
struct MobileSyncResponse {
  bool valid = false;                     // well-formed, in the expected namespaces
  std::string problem;                    // why not valid
  std::string schema;                     // namespace of the inner Response ("" for an error in the outer schema)
  std::string culture;                    // Culture
  std::string user;                       // User/EMailAddress
  std::vector<MobileSyncServer> servers;  // Action/Settings/Server, document order
  std::string redirect;                   // Action/Redirect: a new SMTP address (MS-ASCMD 2.2.3.147)
  // Action/Error/Status (MS-ASCMD 2.2.3.177.1), or the outer schema's Error/ErrorCode (600, 601:
  // a server that speaks only Outlook's schema, MS-OXDISCO 2.2.4.2).
  std::optional<std::string> error_code;
  std::string error_message;
  bool outer_error = false;  // the error came in the outer (Outlook) schema's Error element

  // The MobileSync URL a device goes on with ("" when none).
  [[nodiscard]] std::string mobilesync_url() const {
    for (const auto& s : servers) {
      if (s.type == "MobileSync") return s.url;
    }
    return {};
  }
};

struct MobileSyncExchange {
  std::string email;                           // the address asked about (a Redirect changes it)
  HttpExchange http;                           // POST text/xml, the mobilesync request schema
  std::optional<MobileSyncResponse> response;  // a 200's body, parsed
};

// OPTIONS /Microsoft-Server-ActiveSync (MS-ASHTTP 2.2.4.1.2: MS-ASProtocolVersions and
// MS-ASProtocolCommands; 3.1.5.2.2: 451 with X-MS-Location).
struct OptionsExchange {
  HttpExchange http;
  std::string versions;      // MS-ASProtocolVersions, as sent
  std::string commands;      // MS-ASProtocolCommands, as sent
  std::string ms_location;   // X-MS-Location on a 451
  bool follows_451 = false;  // this request went to a 451's X-MS-Location
};

// An Autodiscover v2 answer: {"Protocol":"...","Url":"..."} or {"ErrorCode":"...","ErrorMessage":"..."}.
struct V2Response {
  bool valid = false;   // JSON, an object, the members of the right types
  std::string problem;  // why not
  std::string protocol;
  std::string url;
  std::string error_code;
  std::string error_message;
};

struct V2Exchange {
  std::string protocol;                // asked for: AutodiscoverV1, Ews, ActiveSync, or the unknown one
  bool unknown = false;                // the deliberately unknown protocol (400 InvalidProtocol expected)
  HttpExchange http;                   // GET, no credentials
  std::optional<V2Response> response;  // parsed body of a 200 or 400
  // Issue 22: a GET of the answer's https Url (then with credentials where the rule allows), so a
  // Url that differs from the plan is judged by what it answers; empty when not requested.
  std::vector<HttpExchange> target;
};

struct MobileObservation {
  std::vector<MobileSyncExchange> mobilesync;  // without credentials, with them, then each Redirect hop
  std::vector<std::string> redirects;          // the addresses a Redirect sent the device on to, in order
  bool too_many_redirects = false;             // more than k_max_redirects (as for POX)
  bool redirect_loop = false;                  // a Redirect came back to an address already asked
  std::vector<OptionsExchange> options;        // without credentials, with them, the 451 follow-up
  std::vector<V2Exchange> v2;                  // AutodiscoverV1, Ews, ActiveSync, the unknown protocol
  int ms = 0;                                  // these probes together

  // The last answer that carries settings, a Redirect or an error ("final" for the judge).
  [[nodiscard]] const MobileSyncExchange* final_answer() const {
    const MobileSyncExchange* out = nullptr;
    for (const auto& m : mobilesync) {
      if (m.response) out = &m;
    }
    return out;
  }
};

}  // namespace adplan::observe
