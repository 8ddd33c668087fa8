#pragma once
// `adplan verify --dot FILE`: what verify saw, as a Graphviz DOT picture a support ticket can
// carry. Each client (domain-joined Outlook, external Outlook, ActiveSync) with the methods it
// tried in order, each attempt's edge to the host it asked (with that host's addresses), the
// redirect hops, where the client stopped (a double border), and the findings on the edges:
// red for errors, orange for warnings. Pure and deterministic (no timings): the same
// observations and result give the same bytes. In verify/, beside the result it draws, so
// render/ need not link the judge.
#include <adplan/observe/observations.hpp>
#include <adplan/verify/result.hpp>

#include <string>

namespace adplan::verify {

std::string render_verify_dot(const VerifyResult& result, const observe::Observations& obs);

}  // namespace adplan::verify
