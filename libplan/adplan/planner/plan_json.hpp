#pragma once
// The documented, stable JSON form of a Plan (`adplan plan --json`; README "Plan JSON").
#include <adplan/model/json_text.hpp>  // to_json(Finding)
#include <adplan/planner/client_answers.hpp>
#include <adplan/planner/outlook_policy.hpp>
#include <adplan/planner/plan.hpp>

#include <nlohmann/json.hpp>

namespace adplan {

nlohmann::ordered_json to_json(const Plan& p);
nlohmann::ordered_json to_json(const Requirements& r);
nlohmann::ordered_json to_json(const ClientAnswers& a);  // plan JSON "answers"
nlohmann::ordered_json to_json(const OutlookPolicy& o);  // plan JSON "outlook_policy"

}  // namespace adplan
