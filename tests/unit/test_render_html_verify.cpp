// verify --html (verify/verify_html.hpp), from recorded observations: the page shows the same
// result as --json (every finding id, every client and its outcome), each client's steps in the
// order it took them with a status word, the findings sorted by severity and linked to their
// catalogue entries, the picture or a note; a hostile server's text stays text.
#include "test_verify_recorded.hpp"

#include <adplan/model/finding_catalog.hpp>
#include <adplan/render/html_escape.hpp>
#include <adplan/verify/verify_html.hpp>
#include <adplan/verify/verify_json.hpp>

#include <doctest/doctest.h>

using namespace adplan;
using namespace adplan::test;

namespace {

std::size_t count(const std::string& s, std::string_view what) {
  std::size_t n = 0;
  for (auto pos = s.find(what); pos != std::string::npos; pos = s.find(what, pos + 1)) ++n;
  return n;
}

verify::VerifyHtmlHeader header() {
  verify::VerifyHtmlHeader h;
  h.target = "contoso.com";
  h.domain = "contoso.com";
  h.email = "user@contoso.com";
  h.plan = "scenario 1, adplan.json";
  h.when = now_epoch();
  h.dns_server = "127.0.0.1:5353";
  h.version = "adplan 0.0 (test)";
  h.total_ms = 42;
  h.timeout_ms = 10000;
  h.picture_note = "Graphviz's dot was not run in this test";
  return h;
}

// The part of the page that is the section of `client`.
std::string section(const std::string& html, std::string_view client) {
  auto at = html.find("id=\"client-" + std::string(client) + "\"");
  REQUIRE(at != std::string::npos);
  return html.substr(at, html.find("</section>", at) - at);
}

// What the --json of the same result says must be on the page.
void check_same_as_json(const verify::VerifyResult& r, const std::string& html) {
  const auto j = verify::to_json(r, 42);
  CHECK(html.find(std::string("<strong id=\"verdict\">") + (j["verdict"] == "pass" ? "PASS" : "FAIL") + "</strong>") !=
        std::string::npos);
  for (const auto& f : j["findings"]) {
    const std::string id = f["id"];
    CAPTURE(id);
    CHECK(html.find("<dt id=\"catalog-" + id + "\"><code>" + id + "</code></dt>") != std::string::npos);
    CHECK(html.find("<a href=\"#catalog-" + id + "\"><code>" + id + "</code></a>") != std::string::npos);
  }
  for (const auto& c : j["clients"]) {
    const std::string client = c["client"], outcome = c["outcome"], method = c["method"];
    CAPTURE(client);
    const std::string s = section(html, client);
    CHECK(s.find("<dt>Outcome</dt><dd><code>" + outcome + "</code></dd>") != std::string::npos);
    CHECK(s.find("<dt>Method</dt><dd><code>" + method + "</code></dd>") != std::string::npos);
    CHECK(count(s, "<li>") == c["path"].size());
  }
  for (const auto& c : j["checks"]) CHECK(html.find(std::string(c["subject"])) != std::string::npos);
}

}  // namespace

TEST_CASE("verify html: a clean scenario 4, the same result as --json") {
  Plan p = plan_of(contoso_json(4));
  auto r = judge(healthy(4), &p);
  REQUIRE(r.pass());
  const std::string html = verify::render_verify_html(r, header());
  CHECK(html == verify::render_verify_html(r, header()));  // deterministic
  check_same_as_json(r, html);
  CHECK(html.find("<title>adplan verify contoso.com: pass</title>") != std::string::npos);
  CHECK(html.find("<dt>DNS server</dt><dd>127.0.0.1:5353</dd>") != std::string::npos);
  CHECK(html.find("<dt>When</dt><dd>2026-11-") != std::string::npos);
  CHECK(html.find("<dt>adplan</dt><dd>adplan 0.0 (test)</dd>") != std::string::npos);
  CHECK(html.find("Picture omitted: Graphviz&#39;s dot was not run in this test.") != std::string::npos);
  // Outlook 2007-2013's order: root-https fails, autodiscover-https fails, the http redirect works with a prompt.
  const std::string all = section(html, "outlook-external");
  const std::string ext = all.substr(all.find("<ol class=\"steps\">"));
  const auto root = ext.find("<code>root-https</code>"), ad = ext.find("<code>autodiscover-https</code>"),
             redirect = ext.find("<code>http-redirect</code>");
  REQUIRE(root != std::string::npos);
  REQUIRE(ad != std::string::npos);
  REQUIRE(redirect != std::string::npos);
  CHECK(root < ad);
  CHECK(ad < redirect);
  CHECK(ext.find("<span class=\"badge fail\">failed</span> <code>root-https</code>") != std::string::npos);
  CHECK(ext.find("<span class=\"badge warn\">prompts</span> <code>http-redirect</code>") != std::string::npos);
  CHECK(ext.find("<details><summary>Evidence: ") != std::string::npos);
  CHECK(count(html, "<details") == count(html, "</details>"));
  CHECK(count(html, "<section") == count(html, "</section>"));
  for (std::string_view fetch : {"<script", "src=", "<link", "url(", "@import"})
    CHECK_MESSAGE(html.find(fetch) == std::string::npos, fetch);
}

