#include <adplan/probe/batch.hpp>

#include <doctest/doctest.h>

#include <mutex>
#include <set>
#include <thread>

using namespace adplan::probe;

// Offline: every question goes to a closed loopback port, so each run ends fast with DNS errors.
TEST_CASE("probe batch: every target probed once, its own domain and address") {
  ProbeOptions base;
  base.dns_servers = {*parse_dns_server("127.0.0.1:9")};
  base.timeout = std::chrono::milliseconds(500);
  base.anchors.system = false;
  auto trust = TrustStore::load(base.anchors);
  REQUIRE(trust);
  std::vector<BatchTarget> targets;
  for (int i = 0; i < 5; ++i) {
    std::string d = "d" + std::to_string(i) + ".example.invalid";
    targets.push_back({d, "check@" + d});
  }
  std::vector<std::string> domains(targets.size()), emails(targets.size());
  std::mutex m;
  std::set<std::thread::id> threads;
  int calls = 0;
  probe_batch(
      base, targets, *trust,
      [&](std::size_t i, ProbeRun&& run) {
        REQUIRE(run);
        domains[i] = run->domain;
        emails[i] = run->email;
        std::lock_guard lock(m);
        ++calls;
        threads.insert(std::this_thread::get_id());
      },
      2);
  CHECK(calls == 5);
  for (std::size_t i = 0; i < targets.size(); ++i) {
    CHECK(domains[i] == targets[i].domain);
    CHECK(emails[i] == targets[i].email);
  }
  CHECK(threads.size() <= 2);
  CHECK_FALSE(threads.contains(std::this_thread::get_id()));
}

TEST_CASE("probe batch: no targets, no calls") {
  ProbeOptions base;
  base.anchors.system = false;
  auto trust = TrustStore::load(base.anchors);
  REQUIRE(trust);
  int calls = 0;
  probe_batch(base, {}, *trust, [&](std::size_t, ProbeRun&&) { ++calls; });
  CHECK(calls == 0);
}
