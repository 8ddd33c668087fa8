// The deployment as a picture (render/dot): deterministic DOT, every host of the plan on it,
// each client's discovery path, and the before/after pair with the changes marked.
#include "fixtures.hpp"

#include <adplan/render/dot.hpp>

#include <doctest/doctest.h>

using namespace adplan;

namespace {

bool has(const std::string& text, std::string_view needle) {
  return text.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("dot: every scenario, deterministic, with the plan's hosts and addresses") {
  for (int n = 1; n <= 4; ++n) {
    for (const auto& j : {test::contoso_json(n), test::enterprise_json(n)}) {
      auto p = test::plan_of(j);
      auto dot = render::render_dot(p);
      INFO("scenario " << n << "\n" << dot);
      CHECK(dot == render::render_dot(p));
      CHECK(dot.starts_with("digraph \"adplan\" {\n"));
      CHECK(dot.ends_with("}\n"));
      CHECK(has(dot, p.external_host.str()));
      for (const auto& r : p.dns_external) CHECK(has(dot, r.name));
      for (const auto& r : p.dns_internal) CHECK(has(dot, r.name));
      for (const auto& s : p.servers) {
        CHECK(has(dot, s.fqdn.str()));
        CHECK(has(dot, "\"server:" + s.name + "\""));
      }
      for (const auto& s : p.sites) CHECK(has(dot, s.name));
      CHECK(has(dot, "\"client:domain-joined\" -> \"scp:"));
      CHECK(has(dot, "\"client:external\" -> \"dns:external:"));
    }
  }
}

TEST_CASE("dot: the external client's path follows the scenario's discovery method") {
  CHECK(has(render::render_dot(test::plan_of(test::contoso_json(1))),
            "\"client:external\" -> \"dns:external:autodiscover.contoso.com.:A\" [label=\"2. "));
  CHECK(has(render::render_dot(test::plan_of(test::contoso_json(2))),
            "\"client:external\" -> \"dns:external:_autodiscover._tcp.contoso.com.:SRV\" [label=\"4. DNS SRV\""));
  auto four = render::render_dot(test::plan_of(test::contoso_json(4)));
  CHECK(has(four, "\"client:external\" -> \"dns:external:autodiscover.contoso.com.:A\" [label=\"3. "));
  CHECK(has(four, "\"site:redirect\" -> \"dns:external:mail.contoso.com.:A\" [label=\"302\""));
}

TEST_CASE("dot: before/after marks what the change adds and removes") {
  auto before = test::plan_of(test::contoso_json(4));
  auto after = test::plan_of(test::contoso_json(1));
  auto dot = render::render_dot_diff(before, after);
  CHECK(dot == render::render_dot_diff(before, after));
  CHECK(has(dot, "subgraph \"cluster_before\""));
  CHECK(has(dot, "subgraph \"cluster_after\""));
  // The redirect site exists only before: removed, red and dashed.
  CHECK(has(dot, "\"before/site:redirect\" [shape=component"));
  CHECK(has(dot, "color=\"#cf222e\", style=dashed"));
  CHECK(!has(dot, "\"after/site:redirect\""));
  // The Default Web Site's certificate gains a name: changed on both sides.
  CHECK(has(dot, "color=\"#d97706\""));
  auto same = render::render_dot_diff(before, before);
  CHECK(!has(same, "#cf222e"));
  CHECK(!has(same, "#1a7f37"));
  CHECK(!has(same, "#d97706"));
}
