#pragma once
// MTA-STS (RFC 8461) and TLS reporting (RFC 8460) as text: the policy file, its id and the two
// TXT records. Pure; the planner fills PlannedMtaSts from these, renderers and tests read them.
#include <adplan/model/deployment.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace adplan {

// The policy file (RFC 8461 3.2): "version: STSv1", "mode: ...", one "mx: ..." per host, "max_age:
// ...", every line ended by CRLF.
std::string mta_sts_policy(MtaStsMode mode, const std::vector<HostName>& mx, std::uint32_t max_age);

// The _mta-sts TXT id (RFC 8461 3.1: 1-32 alphanumerics; it must change whenever the policy
// does): 16 lower-case hex digits of the FNV-1a 64-bit hash of the policy text, so the same
// policy always has the same id and any change gives a new one.
std::string mta_sts_id(std::string_view policy);

// "v=STSv1; id=<id>" (RFC 8461 3.1).
std::string mta_sts_record(std::string_view id);
// "v=TLSRPTv1; rua=mailto:<mailbox>" (RFC 8460 3).
std::string tls_rpt_record(const EmailAddress& rua);

// A TXT value of the plan ("v=STSv1; id=..." in quotes, zone-file presentation form) as its text:
// the quotes removed, \" and \\ unescaped (Windows DNS -DescriptiveText takes the text).
std::string txt_text(std::string_view presentation);

// https://mta-sts.<domain>/.well-known/mta-sts.txt (RFC 8461 3.3).
std::string mta_sts_policy_url(const HostName& policy_host);

}  // namespace adplan
