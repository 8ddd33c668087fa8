#!/usr/bin/env bash
# Every --json output validates against its published schema (schema/<name>.schema.json, format
# adplan-<name>/1) with python3-jsonschema, from real runs of every command; each output names
# its format; every command with --json is covered and every schema is used. A new --json: add
# its schema file and a `check` line below.
source "$(dirname "$0")/lib.sh"
PY=""
for cand in python3 /usr/bin/python3; do
  if "$cand" -c 'import jsonschema' 2>/dev/null; then PY=$cand; break; fi
done
[[ -n $PY ]] || { echo "SKIP: python3-jsonschema is not installed"; exit 77; }
source "$SRC/tests/netns.sh"
COVERED=()
USED=()

# check SCHEMA FILE LABEL: FILE validates against schema/SCHEMA.schema.json and names its format.
check() {
  USED+=("$1")
  if "$PY" - "$SRC/schema/$1.schema.json" "$2" <<'PY'; then pass "$3: valid $1"; else fail "$3: not valid against $1.schema.json"; fi
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
doc = json.load(open(sys.argv[2]))
errors = list(jsonschema.Draft202012Validator(schema).iter_errors(doc))
for e in errors[:5]:
    print("  ", "/".join(map(str, e.absolute_path)), e.message[:300], file=sys.stderr)
fmt = schema["properties"]["format"]["const"]
if doc.get("format") != fmt:
    print("  format is", doc.get("format"), "want", fmt, file=sys.stderr)
    errors.append(1)
sys.exit(1 if errors else 0)
PY
}
# run NAME SCHEMA EXIT -- ARGS...: runs adplan ARGS, keeps stdout as NAME.json and checks it.
run() {
  local name=$1 schema=$2 code=$3; shift 3; [[ $1 == -- ]] && shift
  COVERED+=("${ADPLAN_CMD:-$1}")
  expect_exit "$code" -- "$ADPLAN" "$@" || return
  printf '%s\n' "$OUT" >"$name.json"
  check "$schema" "$name.json" "adplan $*"
}

"$ADPLAN" init --scenario 2 --yes --ca internal >/dev/null || fail "init"
"$ADPLAN" init --scenario 4 --yes --ca internal -o s4.json >/dev/null || fail "init s4"
run plan plan 0 -- plan --json
run scenarios scenarios 0 -- scenarios --json
run recommend recommend 0 -- recommend --srv yes --san-certificate no --second-ip no --hoster no --json
ADPLAN_CMD=csr run csr csr 0 -- csr --json
ADPLAN_CMD=csr run csr-exchange csr-exchange 0 -- csr --exchange --json
"$ADPLAN" ca init --dir ca >/dev/null 2>&1 || fail "ca init"
ADPLAN_CMD="ca sign" run ca-sign ca-sign 0 -- ca sign --all --pki pki --dir ca --json
crt=$(ls pki/*.crt | head -1)
ADPLAN_CMD="cert check" run cert-check cert-check 0 -- cert check "$crt" --ca-file ca/ca.crt --json
run renew renew 0 -- renew --cert "$crt" --ca-file ca/ca.crt --json
run scp scp 0 -- scp --json
run diff diff 1 -- diff adplan.json s4.json --json
run acme acme 0 -- acme --json
# A refusal prints the same format (no files, the findings).
"$ADPLAN" init --scenario 1 --yes --internal-domain contoso.local -o internal.json >/dev/null
ADPLAN_CMD=csr run csr-refused csr 1 -- csr --plan internal.json --out refused --json
# Network: nothing listens on these loopback ports; in a namespace of our own where one can be made.
if netns_command; then
  NET=("${NETNS[@]}" sh -c 'ip link set lo up && exec "$@"' sh)
else
  NET=()
  echo "(no network namespace here: verify and scp --ldap run on the host's loopback, where nothing answers on these ports)"
fi
for v in verify verify-domains scp-lookup; do
  case $v in
    verify) args=(verify contoso.com --plan adplan.json --dns-server 127.0.0.1:5399 --timeout 2 --json) ;;
    verify-domains) args=(verify --all-domains --plan adplan.json --dns-server 127.0.0.1:5399 --timeout 2 --json) ;;
    scp-lookup) args=(scp --ldap ldap://127.0.0.1:9/ --timeout 2 --json) ;;
  esac
  COVERED+=("${args[0]}")
  expect_exit 1 -- "${NET[@]}" "$ADPLAN" "${args[@]}" && printf '%s\n' "$OUT" >"$v.json" && check "$v" "$v.json" "adplan ${args[*]}"
done

# verify --json-lines (issue 13): every line valid against verify-lines, the last a summary naming the format.
printf 'tenant-1.example\nnot..valid\n' >tenants.txt
expect_exit 1 -- "${NET[@]}" "$ADPLAN" verify --plan adplan.json --domains-file tenants.txt --json-lines \
  --dns-server 127.0.0.1:5399 --timeout 2 && printf '%s\n' "$OUT" >lines.jsonl && USED+=(verify-lines) &&
  "$PY" - "$SRC/schema/verify-lines.schema.json" lines.jsonl <<'PY' && pass "verify --json-lines: valid verify-lines" || fail "verify --json-lines: not valid"
import json, sys, jsonschema
v = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
lines = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
bad = [e.message[:200] for l in lines for e in v.iter_errors(l)]
print(*bad[:5], sep="\n", file=sys.stderr)
sys.exit(1 if bad or lines[-1].get("format") != "adplan-verify-lines/1" or len(lines) != 4 else 0)
PY

# Every command that takes --json is covered, and every schema is used.
"$ADPLAN" __describe --json >describe.json
missing=$("$PY" - "${COVERED[@]}" <<'PY'
import json, sys
d = json.load(open("describe.json"))
def walk(a):
    for c in a["commands"]:
        if any("--json" in o["names"] for o in c["options"]) and c["path"] != "__describe":
            yield c["path"]
        yield from walk(c)
print(" ".join(p for p in walk(d["app"]) if p not in sys.argv[1:]))
PY
)
[[ -z $missing ]] && pass "every command with --json is covered" || fail "--json without a schema check: $missing"
for s in "$SRC"/schema/*.schema.json; do
  name=$(basename "$s" .schema.json)
  [[ $name == adplan ]] && continue
  [[ " ${USED[*]} " == *" $name "* ]] || fail "schema $name is not exercised"
done
finish
