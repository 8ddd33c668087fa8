#!/usr/bin/env bash
# The main job on the built-in example: init + plan of contoso.com for every scenario.
set -euo pipefail
ADPLAN=${1:?usage: tools/demo.sh path/to/adplan}
work=$(mktemp -d "${TMPDIR:-/tmp}/adplan-demo.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
for n in 1 2 3 4; do
  echo "=================== scenario $n ==================="
  "$ADPLAN" init --scenario "$n" --yes -o "scenario$n.json" >/dev/null
  # plan exits 1 when lint finds errors; the demo shows them either way.
  "$ADPLAN" plan --plan "scenario$n.json" || true
done
echo "(demo files were in $work)"
