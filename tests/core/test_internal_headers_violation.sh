#!/usr/bin/env bash
# The proof that core.internal_headers can fail: a copy of the tree's sources passes the check, then
# each kind of violation is injected into the copy, one at a time, and the check must exit 1 naming
# the file, the line and the header; the copy is put back before the next.
# Usage: test_internal_headers_violation.sh SOURCE_DIR
set -uo pipefail
SRC=$(realpath "${1:?source dir}")
CHECK=$SRC/tests/core/check_internal_headers.py
WORK=$(mktemp -d "${TMPDIR:-/tmp}/adplan-internal.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
FAILS=0
fail() { echo "FAIL: $*" >&2; FAILS=$((FAILS + 1)); }
pass() { echo "ok: $*"; }

copy=$WORK/tree
mkdir -p "$copy/tests"
cp -r "$SRC/libplan" "$SRC/tools" "$SRC/bench" "$copy/"
cp -r "$SRC/tests/unit" "$SRC/tests/fuzz" "$copy/tests/"

out=$(python3 "$CHECK" "$copy" 2>&1)
rc=$?
[[ $rc == 0 ]] && pass "the untouched copy passes: ${out##*$'\n'}" || { echo "$out"; fail "the untouched copy fails (exit $rc)"; }

# inject FILE LINE-TO-ADD LABEL: adds the include after FILE's first #include, runs the check on the
# copy, expects exit 1 and a FAIL line naming FILE:<that line> and the header; then restores FILE.
inject() {
  local file=$1 include=$2 label=$3
  local target=$copy/$file
  [[ -f $target ]] || { fail "$label: $file is not in the tree (the test names a file that moved)"; return; }
  cp "$target" "$WORK/saved"
  local line
  line=$(grep -n -m1 '^#include' "$target" | cut -d: -f1)
  sed -i "${line}a $include" "$target"
  local out rc=0
  out=$(python3 "$CHECK" "$copy" 2>&1) || rc=$?
  local header=${include#\#include }
  header=${header:1:${#header}-2}
  if [[ $rc == 1 && $out == *"FAIL: $file:$((line + 1)): includes <$header>"* ]]; then
    pass "$label: $(grep -F "$file:" <<<"$out" | head -1)"
  else
    fail "$label: want exit 1 naming $file:$((line + 1)) and <$header>, got exit $rc: $out"
  fi
  cp "$WORK/saved" "$target"
}

inject libplan/adplan/probe/probe.hpp '#include <adplan/probe/internal/dns.hpp>' "a public header includes its own layer's internal header"
inject libplan/adplan/verify/verify.cpp '#include <adplan/render/internal/escape.hpp>' "another layer includes render's internal header"
inject tools/adplan/main.cpp '#include <adplan/verify/internal/judge.hpp>' "the CLI includes verify's internal header"
inject tests/unit/test_verify_judge.cpp '#include <adplan/probe/internal/dns.hpp>' "a verify unit test includes probe's internal header"
inject libplan/adplan/render/zone.hpp '#include "internal/escape.hpp"' "a public header includes an internal header by a relative path"

out=$(python3 "$CHECK" "$copy" 2>&1)
[[ $? == 0 ]] && pass "the restored copy passes again" || fail "the restored copy fails: $out"

if [[ $FAILS -ne 0 ]]; then
  echo "$FAILS failure(s)" >&2
  exit 1
fi
echo "all passed"
