#pragma once
// MTA-STS (RFC 8461) artifacts of `adplan render`: each domain's policy file and the nginx server
// blocks that serve them on the policy hosts (the IIS form is the plan's mta-sts-site step in
// iis.ps1; the DNS records are in dns/). Empty when the plan has no MTA-STS.
#include <adplan/planner/plan.hpp>
#include <adplan/render/artifacts.hpp>

#include <string>
#include <vector>

namespace adplan::render {

// mta-sts/<domain>.txt: the policy, CRLF lines, as https://mta-sts.<domain>/.well-known/mta-sts.txt serves it.
std::vector<Artifact> render_mta_sts_policies(const Plan& p);

// nginx/mta-sts.conf: one server block per policy host on port 443, with the policy host
// certificate (<pki_dir>/<common name>.crt and .key), answering /.well-known/mta-sts.txt with the
// policy as text/plain and everything else with 404.
Result<std::string> render_mta_sts_nginx(const Plan& p, const std::string& pki_dir);

}  // namespace adplan::render
