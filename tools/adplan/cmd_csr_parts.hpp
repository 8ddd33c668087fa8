#pragma once
// Pieces of `adplan csr` kept out of cmd_csr.cpp: the CA rules checked before anything is
// written, the --org/--unit/... flags validated like adplan.json's subject, and --exchange's
// New-ExchangeCertificate lines.
#include "common.hpp"

#include <adplan/model/deployment_builder.hpp>
#include <adplan/pki/name_rules.hpp>

#include <vector>

namespace adplan::cli {

// The findings the plan's certificates raise under the CA's rules with this key.
std::vector<Finding> csr_rule_findings(const Plan& p, const KeySpec& key);

// The subject flags (--org, --unit, --locality, --state, --country) each checked by the validator
// adplan.json's values pass, named by its flag; false when one failed (its error is in `errors`).
bool check_subject_flags(const SubjectDraft& subject, Errors& errors);

// --exchange: per certificate the lines that make the key and request on the Exchange server.
int print_exchange_requests(Context& ctx, const Loaded& l, const KeySpec& key, const Subject& subject,
                            const std::vector<Finding>& findings, bool json);

}  // namespace adplan::cli
