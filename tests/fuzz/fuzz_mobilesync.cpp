// Fuzz target: the ActiveSync Autodiscover answer parser (probe/mobilesync.cpp, issue 12), which
// reads what any server answers to the mobilesync POST. It must never crash, hang or throw, and
// whatever it keeps must be valid UTF-8. Build with clang -fsanitize=fuzzer (ADPLAN_FUZZ=ON), or
// run the replay driver.
#include <adplan/model/sanitize.hpp>
#include <adplan/probe/internal/mobile.hpp>

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
  auto r = adplan::probe::parse_mobilesync_response(body);
  for (const auto* s : {&r.problem, &r.schema, &r.culture, &r.user, &r.redirect, &r.error_message}) require_utf8(*s);
  if (r.error_code) require_utf8(*r.error_code);
  for (const auto& s : r.servers) {
    require_utf8(s.type);
    require_utf8(s.url);
    require_utf8(s.name);
  }
  if (r.valid != r.problem.empty()) std::abort();  // valid means no problem to report, and back
  return 0;
}
