#!/usr/bin/env bash
# README's picture (docs/deployment.svg) is what tools/readme_picture.sh makes with this adplan:
# it never drifts; and every file README links to (pictures, pages) exists in the tree.
# Skips (77) without Graphviz.
set -uo pipefail
ADPLAN=${1:?usage: test_readme_picture.sh path/to/adplan source-dir}
SRC=${2:?source dir}
python3 - "$SRC" <<'PY' || exit 1
import re, os, sys
src = sys.argv[1]
text = open(os.path.join(src, "README.md"), encoding="utf-8").read()
missing = [t for t in re.findall(r"\]\(([^)#\s]+)\)", text)
           if "://" not in t and not t.startswith("mailto:") and not os.path.exists(os.path.join(src, t))]
for t in missing: print(f"FAIL: README links to {t}, which is not in the tree")
sys.exit(1 if missing else 0)
PY
bash "$SRC/tools/readme_picture.sh" --check "$ADPLAN"
