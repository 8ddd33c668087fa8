// The probe flags verify and the exporter share (probe/probe_flags.hpp): every problem at once,
// each naming its flag; good values canonical in the probe options.
#include <adplan/probe/probe_flags.hpp>

#include <doctest/doctest.h>

#include <filesystem>

using namespace adplan;
using namespace adplan::probe;

TEST_CASE("probe flags: --dns-server, --allow-redirect, --parallel") {
  ProbeOptions po;
  auto errors = apply_probe_flags({{"127.0.0.53:5353", "[::1]:53"}, {"Evil.Fabrikam.COM", "0x7f000001"}, 16}, po);
  CHECK(errors.empty());
  CHECK(po.dns_servers.size() == 2);
  CHECK(po.allow_redirect == std::vector<std::string>{"evil.fabrikam.com", "127.0.0.1"});
  CHECK(po.parallel == 16);
  ProbeOptions bad;
  errors = apply_probe_flags({{"not-an-ip"}, {"bad..host"}, 0}, bad);
  REQUIRE(errors.size() == 3);
  CHECK(errors[0].field == "--dns-server");
  CHECK(errors[1].field == "--allow-redirect");
  CHECK(errors[2].field == "--parallel");
  CHECK(errors[2].message == "must be between 1 and 256");
  CHECK(bad.parallel == 1);
  CHECK(apply_probe_flags({{}, {}, 257}, bad).size() == 1);
}

TEST_CASE("probe flags: --ca-file must be a file") {
  ProbeOptions po;
  CHECK(apply_probe_flags({}, po).empty());
  CHECK_FALSE(po.anchors.ca_file);  // the system store alone
  const auto here = std::filesystem::path(ADPLAN_SOURCE_DIR) / "CMakeLists.txt";
  CHECK(apply_probe_flags({{}, {}, 8, here.string()}, po).empty());
  CHECK(po.anchors.ca_file == here);
  ProbeOptions dir;
  auto errors = apply_probe_flags({{}, {}, 8, ADPLAN_SOURCE_DIR}, dir);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].code == "usage.ca-file");
  CHECK(errors[0].field == "--ca-file");
  CHECK(errors[0].message.ends_with("\" is not a file"));
  CHECK(apply_probe_flags({{}, {}, 8, "/nonexistent/ca.pem"}, dir).size() == 1);
}
