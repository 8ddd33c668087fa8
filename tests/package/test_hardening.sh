#!/usr/bin/env bash
# The default build is hardened (top-level CMakeLists.txt, ADPLAN_HARDEN): Debian's hardening-check
# (devscripts) passes on the built adplan with every check but control-flow protection (-fcf-protection,
# which Debian 12 does not build with either): PIE, stack protector, fortified libc calls, read-only
# relocations and immediate binding. Its output is printed; each of those lines must say yes.
# package.deb runs the same check on the binary inside the .deb (stripped, as installed).
# Usage: test_hardening.sh ADPLAN SOURCE_DIR
source "$(dirname "$0")/../cli/lib.sh"
command -v hardening-check >/dev/null || { echo "SKIP: hardening-check is not installed (Debian devscripts)"; exit 77; }

out=$(hardening-check --nocfprotection "$ADPLAN" 2>&1)
rc=$?
echo "$out"
[[ $rc == 0 ]] && pass "hardening-check --nocfprotection: exit 0" || fail "hardening-check --nocfprotection: exit $rc"
for check in "Position Independent Executable" "Stack protected" "Fortify Source functions" \
  "Read-only relocations" "Immediate binding"; do
  contains "$out" " $check: yes" "$check"
done
finish
