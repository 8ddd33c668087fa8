#!/usr/bin/env bash
# README's picture (docs/deployment.svg) is what tools/readme_picture.sh makes with this adplan:
# it never drifts. Skips (77) without Graphviz.
set -uo pipefail
ADPLAN=${1:?usage: test_readme_picture.sh path/to/adplan source-dir}
SRC=${2:?source dir}
bash "$SRC/tools/readme_picture.sh" --check "$ADPLAN"
