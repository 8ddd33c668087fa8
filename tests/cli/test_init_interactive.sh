#!/usr/bin/env bash
# At a terminal, init asks for what the flags did not give, showing defaults.
source "$(dirname "$0")/lib.sh"
if ! command -v script >/dev/null; then echo "script(1) missing"; exit 1; fi
# Answers: scenario 3, domain fabrikam.com, defaults for external/autodiscover hosts,
# a server, public ip default, secondary public ip, ca internal, secondary ip default.
printf '3\nfabrikam.com\n\n\nEX1,ex1.fabrikam.com,192.0.2.30,HQ\n\n198.51.100.9\ninternal\n\n' >answers
script -qec "'$ADPLAN' init -o asked.json" /dev/null <answers >transcript 2>&1
rc=$?
[[ $rc -eq 0 ]] && pass "interactive init exits 0" || { fail "interactive init exited $rc"; cat transcript >&2; }
T=$(cat transcript)
contains "$T" "Scenario (1-4, see \`adplan scenarios\`) [1]:" "asks for the scenario with its default"
contains "$T" "External host name (OWA, Outlook Anywhere) [mail.fabrikam.com]:" "default derived from the answered domain"
json_check asked.json "d['scenario']==3 and d['domains']==['fabrikam.com'] and d['external_host']=='mail.fabrikam.com'" "answers recorded"
json_check asked.json "d['servers'][0]['name']=='EX1' and d['servers'][0]['site']=='HQ' and d['servers'][0]['secondary_ip']=='192.0.2.11'" "server and default secondary ip"
json_check asked.json "d['secondary_public_ip']=='198.51.100.9' and d['ca']=='internal'" "second public ip and CA"
# --yes asks nothing even at a terminal.
script -qec "'$ADPLAN' init --yes --scenario 2 -o quiet.json" /dev/null </dev/null >t2 2>&1
contains "$(cat t2)" "built-in contoso.com example" "--yes takes the example at a terminal"
finish
