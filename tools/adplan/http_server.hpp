#pragma once
// A small HTTP/1.1 server for `adplan exporter`, hardened for what a scraper (or anyone who can
// reach the port) may send: one request per connection (Connection: close), the request head at
// most 8 KiB and all of it within 5 s of accept (one deadline, however slowly it dribbles in),
// GET only, no body, at most `max_connections` handled at once (the rest answered 503 at once),
// every socket time-bounded. Heads are awaited on one poll(2) thread, so slow clients hold no
// handler; handlers run on their own thread.
#include <adplan/model/error.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace adplan::cli {

struct HttpRequest {
  std::string method;
  std::string path;                                // without the query
  std::map<std::string, std::string> query;        // decoded; the first of a repeated name
  std::map<std::string, std::string> headers;      // names lower case
  std::chrono::steady_clock::time_point received;  // when the connection was accepted: the answer's clock
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; version=0.0.4; charset=utf-8";
  std::string body;
};

// "a%2Eb+c" -> "a.b c"; nullopt-like empty with ok=false on a bad escape.
bool url_decode(std::string_view in, std::string& out);
// The request head (up to the blank line): false when it is not a request we serve.
bool parse_request_head(std::string_view head, HttpRequest& req);

class HttpServer {
 public:
  // "HOST:PORT" or "[IPv6]:PORT"; the socket is bound and listening when this returns.
  static Result<HttpServer> listen(const std::string& address);
  HttpServer(HttpServer&& other) noexcept;
  HttpServer& operator=(HttpServer&&) = delete;
  HttpServer(const HttpServer&) = delete;
  ~HttpServer();
  // Serves until the process ends.
  [[noreturn]] void serve(const std::function<HttpResponse(const HttpRequest&)>& handler, std::size_t max_connections);

 private:
  explicit HttpServer(int fd) : m_fd(fd) {}
  int m_fd = -1;
};

}  // namespace adplan::cli
