#include <adplan/probe/internal/http.hpp>

#include <adplan/model/ip_address.hpp>
#include <adplan/model/sanitize.hpp>
#include <adplan/model/text.hpp>
#include <adplan/probe/rate_limit.hpp>

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <memory>
#include <mutex>

#include <netinet/in.h>
#include <sys/socket.h>

namespace adplan::probe {
namespace {

struct CurlFree {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistFree {
  void operator()(curl_slist* s) const { curl_slist_free_all(s); }
};
using SlistPtr = std::unique_ptr<curl_slist, SlistFree>;

constexpr std::size_t k_max_headers = std::size_t{64} * 1024;

struct Sink {
  std::string body;
  std::size_t max_body = 0;
  bool too_large = false;
  std::size_t header_bytes = 0;
  std::vector<std::string> auth_schemes;  // of the last response
  std::string location;
  std::string content_type;
  std::vector<std::pair<std::string, std::string>> headers;  // of the last response
};

// The one address this request may connect to, checked in curl's socket callback.
struct Gate {
  IpAddress allowed;
  std::string refused;  // the address curl asked for instead ("" when none)
};

bool same_address(const curl_sockaddr& a, const IpAddress& ip) {
  const auto& b = ip.bytes();
  if (a.family == AF_INET && !ip.is_v6()) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&a.addr);
    return std::equal(b.begin(), b.begin() + 4, reinterpret_cast<const std::uint8_t*>(&in->sin_addr));
  }
  if (a.family == AF_INET6 && ip.is_v6()) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&a.addr);
    return std::equal(b.begin(), b.end(), reinterpret_cast<const std::uint8_t*>(&in6->sin6_addr));
  }
  return false;
}

curl_socket_t open_socket(void* user, curlsocktype purpose, curl_sockaddr* address) {
  auto* gate = static_cast<Gate*>(user);
  if (purpose != CURLSOCKTYPE_IPCXN || !same_address(*address, gate->allowed)) {
    gate->refused = address->family == AF_INET6 ? "an IPv6 address" : "another address";
    return CURL_SOCKET_BAD;
  }
  return ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

bool header_is(std::string_view line, std::string_view name) {
  if (line.size() <= name.size() || line[name.size()] != ':') return false;
  return ascii_iequals(line.substr(0, name.size()), name);
}

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
  auto* sink = static_cast<Sink*>(user);
  std::size_t bytes = size * n;
  if (sink->body.size() + bytes > sink->max_body) {
    sink->too_large = true;
    return 0;  // aborts the transfer: CURLE_WRITE_ERROR
  }
  sink->body.append(data, bytes);
  return bytes;
}

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
  auto* sink = static_cast<Sink*>(user);
  std::size_t bytes = size * n;
  sink->header_bytes += bytes;
  if (sink->header_bytes > k_max_headers) {
    sink->too_large = true;
    return 0;
  }
  std::string_view line(data, bytes);
  if (auto colon = line.find(':'); colon != std::string_view::npos && colon > 0 && !line.starts_with("HTTP/")) {
    sink->headers.emplace_back(to_valid_utf8(trim(line.substr(0, colon))), to_valid_utf8(trim(line.substr(colon + 1))));
  }
  if (line.starts_with("HTTP/")) {  // a new response (curl's auth round trips give several)
    sink->auth_schemes.clear();
    sink->location.clear();
    sink->content_type.clear();
    sink->headers.clear();
  } else if (header_is(line, "WWW-Authenticate")) {
    std::string value = trim(line.substr(line.find(':') + 1));
    sink->auth_schemes.push_back(to_valid_utf8(value.substr(0, value.find(' '))));
  } else if (header_is(line, "Location")) {
    sink->location = to_valid_utf8(trim(line.substr(line.find(':') + 1)));  // the server's bytes
  } else if (header_is(line, "Content-Type")) {
    sink->content_type = to_valid_utf8(trim(line.substr(line.find(':') + 1)));
  }
  return bytes;
}

