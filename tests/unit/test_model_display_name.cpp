#include <adplan/model/display_name.hpp>

#include <doctest/doctest.h>

#include <string>

using adplan::parse_display_name;

TEST_CASE("display names: the accepted subset") {
  CHECK(parse_display_name("Autodiscover Test") == "Autodiscover Test");
  CHECK(parse_display_name("O'Brien, Pat (IT) & Co.-_") == "O'Brien, Pat (IT) & Co.-_");
  CHECK(parse_display_name(std::string(64, 'a')));
  SUBCASE("refused: too long, shell or markup characters, non-ASCII") {
    for (std::string bad : {std::string(65, 'a'), std::string("x$(id)"), std::string("<b>"), std::string("a;b"),
                            std::string("M\xc3\xbcller"), std::string("tab\there")}) {
      auto e = parse_display_name(bad);
      REQUIRE_FALSE(e);
      CHECK(e.error().code == "input.display-name");
      CHECK(e.error().message == "\"" + bad + "\" is not a display name adplan accepts");
    }
  }
}
