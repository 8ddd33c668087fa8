#pragma once
// HTTP(S) requests with libcurl, pinned to an address our own DNS step found (CURLOPT_CONNECT_TO,
// so a connection is kept per host, address and port), never following redirects, bounded in
// time and size. Certificate verification is off in the handshake; the chain of the connection
// that carries the request is captured (from its SSL, reused and resumed connections too) so the
// caller judges it with OpenSSL and can name every problem.
// Issue 25: requests go through an HttpEngine (probe/engine.hpp): kept connections per endpoint,
// shared TLS sessions, and a request with credentials judged again on the very connection it is
// about to use, just before it is sent.
// Two gates no caller can open (issue 10): credentials never go over plain http, and the
// request connects only to the address it was given (or the URL's literal), never to a
// forbidden one (169.254.0.0/16 and the rest of model/ip_address.hpp's forbidden_target):
// checked before curl starts and again in curl's socket callback.
#include <adplan/observe/observations.hpp>
#include <adplan/observe/url.hpp>
#include <adplan/probe/credentials.hpp>
#include <adplan/probe/engine.hpp>
#include <adplan/probe/internal/deadline.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace adplan::probe {

// The probe fills the plain observation types of observe/ (the judge reads them).
using namespace adplan::observe;

class RateLimit;  // probe/rate_limit.hpp

struct HttpRequest {
  std::string method = "GET";  // GET, POST or OPTIONS
  Url url;
  std::string address;  // pin url.host to this IP ("" for an IP literal host)
  std::string body;     // POST body
  std::string content_type = "text/xml; charset=utf-8";
  const Credentials* credentials = nullptr;  // Basic, NTLM or Digest as the server offers (https only)
  std::string pinned_key;                    // "sha256//<base64>": the public key judged before; the
                                             // connection carrying credentials must show it (required)
  std::size_t max_body = 1 << 20;            // larger answers end as Transport::TooLarge
  std::chrono::milliseconds cap{10000};      // at most this long, and never past the deadline
  std::vector<std::string> headers;          // more request headers, "Name: value" (issue 11: Outlook's)
  std::string user_agent;                    // "" for adplan's own
  RateLimit* rate_limit = nullptr;           // --max-rate: waits its endpoint's turn first (not owned)
  // With credentials: the certificate of the connection about to carry them, judged now (chain
  // leaf first, PEM each). "" sends them; otherwise the reason, and the request is not sent.
  // Called before every request of the transfer (a 401's answer too), on the engine's thread.
  std::function<std::string(const std::vector<std::string>& pem_chain)> recheck;
  // Basic only, in the first request: the server asked for Basic alone on this host before
  // (saves the 401 round trip; still only after `recheck` passed on this connection).
  bool preemptive_basic = false;
  // A connection of its own with a full handshake (no reuse, no TLS session resumption): a pool
  // member's own certificate, a timing of its own.
  bool fresh_connection = false;
};

struct HttpResult {
  HttpExchange exchange;  // tls left empty: the caller judges the chain
  std::string body;
  std::vector<std::string> pem_chain;  // leaf first
  // Every header of the last response, {name, value}, values made valid UTF-8 (bounded with the
  // headers: 64 KiB). MS-ASProtocolVersions, X-MS-Location (issue 12).
  std::vector<std::pair<std::string, std::string>> headers;
  int new_connections = 0;   // connections this request opened (0: it rode a warm one)
  bool tls_resumed = false;  // the connection's TLS session was resumed, not a full handshake
};

// Must run once before threads start (curl_global_init is not thread-safe).
void http_global_init();

// One request on an engine of its own (its connection ends with it).
HttpResult perform(const HttpRequest& request, const Deadline& deadline);

}  // namespace adplan::probe
