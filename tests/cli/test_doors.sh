#!/usr/bin/env bash
# Issue 23, the plan side of the mail doors: init's --doors/--mx/--mta-sts, the doors in plan
# --json, the planner's refusals with their fixes, render's MTA-STS files and Exchange lines,
# `dns` in every format, `diff`, and `cert check`'s TlsCertificateName (openssl-made fixtures).
source "$(dirname "$0")/lib.sh"

"$ADPLAN" init --scenario 1 --yes -o plain.json >/dev/null || fail "init without doors"
grep -q '"doors"' plain.json && fail "no --doors: adplan.json has no doors" || pass "no --doors, no doors"

expect_exit 0 -- "$ADPLAN" init --scenario 1 --yes -o doors.json --domain contoso.com --domain fabrikam.com \
  --doors smtp,submission,imap,pop --mx mx1.contoso.com --mx mail.contoso.com --mta-sts enforce &&
  pass "init --doors --mx --mta-sts"
json_check doors.json 'd["doors"]["smtp"] == ["mx1.contoso.com", "mail.contoso.com"] and d["doors"]["imap"] == ["mail.contoso.com"]' \
  "--mx names the smtp door's hosts in order; the others default to the external host"
json_check doors.json 'd["mta_sts"]["domains"] == {"contoso.com": "enforce", "fabrikam.com": "enforce"}' \
  "--mta-sts sets every domain's mode"

"$ADPLAN" plan --plan doors.json --json >plan.json || fail "plan --json"
json_check plan.json 'len(d["doors"]) == 7 and all(x["certificate"] == "default" for x in d["doors"])' \
  "7 door endpoints, each answered by the SAN certificate"
json_check plan.json '"mx1.contoso.com" in d["certificates"][0]["sans"]' "scenario 1: the MX host is on the SAN certificate"
json_check plan.json '[c["key"] for c in d["certificates"]] == ["default", "mta-sts"] and d["certificates"][1]["sans"] == ["mta-sts.contoso.com", "mta-sts.fabrikam.com"]' \
  "the MTA-STS policy hosts get their own certificate"
json_check plan.json 'd["mta_sts"][0]["policy"] == "version: STSv1\r\nmode: enforce\r\nmx: mx1.contoso.com\r\nmx: mail.contoso.com\r\nmax_age: 604800\r\n"' \
  "the policy, CRLF lines"

# Scenario 2 holds only the external host: another door name is a planner error with the fix,
# and enforce is refused while an MX host is on no certificate.
# init writes the plan and shows its findings (exit 0); `plan` is the judge (exit 1 on errors).
expect_exit 0 -- "$ADPLAN" init --scenario 2 --yes -o s2.json --doors smtp --mx mx1.contoso.com --mta-sts enforce
expect_exit 1 -- "$ADPLAN" plan --plan s2.json
contains "$OUT" "door.not-covered" "scenario 2: door.not-covered"
contains "$OUT" "choose scenario 1" "... with the fix"
contains "$OUT" "mta-sts.enforce-uncovered" "enforce refused while the MX host is on no certificate"
expect_exit 0 -- "$ADPLAN" init --scenario 2 --yes -o s2ok.json --doors smtp,imap --mta-sts testing --force &&
  pass "scenario 2 with doors on the external host"

expect_exit 2 -- "$ADPLAN" init --scenario 1 --yes -o bad.json --doors smtp,imaps
contains "$ERR" "doors.imaps" "an unknown door kind is named"
contains "$ERR" '"imap"' "... with the closest kind"
expect_exit 2 -- "$ADPLAN" init --scenario 1 --yes -o bad.json --mta-sts strict

# render: policy files (CRLF), nginx snippet, IIS site, Exchange lines.
expect_exit 0 -- "$ADPLAN" render --plan doors.json --out out && pass "render with doors"
[[ $(cat out/mta-sts/fabrikam.com.txt) == $'version: STSv1\r\nmode: enforce\r\nmx: mx1.contoso.com\r\nmx: mail.contoso.com\r\nmax_age: 604800\r' ]] &&
  pass "mta-sts/fabrikam.com.txt" || fail "mta-sts/fabrikam.com.txt: $(od -c out/mta-sts/fabrikam.com.txt | head -3)"
