#include <adplan/probe/internal/http.hpp>

#include <adplan/model/ip_address.hpp>
#include <adplan/model/sanitize.hpp>
#include <adplan/model/text.hpp>
#include <adplan/probe/rate_limit.hpp>

#include <adplan/probe/internal/certificate.hpp>

#include <curl/curl.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <tuple>

#include <netinet/in.h>
#include <sys/socket.h>

namespace adplan::probe {
namespace {

struct CurlFree {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct MultiFree {
  void operator()(CURLM* m) const { curl_multi_cleanup(m); }
};
struct ShareFree {
  void operator()(CURLSH* s) const { curl_share_cleanup(s); }
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

// The chains full handshakes presented, by their leaf: a resumed TLS session may keep only the
// leaf (SSL_get_peer_cert_chain can be empty then), and the chain it was made with is the one
// this leaf came with on this engine.
struct ChainCache {
  std::mutex mutex;
  std::map<std::string, std::vector<std::string>> by_leaf;
};

// One request in flight: what curl's callbacks write to, alive until the transfer ended.
struct Transfer {
  ChainCache* chains = nullptr;
  const HttpRequest* request = nullptr;
  Sink sink;
  Gate gate;
  std::array<char, CURL_ERROR_SIZE> errbuf{};
  SlistPtr connect_to;
  SlistPtr headers;
  std::unique_ptr<CURL, CurlFree> curl;
  std::vector<std::string> pem_chain;  // of the connection carrying the last request, leaf first
  bool session_reused = false;
  std::string withheld;  // why `recheck` (or the key) refused the credentials
  CURLcode rc = CURLE_OK;
  bool done = false;
  // When the request's budget ends. The engine ends it then itself: a transfer waiting for a
  // connection slot (its endpoint's slots held by a tarpit) is not in libcurl yet, so not timed by it.
  std::chrono::steady_clock::time_point expires{};
  std::chrono::steady_clock::time_point submitted{};   // the request's time counts from here
  std::tuple<std::string, std::string, int> endpoint;  // host, address, port: its lane in the engine
  bool admitted = false;                               // handed to the multi handle
  // Ended while waiting for its endpoint: what the request it waited on was doing then.
  std::optional<Transport> held_back;
};

std::string pem_of(X509* x) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  if (!bio || PEM_write_bio_X509(bio.get(), x) != 1) return {};
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(n));
}

// The chain the server presented on this connection (a resumed session keeps the one it was
// made with), leaf first; {} on plain http.
std::vector<std::string> connection_chain(CURL* c, bool* reused) {
  std::vector<std::string> chain;
  curl_tlssessioninfo* info = nullptr;
  if (curl_easy_getinfo(c, CURLINFO_TLS_SSL_PTR, &info) != CURLE_OK || !info ||
      info->backend != CURLSSLBACKEND_OPENSSL || !info->internals)
    return chain;
  auto* ssl = static_cast<SSL*>(info->internals);
  *reused = SSL_session_reused(ssl) == 1;
  if (STACK_OF(X509)* peers = SSL_get_peer_cert_chain(ssl)) {  // the client's: the leaf included
    for (int i = 0; i < sk_X509_num(peers); ++i) chain.push_back(pem_of(sk_X509_value(peers, i)));
  } else if (X509* leaf = SSL_get0_peer_certificate(ssl)) {
    chain.push_back(pem_of(leaf));
  }
  std::erase(chain, std::string{});
  return chain;
}

// Just before curl sends a request (the first, or the answer to a 401) on the connection it
// picked -- new, reused or resumed: capture that connection's chain, and with credentials judge
// it again now. Refused: the transfer ends before a byte of the request is sent.
int before_request(void* user, char*, char*, int, int) {
  auto* t = static_cast<Transfer*>(user);
  t->pem_chain = connection_chain(t->curl.get(), &t->session_reused);
  if (t->chains && !t->pem_chain.empty()) {
    std::lock_guard guard(t->chains->mutex);
    auto& known = t->chains->by_leaf[t->pem_chain.front()];
    if (t->pem_chain.size() > 1 || known.empty())
      known = t->pem_chain;
    else
      t->pem_chain = known;  // the leaf alone: the chain it came with
  }
  const HttpRequest& r = *t->request;
  if (!r.credentials) return CURL_PREREQFUNC_OK;
  if (t->pem_chain.empty()) {
    t->withheld = "no certificate on the connection that would carry them";
  } else if (public_key_pin(t->pem_chain.front()) != r.pinned_key) {
    t->withheld = "the connection's certificate is not the one judged";
  } else if (r.recheck) {
    t->withheld = r.recheck(t->pem_chain);
  }
  return t->withheld.empty() ? CURL_PREREQFUNC_OK : CURL_PREREQFUNC_ABORT;
}

std::string bracketed(const std::string& address) {
  return address.find(':') != std::string::npos ? "[" + address + "]" : address;
}

// The easy handle of one request; `rc` set when the request is refused before curl starts.
bool prepare(Transfer& t, HttpResult& result, CURLSH* share, const Deadline& deadline) {
  const HttpRequest& request = *t.request;
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
    return false;
  }
  // Where this request may connect: the address given, else the URL's literal; never a name
  // curl would resolve on its own, never a forbidden address.
  auto target = IpAddress::parse_host(request.address.empty() ? request.url.host : request.address);
  if (!target) {
    ex.transport = Transport::NoAddress;
    ex.error = "\"" + request.url.host + "\" is not pinned to an address";
    return false;
  }
  if (auto forbidden = forbidden_target(*target)) {
    ex.transport = Transport::Forbidden;
    ex.address = target->str();
    ex.error = target->str() + " is in " + forbidden->range + ", " + forbidden->why;
    return false;
  }
  t.gate = Gate{*target, {}};
  if (request.rate_limit) request.rate_limit->wait(request.url.host, target->str(), request.url.port, deadline);

