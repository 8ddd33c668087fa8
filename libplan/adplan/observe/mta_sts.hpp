#pragma once
// Issue 23: MTA-STS (RFC 8461) as the judge reads it, pure: the policy file's grammar (3.2), the
// `_mta-sts` TXT record (3.1) and the MX pattern match (4.1). Strings in, values or problems out.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace adplan::observe {

inline constexpr std::int64_t k_mta_sts_max_age_limit = 31557600;  // RFC 8461 3.2: at most one year

struct MtaStsPolicy {
  std::string mode;             // enforce | testing | none
  std::vector<std::string> mx;  // patterns, lower case, as written ("*.contoso.com")
  std::int64_t max_age = 0;     // seconds
};

struct MtaStsParse {
  std::optional<MtaStsPolicy> policy;  // set when the text is a valid policy
  std::vector<std::string> problems;   // every reason it is not ("line 3: ...")
};

// The body of https://mta-sts.<domain>/.well-known/mta-sts.txt. Lines end in CRLF or LF; a field
// given twice counts once, the first (3.2), except `mx`; unknown fields are extensions (ignored).
MtaStsParse parse_mta_sts_policy(std::string_view text);

// The TXT record: "v=STSv1; id=<1-32 alphanumerics>" (and extensions). The id, or why not.
struct MtaStsTxt {
  std::string id;
  std::string problem;  // "" when valid
};
MtaStsTxt parse_mta_sts_txt(std::string_view record);
// Of every TXT string at _mta-sts.<domain>: those starting "v=STSv1" count; exactly one must (3.1).
MtaStsTxt pick_mta_sts_txt(const std::vector<std::string>& records);

// RFC 8461 4.1: `host` matches `pattern` exactly, or the pattern "*.<rest>" and the host is one
// more label in front of <rest>. Case-insensitive, trailing dots ignored.
bool mx_pattern_matches(std::string_view pattern, std::string_view host);

}  // namespace adplan::observe
