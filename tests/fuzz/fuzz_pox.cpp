// Fuzz target: the Autodiscover POX response parser (probe/pox.cpp), which reads what any
// server answers to the POST. It must never crash, hang or throw, and whatever it keeps must be
// valid UTF-8 (a stray byte in an ErrorCode once ended `verify --json` with an exception).
// Build with clang -fsanitize=fuzzer (ADPLAN_FUZZ=ON), or run the replay driver.
#include <adplan/model/sanitize.hpp>
#include <adplan/probe/internal/pox.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

void require_utf8(std::string_view s) {
  if (!adplan::is_valid_utf8(s)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  auto r = adplan::probe::parse_pox_response(body);
  require_utf8(r.problem);
  require_utf8(r.action);
  require_utf8(r.redirect);
  if (r.error_code) require_utf8(*r.error_code);
  require_utf8(r.error_message);
  for (const auto& p : r.protocols) {
    require_utf8(p.type);
    require_utf8(p.server);
    for (const auto& [name, url] : p.urls) {
      require_utf8(name);
      require_utf8(url);
    }
  }
  if (r.valid && !r.problem.empty()) std::abort();  // valid means no problem to report
  return 0;
}