  t.curl.reset(curl_easy_init());
  if (!t.curl) {
    ex.error = "curl_easy_init failed";
    return false;
  }
  CURL* c = t.curl.get();
  t.sink.max_body = request.max_body;
  // Never 0: libcurl reads a timeout of 0 as "no limit".
  auto budget = std::max(std::min(request.cap, deadline.remaining()), std::chrono::milliseconds(1));
  t.expires = std::chrono::steady_clock::now() + budget;

  // CONNECT_TO, not RESOLVE: the connection is kept under (host, address, port), so a request
  // pinned to one address never rides a connection made to another.
  if (!request.address.empty()) {
    const std::string port = std::to_string(request.url.port);
    t.connect_to.reset(curl_slist_append(
        nullptr, (bracketed(request.url.host) + ":" + port + ":" + bracketed(request.address) + ":" + port).c_str()));
  }
  if (request.method == "POST")
    t.headers.reset(curl_slist_append(nullptr, ("Content-Type: " + request.content_type).c_str()));
  for (const auto& h : request.headers) {
    auto* grown = curl_slist_append(t.headers.get(), h.c_str());
    if (grown && !t.headers) t.headers.reset(grown);
  }

  curl_easy_setopt(c, CURLOPT_URL, ex.url.c_str());
  curl_easy_setopt(c, CURLOPT_PRIVATE, &t);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_PROXY, "");  // never an environment proxy: we probe what we resolved
  curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);  // we follow redirects ourselves, host by host
  // (No CURLOPT_MAXREDIRS 0: curl counts the 401 round trip of its auth negotiation as a follow.)
  curl_easy_setopt(c, CURLOPT_UNRESTRICTED_AUTH, 0L);  // credentials never to another host
  curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, open_socket);
  curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &t.gate);
  curl_easy_setopt(c, CURLOPT_CONNECT_TO, t.connect_to.get());
  curl_easy_setopt(c, CURLOPT_SHARE, share);
  // HTTP/2 where the server's ALPN offers it. A second request to an endpoint waits in the engine
  // until the first connection there has told whether it multiplexes (RFC 9113 9.1: one per
  // origin), not in libcurl: CURLOPT_PIPEWAIT waits on any connection to the same address (other
  // host names too) and libcurl 7.88 wakes its waiting transfers one per ended transfer, in one
  // queue for all hosts, so a tarpit on one name starved every request behind it.
  curl_easy_setopt(c, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  curl_easy_setopt(c, CURLOPT_PIPEWAIT, 0L);
  curl_easy_setopt(c, CURLOPT_MAXLIFETIME_CONN, static_cast<long>(k_max_connection_age.count()));
  if (request.fresh_connection) {
    curl_easy_setopt(c, CURLOPT_FRESH_CONNECT, 1L);
    curl_easy_setopt(c, CURLOPT_FORBID_REUSE, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_SESSIONID_CACHE, 0L);
  }
  curl_easy_setopt(c, CURLOPT_PREREQFUNCTION, before_request);
  curl_easy_setopt(c, CURLOPT_PREREQDATA, &t);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(budget.count()));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(budget.count()));
  curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(request.max_body));
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, t.errbuf.data());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &t.sink);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &t.sink);
  curl_easy_setopt(c, CURLOPT_USERAGENT,
                   request.user_agent.empty() ? "adplan-verify (Autodiscover probe)" : request.user_agent.c_str());
  if (t.headers) curl_easy_setopt(c, CURLOPT_HTTPHEADER, t.headers.get());
  // The handshake must not decide: the chain is captured and judged with OpenSSL afterwards,
  // so an RSA-1024 or SHA-1 certificate is reported as what it is.
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
  curl_easy_setopt(c, CURLOPT_SSL_CIPHER_LIST, "DEFAULT:@SECLEVEL=0");
  if (request.method == "POST") {
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
  } else if (request.method == "OPTIONS") {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "OPTIONS");  // MS-ASHTTP 2.2.3: no body
  }
  if (request.credentials) {
    // The key judged on the unauthenticated request is checked in before_request, on whichever
    // connection carries them (new, reused or resumed). Not CURLOPT_PINNEDPUBLICKEY: libcurl keeps
    // it in a connection's TLS config, so a request with it could neither reuse the connection nor
    // resume the TLS session the request without credentials made (a second full handshake).
    // More than one scheme: curl asks without credentials first and answers the 401's challenge.
    // Basic alone where the server asked only for it: in the first request.
    long schemes = request.preemptive_basic ? static_cast<long>(CURLAUTH_BASIC)
                                            : static_cast<long>(CURLAUTH_BASIC | CURLAUTH_DIGEST | CURLAUTH_NTLM);
    curl_easy_setopt(c, CURLOPT_HTTPAUTH, schemes);
    curl_easy_setopt(c, CURLOPT_USERNAME, request.credentials->user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, request.credentials->password.c_str());
  }
  return true;
}

