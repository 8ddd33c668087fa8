#!/usr/bin/env bash
# CI builds the Debian package and checks it as installed. A fresh Debian root (debootstrap) needs
# the network, which CI does not have, so: dpkg-deb -I (shared-library Depends, Recommends,
# Suggests) and -c (binary, lab, schemas, man pages, completion, doc), then the package unpacked
# into a scratch root (dpkg -x) and, as a non-root user there, adplan init --scenario 2 --yes,
# adplan plan, man -w adplan-verify with MANPATH, the bash completion loaded (complete -p adplan),
# adplan-lab finding its script; lintian on the package where installed (no man page tag allowed).
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
for dep in libssl3 libcurl4 libc-ares2 libbotan-2-19 libldap-2.5-0 libidn2-0; do
  contains "$info" "$dep" "Depends (dpkg-shlibdeps): $dep"
done
contains "$info" "Recommends: bind9, nginx-light, slapd" "Recommends the lab's servers"
contains "$info" "Suggests: graphviz, certbot | lego, prometheus" "Suggests"
files=$(dpkg-deb -c "$deb")
for f in ./usr/bin/adplan ./usr/bin/adplan-lab ./usr/share/adplan/lab/lab.sh ./usr/share/adplan/lab/netns.sh \
  ./usr/share/man/man1/adplan.1.gz ./usr/share/man/man1/adplan-verify.1.gz ./usr/share/man/man1/adplan-ca-sign.1.gz \
  ./usr/share/man/man1/adplan-lab.1.gz ./usr/share/man/man5/adplan.json.5.gz ./usr/share/man/man7/adplan-findings.7.gz \
  ./usr/share/bash-completion/completions/adplan ./usr/share/zsh/vendor-completions/_adplan \
  ./usr/share/doc/adplan/README.md; do
  [[ $files == *" $f"* ]] || fail "not in the package: $f"
done
for s in "$SRC"/schema/*.json; do
  [[ $files == *"./usr/share/adplan/schema/$(basename "$s")"* ]] || fail "schema not in the package: $(basename "$s")"
done
pass "dpkg-deb -c: binary, lab, $(ls "$SRC"/schema/*.json | wc -l) schemas, man pages, completion, doc"

# Unpacked into a scratch root, used by a non-root user.
chmod 755 "$WORK"
root=$WORK/root
dpkg -x "$deb" "$root"
mkdir home
as_user=()
if [[ $(id -u) -eq 0 ]]; then
  chown nobody home
  as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
cat >user.sh <<'U'
set -e
cd "$1/home"
export HOME=$PWD PATH=$1/root/usr/bin:$PATH MANPATH=$1/root/usr/share/man:
echo "whoami: $(id -u)"
adplan --version | head -1
adplan init --scenario 2 --yes >init.log
adplan plan >plan.log
echo "plan: $(grep -c . plan.log) lines"
echo "man: $(man -w adplan-verify)"
echo "man5: $(man -w 5 adplan.json)"
echo "man7: $(man -w 7 adplan-findings)"
if [ -f /usr/share/bash-completion/bash_completion ]; then
  XDG_DATA_DIRS=$1/root/usr/share bash -ic '_completion_loader adplan; complete -p adplan' 2>/dev/null
else
  bash -ic "source $1/root/usr/share/bash-completion/completions/adplan; complete -p adplan" 2>/dev/null
fi
adplan-lab faults | head -1
U
out=$("${as_user[@]}" bash user.sh "$WORK" 2>&1)
rc=$?
echo "$out"
[[ $rc == 0 ]] && pass "init, plan, man, completion as a user of the unpacked package" || fail "user run: exit $rc"
[[ $(id -u) -ne 0 || $out == *"whoami: 65534"* ]] && pass "ran as a non-root user" || fail "not as nobody"
contains "$out" "man: $root/usr/share/man/man1/adplan-verify.1.gz" "man -w adplan-verify finds the installed page"
contains "$out" "complete -F _adplan adplan" "bash completion loaded"
[[ -f $root/../home/adplan.json || -f $WORK/home/adplan.json ]] && pass "adplan.json written" || fail "no adplan.json"

if command -v lintian >/dev/null; then
  lintian --no-tag-display-limit "$deb" >lintian.log 2>&1
  cat lintian.log
  if grep -qi "manpage\|man-page\|manual-page" lintian.log; then fail "lintian reports man page problems"; else pass "lintian: no man page tags"; fi
fi
finish
