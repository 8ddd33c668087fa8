// Fuzz target: the Autodiscover v2 JSON parser (probe/autodiscover_v2.cpp, issue 12). Never a
// crash, a hang or an exception (nlohmann's parser runs without exceptions and with a depth
// cap); what it keeps is valid UTF-8 and bounded.
#include <adplan/model/sanitize.hpp>
#include <adplan/probe/internal/mobile.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  auto r = adplan::probe::parse_v2_response(body);
  for (const auto* s : {&r.problem, &r.protocol, &r.url, &r.error_code, &r.error_message}) {
    if (!adplan::is_valid_utf8(*s) || s->size() > 1024) std::abort();
  }
  if (r.valid != r.problem.empty()) std::abort();
  return 0;
}
