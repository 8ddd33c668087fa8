// Templates: the standalone-tag rule, overrides, and errors from escaping.
#include <adplan/render/internal/fill.hpp>
#include <adplan/render/template_set.hpp>

#include <doctest/doctest.h>

using namespace adplan::render;

namespace {

std::string render(const std::string& text, const Data& d) {
  auto t = TemplateSet::with_overrides({{"zone.mustache", text}});
  REQUIRE(t);
  auto r = fill(*t, "zone.mustache", d, infallible(+[](std::string_view v) { return std::string(v); }));
  REQUIRE(r);
  return *r;
}

}  // namespace

TEST_CASE("render templates: standalone section lines leave no trace") {
  Data d;
  d.set("f", false);
  d.set("t", true);
  List two;
  two.push_back(Data("v", "1"));
  two.push_back(Data("v", "2"));
  d.set("l", two);
  d.set("e", List{});
  CHECK(render("a\n{{#f}}\nX\n{{/f}}\nb\n", d) == "a\nb\n");
  CHECK(render("a\n{{#t}}\nX\n{{/t}}\nb\n", d) == "a\nX\nb\n");
  CHECK(render("a\n{{#e}}\nX\n{{/e}}\nb\n", d) == "a\nb\n");
  CHECK(render("a\n{{^f}}\nN\n{{/f}}\nb\n", d) == "a\nN\nb\n");
  SUBCASE("a blank line opening a section repeats with it") {
    CHECK(render("a\n{{#l}}\n\nX{{v}}\n{{/l}}\nb\n", d) == "a\n\nX1\n\nX2\nb\n");
    CHECK(render("a\n{{#e}}\n\nX\n{{/e}}\nb\n", d) == "a\nb\n");
  }
  SUBCASE("a section after a blank line") {
    CHECK(render("a\n\n{{#f}}\nX\n{{/f}}\nb\n", d) == "a\n\nb\n");
    CHECK(render("a\n\n{{#t}}\nX\n{{/t}}\nb\n", d) == "a\n\nX\nb\n");
  }
  SUBCASE("nested, indented, after a brace, at the end") {
    CHECK(render("s {\n  {{#l}}\n  {{#t}}\n  v{{v}};\n  {{/t}}\n  {{/l}}\n}\n", d) == "s {\n  v1;\n  v2;\n}\n");
    CHECK(render("a\n{{! a comment }}\nb\n{{#f}}\nX\n{{/f}}\n", d) == "a\nb\n");
  }
  SUBCASE("ambiguous: a tag between two blank lines") {
    auto r = strip_standalone_tags("a\n\n{{#f}}\n\nb\n");
    REQUIRE_FALSE(r);
    CHECK(r.error().to_string() ==
          "line 3: {{#f}} stands between a blank line and another (put the blank line inside the section)");
  }
}

TEST_CASE("render templates: every embedded template is usable") {
  auto names = TemplateSet::names();
  CHECK(names.size() >= 9);
  TemplateSet t;
  for (const auto& n : names) {
    INFO(n);
    auto text = t.text(n);
    REQUIRE(text);
    CHECK(strip_standalone_tags(*text));
  }
}

TEST_CASE("render templates: overrides") {
  SUBCASE("an override replaces the embedded text") {
    auto t = TemplateSet::with_overrides({{"iis.ps1.mustache", "custom {{x}}"}});
    REQUIRE(t);
    CHECK(*t->text("iis.ps1.mustache") == "custom {{x}}");
    CHECK(t->text("exchange.ps1.mustache")->starts_with("# adplan"));
  }
  SUBCASE("a misspelt name is refused") {
    auto t = TemplateSet::with_overrides({{"iis.mustache", "x"}});
    REQUIRE_FALSE(t);
    CHECK(t.error().field == "iis.mustache");
    CHECK(t.error().message == "is not a template adplan uses");
  }
  SUBCASE("broken syntax is reported with the template's name") {
    auto t = TemplateSet::with_overrides({{"zone.mustache", "{{#a}}x"}});
    REQUIRE(t);
    auto r = fill(*t, "zone.mustache", Data{}, infallible(+[](std::string_view v) { return std::string(v); }));
    REQUIRE_FALSE(r);
    CHECK(r.error().field == "zone.mustache");
  }
  SUBCASE("an escape function's refusal becomes the error") {
    auto t = TemplateSet::with_overrides({{"zone.mustache", "x {{v}}"}});
    REQUIRE(t);
    Escape refuse = [](std::string_view v) -> adplan::Result<std::string> {
      return std::unexpected(adplan::Error{"render.unsafe-value", "", "\"" + std::string(v) + "\" refused", ""});
    };
    auto r = fill(*t, "zone.mustache", Data("v", "$x"), refuse);
    REQUIRE_FALSE(r);
    CHECK(r.error().to_string() == "zone.mustache: \"$x\" refused");
  }
}
