#include <adplan/observe/srv_order.hpp>

#include <algorithm>
#include <tuple>

namespace adplan::observe {

void order_srv(std::vector<SrvRecord>& records) {
  std::ranges::stable_sort(records, [](const SrvRecord& a, const SrvRecord& b) {
    return std::tuple(a.priority, -a.weight, a.target, a.port) < std::tuple(b.priority, -b.weight, b.target, b.port);
  });
}

std::size_t cap_srv(std::vector<SrvRecord>& records, std::size_t per_priority, std::size_t total) {
  std::vector<SrvRecord> kept;
  std::size_t in_level = 0;
  for (std::size_t i = 0; i < records.size() && kept.size() < total; ++i) {
    in_level = i > 0 && records[i].priority == records[i - 1].priority ? in_level + 1 : 0;
    if (in_level < per_priority) kept.push_back(std::move(records[i]));
  }
  const std::size_t dropped = records.size() - kept.size();
  records = std::move(kept);
  return dropped;
}

}  // namespace adplan::observe
