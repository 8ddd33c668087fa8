// render's plan.html (render/html_plan.hpp): golden files for the contoso.com example in every
// scenario (tests/golden/render/scenario-N/plan.html; ADPLAN_UPDATE_GOLDEN=1 rewrites them), and
// what the page must hold: the requirements row, every certificate name with its reason, every
// DNS record of each view, every step in order with its check, the picture or a note.
#include "fixtures.hpp"
#include "golden.hpp"

#include <adplan/render/html_plan.hpp>

#include <doctest/doctest.h>

using namespace adplan;

namespace {

render::PlanHtmlOptions golden_options() {
  return {"adplan (golden test)", std::nullopt, "Graphviz's dot was not run in this test"};
}

std::size_t count(const std::string& s, std::string_view what) {
  std::size_t n = 0;
  for (auto pos = s.find(what); pos != std::string::npos; pos = s.find(what, pos + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("plan.html golden: the contoso.com example, every scenario") {
  for (int n = 1; n <= 4; ++n) {
    CAPTURE(n);
    const Plan p = test::plan_of(test::contoso_json(n));
    const std::string html = render::render_plan_html(p, golden_options());
    CHECK(html == render::render_plan_html(p, golden_options()));  // deterministic
    test::check_golden("render/scenario-" + std::to_string(n) + "/plan.html", html);
  }
}

TEST_CASE("plan.html: everything the plan derives is on the page") {
  for (int n = 1; n <= 4; ++n) {
    CAPTURE(n);
    const Plan p = test::plan_of(test::enterprise_json(n));
    const std::string html = render::render_plan_html(p, golden_options());
    CHECK(html.find("<th scope=\"col\">Number of certificates</th>") != std::string::npos);
    CHECK(html.find("<td>" + std::to_string(p.requirements.certificate_count) + "</td>") != std::string::npos);
    for (const auto& c : p.certificates) {
      for (const auto& name : c.sans) {
        const std::string row = "<tr><td><code>" + name.str() + "</code>";
        CHECK_MESSAGE(html.find(row) != std::string::npos, name.str());
        CHECK(!render::certificate_name_reason(p, c, name).empty());
      }
    }
    for (const auto* view : {&p.dns_external, &p.dns_internal})
      for (const auto& r : *view) CHECK_MESSAGE(html.find("<code>" + r.name + "</code>") != std::string::npos, r.name);
    std::size_t last = 0;
    for (const auto& s : p.steps) {  // in the plan's order
      const auto at = html.find("id=\"step-" + s.id + "\"");
      REQUIRE_MESSAGE(at != std::string::npos, s.id);
      CHECK(at > last);
      last = at;
    }
    CHECK(count(html, "<p>Check:</p>") == p.steps.size());
    CHECK(html.find("Picture omitted: Graphviz&#39;s dot was not run in this test.") != std::string::npos);
    CHECK(count(html, "<section") == count(html, "</section>"));
    CHECK(count(html, "<details") == count(html, "</details>"));
    for (std::string_view fetch : {"<script", "src=", "<link", "url(", "@import"})
      CHECK_MESSAGE(html.find(fetch) == std::string::npos, fetch);
  }
}

TEST_CASE("plan.html: the reason for each certificate name") {
  const Plan p = test::plan_of(test::contoso_json(1));
  const auto& c = p.certificates.front();
  auto reason = [&](std::string_view n) { return render::certificate_name_reason(p, c, *HostName::parse(n)); };
  CHECK(reason("mail.contoso.com").starts_with("the external host name"));
  CHECK(reason("mail.contoso.com").ends_with("; the common name"));
  CHECK(reason("autodiscover.contoso.com").starts_with("the Autodiscover host"));
  CHECK(reason("cas01.contoso.com").starts_with("the internal name of CAS01"));
}

TEST_CASE("plan.html: the deployment picture inline, sanitised; plan text escaped") {
  Plan p = test::plan_of(test::contoso_json(2));
  p.findings.push_back({"plan.test", Severity::Warning, "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>",
                        "</details></section>", ""});
  render::PlanHtmlOptions o{
      "adplan test", std::string("<svg viewBox=\"0 0 1 1\"><script>alert(2)</script><g><text>contoso</text></g></svg>"),
      ""};
  const std::string html = render::render_plan_html(p, o);
  CHECK(html.find("<svg role=\"img\" viewBox=\"0 0 1 1\"><g><text>contoso</text></g></svg>") != std::string::npos);
  CHECK(html.find("alert(2)") == std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("<pre><code>&lt;/details&gt;&lt;/section&gt;</code></pre>") != std::string::npos);
  CHECK(count(html, "<section") == count(html, "</section>"));
  o.picture = "not svg";
  CHECK(render::render_plan_html(p, o).find("Picture omitted: not XML") != std::string::npos);
}
