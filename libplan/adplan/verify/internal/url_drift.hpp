#pragma once
// Issue 22, "severity by effect": one rule for a URL an answer hands out that differs from the
// plan's, whichever answer carries it (the Autodiscover POX response, the ActiveSync mobilesync
// response, Autodiscover v2, an SCP). The difference is drift (<family>.url-drift, a warning with
// both values) where a client would not suffer: the URL is https, its certificate passes for its
// host, the host resolves and the URL answers as the service should. "As the service should" is
// decided by the request made with the user's credentials: behind IIS a wrong path still answers
// 401 to an anonymous request, so without that request the answer stays unproven and the warning
// says so. It is an error (<family>.url-mismatch) only where a client would fail: not https, the
// certificate fails for the host, the host does not resolve or answer, the wrong service answers,
// an external URL resolves only to an address inside the network, or verify never requested it
// (nothing shows that it works).
#include <adplan/model/finding.hpp>
#include <adplan/observe/observations.hpp>
#include <adplan/verify/internal/certificate_problems.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace adplan {
struct Plan;
}

namespace adplan::verify {

enum class UrlFamily { Autodiscover, ActiveSync, AutodiscoverV2, Scp };

// "autodiscover", "activesync", "autodiscover-v2", "scp": the ids' family.
std::string_view family_name(UrlFamily f);

// What verify saw when it requested the live URL.
struct LiveUrlFacts {
  bool observed = false;                                  // verify requested this very URL
  observe::HttpExchange first;                            // the request without credentials
  std::optional<observe::HttpExchange> with_credentials;  // the same request as the user
  bool credentials_given = false;                         // the run had --user and a password
  bool trust_exception = false;  // SCP: domain-joined Outlook skips the chain's trust (name and dates count)
  // For a 200: whether the body is the service's answer (a valid Autodiscover response,
  // MS-ASProtocolVersions); nullopt where the request does not tell (a GET on a service URL).
  std::optional<bool> service_answer;
  std::string service_note;  // why not, when service_answer is false
};

// One URL of an answer that differs from the plan's.
struct UrlDifference {
  UrlFamily family = UrlFamily::Autodiscover;
  std::string subject;       // the answer's URL (the finding's subject)
  std::string what;          // "mapiHttp MailStore/InternalUrl", "the MobileSync URL", "the Ews Url", "the SCP URL"
  std::string planned;       // the plan's value
  std::string live;          // the answer's value
  bool internal = false;     // an InternalUrl or an SCP URL: what clients inside the network use
  std::string clients;       // who uses it: "Outlook inside the network", "ActiveSync devices", ...
  std::string set_remedy;    // sets exactly the differing parameter to the plan's value
  std::string adopt_remedy;  // how to make the live value the plan's (adplan.json), "" when it cannot be
};

enum class UrlEffect { Works, Unproven, Fails };

struct UrlVerdict {
  UrlEffect effect = UrlEffect::Fails;
  std::string why;  // what decided it, in the words the finding uses
};

// The rule (pure): what a client meets at the live URL.
UrlVerdict url_effect(const UrlDifference& d, const LiveUrlFacts& facts, const ClockRules& clock);

// The finding for the difference: <family>.url-drift (warning) or <family>.url-mismatch (error),
// the plan's and the live value as evidence.
Finding judge_url_difference(const UrlDifference& d, const LiveUrlFacts& facts, const ClockRules& clock);

// What the observations hold for the live URL: a service URL's GET (issue 11), an Autodiscover
// endpoint's POST, an OPTIONS on a MobileSync URL, a GET of an Autodiscover v2 answer's Url.
// Compared as clients do: case-insensitively, without Exchange's ?MailboxId= query and a trailing slash.
LiveUrlFacts live_facts(const observe::Observations& obs, std::string_view url);

// How to adopt a live URL into the plan: the adplan.json field that makes the planner derive it,
// or "" when the plan cannot hold it (another path than Exchange's conventional one).
std::string adopt_remedy(const Plan& plan, bool internal, std::string_view planned, std::string_view live);

// "<prefix> -InternalUrl '<value>'" from the plan's command for the service ("Set-X -Identity '...'
// -ExternalUrl '...' [-InternalUrl '...']"): the command that sets exactly one of the two URLs.
std::string set_one_url(std::string_view plan_cmdlet, bool internal, std::string_view value);

}  // namespace adplan::verify