Transport classify(CURLcode rc, long os_errno, long local_port, bool tls_pending, const Sink& sink) {
  switch (rc) {
    case CURLE_OK:
      return Transport::Ok;
    case CURLE_COULDNT_CONNECT:
      return os_errno == ECONNREFUSED ? Transport::Refused : Transport::Unreachable;
    // Which stage timed out. CURLINFO_CONNECT_TIME stays 0 when a TLS handshake times out, but
    // the local port is set as soon as TCP connects: it tells "nothing accepted" (TCP) from
    // "accepted". CURLINFO_APPCONNECT_TIME stays 0 until the TLS handshake completes: it tells
    // a stalled handshake (TLS) from a response that never came (HTTP).
    case CURLE_OPERATION_TIMEDOUT:
      if (local_port == 0) return Transport::ConnectTimeout;
      return tls_pending ? Transport::TlsTimeout : Transport::Timeout;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
      return Transport::TlsFailed;
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
      return Transport::Reset;
    case CURLE_WRITE_ERROR:
    case CURLE_FILESIZE_EXCEEDED:
      return sink.too_large || rc == CURLE_FILESIZE_EXCEEDED ? Transport::TooLarge : Transport::Error;
    default:
      return Transport::Error;
  }
}

}  // namespace

void http_global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

