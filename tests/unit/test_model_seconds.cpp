// model/seconds.hpp: the one check of every seconds value a flag takes (issue 22).
#include <adplan/model/seconds.hpp>

#include <doctest/doctest.h>

#include <limits>

using namespace adplan;

TEST_CASE("model seconds: 0 < seconds <= max, else usage.<flag> naming the range") {
  Errors errors;
  check_seconds(10, "--timeout", 600, errors);
  check_seconds(600, "--timeout", 600, errors);
  check_seconds(0.001, "--timeout", 600, errors);
  CHECK(errors.empty());
  check_seconds(0, "--timeout", 600, errors);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].code == "usage.timeout");
  CHECK(errors[0].field == "--timeout");
  CHECK(errors[0].message == "must be between 0 and 600 seconds");
  check_seconds(301, "--timeout", 300, errors);
  check_seconds(-1, "--scrape-timeout", 60, errors);
  check_seconds(std::numeric_limits<double>::quiet_NaN(), "--timeout", 600, errors);
  REQUIRE(errors.size() == 4);
  CHECK(errors[1].message == "must be between 0 and 300 seconds");
  CHECK(errors[2].code == "usage.scrape-timeout");
  CHECK(errors[3].code == "usage.timeout");
}
