// Each output format's quoting on its own, with hostile values: a quote, a newline,
// `$(...)`, `;`, a `}`.
#include <adplan/planner/powershell.hpp>
#include <adplan/render/internal/escape.hpp>

#include <doctest/doctest.h>

using namespace adplan::render;

TEST_CASE("render escape: BIND zone values cannot end the line or start a comment") {
  CHECK(zone_escape("mail.contoso.com.") == "mail.contoso.com.");
  CHECK(zone_escape("0 0 443 mail.contoso.com.") == "0 0 443 mail.contoso.com.");
  SUBCASE("quote") {
    CHECK(zone_escape("a\"b") == "a\\\"b");
  }
  SUBCASE("newline") {
    CHECK(zone_escape("a.\n@ IN NS evil.") == "a.\\010\\@ IN NS evil.");
  }
  SUBCASE("command substitution") {
    CHECK(zone_escape("$(rm -rf /)") == "\\$\\(rm -rf /\\)");
  }
  SUBCASE("semicolon and directives") {
    CHECK(zone_escape("a;b") == "a\\;b");
    CHECK(zone_escape("$INCLUDE /etc/passwd") == "\\$INCLUDE /etc/passwd");
  }
  SUBCASE("brace, backslash, non-ASCII") {
    CHECK(zone_escape("a}b") == "a}b");
    CHECK(zone_escape("a\\b") == "a\\\\b");
    CHECK(zone_escape("\xC3\xA9\r") == "\\195\\169\\013");
  }
}

TEST_CASE("render escape: PowerShell literals expand nothing") {
  CHECK(adplan::ps_quote("CAS01") == "'CAS01'");
  SUBCASE("quote") {
    CHECK(adplan::ps_quote("a'b") == "'a''b'");
  }
  SUBCASE("smart quote") {
    CHECK(adplan::ps_quote("a\xE2\x80\x99;b") == "'a\xE2\x80\x99\xE2\x80\x99;b'");
  }
  SUBCASE("command substitution, semicolon, brace, newline stay inside the literal") {
    CHECK(adplan::ps_quote("$(Remove-Item C:\\ -Recurse); }\n") == "'$(Remove-Item C:\\ -Recurse); }\n'");
  }
}

TEST_CASE("render escape: nginx strings") {
  CHECK(*nginx_quote("mail.contoso.com") == "\"mail.contoso.com\"");
  SUBCASE("quote and backslash") {
    CHECK(*nginx_quote("a\"b\\c") == "\"a\\\"b\\\\c\"");
  }
  SUBCASE("semicolon and brace stay inside the quotes") {
    CHECK(*nginx_quote("a; } server {") == "\"a; } server {\"");
  }
  SUBCASE("variables are refused: nginx cannot escape $") {
    auto r = nginx_quote("$(id)");
    REQUIRE_FALSE(r);
    CHECK(r.error().to_string() ==
          "\"$(id)\" holds '$', which nginx would expand (nginx cannot escape '$'; remove it from the value)");
  }
  SUBCASE("newline is refused") {
    auto r = nginx_quote("a\nreturn 200;");
    REQUIRE_FALSE(r);
    CHECK(r.error().message == "\"a\\x0areturn 200;\" holds a control character");
  }
}

TEST_CASE("render escape: XML text and attributes") {
  CHECK(*xml_escape("https://mail.contoso.com/EWS/Exchange.asmx") == "https://mail.contoso.com/EWS/Exchange.asmx");
  SUBCASE("markup characters") {
    CHECK(*xml_escape("<a href=\"x\">O'Neil & co</a>") == "&lt;a href=&quot;x&quot;&gt;O&apos;Neil &amp; co&lt;/a&gt;");
  }
  SUBCASE("newline kept as a character reference") {
    CHECK(*xml_escape("a\n$(x);}") == "a&#10;$(x);}");
  }
  SUBCASE("other control characters cannot be XML 1.0") {
    CHECK_FALSE(xml_escape(std::string("a\x01") + "b"));
  }
}

TEST_CASE("render escape: Markdown text") {
  CHECK(md_escape("mail.contoso.com") == "mail.contoso.com");
  SUBCASE("newline cannot start a heading") {
    CHECK(md_escape("a\n# evil") == "a \\# evil");
  }
  SUBCASE("markup") {
    CHECK(md_escape("[x](javascript:1) `$(y)`; }") == "\\[x\\](javascript:1) \\`$(y)\\`; \\}");
  }
  SUBCASE("code fences outgrow the content") {
    CHECK(md_fence("Get-Item") == "```");
    CHECK(md_fence("a ```` b") == "`````");
  }
}

TEST_CASE("render escape: comments stay on one line") {
  CHECK(one_line("external host") == "external host");
  CHECK(one_line("a\nb\r\tc") == "a b  c");
  CHECK(one_line("x\n$ORIGIN evil.") == "x $ORIGIN evil.");
}
