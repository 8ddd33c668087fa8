#!/usr/bin/env bash
# init for each scenario, plan --json against the paper's table, no overwrite, bad input.
source "$(dirname "$0")/lib.sh"

# The paper's requirements table, row per scenario.
declare -A ROW=(
  [1]="True False True False 1 False False"
  [2]="True False True False 1 True True"
  [3]="True True True True 2 True True"
  [4]="True True True True 1 True True"
)
for n in 1 2 3 4; do
  expect_exit 0 -- "$ADPLAN" init --scenario "$n" --yes -o "s$n.json" && pass "init scenario $n"
  contains "$OUT" "Modification of SCP object" "init $n prints the requirements row"
  contains "$OUT" "next: adplan plan" "init $n prints the next step"
  contains "$OUT" "built-in contoso.com example" "init $n says what the example filled"
  "$ADPLAN" plan --plan "s$n.json" --json >"p$n.json"; rc=$?
  [[ $rc -eq 0 ]] && pass "plan $n exits 0" || fail "plan $n exited $rc"
  json_check "p$n.json" "' '.join(str(d['requirements'][k]) for k in ['primary_ip','secondary_ip','primary_public_ip','secondary_public_ip','certificate_count','scp_change','web_services_url_change']) == '${ROW[$n]}'" "scenario $n requirements = paper's table"
  json_check "p$n.json" "d['scenario'] == $n and all(c['common_name'] in c['sans'] for c in d['certificates'])" "scenario $n: CN always in the SAN"
  json_check "p$n.json" "all(r['name'].endswith('.') for r in d['dns']['external'] + d['dns']['internal'])" "scenario $n: absolute DNS names"
  json_check "p$n.json" "all(set(f) >= {'id','severity','message','remedy'} for f in d['findings'])" "scenario $n: findings shape"
  json_check "p$n.json" "all(set(u) >= {'service','internal','external'} for u in d['urls']) and all(set(s) >= {'server','url'} for s in d['scp'])" "scenario $n: urls and scp shape"
done
json_check p2.json "any(r['type']=='SRV' and r['value']=='0 0 443 mail.contoso.com.' and r['name']=='_autodiscover._tcp.contoso.com.' for r in d['dns']['external'])" "scenario 2 SRV record"
json_check p4.json "any(s['redirect_to']=='https://mail.contoso.com/autodiscover/autodiscover.xml' and s['port']==80 for s in d['sites'])" "scenario 4 redirect site"

# Refuses to overwrite: exit 2, file byte-identical.
cp s1.json before.json
expect_exit 2 -- "$ADPLAN" init --scenario 3 --yes -o s1.json && pass "init refuses to overwrite"
contains "$ERR" "already exists" "overwrite message"
cmp -s s1.json before.json && pass "file byte-identical" || fail "file changed"
expect_exit 0 -- "$ADPLAN" init --scenario 3 --yes -o s1.json --force && pass "--force replaces"
json_check s1.json "d['scenario'] == 3" "--force wrote the new scenario"

# Default file name and plan's default path.
expect_exit 0 -- "$ADPLAN" init --scenario 2 --domain fabrikam.com --server EX1,ex1.fabrikam.com,192.0.2.20,HQ --public-ip 198.51.100.7 --yes && pass "init ./adplan.json"
json_check adplan.json "d['external_host']=='mail.fabrikam.com' and d['servers'][0]['site']=='HQ' and d['public_ip']=='198.51.100.7'" "defaults from the domain"
expect_exit 0 -- "$ADPLAN" plan && pass "plan reads ./adplan.json"
contains "$OUT" "_autodiscover._tcp.fabrikam.com. 3600 IN SRV 0 0 443 mail.fabrikam.com." "human plan shows the SRV record"

# Two servers in two sites: the plan shows the order a client in each site tries the SCPs.
expect_exit 0 -- "$ADPLAN" init --scenario 1 --yes --ca internal -o sites.json \
  --server CAS01,cas01.contoso.com,192.0.2.10,Seattle --server CAS02,cas02.contoso.com,192.0.2.20,Dublin && pass "init two sites"
