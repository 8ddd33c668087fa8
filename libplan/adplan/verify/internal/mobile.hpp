#pragma once
// Phones, tablets and Teams (issue 12): the judge of the ActiveSync Autodiscover answer and its
// OPTIONS, of the Autodiscover v2 answers, and what the activesync and autodiscover-v2 clients
// make of one endpoint. What a correct server answers is the plan's (Expectations::answers:
// planner/client_answers.hpp), the one source render writes the lab's answers from too.
#include <adplan/observe/mobile.hpp>
#include <adplan/planner/plan.hpp>
#include <adplan/verify/internal/judge.hpp>

#include <string>

namespace adplan::verify {

// activesync.invalid-response, activesync.error-response, activesync.url-mismatch/-drift,
// activesync.options-failed, activesync.redirect-451
void judge_activesync(Judge& j, const Plan* plan);
// autodiscover-v2.url-mismatch/-drift, autodiscover-v2.invalid-response, autodiscover-v2.missing
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
