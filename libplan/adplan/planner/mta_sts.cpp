#include <adplan/planner/mta_sts.hpp>

namespace adplan {

std::string mta_sts_policy(MtaStsMode mode, const std::vector<HostName>& mx, std::uint32_t max_age) {
  std::string out = "version: STSv1\r\nmode: " + std::string(mta_sts_mode_key(mode)) + "\r\n";
  for (const auto& h : mx) out += "mx: " + h.str() + "\r\n";
  out += "max_age: " + std::to_string(max_age) + "\r\n";
  return out;
}

std::string mta_sts_id(std::string_view policy) {
  // FNV-1a, 64 bits (offset basis 14695981039346656037, prime 1099511628211).
  std::uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : policy) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = k_hex[h & 0xf];
    h >>= 4;
  }
  return out;
}

std::string mta_sts_record(std::string_view id) {
  return "v=STSv1; id=" + std::string(id);
}

std::string tls_rpt_record(const EmailAddress& rua) {
  return "v=TLSRPTv1; rua=mailto:" + rua.str();
}

std::string txt_text(std::string_view presentation) {
  if (presentation.size() >= 2 && presentation.front() == '"' && presentation.back() == '"')
    presentation = presentation.substr(1, presentation.size() - 2);
  std::string out;
  for (std::size_t i = 0; i < presentation.size(); ++i) {
    if (presentation[i] == '\\' && i + 1 < presentation.size()) ++i;
    out += presentation[i];
  }
  return out;
}

std::string mta_sts_policy_url(const HostName& policy_host) {
  return "https://" + policy_host.str() + "/.well-known/mta-sts.txt";
}

}  // namespace adplan
