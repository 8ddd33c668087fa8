#!/usr/bin/env bash
# CI builds the Debian package and checks it: dpkg-deb -I (shared-library Depends, Recommends,
# Suggests, the version of debian/changelog) and -c (binary, lab, schemas, man pages, completion,
# copyright, changelog, doc); then it installs it and uses it as a non-root user, on one of two paths,
# and says which one ran:
#   fresh-root     a Debian minbase root made by debootstrap (from this machine's apt mirror,
#                  time-bounded), entered with chroot in a private mount namespace: man-db and
#                  bash-completion installed as on an admin's machine, then `apt-get install
#                  ./adplan_*.deb`, and as a new non-root user: adplan init --scenario 2 --yes &&
#                  adplan plan && man -w adplan-verify && the bash completion as the first Tab loads it.
#   scratch-prefix the package unpacked into a scratch root (dpkg -x) and used as nobody with PATH and
#                  MANPATH pointing there. Taken, with the reason printed, where a fresh root cannot
#                  be made: not root, no debootstrap, no mirror reachable (ADPLAN_PACKAGE_ROOT=scratch
#                  forces it; =fresh makes a failed fresh root a failure instead).
# Bash completion lives in /usr/share/bash-completion/completions, which bash-completion loads on
# the first Tab for the command (Debian's way, as dh_bash-completion installs it): a fresh
# `bash -ic 'complete -p adplan'` has nothing to show before that Tab, so the check runs
# _completion_loader adplan (what that Tab runs) and then complete -p adplan.
# hardening-check (devscripts), where installed: the packaged binary passes --nocfprotection.
# lintian, where installed: its output is printed; a tag about man pages, copyright, the licence,
# changelog or hardening fails.
# Usage: test_deb.sh ADPLAN SOURCE_DIR BUILD_DIR
source "$(dirname "$0")/../cli/lib.sh"
BUILD=$(realpath "$3")
for tool in cpack dpkg-deb dpkg-shlibdeps man; do
  command -v $tool >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done

start=$(date +%s)
cmake --build "$BUILD" --target adplan adplan_docs >build.log 2>&1 || { cat build.log; fail "build"; finish; }
(cd "$BUILD" && cpack -G DEB) >cpack.log 2>&1 || { cat cpack.log; fail "cpack"; finish; }
deb=$(ls -t "$BUILD"/adplan_*_amd64.deb | head -1)
[[ -f $deb ]] && pass "built $(basename "$deb") ($(stat -c %s "$deb") bytes, $(($(date +%s) - start)) s)" || { fail "no .deb"; finish; }

info=$(dpkg-deb -I "$deb")
contains "$info" "Package: adplan" "package name"
for dep in libssl3 libcurl4 libc-ares2 libbotan-2-19 libldap-2.5-0 libidn2-0 libunbound8; do
  contains "$info" "$dep" "Depends (dpkg-shlibdeps): $dep"
done
contains "$info" "Recommends: dns-root-data, bind9, nginx-light, slapd" "Recommends the root's DNSSEC key and the lab's servers"
contains "$info" "Suggests: graphviz, certbot | lego, prometheus" "Suggests"
version=$(dpkg-deb -f "$deb" Version)
top=$(head -1 "$SRC/debian/changelog")
[[ $top == "adplan ($version) "* ]] && pass "debian/changelog's top entry is the package's version $version" ||
  fail "debian/changelog's top entry ($top) is not version $version"
files=$(dpkg-deb -c "$deb")
for f in ./usr/bin/adplan ./usr/bin/adplan-lab ./usr/share/adplan/lab/lab.sh ./usr/share/adplan/lab/netns.sh \
  ./usr/share/man/man1/adplan.1.gz ./usr/share/man/man1/adplan-verify.1.gz ./usr/share/man/man1/adplan-ca-sign.1.gz \
  ./usr/share/man/man1/adplan-lab.1.gz ./usr/share/man/man5/adplan.json.5.gz ./usr/share/man/man7/adplan-findings.7.gz \
  ./usr/share/bash-completion/completions/adplan ./usr/share/zsh/vendor-completions/_adplan \
  ./usr/share/doc/adplan/README.md ./usr/share/doc/adplan/copyright ./usr/share/doc/adplan/changelog.Debian.gz; do
  [[ $files == *" $f"* ]] || fail "not in the package: $f"
