// verify --dot: the picture of what verify saw, from recorded observations: every client with the
// methods it tried in order and where it stopped, the hosts it asked, the findings on the edges
// (red for an error), deterministic bytes, and DOT that Graphviz's own dot parses.
#include "test_verify_recorded.hpp"

#include <adplan/verify/verify_dot.hpp>

#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <unistd.h>

using namespace adplan;
using namespace adplan::test;

namespace {

// dot -Tsvg on the text: true when it parses; skipped (true) when Graphviz is not installed.
bool dot_parses(const std::string& text, std::string* svg) {
  if (std::system("command -v dot >/dev/null 2>&1") != 0) {
    MESSAGE("dot is not installed: the DOT is not parsed here (tests/cli/test_verify_dot.sh does)");
    return true;
  }
  auto dir = std::filesystem::temp_directory_path();
  auto in = dir / ("adplan-verify-dot-" + std::to_string(::getpid()) + ".dot");
  auto out = in;
  out.replace_extension(".svg");
  std::ofstream(in) << text;
  bool ok = std::system(("dot -Tsvg '" + in.string() + "' -o '" + out.string() + "' 2>/dev/null").c_str()) == 0;
  std::ifstream f(out);
  svg->assign(std::istreambuf_iterator<char>(f), {});
  std::filesystem::remove(in);
  std::filesystem::remove(out);
  return ok;
}

}  // namespace

TEST_CASE("verify dot: a healthy scenario 4 draws every client's path, the redirect hop and no red edge") {
  Plan p = plan_of(contoso_json(4));
  auto o = healthy(4);
  auto r = judge(o, &p);
  auto dot = verify::render_verify_dot(r, o);
  CHECK(dot == verify::render_verify_dot(r, o));  // deterministic
  CHECK(dot.starts_with("digraph adplan_verify {"));
  for (const char* want :
       {"client:outlook-external", "client:activesync", "https:contoso.com", "https:autodiscover.contoso.com",
        "http:autodiscover.contoso.com", "https://mail.contoso.com/autodiscover/autodiscover.xml", "HTTP 302",
        "1. root-https", "3. http-redirect", "peripheries=2", "works", "client:outlook-2016", "Outlook 2016 and later",
        "client:autodiscover-v2", "Autodiscover v2 (Teams, Outlook mobile)"})
    CHECK_MESSAGE(dot.find(want) != std::string::npos, want);
  CHECK(dot.find("color=red, fontcolor=red") == std::string::npos);
  std::string svg;
  CHECK(dot_parses(dot, &svg));
}

TEST_CASE("verify dot: an error is a red edge to the host it is about, with the finding id") {
  Plan p = plan_of(contoso_json(1));
  auto o = healthy(1);
  auto& tls = *endpoint(o, observe::Role::AutodiscoverHttps).exchanges.front().tls;
  tls.name_matches = false;
  tls.matched_name.clear();
  auto r = judge(o, &p);
  REQUIRE(find(r, "tls.name-mismatch") != nullptr);
  auto dot = verify::render_verify_dot(r, o);
  auto edge = dot.find("-> \"https:autodiscover.contoso.com\" [color=red, fontcolor=red, penwidth=2");
  REQUIRE(edge != std::string::npos);
  auto line = dot.substr(edge, dot.find('\n', edge) - edge);
  CHECK(line.find("error tls.name-mismatch") != std::string::npos);
  CHECK(dot.find("stops here") != std::string::npos);
  std::string svg;
  REQUIRE(dot_parses(dot, &svg));
  if (!svg.empty()) {
    CHECK(svg.find("autodiscover.contoso.com") != std::string::npos);
    CHECK(svg.find("tls.name&#45;mismatch") != std::string::npos);
    CHECK(svg.find("stroke=\"red\"") != std::string::npos);
  }
}

TEST_CASE("verify dot: what a server sent cannot break out of a label") {
  Plan p = plan_of(contoso_json(4));
  auto o = healthy(4);
  for (auto& e : o.endpoints) {
    if (e.has(observe::Role::HttpRedirect)) e.exchanges.front().location = "https://x\"]; evil -> x [label=\"\\N\n";
  }
  auto dot = verify::render_verify_dot(judge(o, &p), o);
  CHECK((dot.find("evil -> x") == std::string::npos || dot.find("\\\"]; evil") != std::string::npos));
  CHECK(dot.find("\\\\N") != std::string::npos);  // the backslash doubled: no label escape from data
  std::string svg;
  CHECK(dot_parses(dot, &svg));
}
