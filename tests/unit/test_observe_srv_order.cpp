// SRV records as a client works through them: RFC 2782 order, then capped to the few targets a
// client tries, so a hostile zone's 1,500 records cost 16 probes, not 1,500.
#include <adplan/observe/srv_order.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace adplan::observe;

namespace {

std::vector<SrvRecord> records(int priorities, int per_priority) {
  std::vector<SrvRecord> out;
  for (int p = 0; p < priorities; ++p) {
    for (int i = 0; i < per_priority; ++i) {
      out.push_back({p * 10, 0, 443, "t" + std::to_string(p) + "-" + std::to_string(i) + ".contoso.com"});
    }
  }
  order_srv(out);
  return out;
}

std::vector<std::string> targets(const std::vector<SrvRecord>& rs) {
  std::vector<std::string> out;
  for (const auto& r : rs) out.push_back(r.target);
  return out;
}

}  // namespace

TEST_CASE("srv cap: a real zone's records are all kept") {
  auto rs = records(2, 2);
  auto before = targets(rs);
  CHECK(cap_srv(rs) == 0);
  CHECK(targets(rs) == before);
  std::vector<SrvRecord> none;
  CHECK(cap_srv(none) == 0);
  CHECK(none.empty());
}

TEST_CASE("srv cap: at most 4 targets per priority level, the first in RFC 2782 order") {
  auto rs = records(2, 6);
  CHECK(cap_srv(rs) == 4);
  CHECK(targets(rs) == std::vector<std::string>{"t0-0.contoso.com", "t0-1.contoso.com", "t0-2.contoso.com",
                                                "t0-3.contoso.com", "t1-0.contoso.com", "t1-1.contoso.com",
                                                "t1-2.contoso.com", "t1-3.contoso.com"});
}

TEST_CASE("srv cap: at most 16 in all, the lowest priorities first") {
  auto rs = records(10, 3);
  CHECK(cap_srv(rs) == 30 - 16);
  REQUIRE(rs.size() == 16);
  CHECK(rs.front().priority == 0);
  CHECK(rs.back().priority == 50);  // levels 0..40 give 15 records, level 50 its first
  CHECK(rs.back().target == "t5-0.contoso.com");
}

TEST_CASE("srv cap: 1,500 records at one priority, heaviest weight first") {
  std::vector<SrvRecord> rs;
  for (int i = 0; i < 1500; ++i) rs.push_back({0, i % 100, 443, "tarpit" + std::to_string(i) + ".contoso.com"});
  order_srv(rs);
  CHECK(cap_srv(rs) == 1496);
  REQUIRE(rs.size() == 4);
  for (const auto& r : rs) CHECK(r.weight == 99);
}

TEST_CASE("srv cap: the limits are parameters") {
  auto rs = records(3, 3);
  CHECK(cap_srv(rs, 1, 2) == 7);
  CHECK(targets(rs) == std::vector<std::string>{"t0-0.contoso.com", "t1-0.contoso.com"});
}
