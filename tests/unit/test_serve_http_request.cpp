// The exporter's request heads (serve/http_request.cpp): what is served, and every way a head is
// refused, with the status it gets.
#include <adplan/serve/http_request.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace adplan::serve;

namespace {

// The status a head gets: 0 when it is served.
int status_of(const std::string& head) {
  auto r = parse_request_head(head);
  return r ? 0 : r.error().status;
}

}  // namespace

TEST_CASE("serve: a GET with a query and headers") {
  auto req = parse_request_head(
      "GET /probe?target=a%2Eexample&module=x&target=b HTTP/1.1\r\nHost: h\r\n"
      "X-Prometheus-Scrape-Timeout-Seconds:  9 \r\nContent-Length: 0");
  REQUIRE(req);
  CHECK(req->method == "GET");
  CHECK(req->version == "HTTP/1.1");
  CHECK(req->path == "/probe");
  CHECK(req->query.at("target") == "a.example");  // the first of a repeated name
  CHECK(req->query.at("module") == "x");
  CHECK(req->headers.at("x-prometheus-scrape-timeout-seconds") == "9");
  CHECK(status_of("GET /metrics HTTP/1.0") == 0);  // HTTP/1.0 needs no Host
}

TEST_CASE("serve: url_decode") {
  std::string out;
  CHECK(url_decode("a%2Eb+c", out));
  CHECK(out == "a.b c");
  CHECK_FALSE(url_decode("%4", out));
  CHECK_FALSE(url_decode("%zz", out));
  CHECK_FALSE(url_decode("%", out));
}

TEST_CASE("serve: the request line") {
  CHECK(status_of("GET probe HTTP/1.1\r\nHost: h") == 400);      // not origin-form
  CHECK(status_of("GET http://x/ HTTP/1.1\r\nHost: h") == 400);  // absolute-form
  CHECK(status_of("GET  /metrics HTTP/1.1\r\nHost: h") == 400);  // two spaces
  CHECK(status_of("GET /metrics HTTP/1.1 \r\nHost: h") == 400);  // a trailing space
  CHECK(status_of("GET /metrics HTTP/2.0\r\nHost: h") == 400);   // not HTTP/1.x
  CHECK(status_of("GET /metrics\r\nHost: h") == 400);            // HTTP/0.9
  CHECK(status_of("GET /a%zz HTTP/1.1\r\nHost: h") == 400);      // a bad escape
  CHECK(status_of("GET /a?t=%4 HTTP/1.1\r\nHost: h") == 400);    // a bad escape in the query
  CHECK(status_of("GET /a\x7f HTTP/1.1\r\nHost: h") == 400);     // a control in the target
  CHECK(status_of("G(T /metrics HTTP/1.1\r\nHost: h") == 400);   // not a token
  CHECK(status_of("") == 400);
}

TEST_CASE("serve: GET only, after the head is checked") {
  for (const char* m : {"POST", "HEAD", "PUT", "DELETE", "OPTIONS", "CONNECT", "TRACE", "get"}) {
    CAPTURE(m);
    auto r = parse_request_head(std::string(m) + " /metrics HTTP/1.1\r\nHost: h");
    REQUIRE_FALSE(r);
    CHECK(r.error().status == 405);
  }
  CHECK(status_of("POST /metrics HTTP/1.1\r\nHost: h\r\nbad line") == 400);
}

TEST_CASE("serve: Host, as RFC 9112 3.2 asks") {
  CHECK(status_of("GET /metrics HTTP/1.1") == 400);
  CHECK(status_of("GET /metrics HTTP/1.1\r\nHost: a\r\nHost: b") == 400);
  CHECK(status_of("GET /metrics HTTP/1.1\r\nhost: a") == 0);
}

TEST_CASE("serve: what could smuggle a request is refused, never guessed at") {
  const std::string line = "GET /metrics HTTP/1.1\r\nHost: h\r\n";
  SUBCASE("Transfer-Encoding, with or without a Content-Length") {
    CHECK(status_of(line + "Transfer-Encoding: chunked") == 400);
    CHECK(status_of(line + "Content-Length: 5\r\nTransfer-Encoding: chunked") == 400);
    CHECK(status_of(line + "Transfer-Encoding: identity") == 400);
  }
  SUBCASE("two Content-Lengths, even equal ones") {
    CHECK(status_of(line + "Content-Length: 0\r\nContent-Length: 0") == 400);
    CHECK(status_of(line + "Content-Length: 0\r\nContent-Length: 7") == 400);
    CHECK(status_of(line + "Content-Length: 0, 0") == 400);
  }
  SUBCASE("a body on GET") {
    CHECK(status_of(line + "Content-Length: 5") == 400);
    CHECK(status_of(line + "Content-Length: +0") == 400);
    CHECK(status_of(line + "Content-Length: 0") == 0);
  }
  SUBCASE("obs-fold") {
    CHECK(status_of(line + "X-A: 1\r\n Transfer-Encoding: chunked") == 400);
    CHECK(status_of(line + "X-A: 1\r\n\tmore") == 400);
  }
  SUBCASE("white space before the colon, a line without one, controls") {
    CHECK(status_of(line + "Transfer-Encoding : chunked") == 400);
    CHECK(status_of(line + "Content-Length\t: 5") == 400);
    CHECK(status_of(line + "no colon here") == 400);
    CHECK(status_of(line + ": empty name") == 400);
    CHECK(status_of(line + "X-A: a\x01"
                           "b") == 400);
    CHECK(status_of(line + std::string("X-A: a\0b", 8)) == 400);
  }
  SUBCASE("a bare CR or LF inside the head") {
    CHECK(status_of(line + "X-A: 1\nTransfer-Encoding: chunked") == 400);
    CHECK(status_of(line + "X-A: 1\rX-B: 2") == 400);
  }
}

TEST_CASE("serve: head_end finds the blank line and refuses bare line ends at once") {
  CHECK(head_end("GET / HTTP/1.1\r\nHost: h\r\n").value() == 0);
  CHECK(head_end("GET / HTTP/1.1\r\nHost: h\r").value() == 0);
  const std::string head = "GET / HTTP/1.1\r\nHost: h\r\n\r\n";
  CHECK(head_end(head).value() == head.size());
  CHECK(head_end(head + "GET /second HTTP/1.1\r\n\r\n").value() == head.size());  // a pipelined second
  auto lf = head_end("GET / HTTP/1.1\nHost: h\n\n");
  REQUIRE_FALSE(lf);
  CHECK(lf.error().status == 400);
  CHECK(lf.error().why.find("bare LF") != std::string::npos);
  CHECK_FALSE(head_end("GET / HTTP/1.1\r\nHost: h\rX"));
  CHECK_FALSE(head_end("\n"));
}

TEST_CASE("serve: the answer on the wire") {
  auto out = format_response({404, "text/plain", "no\n"});
  CHECK(out ==
        "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n"
        "X-Content-Type-Options: nosniff\r\n\r\nno\n");
  CHECK(format_response({405, "text/plain", ""}).find("\r\nAllow: GET\r\n") != std::string::npos);
  CHECK(format_response({431, "text/plain", ""}).starts_with("HTTP/1.1 431 Request Header Fields Too Large\r\n"));
}
