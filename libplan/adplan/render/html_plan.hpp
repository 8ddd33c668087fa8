#pragma once
// `adplan render`'s plan.html: the whole plan as one page a person reads top to bottom and
// forwards — the scenario's requirements row, each certificate's names with the reason for each,
// the DNS records of each view, the web sites, the Exchange, IIS and DNS steps in the paper's
// order with their commands and checks, the plan's findings, and the deployment picture.
// Pure: the same plan and options give the same bytes (tests/golden/render/scenario-N/plan.html).
#include <adplan/planner/plan.hpp>

#include <optional>
#include <string>

namespace adplan::render {

struct PlanHtmlOptions {
  std::string version;                 // "adplan 0.9.0 (git ...)", shown in the footer
  std::optional<std::string> picture;  // `dot -Tsvg` of deployment.dot (sanitised here); none: a note
  std::string picture_note;            // why there is no picture (Graphviz missing)
};

std::string render_plan_html(const Plan& p, const PlanHtmlOptions& options);

// Why `name` is on certificate `c` of the plan, in one sentence.
std::string certificate_name_reason(const Plan& p, const PlannedCertificate& c, const HostName& name);

}  // namespace adplan::render
