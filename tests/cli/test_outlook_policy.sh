#!/usr/bin/env bash
# adplan config --target outlook-policy (issue 11): a registry file with CRLF line ends (or
# PowerShell with --format ps1), the same files render writes, and the plan JSON's answers
# and default Exchange version (Subscription Edition).
source "$(dirname "$0")/lib.sh" "$@"

"$ADPLAN" init --scenario 4 --yes -o adplan.json >/dev/null 2>&1 || fail "init"
json_check adplan.json "d['exchange'] == 'SE'" "init writes Subscription Edition by default"

expect_exit 0 -- "$ADPLAN" config --target outlook-policy && pass "outlook-policy"
"$ADPLAN" config --target outlook-policy > policy.reg
head -c 38 policy.reg | cmp -s - <(printf 'Windows Registry Editor Version 5.00\r\n') \
  && pass "regedit 5 header, CRLF" || fail "header: $(head -1 policy.reg | od -c | head -2)"
python3 - policy.reg <<'PY' && pass "every line ends CRLF" || fail "a bare LF in policy.reg"
import sys
b = open(sys.argv[1], 'rb').read()
sys.exit(0 if b.count(b'\n') == b.count(b'\r\n') and b.endswith(b'\r\n') else 1)
PY
grep -q $'^"ExcludeExplicitO365Endpoint"=dword:00000001\r$' policy.reg && pass "ExcludeExplicitO365Endpoint" || fail "no ExcludeExplicitO365Endpoint"
grep -q $'^"ExcludeHttpsRootDomain"=dword:00000001\r$' policy.reg && pass "ExcludeHttpsRootDomain" || fail "no ExcludeHttpsRootDomain"
grep -q $'^\\[HKEY_CURRENT_USER\\\\Software\\\\Microsoft\\\\Office\\\\16.0\\\\Outlook\\\\AutoDiscover\\\\RedirectServers\\]\r$' policy.reg \
  && pass "RedirectServers key (scenario 4)" || fail "no RedirectServers key"
grep -q $'^"mail.contoso.com"=""\r$' policy.reg && pass "the external host under RedirectServers" || fail "no redirect server"

expect_exit 0 -- "$ADPLAN" config --target outlook-policy --format ps1 && pass "--format ps1"
contains "$OUT" "New-ItemProperty -LiteralPath \$key -Name 'ExcludeHttpsRootDomain' -PropertyType DWord -Value 1" "ps1 sets the DWORD"
expect_exit 2 -- "$ADPLAN" config --target exchange --format ps1 && pass "--format is an outlook-policy option"
contains "$ERR" "--format" "the message names --format"
expect_exit 2 -- "$ADPLAN" config --target outlook-policy --format xml && pass "--format xml refused"

# render writes the same files, and the answers phones and Autodiscover v2 clients get.
expect_exit 0 -- "$ADPLAN" render --out out && pass "render"
cmp -s policy.reg out/outlook-policy.reg && pass "render's outlook-policy.reg = config" || fail "outlook-policy.reg differs"
"$ADPLAN" config --target outlook-policy --format ps1 | cmp -s - out/outlook-policy.ps1 \
  && pass "render's outlook-policy.ps1 = config --format ps1" || fail "outlook-policy.ps1 differs"
json_check out/autodiscover-v2/Ews.json "d == {'Protocol': 'Ews', 'Url': 'https://mail.contoso.com/EWS/Exchange.asmx'}" "v2 Ews answer"
json_check out/autodiscover-v2/AutodiscoverV1.json "d['Url'] == 'https://mail.contoso.com/autodiscover/autodiscover.xml'" "v2 AutodiscoverV1 answer"
grep -q '<Url>https://mail.contoso.com/Microsoft-Server-ActiveSync</Url>' out/autodiscover-mobilesync.xml \
  && pass "mobilesync response" || fail "mobilesync response has no MobileSync URL"
grep -q '<Protocol Type="mapiHttp" Version="1">' out/autodiscover.xml && pass "mapiHttp section" || fail "no mapiHttp section"

"$ADPLAN" plan --json > plan.json 2>/dev/null
json_check plan.json "d['exchange'] == 'SE' and d['answers']['mobilesync_url'] == 'https://mail.contoso.com/Microsoft-Server-ActiveSync'" "plan --json answers"
json_check plan.json "[v['name'] for v in d['outlook_policy']['values']] == ['ExcludeExplicitO365Endpoint', 'ExcludeHttpsRootDomain'] and d['outlook_policy']['redirect_servers'][0]['host'] == 'mail.contoso.com'" "plan --json outlook_policy"
json_check plan.json "any(u['service'] == 'mapi' and u['external'] == 'https://mail.contoso.com/mapi' for u in d['urls'])" "plan --json mapi URL"
finish