// What the ended transfer gives (on the caller's thread: the handle has left the multi).
void finish(Transfer& t, HttpResult& result) {
  auto& ex = result.exchange;
  CURL* c = t.curl.get();
  const HttpRequest& request = *t.request;
  long os_errno = 0;
  curl_off_t connect_us = 0;
  curl_off_t appconnect_us = 0;
  curl_off_t total_us = 0;
  long local_port = 0;
  long connects = 0;
  curl_easy_getinfo(c, CURLINFO_OS_ERRNO, &os_errno);
  curl_easy_getinfo(c, CURLINFO_CONNECT_TIME_T, &connect_us);
  curl_easy_getinfo(c, CURLINFO_APPCONNECT_TIME_T, &appconnect_us);
  curl_easy_getinfo(c, CURLINFO_TOTAL_TIME_T, &total_us);
  curl_easy_getinfo(c, CURLINFO_LOCAL_PORT, &local_port);
  curl_easy_getinfo(c, CURLINFO_NUM_CONNECTS, &connects);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &ex.status);
  // A warm connection finished its handshake long ago.
  bool tls_pending = request.url.scheme == "https" && appconnect_us == 0 && connects > 0;
  ex.transport = classify(t.rc, os_errno, local_port, tls_pending, t.sink);
  if (t.rc != CURLE_OK) ex.error = to_valid_utf8(t.errbuf[0] ? t.errbuf.data() : curl_easy_strerror(t.rc));
  if (t.held_back) {  // never sent: the endpoint's first connection had not answered by its end
    ex.transport = *t.held_back;
    ex.error = "not sent: waited for this endpoint's first connection, which did not answer in time";
  }
  if (!t.gate.refused.empty()) {
    ex.transport = Transport::Forbidden;
    ex.error = "curl asked to connect to " + t.gate.refused + " instead of " + t.gate.allowed.str() + "; refused";
  }
  if (!t.withheld.empty()) {  // refused on the connection, before the request went out
    ex.transport = Transport::TlsFailed;
    ex.authenticated = false;
    ex.withheld_code = "certificate";
    ex.withheld = t.withheld;
    ex.error = "refused: credentials withheld: " + t.withheld;
  }
  ex.connect_ms = static_cast<int>(connect_us / 1000);
  // The request's own time: a wait for its endpoint's connection slot included.
  const auto waited =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t.submitted);
  ex.ms = std::max(static_cast<int>(total_us / 1000), static_cast<int>(waited.count()));
  ex.auth_schemes = t.sink.auth_schemes;
  ex.location = t.sink.location;
  ex.content_type = t.sink.content_type;
  result.pem_chain = std::move(t.pem_chain);
  result.new_connections = static_cast<int>(connects);
  result.tls_resumed = connects > 0 && t.session_reused;
  result.body = std::move(t.sink.body);
  result.headers = std::move(t.sink.headers);
}

}  // namespace

