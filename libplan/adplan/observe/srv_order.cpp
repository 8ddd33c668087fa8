#include <adplan/observe/srv_order.hpp>

#include <algorithm>
#include <tuple>

namespace adplan::observe {

void order_srv(std::vector<SrvRecord>& records) {
  std::ranges::stable_sort(records, [](const SrvRecord& a, const SrvRecord& b) {
    return std::tuple(a.priority, -a.weight, a.target, a.port) < std::tuple(b.priority, -b.weight, b.target, b.port);
  });
}

}  // namespace adplan::observe