contains "$(cat out/nginx/mta-sts.conf)" "server_name mta-sts.fabrikam.com;" "nginx/mta-sts.conf serves the policy host"
contains "$(cat out/iis.ps1)" "-HostHeader 'mta-sts.contoso.com' -Port 443 -Ssl -SslFlags 1" "iis.ps1: the policy site by SNI"
ex=$(cat out/exchange.ps1)
contains "$ex" "Enable-ExchangeCertificate -Services IIS,SMTP,IMAP,POP -Force" "exchange.ps1 enables every planned service"
contains "$ex" "Set-ImapSettings -Server 'CAS01' -X509CertificateName 'mail.contoso.com'" "Set-ImapSettings"
contains "$ex" "Set-PopSettings -Server 'CAS01' -X509CertificateName 'mail.contoso.com'" "Set-PopSettings"
contains "$ex" "Set-ReceiveConnector -Identity 'CAS01\\Default Frontend CAS01' -TlsCertificateName \$tlsName" "receive connector"

# cert check: the TlsCertificateName exactly as Exchange forms it.
# The fixture is a bare leaf without SANs for the plan (cert.chain, cert.name-missing: exit 1); the
# name is given whatever the findings, since connectors need it for any certificate installed.
expect_exit 1 -- "$ADPLAN" cert check "$SRC/tests/fixtures/pki/r11-leaf.crt" --plan doors.json --json
echo "$OUT" >check.json
json_check check.json 'd["tls_certificate_name"] == "<I>CN=R11, O=Let'"'"'s Encrypt, C=US<S>CN=mail.contoso.com"' \
  "cert check --json: tls_certificate_name"
"$ADPLAN" cert check "$SRC/tests/fixtures/pki/r11-leaf.crt" --plan doors.json >check.txt
contains "$(cat check.txt)" "TlsCertificateName: <I>CN=R11, O=Let's Encrypt, C=US<S>CN=mail.contoso.com" "cert check prints it"
expect_exit 0 -- "$ADPLAN" render --plan doors.json --out out2 --cert "$SRC/tests/fixtures/pki/r11-leaf.crt"
contains "$(cat out2/exchange.ps1)" "\$tlsName = '<I>CN=R11, O=Let''s Encrypt, C=US<S>CN=mail.contoso.com'" \
  "render --cert writes the issued certificate's name, quoted for PowerShell"
expect_exit 2 -- "$ADPLAN" render --plan doors.json --out out3 --cert doors.json
contains "$ERR" "--cert" "render --cert with no certificate names the flag"

# dns: every format carries the MX and TXT records.
contains "$("$ADPLAN" dns --plan doors.json)" '_mta-sts.contoso.com. 3600 IN TXT "v=STSv1; id=' "dns: the _mta-sts TXT record"
w=$("$ADPLAN" dns --plan doors.json --format windows)
contains "$w" "Add-DnsServerResourceRecordMX -ZoneName 'fabrikam.com' -Name '@' -MailExchange 'mx1.contoso.com' -Preference 10" "windows: MX"
contains "$w" "Add-DnsServerResourceRecord -Txt -ZoneName 'contoso.com' -Name '_smtp._tls' -DescriptiveText 'v=TLSRPTv1; rua=mailto:tlsrpt@contoso.com'" "windows: TLS-RPT TXT"
"$ADPLAN" dns --plan doors.json --format json >dns.json
json_check dns.json 'any(r["type"] == "MX" for z in d["zones"] for r in z["records"])' "json: MX"

# diff: the added doors and policies.
expect_exit 1 -- "$ADPLAN" diff plain.json doors.json  # plans that differ: exit 1, as test_diff.sh
contains "$OUT" "door smtp mx1.contoso.com:25" "diff shows an added door"
contains "$OUT" "mta-sts contoso.com" "diff shows an added policy"
finish
