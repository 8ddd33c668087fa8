#include <adplan/scenario/scenario.hpp>
#include <adplan/scenario/step.hpp>

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

using namespace adplan;

namespace {

std::string scenario_text(int id) {
  std::ifstream in(std::string(ADPLAN_SOURCE_DIR) + "/scenarios/" + std::to_string(id) + ".json");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("parse_scenario: a step id the catalogue does not know is an error naming the id and the field") {
  std::string text = scenario_text(1);
  REQUIRE(parse_scenario(text, "1.json").has_value());
  auto at = text.find("\"dns-records\"");
  REQUIRE(at != std::string::npos);
  text.replace(at, std::string("\"dns-records\"").size(), "\"dns-recrods\"");
  auto s = parse_scenario(text, "1.json");
  REQUIRE_FALSE(s.has_value());
  CHECK(s.error().code == "scenario.unknown-step");
  CHECK(s.error().field == "1.json: steps[3]");
  CHECK(s.error().message == "unknown step id \"dns-recrods\"");
  CHECK(s.error().hint.find("dns-records") != std::string::npos);
}

TEST_CASE("step catalogue: ids are unique and each finds its own entry") {
  for (const auto& info : step_catalogue()) {
    CAPTURE(info.id);
    REQUIRE(find_step(info.id) != nullptr);
    CHECK(find_step(info.id)->step == info.step);
    CHECK(&step_info(info.step) == find_step(info.id));
  }
  CHECK(find_step("no-such-step") == nullptr);
}

TEST_CASE("scenario: a choice as a person gives it") {
  CHECK((*choose_scenario("1"))->id == 1);
  CHECK((*choose_scenario("4"))->id == 4);
  for (const char* bad : {"5", "0", "x", "", "1x", "-1"}) {
    auto s = choose_scenario(bad);
    REQUIRE_FALSE(s);
    CHECK(s.error().code == "usage.scenario");
    CHECK(s.error().field == "--scenario");
  }
  CHECK(choose_scenario("5").error().message == "5 is not a scenario");
}
