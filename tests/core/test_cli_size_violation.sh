#!/usr/bin/env bash
# The proof that core.cli_size can fail: a copy of tools/adplan passes the check, then a command
# file grown past 150 lines fails it naming that file, and a tree grown past the total fails it
# naming the total; each copy is put back before the next.
# Usage: test_cli_size_violation.sh SOURCE_DIR
set -uo pipefail
SRC=$(realpath "${1:?source dir}")
CHECK=$SRC/tests/core/check_cli_size.sh
WORK=$(mktemp -d "${TMPDIR:-/tmp}/adplan-cli-size.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
FAILS=0
fail() { echo "FAIL: $*" >&2; FAILS=$((FAILS + 1)); }
pass() { echo "ok: $*"; }

copy=$WORK/tree
mkdir -p "$copy/tools"
cp -r "$SRC/tools/adplan" "$copy/tools/"
out=$(bash "$CHECK" "$copy" 2>&1)
rc=$?
[[ $rc == 0 ]] && pass "the untouched copy passes: $out" || fail "the untouched copy fails (exit $rc): $out"

# A command file one line past the limit.
cmd=$copy/tools/adplan/cmd_verify.cpp
cp "$cmd" "$WORK/saved"
n=$(wc -l <"$cmd")
for ((i = n; i <= 150; i++)); do echo "// padding" >>"$cmd"; done
out=$(bash "$CHECK" "$copy" 2>&1)
rc=$?
if [[ $rc == 1 && $out == *"FAIL: tools/adplan/cmd_verify.cpp has 151 lines, more than 150"* ]]; then
  pass "a command file of 151 lines: ${out%%$'\n'*}"
else
  fail "a command file of 151 lines: want exit 1 naming cmd_verify.cpp, got exit $rc: $out"
fi
cp "$WORK/saved" "$cmd"

# The whole CLI past the total: a helper file (not a command) that takes it to 3,800 lines.
total=$(cat "$copy"/tools/adplan/*.cpp "$copy"/tools/adplan/*.hpp | wc -l)
for ((i = total; i < 3800; i++)); do echo "// padding"; done >"$copy/tools/adplan/grown.cpp"
out=$(bash "$CHECK" "$copy" 2>&1)
rc=$?
if [[ $rc == 1 && $out == *"FAIL: tools/adplan has 3800 lines, more than 3799"* && $out != *"grown.cpp"* ]]; then
  pass "a CLI of 3800 lines: $out"
else
  fail "a CLI of 3800 lines: want exit 1 naming the total, got exit $rc: $out"
fi
rm -f "$copy/tools/adplan/grown.cpp"

((FAILS == 0)) && echo "core.cli_size fails on each violation" || echo "$FAILS failure(s)"
exit $((FAILS > 0))
