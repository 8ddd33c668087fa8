// Fuzz target: adplan.json loading and planning must never crash, hang or throw, whatever
// the bytes. Build with clang -fsanitize=fuzzer (ADPLAN_FUZZ=ON), or run the replay driver.
#include <adplan/model/deployment_json.hpp>
#include <adplan/model/email.hpp>
#include <adplan/planner/plan.hpp>
#include <adplan/planner/plan_json.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)adplan::HostName::parse(text, true);
  (void)adplan::IpAddress::parse(text);
  (void)adplan::EmailAddress::parse(text);
  auto d = adplan::load_deployment(text);
  if (d) {
    using namespace std::chrono;
    auto p = adplan::make_plan(*d, *adplan::find_scenario(d->scenario), {year{2026} / November / 24});
    (void)adplan::to_json(p).dump();
  }
  return 0;
}
