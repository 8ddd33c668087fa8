#!/usr/bin/env bash
# adplan.json's name_servers (the full zones' NS records, glue inside the zone; --ns/--ns-ip
# override) and exchange_organization (the SCP objects' container; default "First Organization"),
# from init's flags through the schema to dns --full-zone, render and scp --ldif.
source "$(dirname "$0")/lib.sh"

# Defaults: no field written, ns1.<zone> at 127.0.0.1, First Organization.
"$ADPLAN" init --scenario 1 --yes -o plain.json >/dev/null || fail "init"
json_check plain.json "'name_servers' not in d and 'exchange_organization' not in d" "defaults are not written"
expect_exit 0 -- "$ADPLAN" dns --plan plain.json --full-zone
contains "$OUT" "contoso.com. 3600 IN NS ns1.contoso.com." "default NS ns1.<zone>"
contains "$OUT" "ns1.contoso.com. 3600 IN A 127.0.0.1" "default glue at 127.0.0.1"
expect_exit 0 -- "$ADPLAN" scp --plan plain.json --ldif
contains "$OUT" "CN=First Organization,CN=Microsoft Exchange" "default organisation"

# Given: two name servers (one inside the zone with its address, one outside), an organisation.
expect_exit 0 -- "$ADPLAN" init --scenario 1 --yes --name-server ns1.contoso.com,203.0.113.53 \
  --name-server ns2.example.net --exchange-organization "Contoso Corp" && pass "init with the new flags"
json_check adplan.json "d['name_servers'] == [{'name': 'ns1.contoso.com', 'ip': '203.0.113.53'}, {'name': 'ns2.example.net'}]" "name_servers written"
json_check adplan.json "d['exchange_organization'] == 'Contoso Corp'" "exchange_organization written"
if python3 -c 'import jsonschema' 2>/dev/null; then
  python3 - "$SRC/schema/adplan.schema.json" adplan.json <<'PY' && pass "the schema accepts both fields" || fail "schema rejects them"
import json, sys, jsonschema
jsonschema.Draft202012Validator(json.load(open(sys.argv[1]))).validate(json.load(open(sys.argv[2])))
PY
fi
expect_exit 0 -- "$ADPLAN" dns --full-zone
contains "$OUT" "contoso.com. 3600 IN SOA ns1.contoso.com." "SOA names the first name server"
contains "$OUT" "contoso.com. 3600 IN NS ns1.contoso.com." "NS ns1"
contains "$OUT" "contoso.com. 3600 IN NS ns2.example.net." "NS ns2"
contains "$OUT" "ns1.contoso.com. 3600 IN A 203.0.113.53" "glue for the in-zone name server"
[[ $OUT != *"127.0.0.1"* && $OUT != *"ns2.example.net. 3600 IN A"* ]] && pass "no other glue" || fail "unexpected glue: $OUT"
if command -v named-checkzone >/dev/null; then
  printf '%s\n' "$OUT" >zone.txt
  named-checkzone -q -i local contoso.com zone.txt && pass "named-checkzone loads it" || fail "named-checkzone refused"
fi
# --ns / --ns-ip override adplan.json.
expect_exit 0 -- "$ADPLAN" dns --full-zone --ns ns9.contoso.com --ns-ip 127.0.0.9
contains "$OUT" "contoso.com. 3600 IN NS ns9.contoso.com." "--ns overrides"
[[ $OUT != *ns2.example.net* ]] && pass "adplan.json's name servers not used with --ns" || fail "ns2 still there"
expect_exit 0 -- "$ADPLAN" render --out out
grep -q "IN NS ns2.example.net." out/dns/zones/external/contoso.com.zone && pass "render's full zones use name_servers" ||
  fail "render's zone: $(cat out/dns/zones/external/contoso.com.zone)"
grep -q "CN=Contoso Corp,CN=Microsoft Exchange" out/directory/scp.ldif && pass "render's LDIF uses the organisation" || fail "scp.ldif"
expect_exit 0 -- "$ADPLAN" scp --ldif
contains "$OUT" "dn: CN=Contoso Corp,CN=Microsoft Exchange,CN=Services,CN=Configuration," "scp --ldif: the organisation's container"
contains "$OUT" "the Exchange organisation is assumed to be \"Contoso Corp\"" "the header names it"

# Refused: an organisation name with characters Exchange does not allow; a name server inside the
# zone without an address; the same name server twice.
expect_exit 2 -- "$ADPLAN" init --scenario 1 --yes -o bad.json --exchange-organization "Contoso, Inc"
contains "$ERR" "exchange_organization: \"Contoso, Inc\" is not an Exchange organisation name" "a comma in the organisation is refused with its field"
expect_exit 2 -- "$ADPLAN" init --scenario 1 --yes -o bad.json --name-server ns1.contoso.com --name-server ns1.contoso.com
contains "$ERR" "name_servers[1].name" "a name server twice"
expect_exit 2 -- "$ADPLAN" init --scenario 1 --yes -o bad.json --name-server ns1.contoso.com,not-an-ip
contains "$ERR" "name_servers[0].ip" "a bad address names its field"
"$ADPLAN" init --scenario 1 --yes -o noglue.json --name-server ns1.contoso.com >/dev/null || fail "init noglue"
expect_exit 2 -- "$ADPLAN" dns --plan noglue.json --full-zone
contains "$ERR" "name_servers[0].ip" "an in-zone name server without an address"
finish