done
for s in "$SRC"/tools/lab/*.sh; do  # lab.sh and every part it sources
  [[ $files == *"./usr/share/adplan/lab/$(basename "$s")"* ]] || fail "lab part not in the package: $(basename "$s")"
done
for s in "$SRC"/schema/*.json; do
  [[ $files == *"./usr/share/adplan/schema/$(basename "$s")"* ]] || fail "schema not in the package: $(basename "$s")"
done
pass "dpkg-deb -c: binary, lab, $(ls "$SRC"/schema/*.json | wc -l) schemas, man pages, completion, copyright, changelog, doc"

# The checks both paths make of what the non-root user's run printed.
check_user_run() {  # OUTPUT EXIT_CODE MAN_PATH
  echo "$1"
  [[ $2 == 0 ]] && pass "init, plan, man, completion as a user of the installed package" || fail "user run: exit $2"
  [[ $1 =~ whoami:\ ([0-9]+) && ${BASH_REMATCH[1]} != 0 ]] && pass "ran as a non-root user (uid ${BASH_REMATCH[1]})" ||
    fail "not as a non-root user"
  contains "$1" "plan-json: adplan-plan/1" "adplan plan --json names its format"
  contains "$1" "man: $3" "man -w adplan-verify finds the installed page"
  contains "$1" "complete -F _adplan adplan" "bash completion loaded"
  contains "$1" "adplan.json written" "adplan init wrote adplan.json"
  [[ $1 =~ lab\ faults:\ ([0-9]+) && ${BASH_REMATCH[1]} -ge 12 ]] && pass "adplan-lab finds its script and the parts it sources" ||
    fail "adplan-lab faults"
}

# What the user runs: the must-show line, then details for the checks.
cat >user.sh <<'U'
set -e
cd "$HOME"
echo "whoami: $(id -u)"
adplan --version | head -1
adplan init --scenario 2 --yes >init.log && adplan plan >plan.log && man -w adplan-verify >man.txt
[ -f adplan.json ] && echo "adplan.json written"
echo "plan: $(grep -c . plan.log) lines"
echo "plan-json: $(adplan plan --json | grep -o '"adplan-plan/[0-9]*"' | tr -d '"')"
echo "man: $(cat man.txt)"
echo "man5: $(man -w 5 adplan.json)"
echo "man7: $(man -w 7 adplan-findings)"
bash -ic "$COMPLETION_LOAD; complete -p adplan" 2>/dev/null
adplan-lab faults >faults.txt
echo "lab faults: $(grep -c . faults.txt)"
U

# scratch-prefix: unpacked with dpkg -x, used by nobody with PATH and MANPATH pointing into it.
scratch_prefix() {
  chmod 755 "$WORK"
  local root=$WORK/root
  dpkg -x "$deb" "$root"
  mkdir -p home
  local as_user=()
  if [[ $(id -u) -eq 0 ]]; then
    chown nobody home
    as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  fi
  local load="source $root/usr/share/bash-completion/completions/adplan"
  if [[ -f /usr/share/bash-completion/bash_completion ]]; then
    load="XDG_DATA_DIRS=$root/usr/share _completion_loader adplan"
  fi
  local out rc=0
  out=$("${as_user[@]}" env HOME="$WORK/home" PATH="$root/usr/bin:$PATH" MANPATH="$root/usr/share/man:" \
    COMPLETION_LOAD="$load" bash "$WORK/user.sh" 2>&1) || rc=$?
  check_user_run "$out" "$rc" "$root/usr/share/man/man1/adplan-verify.1.gz"
}

# fresh-root: a debootstrap'd Debian minbase root; every step bounded in time. Prints the reason
# and returns 1 where the root cannot be made (no root, no debootstrap, no mirror).
in_root() {  # in_root SECONDS CMD...: chroot with its own /proc, in a mount namespace that ends with CMD
  local seconds=$1
  shift
  timeout "$seconds" unshare --mount --propagation private \
    sh -c 'mount -t proc proc "$0/proc" && exec chroot "$0" "$@"' "$ROOT" "$@"
}
fresh_root() {
  [[ $(id -u) -eq 0 ]] || { echo "not root: debootstrap and chroot need root"; return 1; }
  command -v debootstrap >/dev/null || { echo "debootstrap is not installed"; return 1; }
  unshare --mount --propagation private true 2>/dev/null || { echo "no mount namespace can be made here"; return 1; }
  local suite mirror
  suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
  mirror=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p; s/^deb  *\(\[[^]]*\] *\)\{0,1\}\(http[^ ]*\) .*/\2/p' \
    /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null | grep -v security | head -1)
  [[ -n $suite && -n $mirror ]] || { echo "no Debian suite or mirror found in /etc/os-release and /etc/apt"; return 1; }
  local t0=$SECONDS
  if ! timeout 600 debootstrap --variant=minbase "$suite" "$ROOT" "$mirror" >debootstrap.log 2>&1; then
    echo "debootstrap $suite from $mirror failed or took over 600 s: $(tail -1 debootstrap.log)"
    return 1
  fi
  echo "debootstrap --variant=minbase $suite: $((SECONDS - t0)) s, $(du -sm "$ROOT" | cut -f1) MB"
  # The same apt sources as this machine (its updates and security suites too); no daemon starts.
  rm -f "$ROOT/etc/apt/sources.list"
  cp /etc/apt/sources.list.d/*.sources "$ROOT/etc/apt/sources.list.d/" 2>/dev/null || cp /etc/apt/sources.list "$ROOT/etc/apt/"
  printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d" && chmod 755 "$ROOT/usr/sbin/policy-rc.d"
  local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o Acquire::http::Timeout=30)
  if ! in_root 300 "${apt[@]}" update >apt-update.log 2>&1 ||
    ! in_root 300 "${apt[@]}" install --no-install-recommends man-db bash-completion >apt-base.log 2>&1; then
    cat apt-update.log apt-base.log 2>/dev/null | tail -5
    echo "apt-get in the fresh root failed: $(cat apt-update.log apt-base.log 2>/dev/null | grep -v '^$' | tail -1)"
    return 1
  fi
  return 0
}
fresh_root_install() {
  cp "$deb" "$ROOT/tmp/"
  local t0=$SECONDS rc=0
  # The line an admin types.
  in_root 300 sh -c 'cd /tmp && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends ./adplan_*.deb' \
    >apt-adplan.log 2>&1 || rc=$?
  tail -3 apt-adplan.log
  [[ $rc == 0 ]] && pass "apt-get install ./$(basename "$deb") in the fresh root ($((SECONDS - t0)) s)" ||
    { cat apt-adplan.log; fail "apt-get install ./adplan_*.deb: exit $rc"; return; }
  contains "$(in_root 60 dpkg-query -W -f='${Status} ${Version}' adplan)" "install ok installed" "dpkg knows adplan as installed"
  in_root 60 useradd --create-home --shell /bin/bash admin
  cp user.sh "$ROOT/home/admin/user.sh"
  local out
  rc=0
  out=$(in_root 300 setpriv --reuid=admin --regid=admin --init-groups env -i HOME=/home/admin USER=admin \
    PATH=/usr/local/bin:/usr/bin:/bin TERM=dumb COMPLETION_LOAD="_completion_loader adplan" bash /home/admin/user.sh 2>&1) ||
    rc=$?
  check_user_run "$out" "$rc" "/usr/share/man/man1/adplan-verify.1.gz"
}

mode=${ADPLAN_PACKAGE_ROOT:-auto}
ROOT=$WORK/fresh
reason="ADPLAN_PACKAGE_ROOT=scratch"
if [[ $mode != scratch ]]; then
  # fresh_root's last line is the reason when it returns 1.
  if fresh_root >fresh.log 2>&1; then reason=""; else reason=$(tail -1 fresh.log); fi
  cat fresh.log
fi
if [[ -z $reason ]]; then
  echo "package path: fresh-root (debootstrap'd Debian root, apt-get install ./$(basename "$deb"))"
  fresh_root_install
elif [[ $mode == fresh ]]; then
  fail "ADPLAN_PACKAGE_ROOT=fresh but no fresh root: $reason"
else
  echo "package path: scratch-prefix (dpkg -x into a scratch root), because: $reason"
  scratch_prefix
fi

# The binary as installed (stripped by CPack) is as hardened as the built one (tests/package/test_hardening.sh).
if command -v hardening-check >/dev/null; then
  dpkg -x "$deb" "$WORK/hardening"
  hc=$(hardening-check --nocfprotection "$WORK/hardening/usr/bin/adplan" 2>&1) && hc_rc=0 || hc_rc=$?
  echo "$hc"
  [[ $hc_rc == 0 ]] && pass "hardening-check --nocfprotection on the packaged /usr/bin/adplan" ||
    fail "hardening-check --nocfprotection on the packaged /usr/bin/adplan: exit $hc_rc"
fi

if command -v lintian >/dev/null; then
  # -I: the hardening tags about BIND_NOW and fortify are informational, shown only with it.
  lintian -I --tag-display-limit 0 "$deb" >lintian.log 2>&1
  echo "lintian $(lintian --version | cut -d' ' -f2):"
  cat lintian.log
  # The tag names (third field of "E: adplan: tag [where]") about the files this package makes by hand,
  # its licence, and the hardening the build gives (hardening-no-relro, -pie, -fortify-functions, -bindnow).
  if awk '/^[EWIXP]: /{print $3}' lintian.log |
    grep -Ei "man-?page|manual-page|groff|copyright|licen[cs]e|changelog|dep5|hardening|script-not-executable"; then
    fail "lintian reports man page, copyright, licence, changelog or hardening problems"
  else
    pass "lintian: no man page, copyright, licence, changelog or hardening tags"
  fi
fi
finish
