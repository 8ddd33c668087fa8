#!/usr/bin/env bash
# The published JSON Schema accepts what init writes and rejects what the loader rejects.
source "$(dirname "$0")/lib.sh"
PY=python3
for cand in python3 /usr/bin/python3; do
  if "$cand" -c 'import jsonschema' 2>/dev/null; then PY=$cand; break; fi
done
validate() {
  "$PY" - "$SRC/schema/adplan.schema.json" "$1" <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
errors = list(v.iter_errors(json.load(open(sys.argv[2]))))
for e in errors: print(e.message, file=sys.stderr)
sys.exit(1 if errors else 0)
PY
}
for n in 1 2 3 4; do
  "$ADPLAN" init --scenario "$n" --yes -o "s$n.json" >/dev/null
  validate "s$n.json" && pass "schema accepts scenario $n" || fail "schema rejects init output $n"
done
"$ADPLAN" init --scenario 1 --yes -o full.json --exchange 2010 --domain contoso.com --domain fabrikam.com \
  --internal-domain contoso.local --server CAS01,cas01.contoso.local,10.0.0.10,Seattle,10.0.0.11 \
  --ca internal --services ews,oab,um --org "Contoso Ltd" --country US --dns-ttl 600 >/dev/null
validate full.json && pass "schema accepts every field" || fail "schema rejects a full file"
python3 -c "import json; d=json.load(open('s1.json')); d['scenario']=7; json.dump(d, open('bad1.json','w'))"
validate bad1.json 2>/dev/null && fail "schema accepted scenario 7" || pass "schema rejects scenario 7"
python3 -c "import json; d=json.load(open('s1.json')); d['colour']='red'; json.dump(d, open('bad2.json','w'))"
validate bad2.json 2>/dev/null && fail "schema accepted an unknown key" || pass "schema rejects unknown keys"
finish