HttpResult perform(const HttpRequest& request, const Deadline& deadline) {
  HttpResult result;
  auto& ex = result.exchange;
  ex.method = request.method;
  ex.url = request.url.str();
  ex.address = request.address;
  ex.port = request.url.port;
  ex.authenticated = request.credentials != nullptr;

  // Basic is the password in base64: never on plain http (and never without the key judged).
  if (request.credentials && (request.url.scheme != "https" || request.pinned_key.empty())) {
    ex.authenticated = false;
    ex.error = request.url.scheme != "https" ? "refused: credentials are never sent over plain http"
                                             : "refused: credentials need the certificate judged first";
    return result;
  }
  // Where this request may connect: the address given, else the URL's literal; never a name
  // curl would resolve on its own, never a forbidden address.
  auto target = IpAddress::parse_host(request.address.empty() ? request.url.host : request.address);
  if (!target) {
    ex.transport = Transport::NoAddress;
    ex.error = "\"" + request.url.host + "\" is not pinned to an address";
    return result;
  }
  if (auto forbidden = forbidden_target(*target)) {
    ex.transport = Transport::Forbidden;
    ex.address = target->str();
    ex.error = target->str() + " is in " + forbidden->range + ", " + forbidden->why;
    return result;
  }
  Gate gate{*target, {}};
  if (request.rate_limit) request.rate_limit->wait(request.url.host, target->str(), request.url.port, deadline);

  std::unique_ptr<CURL, CurlFree> curl(curl_easy_init());
  if (!curl) {
    ex.error = "curl_easy_init failed";
    return result;
  }
  CURL* c = curl.get();
  Sink sink;
  sink.max_body = request.max_body;
  char errbuf[CURL_ERROR_SIZE] = {};
  // Never 0: libcurl reads a timeout of 0 as "no limit".
  auto budget = std::max(std::min(request.cap, deadline.remaining()), std::chrono::milliseconds(1));

  SlistPtr resolve;
  if (!request.address.empty()) {
    std::string addr = request.address.find(':') != std::string::npos ? "[" + request.address + "]" : request.address;
    resolve.reset(
        curl_slist_append(nullptr, (request.url.host + ":" + std::to_string(request.url.port) + ":" + addr).c_str()));
  }
  SlistPtr headers;
  if (request.method == "POST")
    headers.reset(curl_slist_append(nullptr, ("Content-Type: " + request.content_type).c_str()));
  for (const auto& h : request.headers) {
    auto* grown = curl_slist_append(headers.get(), h.c_str());
    if (grown && !headers) headers.reset(grown);
  }

  curl_easy_setopt(c, CURLOPT_URL, ex.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_PROXY, "");  // never an environment proxy: we probe what we resolved
  curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);  // we follow redirects ourselves, host by host
  // (No CURLOPT_MAXREDIRS 0: curl counts the 401 round trip of its auth negotiation as a follow.)
  curl_easy_setopt(c, CURLOPT_UNRESTRICTED_AUTH, 0L);  // credentials never to another host
  curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, open_socket);
  curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &gate);
  curl_easy_setopt(c, CURLOPT_RESOLVE, resolve.get());
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(budget.count()));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(budget.count()));
  curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(request.max_body));
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &sink);
  curl_easy_setopt(c, CURLOPT_USERAGENT,
                   request.user_agent.empty() ? "adplan-verify (Autodiscover probe)" : request.user_agent.c_str());
  if (headers) curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  // The handshake must not decide: the chain is captured and judged with OpenSSL afterwards,
  // so an RSA-1024 or SHA-1 certificate is reported as what it is.
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
  curl_easy_setopt(c, CURLOPT_SSL_CIPHER_LIST, "DEFAULT:@SECLEVEL=0");
  curl_easy_setopt(c, CURLOPT_CERTINFO, 1L);
  if (request.method == "POST") {
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
  } else if (request.method == "OPTIONS") {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "OPTIONS");  // MS-ASHTTP 2.2.3: no body
  }
  if (request.credentials) {
    // The key judged on the unauthenticated request: a server that swaps its certificate
    // between the two connections gets no credentials (curl aborts before sending).
    curl_easy_setopt(c, CURLOPT_PINNEDPUBLICKEY, request.pinned_key.c_str());
    // More than one scheme: curl asks without credentials first and answers the 401's challenge.
    curl_easy_setopt(c, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC | CURLAUTH_DIGEST | CURLAUTH_NTLM));
    curl_easy_setopt(c, CURLOPT_USERNAME, request.credentials->user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, request.credentials->password.c_str());
  }

  CURLcode rc = curl_easy_perform(c);
  long os_errno = 0;
  curl_off_t connect_us = 0;
  curl_off_t total_us = 0;
  curl_easy_getinfo(c, CURLINFO_OS_ERRNO, &os_errno);
  curl_easy_getinfo(c, CURLINFO_CONNECT_TIME_T, &connect_us);
  curl_off_t appconnect_us = 0;
  curl_easy_getinfo(c, CURLINFO_APPCONNECT_TIME_T, &appconnect_us);
  curl_easy_getinfo(c, CURLINFO_TOTAL_TIME_T, &total_us);
  long local_port = 0;
  curl_easy_getinfo(c, CURLINFO_LOCAL_PORT, &local_port);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &ex.status);
  bool tls_pending = request.url.scheme == "https" && appconnect_us == 0;
  ex.transport = classify(rc, os_errno, local_port, tls_pending, sink);
  if (rc != CURLE_OK) ex.error = to_valid_utf8(errbuf[0] ? errbuf : curl_easy_strerror(rc));
  if (!gate.refused.empty()) {
    ex.transport = Transport::Forbidden;
    ex.error = "curl asked to connect to " + gate.refused + " instead of " + target->str() + "; refused";
  }
  ex.connect_ms = static_cast<int>(connect_us / 1000);
  ex.ms = static_cast<int>(total_us / 1000);
  ex.auth_schemes = sink.auth_schemes;
  ex.location = sink.location;
  ex.content_type = sink.content_type;

  curl_certinfo* info = nullptr;
  if (curl_easy_getinfo(c, CURLINFO_CERTINFO, &info) == CURLE_OK && info) {
    for (int i = 0; i < info->num_of_certs; ++i) {
      for (auto* s = info->certinfo[i]; s; s = s->next) {
        std::string_view entry(s->data);
        if (entry.starts_with("Cert:")) result.pem_chain.emplace_back(entry.substr(5));
      }
    }
  }
  result.body = std::move(sink.body);
  result.headers = std::move(sink.headers);
  return result;
}

}  // namespace adplan::probe
