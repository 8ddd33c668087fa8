#!/usr/bin/env bash
# Regenerates docs/deployment.svg, the picture README shows, from the built-in example
# (`adplan init --scenario 4 --yes`: contoso.com, one Client Access server, the redirect site)
# through `adplan render`, which runs Graphviz's dot. With --check, compares instead of writing
# (exit 1 when the committed picture has drifted from what adplan draws).
#   tools/readme_picture.sh [--check] [path/to/adplan]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
check=0
[[ ${1:-} == --check ]] && { check=1; shift; }
ADPLAN=$(realpath "${1:-$ROOT/build/tools/adplan/adplan}")
command -v dot >/dev/null || { echo "readme_picture: Graphviz's dot is not installed (apt-get install graphviz)" >&2; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/adplan-picture.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
"$ADPLAN" init --scenario 4 --yes -o adplan.json >/dev/null
"$ADPLAN" render --plan adplan.json --out out >/dev/null
[[ -s out/deployment.svg ]] || { echo "readme_picture: render wrote no deployment.svg" >&2; exit 1; }
if ((check)); then
  if cmp -s out/deployment.svg "$ROOT/docs/deployment.svg"; then
    echo "docs/deployment.svg is up to date"
  else
    echo "docs/deployment.svg differs from what adplan draws: run tools/readme_picture.sh" >&2
    exit 1
  fi
else
  cp out/deployment.svg "$ROOT/docs/deployment.svg"
  echo "wrote $ROOT/docs/deployment.svg"
fi
