#!/usr/bin/env bash
# The DOT adplan writes parses with Graphviz's own dot: deployment.dot of every scenario (the
# built-in example and a two-site organisation) and the before/after picture of every golden
# diff become SVG that names the plan's hosts. One PNG per scenario goes to $ADPLAN_TEST_LOGS
# (build/test-logs) for review. Skips (77) when dot is not installed (Debian: graphviz).
source "$(dirname "$0")/lib.sh"
command -v dot >/dev/null || { echo "skip: Graphviz's dot is not installed (apt-get install graphviz)"; exit 77; }
LOGS=${ADPLAN_TEST_LOGS:-$WORK/logs}
mkdir -p "$LOGS"

# svg_has SVG PLAN.JSON LABEL: the external host, every server FQDN, web site and DNS record name.
svg_has() {
  python3 - "$1" "$2" <<'PY' && pass "$3" || fail "$3"
import json, sys
svg = open(sys.argv[1]).read()
p = json.load(open(sys.argv[2]))
want = [p["external_host"]] + [s["fqdn"] for s in p["servers"]] + [s["name"] for s in p["sites"]]
want += [r["name"] for r in p["dns"]["external"] + p["dns"]["internal"]]
missing = [w for w in want if w not in svg]
print("missing in SVG:", missing) if missing else None
sys.exit(1 if missing or "<svg" not in svg else 0)
PY
}

for n in 1 2 3 4; do
  for org in contoso sites; do
    extra=()
    [[ $org == sites ]] && extra=(--ca internal --server CAS01,cas01.contoso.com,192.0.2.10,Seattle,192.0.2.11
      --server CAS02,cas02.contoso.com,198.51.100.10,Dublin,198.51.100.11)
    "$ADPLAN" init --scenario "$n" --yes -o "$org$n.json" "${extra[@]}" >/dev/null || fail "init $org $n"
    expect_exit 0 -- "$ADPLAN" render --plan "$org$n.json" --out "out-$org$n" && pass "render $org scenario $n"
    [[ -s out-$org$n/deployment.dot ]] && pass "$org $n: deployment.dot written" || fail "$org $n: no deployment.dot"
    [[ -s out-$org$n/deployment.svg ]] && pass "$org $n: deployment.svg written by render" || fail "$org $n: no deployment.svg"
    dot -Tsvg "out-$org$n/deployment.dot" -o "$org$n.svg" 2>"dot-$org$n.err" && [[ ! -s dot-$org$n.err ]] &&
      pass "$org $n: dot -Tsvg parses it without a warning" || { cat "dot-$org$n.err" >&2; fail "$org $n: dot -Tsvg"; }
    "$ADPLAN" plan --plan "$org$n.json" --json >"plan-$org$n.json"
    svg_has "$org$n.svg" "plan-$org$n.json" "$org $n: the SVG names the plan's hosts and sites"
    cmp -s "$org$n.svg" "out-$org$n/deployment.svg" && pass "$org $n: render's SVG is dot's" || fail "$org $n: SVGs differ"
    dot -Tpng "out-$org$n/deployment.dot" -o "$LOGS/deployment-$org-scenario-$n.png" && pass "$org $n: PNG for review" ||
      fail "$org $n: dot -Tpng"
  done
done
echo "PNGs for review: $LOGS"

for dir in "$SRC"/tests/golden/diff/*/; do
  c=$(basename "$dir")
  "$ADPLAN" diff "$dir/old.json" "$dir/new.json" --dot "diff-$c.dot" >/dev/null
  [[ -s diff-$c.dot ]] && pass "diff $c: --dot written" || { fail "diff $c: no DOT"; continue; }
  dot -Tsvg "diff-$c.dot" -o "diff-$c.svg" 2>"diff-$c.err" && [[ ! -s diff-$c.err ]] &&
    pass "diff $c: dot -Tsvg parses it" || { cat "diff-$c.err" >&2; fail "diff $c: dot -Tsvg"; }
  "$ADPLAN" plan --plan "$dir/new.json" --json >"new-$c.json"
  svg_has "diff-$c.svg" "new-$c.json" "diff $c: the SVG names the new plan's hosts"
  "$ADPLAN" plan --plan "$dir/old.json" --json >"old-$c.json"
  svg_has "diff-$c.svg" "old-$c.json" "diff $c: the SVG names the old plan's hosts"
  dot -Tpng "diff-$c.dot" -o "$LOGS/diff-$c.png" || fail "diff $c: dot -Tpng"
done

# Without dot on PATH, render still writes everything else and says why there is no SVG.
mkdir -p nodot
ln -s "$(command -v python3)" nodot/python3
expect_exit 0 -- env PATH="$WORK/nodot" "$ADPLAN" render --plan contoso1.json --out out-nodot && pass "render without dot"
[[ -s out-nodot/deployment.dot && ! -e out-nodot/deployment.svg ]] && pass "no dot: DOT but no SVG" || fail "no dot: files"
contains "$ERR" "adplan: note: deployment.svg not written: dot: is not installed" "no dot: the note says why"
finish
