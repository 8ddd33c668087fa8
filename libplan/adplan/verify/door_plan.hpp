#pragma once
// Issue 23: what `adplan verify` probes of a plan's mail doors -- every PlannedDoor, and per
// accepted domain its MX hosts (inbound SMTP) and MTA-STS mode -- read from the Plan, never
// re-derived. A plan without doors gives an empty DoorPlan (today's behaviour).
#include <adplan/observe/doors.hpp>
#include <adplan/planner/plan.hpp>

namespace adplan::verify {

observe::DoorPlan door_plan(const Plan& plan);

}  // namespace adplan::verify