void http_global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// libcurl times what it runs; this much later the engine ends a transfer still waiting itself.
constexpr std::chrono::milliseconds k_expiry_grace{20};

// How far a request in libcurl has got: not connected, connected but no TLS yet, or waiting for
// the answer (what a request held back behind it reports when both run out of time).
Transport stage(const Transfer& t) {
  curl_off_t connect_us = 0;
  curl_off_t appconnect_us = 0;
  curl_easy_getinfo(t.curl.get(), CURLINFO_CONNECT_TIME_T, &connect_us);
  curl_easy_getinfo(t.curl.get(), CURLINFO_APPCONNECT_TIME_T, &appconnect_us);
  if (connect_us == 0) return Transport::ConnectTimeout;
  if (t.request->url.scheme == "https" && appconnect_us == 0) return Transport::TlsTimeout;
  return Transport::Timeout;
}

// One thread drives the multi handle; callers hand it transfers and wait for theirs.
struct HttpEngine::Impl {
  std::unique_ptr<CURLSH, ShareFree> share;
  std::unique_ptr<CURLM, MultiFree> multi;
  std::array<std::mutex, CURL_LOCK_DATA_LAST> share_locks;  // easy handles leave it on callers' threads
  ChainCache chains;

  std::mutex mutex;  // guards everything below
  std::condition_variable ended;
  std::deque<Transfer*> incoming;
  bool stopping = false;
  std::size_t per_endpoint = 1;  // connections at once per endpoint, once it is known not to multiplex
  std::map<std::tuple<std::string, std::string, int>, observe::EndpointCost> counts;
  std::thread loop;

  static void lock(CURL*, curl_lock_data data, curl_lock_access, void* user) {
    static_cast<Impl*>(user)->share_locks.at(static_cast<std::size_t>(data)).lock();
  }
  static void unlock(CURL*, curl_lock_data data, void* user) {
    static_cast<Impl*>(user)->share_locks.at(static_cast<std::size_t>(data)).unlock();
  }

  // One endpoint's requests (host, address, port). Until a request there has ended well, one goes
  // at a time: the first connection tells whether the server multiplexes (HTTP/2: the others ride
  // it) or not (HTTP/1.1: up to `per_endpoint` connections, the later ones resuming the TLS
  // session). The engine, not libcurl, holds the others back, each endpoint on its own.
  struct Lane {
    std::vector<Transfer*> flying;  // handed to libcurl
    bool settled = false;
    bool multiplexed = false;  // settled on HTTP/2: its requests are streams of one connection
    std::deque<Transfer*> waiting;
    std::chrono::steady_clock::time_point idle_since{};  // when the last of its requests ended
  };
  // Requests in flight at once on an endpoint that multiplexes (HTTP/2): streams of its one
  // connection, not connections, so --parallel does not bound them (issue 25: a warm scrape's
  // burst after the POX answer is a dozen requests); below nginx's and IIS's 100-128 streams.
  static constexpr std::size_t k_max_streams = 100;
  // Idle lanes are kept as long as their connection may be reused (a warm endpoint's next burst
  // goes out at once), and at most this many (a bulk run meets many endpoints once).
  static constexpr std::size_t k_max_idle_lanes = 4096;

