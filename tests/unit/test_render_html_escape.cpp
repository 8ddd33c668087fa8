// The HTML reports' escaping (render/html_escape.hpp), page shell (html_page.hpp) and SVG
// sanitiser (html_svg.hpp): what a server or a plan says stays text in every context.
#include <adplan/render/html_escape.hpp>
#include <adplan/render/html_page.hpp>
#include <adplan/render/html_svg.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace adplan::render;

namespace {

std::size_t count(const std::string& s, std::string_view what) {
  std::size_t n = 0;
  for (auto pos = s.find(what); pos != std::string::npos; pos = s.find(what, pos + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("html escape: the five markup characters become character references") {
  CHECK(html_escape(R"(<a href="x" title='y'>&amp;</a>)") ==
        "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
  CHECK(html_escape("plain text, é, 中文, tab\tnewline\n") == "plain text, é, 中文, tab\tnewline\n");
  CHECK(html_escape("") == "");
}

TEST_CASE("html escape: hostile markup cannot open, close or leave an element") {
  for (std::string_view hostile :
       {"<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "</details></section><h1>x", "' onmouseover='x",
        "<!--", "]]>", "<svg/onload=alert(1)>"}) {
    CAPTURE(hostile);
    const std::string e = html_escape(hostile);
    CHECK(e.find('<') == std::string::npos);
    CHECK(e.find('>') == std::string::npos);
    CHECK(e.find('"') == std::string::npos);
    CHECK(e.find('\'') == std::string::npos);
  }
}

TEST_CASE("html escape: controls and bidi overrides are shown, ill-formed UTF-8 is replaced") {
  SUBCASE("C0, DEL and C1 controls") {
    CHECK(html_escape("a\x1b[2Jb") == "a\\x1b[2Jb");
    CHECK(html_escape("cr\r nul" + std::string(1, '\0')) == "cr\\x0d nul\\x00");
    CHECK(html_escape("\x7f") == "\\x7f");
    CHECK(html_escape("\xc2\x9b"
                      "31m") == "\\u009b31m");
  }
  SUBCASE("bidirectional controls (Unicode TR 9)") {
    CHECK(html_escape("gpj.\xe2\x80\xae"
                      "exe") == "gpj.\\u202eexe");                                      // RLO
    CHECK(html_escape("\xe2\x81\xa6x\xe2\x81\xa9") == "\\u2066x\\u2069");               // LRI, PDI
    CHECK(html_escape("\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c") == "\\u200e\\u200f\\u061c");  // LRM, RLM, ALM
  }
  SUBCASE("ill-formed UTF-8") {
    CHECK(html_escape("a\xff"
                      "b") ==
          "a\xef\xbf\xbd"
          "b");
    CHECK(html_escape("\xed\xa0\x80") == "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");  // a surrogate: one per byte
  }
}

TEST_CASE("html value: a 100 KB value is shortened visibly, on a character boundary") {
  const std::string big = "é" + std::string(100 * 1024, '<');
  const std::string v = html_value(big);
  CHECK(v.size() < k_html_value_max * 4 + 64);  // every kept '<' is 4 bytes as "&lt;"
  CHECK(v.ends_with("\xe2\x80\xa6 (102402 bytes)"));
  CHECK(v.find('<') == std::string::npos);
  CHECK(html_value("short") == "short");
  CHECK(html_value("abcdef", 3) == "abc\xe2\x80\xa6 (6 bytes)");
}

TEST_CASE("html id: only [a-z0-9.-] after the prefix") {
  CHECK(html_id("catalog-", "tls.name-mismatch") == "catalog-tls.name-mismatch");
  CHECK(html_id("client-", "Outlook 2016\"><x") == "client-outlook_2016___x");
}

TEST_CASE("html document: one self-contained page under a strict Content-Security-Policy") {
  const std::string doc = html_document("a <title> & \"more\"", "<p>body</p>\n");
  CHECK(doc.starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"));
  CHECK(doc.find("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; style-src "
                 "&#39;unsafe-inline&#39;; base-uri &#39;none&#39;; form-action &#39;none&#39;\">") !=
        std::string::npos);
  CHECK(doc.find("<title>a &lt;title&gt; &amp; &quot;more&quot;</title>") != std::string::npos);
  CHECK(doc.find("@media print") != std::string::npos);
  for (std::string_view fetch : {"<script", "src=", "<link", "url(", "@import", "<iframe", "<object"})
    CHECK_MESSAGE(doc.find(fetch) == std::string::npos, fetch);
  CHECK(doc.ends_with("</body>\n</html>\n"));
}

TEST_CASE("html badge and code: a colour class and a word; code blocks escaped") {
  CHECK(html_badge(Tone::Fail, "fail") == "<span class=\"badge fail\">fail</span>");
  CHECK(html_badge(Tone::Ok, "<ok>") == "<span class=\"badge ok\">&lt;ok&gt;</span>");
  CHECK(html_code("Set-X -Url '</code></pre><b>'") ==
        "<pre><code>Set-X -Url &#39;&lt;/code&gt;&lt;/pre&gt;&lt;b&gt;&#39;</code></pre>");
}

TEST_CASE("sanitize svg: only drawing elements and presentation attributes survive") {
  const std::string svg = R"SVG(<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<!-- comment -->
<svg width="100pt" height="50pt" viewBox="0 0 100 50" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert(1)">
<script>alert(1)</script>
<g id="graph0" class="graph" transform="scale(1 1)" onclick="alert(2)">
<title>&lt;script&gt;alert(3)&lt;/script&gt;</title>
<a xlink:href="https://evil.example/" target="_blank"><text x="1" y="2" fill="red" style="fill:url(https://evil.example/x)">node &amp; &lt;b&gt;</text></a>
<polygon fill="url(#x)" stroke="black" points="0,0 1,1"/>
<foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><img src="x"/></body></foreignObject>
<image href="https://evil.example/i.png"/><use xlink:href="#graph0"/>
<ellipse cx="1" cy="2" rx="3" ry="4" stroke="red"/>
</g>
</svg>
)SVG";
  auto out = sanitize_svg(svg);
  REQUIRE(out);
  const std::string& s = *out;
  CHECK(s.starts_with("<svg role=\"img\" width=\"100pt\" height=\"50pt\" viewBox=\"0 0 100 50\">"));
  CHECK(s.ends_with("</svg>"));
  for (std::string_view gone : {"script>", "onload", "onclick", "href", "evil", "foreignObject", "<img", "<image",
                                "<use", "url(", "style", "id=", "<!--", "DOCTYPE", "<?xml", "target"})
    CHECK_MESSAGE(s.find(gone) == std::string::npos, gone);
  CHECK(s.find("<title>&lt;script&gt;alert(3)&lt;/script&gt;</title>") != std::string::npos);
  CHECK(s.find("<text x=\"1\" y=\"2\" fill=\"red\">node &amp; &lt;b&gt;</text>") != std::string::npos);
  CHECK(s.find("<polygon stroke=\"black\" points=\"0,0 1,1\"></polygon>") != std::string::npos);
  CHECK(s.find("<ellipse cx=\"1\" cy=\"2\" rx=\"3\" ry=\"4\" stroke=\"red\"></ellipse>") != std::string::npos);
  CHECK(count(s, "<g") == count(s, "</g>"));
}

TEST_CASE("sanitize svg: errors") {
  SUBCASE("not XML") {
    CHECK(sanitize_svg("<svg><g></svg>").error().code == "render.svg");
  }
  SUBCASE("not an svg root") {
    CHECK(sanitize_svg("<html><svg/></html>").error().message.find("<svg>") != std::string::npos);
  }
  SUBCASE("too large") {
    CHECK(!sanitize_svg(std::string(k_inline_svg_max + 1, ' ')));
  }
}
