#pragma once
// One HTTP(S) request with libcurl, pinned to an address our own DNS step found
// (CURLOPT_RESOLVE), never following redirects, bounded in time and size. Certificate
// verification is off in the handshake; the chain is captured (CURLOPT_CERTINFO) so the
// caller judges it with OpenSSL and can name every problem.
#include <adplan/observe/observations.hpp>
#include <adplan/observe/url.hpp>
#include <adplan/probe/internal/deadline.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace adplan::probe {

// The probe fills the plain observation types of observe/ (the judge reads them).
using namespace adplan::observe;

struct Credentials {
  std::string user;
  std::string password;
};

struct HttpRequest {
  std::string method = "GET";  // GET or POST
  Url url;
  std::string address;  // pin url.host to this IP ("" for an IP literal host)
  std::string body;     // POST body
  std::string content_type = "text/xml; charset=utf-8";
  const Credentials* credentials = nullptr;  // Basic, NTLM or Digest as the server offers
  std::size_t max_body = 1 << 20;            // larger answers end as Transport::TooLarge
  std::chrono::milliseconds cap{10000};      // at most this long, and never past the deadline
};

struct HttpResult {
  HttpExchange exchange;  // tls left empty: the caller judges the chain
  std::string body;
  std::vector<std::string> pem_chain;  // leaf first
};

// Must run once before threads start (curl_global_init is not thread-safe).
void http_global_init();

HttpResult perform(const HttpRequest& request, const Deadline& deadline);

}  // namespace adplan::probe
