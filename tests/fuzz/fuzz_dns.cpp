// Fuzz target: a DNS reply is whatever the server (or anyone who wins the race to our UDP port)
// sends. Every answer the probes parse goes through parse_answer (c-ares' ares_parse_*_reply,
// then our names, RFC 2782 order and SRV cap): it must never crash, hang or leak, whatever the
// bytes. Build with clang -fsanitize=fuzzer (ADPLAN_FUZZ=ON), or run the replay driver.
#include <adplan/observe/srv_order.hpp>
#include <adplan/probe/internal/dns.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > static_cast<std::size_t>(std::numeric_limits<int>::max())) return 0;
  const int length = static_cast<int>(size);
  for (int type : {1, 28, 33}) {  // A, AAAA, SRV: the questions the probes ask
    auto answer = adplan::probe::parse_answer(type, data, length);
    if (answer.records.size() > adplan::observe::k_srv_total) __builtin_trap();  // the cap holds
  }
  return 0;
}
