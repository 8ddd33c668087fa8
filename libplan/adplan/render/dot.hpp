#pragma once
// The deployment as a picture, in Graphviz DOT: the white paper's figures for this organisation.
// Clients (domain-joined, external, mobile), the SCPs in Active Directory, the DNS records of
// each view, the web sites with their addresses and certificates, the redirect, and the Client
// Access servers, with the discovery path each client takes drawn along the edges. `dot -Tsvg`
// turns it into a picture; adplan links no Graphviz. Pure: the same plan gives the same bytes.
#include <adplan/planner/plan.hpp>

#include <string>

namespace adplan::render {

std::string render_dot(const Plan& p);

// Before and after side by side; what the change adds is green, what it changes orange, what it
// removes red and dashed (on the before side).
std::string render_dot_diff(const Plan& before, const Plan& after);

}  // namespace adplan::render
