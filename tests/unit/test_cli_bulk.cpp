#include "http_server.hpp"

#include <doctest/doctest.h>

using namespace adplan::cli;

TEST_CASE("exporter: requests") {
  HttpRequest req;
  REQUIRE(parse_request_head(
      "GET /probe?target=a%2Eexample&module=x HTTP/1.1\r\nX-Prometheus-Scrape-Timeout-Seconds: 9", req));
  CHECK(req.path == "/probe");
  CHECK(req.query.at("target") == "a.example");
  CHECK(req.headers.at("x-prometheus-scrape-timeout-seconds") == "9");
  CHECK_FALSE(parse_request_head("GET probe HTTP/1.1", req));
  std::string out;
  CHECK_FALSE(url_decode("%4", out));
  CHECK_FALSE(url_decode("%zz", out));
}
