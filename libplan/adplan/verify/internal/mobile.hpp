#pragma once
// Phones, tablets and Teams (issue 12): the judge of the ActiveSync Autodiscover answer and its
// OPTIONS, of the Autodiscover v2 answers, and what the activesync and autodiscover-v2 clients
// make of one endpoint. What a correct server answers comes from the plan through the helpers
// below (the activesync external URL, EWS, the Autodiscover URL).
#include <adplan/observe/mobile.hpp>
#include <adplan/planner/plan.hpp>
#include <adplan/verify/internal/judge.hpp>

#include <string>
#include <string_view>

namespace adplan::verify {

struct PlannedUrl {
  std::string url;     // "" when the plan has none for it
  std::string cmdlet;  // the plan's command that sets it
};

// The MobileSync URL a correct server returns: the plan's ActiveSync external URL.
PlannedUrl planned_mobilesync_url(const Plan* plan);
// The v2 answer for a protocol: AutodiscoverV1 -> the plan's Autodiscover URL, Ews -> EWS,
// ActiveSync -> ActiveSync ("" for others, or without a plan).
PlannedUrl planned_v2_url(const Plan* plan, std::string_view protocol);

// activesync.invalid-response, activesync.error-response, activesync.url-mismatch,
// activesync.options-failed, activesync.redirect-451
void judge_activesync(Judge& j, const Plan* plan);
// autodiscover-v2.url-mismatch, autodiscover-v2.invalid-response, autodiscover-v2.missing
void judge_v2(Judge& j, const Plan* plan);

// How one endpoint ends for a device (the client simulation reads it).
struct DeviceStep {
  bool works = false;
  bool untested = false;  // works as far as verify went: the credentials were withheld
  std::string note;
};
DeviceStep activesync_step(const observe::MobileObservation& m, bool credentials);
DeviceStep v2_step(const observe::MobileObservation& m);

}  // namespace adplan::verify