TEST_CASE("verify html: a failing run names each finding, its remedy and where the client stopped") {
  Plan p = plan_of(contoso_json(1));
  auto o = healthy(1);
  auto& tls = *endpoint(o, observe::Role::AutodiscoverHttps).exchanges.front().tls;
  tls.name_matches = false;
  tls.matched_name.clear();
  auto r = judge(o, &p);
  const Finding* f = find(r, "tls.name-mismatch");
  REQUIRE(f != nullptr);
  const std::string html = verify::render_verify_html(r, header());
  check_same_as_json(r, html);
  CHECK(html.find("<title>adplan verify contoso.com: FAIL</title>") != std::string::npos);
  REQUIRE(!f->remedy.empty());
  // The finding in the step that asked the host, and in the table, each with its remedy as code.
  const std::string ext = section(html, "outlook-external");
  CHECK(ext.find("href=\"#catalog-tls.name-mismatch\"") != std::string::npos);
  CHECK(count(html, "<pre><code>" + render::html_value(f->remedy) + "</code></pre>") >= 2);
  CHECK(html.find("<span class=\"badge tls\">") == std::string::npos);
  const auto catalog = finding_catalog();
  const auto info = std::ranges::find(catalog, std::string_view("tls.name-mismatch"), &FindingInfo::id);
  REQUIRE(info != catalog.end());
  CHECK(html.find(render::html_escape(info->meaning)) != std::string::npos);
}

TEST_CASE("verify html: the findings table is sorted by severity") {
  verify::VerifyResult r;
  r.findings = {{"z.info", Severity::Info, "a", "m1", "", ""},
                {"b.warning", Severity::Warning, "a", "m2", "", ""},
                {"a.error", Severity::Error, "a", "m3", "fix it", ""}};
  const std::string html = verify::render_verify_html(r, header());
  const auto table = html.find("<section id=\"findings\">");
  const auto e = html.find("#catalog-a.error", table), w = html.find("#catalog-b.warning", table),
             i = html.find("#catalog-z.info", table);
  REQUIRE(e != std::string::npos);
  CHECK(e < w);
  CHECK(w < i);
  CHECK(html.find("<dt id=\"catalog-z.info\"><code>z.info</code></dt><dd>not in adplan's catalogue</dd>") !=
        std::string::npos);
}

TEST_CASE("verify html: a hostile server's text stays text") {
  verify::VerifyResult r;
  const std::string big(100 * 1024, 'A');
  r.findings = {{"http.unexpected-status", Severity::Error, "https://x/<script>alert(1)</script>",
                 "\"><img src=x onerror=alert(1)>", "</details></li></ol></section><h1>owned</h1>",
                 "gpj.\xe2\x80\xae"
                 "exe " +
                     big}};
  r.checks = {
      {"http", "https://x/</details>", verify::CheckStatus::Fail, "Location: <script>alert(1)</script>" + big, 9}};
  r.clients = {{verify::Client::OutlookExternal,
                verify::Method::None,
                "",
                {"<b>prompt</b>"},
                verify::Outcome::Failed,
                "</section>",
                {"root-https: <script>alert(1)</script>", "srv: \"><img src=x onerror=alert(1)>"}}};
  auto h = header();
  h.picture = "<svg><foreignObject><script>alert(1)</script></foreignObject><text>&lt;b&gt;</text></svg>";
  const std::string html = verify::render_verify_html(r, h);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("<h1>owned") == std::string::npos);
  CHECK(html.find("<b>") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;") != std::string::npos);
  CHECK(html.find("gpj.\\u202eexe") != std::string::npos);
  CHECK(html.find("\xe2\x80\xae") == std::string::npos);
  CHECK(html.find("(102411 bytes)") != std::string::npos);  // the evidence, shortened visibly
  CHECK(html.size() < 64 * 1024);
  CHECK(count(html, "<details") == count(html, "</details>"));
  CHECK(count(html, "<section") == count(html, "</section>"));
  CHECK(count(html, "<li") == count(html, "</li>"));
  CHECK(html.find("<svg role=\"img\"><text>&lt;b&gt;</text></svg>") != std::string::npos);
}

TEST_CASE("verify html: sections come from the result's clients, in its order") {
  verify::VerifyResult r;
  r.clients = {{verify::Client::AutodiscoverV2, verify::Method::None, "", {}, verify::Outcome::Ok, "v2", {}},
               {verify::Client::ActiveSync, verify::Method::Srv, "", {}, verify::Outcome::Failed, "eas", {}}};
  const std::string html = verify::render_verify_html(r, header());
  const auto v2 = html.find("<section class=\"client ok\" id=\"client-autodiscover-v2\">");
  const auto eas = html.find("<section class=\"client fail\" id=\"client-activesync\">");
  REQUIRE(v2 != std::string::npos);
  REQUIRE(eas != std::string::npos);
  CHECK(v2 < eas);
  CHECK(html.find("Outlook 2007") == std::string::npos);
  CHECK(html.find("<li class=\"note\">No method tried.</li>") != std::string::npos);
}

TEST_CASE("verify html: utc_text and client titles") {
  CHECK(verify::utc_text(0) == "1970-01-01 00:00:00 UTC");
  CHECK(verify::utc_text(1796629328) == "2026-12-07 07:42:08 UTC");
  CHECK(verify::client_title(verify::Client::OutlookExternal) == "Outlook 2007\u20132013, external");
  CHECK(verify::client_title(verify::Client::Outlook2016) == "Outlook 2016 and later, Microsoft 365 Apps");
}