expect_exit 0 -- "$ADPLAN" plan --plan sites.json && pass "plan two sites"
contains "$OUT" "    Dublin: https://cas02.contoso.com/autodiscover/autodiscover.xml https://cas01.contoso.com/autodiscover/autodiscover.xml" "Dublin's own SCP first"
contains "$OUT" "    Seattle: https://cas01.contoso.com/autodiscover/autodiscover.xml https://cas02.contoso.com/autodiscover/autodiscover.xml" "Seattle's own SCP first"

# Bad input: exit 2, message names the field, nothing written.
expect_exit 2 -- "$ADPLAN" init --scenario 5 --yes -o bad.json && pass "unknown scenario"
contains "$ERR" "--scenario: 5 is not a scenario" "unknown scenario message"
expect_exit 2 -- "$ADPLAN" init --scenario 1 --yes -o bad.json --server 'CAS01,cas01..contoso.com,192.0.2.10' --server 'CAS02,cas02.contoso.com,300.1.1.1' --public-ip nope && pass "bad values"
contains "$ERR" 'servers[0].fqdn: "cas01..contoso.com" is not a host name (empty label)' "bad fqdn named"
contains "$ERR" 'servers[1].ip: "300.1.1.1"' "bad second server ip named"
contains "$ERR" 'public_ip: "nope"' "bad public ip named"
contains "$ERR" "3 problems" "all problems at once"
[[ ! -e bad.json ]] && pass "nothing written" || fail "bad.json written"
expect_exit 2 -- "$ADPLAN" init --scenario 1 --yes -o bad.json --server 'CAS01' && pass "malformed --server"
contains "$ERR" "NAME,FQDN,IP" "--server format explained"
expect_exit 2 -- "$ADPLAN" init --scenario 1 --yes -o bad.json --domain 'contoso.com;rm -rf' && pass "hostile domain refused"
expect_exit 2 -- "$ADPLAN" init --scenario abc && pass "CLI11 parse error mapped to 2"
expect_exit 2 -- "$ADPLAN" init --no-such-flag && pass "unknown flag mapped to 2"
expect_exit 2 -- "$ADPLAN" && pass "no subcommand is a usage error"

# Malformed and invalid plan files.
printf '{\n  "version": 1,\n  "scenario": 2,,\n}\n' > broken.json
expect_exit 2 -- "$ADPLAN" plan --plan broken.json && pass "malformed JSON"
contains "$ERR" "broken.json:3:17: malformed JSON" "malformed JSON position"
echo '{"version": 1, "scenario": 2}' > partial.json
expect_exit 2 -- "$ADPLAN" plan --plan partial.json && pass "missing fields"
contains "$ERR" "partial.json: domains: is missing" "missing field named"
contains "$ERR" "partial.json: servers: is missing" "all missing fields"
expect_exit 2 -- "$ADPLAN" plan --plan nowhere.json && pass "missing file"
contains "$ERR" "cannot read" "missing file message"

# Lint errors make plan exit 1 (init still writes, exit 0).
expect_exit 0 -- "$ADPLAN" init --scenario 1 --yes -o internal.json --internal-domain contoso.local --server CAS01,cas01.contoso.local,10.0.0.10 && pass "init with lint errors writes"
contains "$OUT" "cert.internal-name" "init prints lint findings"
expect_exit 1 -- "$ADPLAN" plan --plan internal.json && pass "plan exits 1 on lint errors"

# scenarios and recommend.
expect_exit 0 -- "$ADPLAN" scenarios && pass "scenarios"
contains "$OUT" "Scenario 1   Scenario 2   Scenario 3   Scenario 4" "side by side"
contains "$OUT" "Ideal for hosters if DNS provider supports SRV records" "pros listed"
expect_exit 0 -- "$ADPLAN" recommend --srv no --san-certificate no --second-ip yes --hoster yes && pass "recommend"
contains "$OUT" "Scenario 4" "hoster without SRV gets the redirect"
expect_exit 2 -- "$ADPLAN" recommend --srv maybe && pass "recommend bad value"
expect_exit 2 -- "$ADPLAN" recommend --srv yes && pass "recommend missing constraints"
contains "$ERR" "--hoster" "missing constraint named"
finish
