#pragma once
// The request head the exporter's server accepts, parsed strictly (RFC 9112): one GET without a
// body, its head in CRLF lines. Anything a front proxy and this server could read differently
// (a body by Content-Length or Transfer-Encoding, two lengths, obs-fold, bare LF or CR, white
// space before a colon) is refused, never guessed at; the server then closes the connection, so
// bytes after the head (a pipelined or smuggled second request) are never read as a request.
#include <chrono>
#include <expected>
#include <map>
#include <string>
#include <string_view>

namespace adplan::serve {

struct HttpRequest {
  std::string method;
  std::string version;                             // "HTTP/1.1" or "HTTP/1.0"
  std::string path;                                // decoded, without the query
  std::map<std::string, std::string> query;        // decoded; the first of a repeated name
  std::map<std::string, std::string> headers;      // names lower case; the first of a repeated name
  std::chrono::steady_clock::time_point received;  // when the connection was accepted: the answer's clock
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; version=0.0.4; charset=utf-8";
  std::string body;
};

// Why a head is not served: the status to answer (400, 405, 431) and a line for the body.
struct Refusal {
  int status = 400;
  std::string why;
};

// "a%2Eb+c" -> "a.b c"; false on a bad escape.
bool url_decode(std::string_view in, std::string& out);

// Where the head in `bytes` ends: the offset just past its blank line (CRLF CRLF), 0 while it is
// incomplete, or a Refusal as soon as the bytes cannot become a head we serve (a bare LF or CR).
std::expected<std::size_t, Refusal> head_end(std::string_view bytes);

// The head without its blank line: the request, or why it is refused. Only GET is served (405
// otherwise, after the rest of the head is checked).
std::expected<HttpRequest, Refusal> parse_request_head(std::string_view head);

// The status line's reason phrase: "Not Found" for 404.
std::string_view reason_phrase(int status);

// The whole answer on the wire: status line, Content-Type, Content-Length, Connection: close,
// X-Content-Type-Options: nosniff (and Allow: GET on a 405), then the body.
std::string format_response(const HttpResponse& r);

}  // namespace adplan::serve
