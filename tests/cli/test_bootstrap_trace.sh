#!/usr/bin/env bash
# tools/bootstrap.sh leaves no trace: /usr/sbin/policy-rc.d exists (exit 101) only while apt-get
# runs, and afterwards is exactly what it was before — absent, or the same content and mode —
# also when apt-get fails. Runs the script's own functions against a scratch root with stub
# apt-get, dpkg-query and sudo first on PATH: no real package is installed or queried.
source "$(dirname "$0")/lib.sh"

root=$WORK/root
mkdir -p "$root/usr/sbin" "$WORK/stubs"
# Every package "missing", so install_missing calls apt-get.
cat >"$WORK/stubs/dpkg-query" <<'S'
#!/bin/sh
exit 1
S
# apt-get records what policy-rc.d said while it ran; APT_FAIL makes it fail.
cat >"$WORK/stubs/apt-get" <<'S'
#!/bin/sh
f=$ADPLAN_BOOTSTRAP_ROOT/usr/sbin/policy-rc.d
if [ -x "$f" ]; then "$f" nginx start; echo "during $1: $?" >>"$APT_LOG"; else echo "during $1: none" >>"$APT_LOG"; fi
[ -z "$APT_FAIL" ]
S
cat >"$WORK/stubs/sudo" <<'S'
#!/bin/sh
echo "sudo $*" >>"$APT_LOG"
exec "$@"
S
chmod +x "$WORK/stubs/"*
export PATH=$WORK/stubs:$PATH ADPLAN_BOOTSTRAP_ROOT=$root APT_LOG=$WORK/apt.log APT_FAIL=

run_install() { (source "$SRC/tools/bootstrap.sh" && install_missing) >/dev/null 2>&1; }
state() { if [[ -e $root/usr/sbin/policy-rc.d ]]; then stat -c '%a %s' "$root/usr/sbin/policy-rc.d"; md5sum <"$root/usr/sbin/policy-rc.d"; else echo absent; fi; }
leftovers() { find "$root/usr/sbin" -name '*adplan*' | wc -l; }

# 1. Nothing there before: nothing there after; during apt-get, daemons were refused (101).
: >"$APT_LOG"
run_install && pass "install with stubbed apt-get" || fail "install_missing failed"
[[ $(state) == absent ]] && pass "no policy-rc.d left behind" || fail "policy-rc.d left behind: $(state)"
grep -q "during update: 101" "$APT_LOG" && grep -q "during install: 101" "$APT_LOG" &&
  pass "apt-get ran with policy-rc.d exit 101" || fail "apt-get did not see policy-rc.d: $(cat "$APT_LOG")"

# 2. The admin's own policy-rc.d (content and mode) comes back unchanged.
printf '#!/bin/sh\n# site policy\nexit 0\n' >"$root/usr/sbin/policy-rc.d"
chmod 750 "$root/usr/sbin/policy-rc.d"
before=$(state)
: >"$APT_LOG"
run_install || fail "install_missing failed with an existing policy-rc.d"
[[ $(state) == "$before" ]] && pass "existing policy-rc.d restored (content and mode)" || fail "policy-rc.d changed: $before -> $(state)"
grep -q "during install: 101" "$APT_LOG" && pass "ours was in place during apt-get" || fail "$(cat "$APT_LOG")"

# 3. apt-get fails: the failure is reported and the file is still restored.
APT_FAIL=1 run_install && fail "a failing apt-get was not reported" || pass "a failing apt-get fails bootstrap"
[[ $(state) == "$before" ]] && pass "restored after a failing apt-get" || fail "after failure: $(state)"
rm "$root/usr/sbin/policy-rc.d"
APT_FAIL=1 run_install
[[ $(state) == absent ]] && pass "absent after a failing apt-get" || fail "left behind after failure"
[[ $(leftovers) == 0 ]] && pass "no temporary files left" || fail "temporaries left: $(ls "$root/usr/sbin")"

# 4. Nothing missing: apt-get is not called at all.
printf '#!/bin/sh\necho "install ok installed"\n' >"$WORK/stubs/dpkg-query"
: >"$APT_LOG"
run_install && [[ ! -s $APT_LOG ]] && pass "nothing missing: no apt-get" || fail "apt-get called with nothing missing"

# 5. demo builds the binary only; test builds everything.
grep -A3 '^    demo)' "$SRC/tools/bootstrap.sh" | grep -q -- '--target adplan$' && pass "demo builds only adplan" || fail "demo target"
finish