  void run() {
    std::vector<Transfer*> live;  // handed to the engine, not ended yet (admitted or waiting)
    std::map<std::tuple<std::string, std::string, int>, Lane> lanes;
    auto next_sweep = std::chrono::steady_clock::now();
    // A waiting request's budget ran while it waited: libcurl gets what is left of it, and one
    // whose budget is spent (or all but the grace) is never sent: the expiry pass below ends it
    // as a timeout, rather than a last-moment connection to the endpoint that held it back.
    auto admit = [&](Lane& lane) {
      const auto now = std::chrono::steady_clock::now();
      for (auto it = lane.waiting.begin();
           it != lane.waiting.end() && lane.flying.size() < (lane.multiplexed ? k_max_streams
                                                             : lane.settled   ? per_endpoint
                                                                              : 1);) {
        Transfer* t = *it;
        if (now + k_expiry_grace >= t->expires) {
          ++it;
          continue;
        }
        it = lane.waiting.erase(it);
        t->admitted = true;
        lane.flying.push_back(t);
        const auto left =
            std::max<long>(std::chrono::duration_cast<std::chrono::milliseconds>(t->expires - now).count(), 1);
        curl_easy_setopt(t->curl.get(), CURLOPT_TIMEOUT_MS, left);
        curl_easy_setopt(t->curl.get(), CURLOPT_CONNECTTIMEOUT_MS, left);
        curl_multi_add_handle(multi.get(), t->curl.get());
      }
    };
    auto end = [&](Transfer* t, CURLcode rc) {
      std::erase(live, t);
      if (!t->request->fresh_connection) {
        auto it = lanes.find(t->endpoint);
        Lane& lane = it->second;
        if (t->admitted) {
          std::erase(lane.flying, t);
          lane.settled = lane.settled || rc == CURLE_OK;
          long version = 0;
          if (rc == CURLE_OK && curl_easy_getinfo(t->curl.get(), CURLINFO_HTTP_VERSION, &version) == CURLE_OK)
            lane.multiplexed = version == CURL_HTTP_VERSION_2_0;
        } else {
          std::erase(lane.waiting, t);
          t->held_back = lane.flying.empty() ? Transport::Timeout : stage(*lane.flying.front());
        }
        admit(lane);
        if (lane.flying.empty() && lane.waiting.empty()) {
          lane.idle_since = std::chrono::steady_clock::now();
          if (!lane.settled) lanes.erase(it);  // nothing learnt: the next request goes alone anyway
        }
      }
      if (t->admitted) curl_multi_remove_handle(multi.get(), t->curl.get());
      std::lock_guard guard(mutex);
      t->rc = rc;
      t->done = true;
      ended.notify_all();
    };
    for (;;) {
      {
        std::lock_guard guard(mutex);
        if (stopping) return;
        for (Transfer* t : incoming) {
          live.push_back(t);
          if (t->request->fresh_connection) {  // a connection of its own: nothing to wait for
            t->admitted = true;
            curl_multi_add_handle(multi.get(), t->curl.get());
            continue;
          }
          Lane& lane = lanes[t->endpoint];
          lane.waiting.push_back(t);
          admit(lane);
        }
        incoming.clear();
      }
      int running = 0;
      curl_multi_perform(multi.get(), &running);
      int left = 0;
      while (CURLMsg* msg = curl_multi_info_read(multi.get(), &left)) {
        if (msg->msg != CURLMSG_DONE) continue;
        Transfer* t = nullptr;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &t);
        end(t, msg->data.result);
      }
      // Past its budget and still not ended (waiting for its endpoint): ended here, as a timeout.
      const auto now = std::chrono::steady_clock::now();
      auto wait = std::chrono::milliseconds(1000);
      for (Transfer* t : std::vector<Transfer*>(live)) {
        if (now >= t->expires + k_expiry_grace) {
          end(t, CURLE_OPERATION_TIMEDOUT);
          continue;
        }
        wait = std::min(wait, std::chrono::duration_cast<std::chrono::milliseconds>(t->expires + k_expiry_grace - now) +
                                  std::chrono::milliseconds(1));
      }
      // Idle lanes whose connections are past reuse go; beyond the bound, the idle ones all go
      // (an endpoint without its lane only sends its next request alone first).
      // Once a second at most: a bulk run turns this loop thousands of times a second.
      if (const bool crowded = lanes.size() > k_max_idle_lanes; crowded || now >= next_sweep) {
        next_sweep = now + std::chrono::seconds(1);
        std::erase_if(lanes, [&](const auto& entry) {
          const Lane& l = entry.second;
          return l.flying.empty() && l.waiting.empty() && (crowded || now - l.idle_since > k_max_connection_age);
        });
      }
      curl_multi_poll(multi.get(), nullptr, 0, static_cast<int>(wait.count()),
                      nullptr);  // curl's timers wake it sooner
    }
  }
};

HttpEngine::HttpEngine(std::size_t max_host_connections) : m_impl(std::make_unique<Impl>()) {
  http_global_init();
  auto& i = *m_impl;
  // TLS sessions and DNS only: the connection cache stays the multi handle's own (libcurl's
  // shared connection cache is not for concurrent threads).
  i.share.reset(curl_share_init());
  curl_share_setopt(i.share.get(), CURLSHOPT_LOCKFUNC, &Impl::lock);
  curl_share_setopt(i.share.get(), CURLSHOPT_UNLOCKFUNC, &Impl::unlock);
  curl_share_setopt(i.share.get(), CURLSHOPT_USERDATA, m_impl.get());
  curl_share_setopt(i.share.get(), CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
  curl_share_setopt(i.share.get(), CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
  i.multi.reset(curl_multi_init());
  curl_multi_setopt(i.multi.get(), CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
  // The per-endpoint bound is the engine's own (Lane): libcurl's MAX_HOST_CONNECTIONS counts per
  // address and parks the excess in its one queue for all hosts.
  i.per_endpoint = std::max<std::size_t>(max_host_connections, 1);
  curl_multi_setopt(i.multi.get(), CURLMOPT_MAXCONNECTS, 256L);  // idle ones kept for reuse
  i.loop = std::thread([&i] { i.run(); });
}

HttpEngine::~HttpEngine() {
  {
    std::lock_guard guard(m_impl->mutex);
    m_impl->stopping = true;
  }
  curl_multi_wakeup(m_impl->multi.get());
  m_impl->loop.join();
  m_impl->multi.reset();  // closes the kept connections, then the share can go
  m_impl->share.reset();
}

HttpResult HttpEngine::perform(const HttpRequest& request, const Deadline& deadline) {
  HttpResult result;
  Transfer t;
  t.request = &request;
  t.chains = &m_impl->chains;
  t.submitted = std::chrono::steady_clock::now();
  if (!prepare(t, result, m_impl->share.get(), deadline)) return result;
  t.endpoint = {ascii_lower(request.url.scheme + "://" + request.url.host), t.gate.allowed.str(), request.url.port};
  {
    std::unique_lock lock(m_impl->mutex);
    m_impl->incoming.push_back(&t);
    curl_multi_wakeup(m_impl->multi.get());
    m_impl->ended.wait(lock, [&] { return t.done; });
  }
  finish(t, result);
  std::lock_guard guard(m_impl->mutex);
  const std::string address = t.gate.allowed.str();
  auto& n = m_impl->counts[{request.url.host, address, request.url.port}];
  n.host = request.url.host;
  n.address = address;
  n.port = request.url.port;
  ++n.requests;
  n.connections += result.new_connections;
  if (result.new_connections > 0 && request.url.scheme == "https" && !result.pem_chain.empty())
    ++(result.tls_resumed ? n.resumed : n.handshakes);
  return result;
}

std::vector<observe::EndpointCost> HttpEngine::connections() const {
  std::lock_guard guard(m_impl->mutex);
  std::vector<observe::EndpointCost> out;
  for (const auto& [key, n] : m_impl->counts) out.push_back(n);
  return out;
}

EngineCache::EngineCache(std::size_t max_engines, std::chrono::milliseconds idle, std::size_t max_host_connections)
    : m_max(std::max<std::size_t>(max_engines, 1)), m_idle(idle), m_per_host(max_host_connections) {}

std::shared_ptr<HttpEngine> EngineCache::get(const std::string& key, Clock::time_point now) {
  return warm(key, now).engine;
}

EngineCache::Warm EngineCache::warm(const std::string& key, Clock::time_point now) {
  std::shared_ptr<HttpEngine> dropped;  // freed after the lock: closing connections takes a moment
  std::vector<std::shared_ptr<HttpEngine>> expired;
  std::lock_guard guard(m_mutex);
  std::erase_if(m_entries, [&](Entry& e) {
    if (now - e.used < m_idle) return false;
    expired.push_back(std::move(e.engine));
    return true;
  });
  for (auto& e : m_entries) {
    if (e.key == key) {
      e.used = now;
      return {e.engine, e.memory};
    }
  }
  if (m_entries.size() >= m_max) {
    auto oldest = std::ranges::min_element(m_entries, {}, &Entry::used);
    dropped = std::move(oldest->engine);
    m_entries.erase(oldest);
  }
  m_entries.push_back({key, std::make_shared<HttpEngine>(m_per_host), std::make_shared<WarmMemory>(), now});
  return {m_entries.back().engine, m_entries.back().memory};
}

std::size_t EngineCache::size() const {
  std::lock_guard guard(m_mutex);
  return m_entries.size();
}

HttpResult perform(const HttpRequest& request, const Deadline& deadline) {
  HttpEngine engine(1);
  return engine.perform(request, deadline);
}

}  // namespace adplan::probe
