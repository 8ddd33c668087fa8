#!/usr/bin/env bash
# Files under hostile conditions (issue 10 items 12-17): render is all or nothing (a dangling
# link, a full disk, a read-only --out), modes under umask 000 and 077, signals while keys are
# written, stale temporaries, conflicting flags, and FIFOs given as input files.
# The full disk and the read-only directory are real: small tmpfs mounts in a private mount
# namespace (unshare -rm); without one, those parts fall back to RLIMIT_FSIZE or are skipped.
source "$(dirname "$0")/lib.sh" "$@"

mode() { stat -c %a "$1"; }
# Every path below DIR, sorted, one line; empty when DIR is absent.
tree() { if [[ -e $1 ]]; then (cd "$1" && find . -mindepth 1 | sort | tr '\n' ' '); fi; }
temps() { find "$@" -name '.*.tmp*' 2>/dev/null | tr '\n' ' '; }

"$ADPLAN" init --scenario 3 --yes -o adplan.json >/dev/null 2>&1 || fail "init"
expect_exit 0 -- "$ADPLAN" render --out full && pass "reference render"
nfiles=$(find full -type f | wc -l)
bytes=$(du -sb full | cut -f1)

can_mount=no
if unshare -rm true 2>/dev/null && unshare -rm sh -c 'mkdir -p /tmp && m=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs "$m" && umount "$m"; rmdir "$m"' 2>/dev/null; then
  can_mount=yes
fi
echo "note: tmpfs in a user+mount namespace: $can_mount; a render is $nfiles files, $bytes bytes"

# --- item 12: a dangling symbolic link at out/runbook.md refuses the whole render
mkdir dangling && ln -s "$WORK/nowhere" dangling/runbook.md
expect_exit 2 -- "$ADPLAN" render --out dangling && pass "dangling runbook.md: exit 2"
contains "$ERR" "dangling/runbook.md: already exists" "the link is named"
[[ "$(tree dangling)" == "./runbook.md " ]] && pass "nothing written beside the link" || fail "written: $(tree dangling)"
[[ ! -e nowhere ]] && pass "nothing written through the link" || fail "wrote through the link"

# a dangling link where a directory must go: nothing of the render, no directory made
mkdir dlink && ln -s "$WORK/nowhere" dlink/dns
expect_exit 2 -- "$ADPLAN" render --out dlink && pass "dangling dns/: exit 2"
contains "$ERR" "dlink/dns: is a symbolic link to nothing" "the link is named"
[[ "$(tree dlink)" == "./dns " ]] && pass "nothing written beside the dns link" || fail "written: $(tree dlink)"

# --- item 12: a full disk mid-render: exit 2, nothing written, the rerun (with room) not refused
full_disk_script='
  set -u
  cd "$1"; ADPLAN=$2; size=$3
  mkdir disk && mount -t tmpfs -o size=$size tmpfs disk || exit 99
  "$ADPLAN" render --out disk/out >stdout.txt 2>stderr.txt; echo "rc=$?" >rc.txt
  (cd disk && find . -mindepth 1 | sort | tr "\n" " ") >after.txt
  mount -o remount,size=16m disk
  "$ADPLAN" render --out disk/out >stdout2.txt 2>stderr2.txt; echo "rc=$?" >rc2.txt
  find disk/out -type f | wc -l >count2.txt
  umount disk'
if [[ $can_mount == yes ]]; then
  # Half the render fits: the disk fills part way through.
  size=$(( (bytes / 2 / 4096 + 1) * 4096 ))
  unshare -rm bash -c "$full_disk_script" _ "$WORK" "$ADPLAN" "$size"
  [[ "$(cat rc.txt)" == "rc=2" ]] && pass "full tmpfs ($size bytes): exit 2" || fail "full tmpfs: $(cat rc.txt) $(cat stderr.txt)"
  contains "$(cat stderr.txt)" "No space left on device" "the error says the disk is full"
  contains "$(cat stderr.txt)" "nothing was written" "and that nothing was written"
  [[ -z "$(cat after.txt)" ]] && pass "the full disk holds nothing afterwards (no file, no directory, no temporary)" \
    || fail "left on the full disk: $(cat after.txt)"
  [[ "$(cat rc2.txt)" == "rc=0" ]] && pass "the rerun with room succeeds (no 'already exists')" \
    || fail "rerun: $(cat rc2.txt) $(cat stderr2.txt)"
  [[ "$(cat count2.txt)" == "$nfiles" ]] && pass "the rerun wrote all $nfiles files" || fail "rerun wrote $(cat count2.txt)"
else
  # RLIMIT_FSIZE: write(2) fails with EFBIG part way, as it would with ENOSPC.
  (trap '' XFSZ; ulimit -f 4; "$ADPLAN" render --out fsz >stdout.txt 2>stderr.txt; echo "rc=$?" >rc.txt)
  [[ "$(cat rc.txt)" == "rc=2" ]] && pass "file size limit mid-render: exit 2" || fail "fsz: $(cat rc.txt)"
  [[ -z "$(tree fsz)" ]] && pass "nothing written" || fail "written: $(tree fsz)"
  expect_exit 0 -- "$ADPLAN" render --out fsz && pass "the rerun succeeds"
fi

# --- item 15: a read-only --out names the directory and the flag, never a temporary file
readonly_script='
  set -u
  cd "$1"; ADPLAN=$2
  mkdir ro && mount -t tmpfs -o size=64k,ro tmpfs ro || exit 99
  "$ADPLAN" render --out ro/out >/dev/null 2>err-new.txt; echo "rc=$?" >>rc-ro.txt
  "$ADPLAN" render --out ro >/dev/null 2>err-existing.txt; echo "rc=$?" >>rc-ro.txt
  "$ADPLAN" csr --out ro/pki >/dev/null 2>err-csr.txt; echo "rc=$?" >>rc-ro.txt
  "$ADPLAN" csr --out ro >/dev/null 2>err-csr-existing.txt; echo "rc=$?" >>rc-ro.txt
  umount ro'
if [[ $can_mount == yes ]]; then
  unshare -rm bash -c "$readonly_script" _ "$WORK" "$ADPLAN"
  [[ "$(tr '\n' ' ' <rc-ro.txt)" == "rc=2 rc=2 rc=2 rc=2 " ]] && pass "read-only --out: exit 2 each" || fail "rc: $(cat rc-ro.txt)"
  err=$(cat err-new.txt)
  contains "$err" "adplan: error: --out: $WORK/ro/out: cannot be created: Read-only file system" "a new --out under a read-only mount"
  contains "$err" "(choose a directory on a writable file system with --out)" "the fix"
  err=$(cat err-existing.txt)
  [[ $err == "adplan: error: --out: $WORK/ro/"*": cannot be created: Read-only file system"* ]] \
    && pass "an existing read-only --out: the directory it cannot make is named" || fail "existing read-only --out: $err"
  [[ "$(cat err-*.txt)" != *.tmp[0-9]* ]] && pass "no temporary name in the messages" || fail "temporary named: $(cat err-*.txt)"
  contains "$(cat err-csr.txt)" "adplan: error: --out: ro/pki: cannot be created: Read-only file system" "csr --out too"
  contains "$(cat err-csr-existing.txt)" "adplan: error: --out: ro: cannot create files in this directory: Read-only file system" \
    "an existing read-only csr --out"
else
  echo "note: skipped the read-only --out case (no mount namespace)"
fi

# --- item 13: modes under umask 000 and 077
(umask 000; "$ADPLAN" csr --out pki000 >/dev/null 2>&1; "$ADPLAN" ca init --key ec:p256 --dir ca000 >/dev/null 2>&1
 "$ADPLAN" render --out out000 >/dev/null 2>&1)
[[ $(mode pki000) == 700 ]] && pass "umask 000: key directory 0700" || fail "pki000 is $(mode pki000)"
[[ $(mode ca000) == 700 ]] && pass "umask 000: CA directory 0700" || fail "ca000 is $(mode ca000)"
[[ $(mode pki000/mail.contoso.com.key) == 600 && $(mode ca000/ca.key) == 600 ]] && pass "umask 000: keys 0600" \
  || fail "keys $(mode pki000/mail.contoso.com.key) $(mode ca000/ca.key)"
[[ $(mode pki000/mail.contoso.com.csr) == 644 && $(mode ca000/ca.crt) == 644 ]] && pass "umask 000: csr and crt 0644" \
  || fail "csr/crt $(mode pki000/mail.contoso.com.csr) $(mode ca000/ca.crt)"
[[ $(mode out000) == 755 && $(mode out000/runbook.md) == 644 ]] && pass "umask 000: render 0755/0644, never 0777/0666" \
  || fail "render $(mode out000) $(mode out000/runbook.md)"
(umask 077; "$ADPLAN" init --scenario 1 --yes -o plan077.json >/dev/null 2>&1
 "$ADPLAN" csr --plan plan077.json --out pki077 >/dev/null 2>&1; "$ADPLAN" render --out out077 >/dev/null 2>&1)
[[ $(mode plan077.json) == 600 ]] && pass "umask 077: adplan.json stays 0600" || fail "plan077.json is $(mode plan077.json)"
[[ $(mode pki077/mail.contoso.com.csr) == 600 && $(mode pki077/mail.contoso.com.key) == 600 ]] \
  && pass "umask 077: csr stays 0600, key 0600" || fail "pki077: $(mode pki077/mail.contoso.com.csr)"
[[ $(mode out077) == 700 && $(mode out077/runbook.md) == 600 ]] && pass "umask 077: render 0700/0600" \
  || fail "out077: $(mode out077) $(mode out077/runbook.md)"
(umask 027; "$ADPLAN" render --out out027 >/dev/null 2>&1)
[[ $(mode out027) == 750 && $(mode out027/runbook.md) == 640 ]] && pass "umask 027: render 0750/0640" \
  || fail "out027: $(mode out027) $(mode out027/runbook.md)"

# --- item 14: a signal while the key is written leaves no temporary file and no partial set
# strace holds the first fsync(2) (the key's temporary file, already written) for a few seconds:
# the signal lands while the private key sits in pki/.<name>.key.tmpNNN.
slow_csr() {  # slow_csr DIR: adplan csr in the background under strace; sets TRACER and PID
  strace -f -qq -o /dev/null -e trace=fsync -e inject=fsync:delay_enter=3000000 \
    "$ADPLAN" csr --out "$1" --key ec:p256 >/dev/null 2>"$WORK/.slow.err" &
  TRACER=$!
  PID=""
  for _ in $(seq 1 200); do
    [[ -z $PID ]] && PID=$(pgrep -P "$TRACER" -x adplan)
    [[ -n $PID && -n "$(temps "$1")" ]] && return 0
    sleep 0.05
  done
  return 1
}
if command -v strace >/dev/null && strace -qq -o /dev/null true 2>/dev/null; then
  set -m  # background jobs keep SIGINT (a shell without job control makes them ignore it)
  for sig in TERM INT HUP; do
    dir=pki-$sig
    if slow_csr "$dir"; then
      pass "SIG$sig: caught the key in $(temps "$dir")"
      kill -"$sig" "$PID"
      wait "$TRACER"; rc=$?
      [[ -z "$(temps "$dir")" ]] && pass "SIG$sig: no temporary file remains" || fail "SIG$sig left $(temps "$dir")"
      [[ ! -e $dir ]] && pass "SIG$sig: no key, no request, no directory: nothing of the set" || fail "SIG$sig left: $(tree "$dir")"
      [[ $rc -ne 0 ]] && pass "SIG$sig: the run failed (exit $rc)" || fail "SIG$sig: exit 0"
      contains "$(cat "$WORK/.slow.err")" "temporary files were removed" "SIG$sig: says so"
    else
      fail "SIG$sig: no temporary file appeared"; kill "$TRACER" 2>/dev/null; wait "$TRACER"
    fi
  done
  # SIGKILL cannot be handled: the next run removes what it left, says so, and writes.
  if slow_csr pki-kill; then
    left=$(temps pki-kill)
    kill -KILL "$PID"; wait "$TRACER"
    [[ -n "$(temps pki-kill)" ]] && pass "SIGKILL leaves $left" || fail "SIGKILL left nothing?"
    expect_exit 0 -- "$ADPLAN" csr --out pki-kill --key ec:p256 && pass "the next run succeeds"
    contains "$ERR" "adplan: note: removed pki-kill/.mail.contoso.com.key.tmp" "names the stale temporary"
    [[ -z "$(temps pki-kill)" ]] && pass "no temporary file remains" || fail "left $(temps pki-kill)"
    [[ -f pki-kill/mail.contoso.com.key && -f pki-kill/mail.contoso.com.csr ]] && pass "key and request written" \
      || fail "pki-kill: $(tree pki-kill)"
  else
    fail "SIGKILL: no temporary file appeared"; kill "$TRACER" 2>/dev/null; wait "$TRACER"
  fi
  set +m
else
  echo "note: skipped the signal cases (no strace)"
fi
# a temporary a live writer holds (flock) is not touched
mkdir pki-live && echo partial >pki-live/.mail.contoso.com.key.tmp99
flock pki-live/.mail.contoso.com.key.tmp99 "$ADPLAN" csr --out pki-live --key ec:p256 >/dev/null 2>live.err
[[ -e pki-live/.mail.contoso.com.key.tmp99 ]] && pass "a held temporary is left to its writer" || fail "removed a live temporary"
[[ "$(cat live.err)" != *note:* ]] && pass "and not reported" || fail "reported: $(cat live.err)"

# --- item 16: conflicting flags are refused, naming both
expect_exit 2 -- "$ADPLAN" scp --ldif --json && pass "scp --ldif --json: exit 2"
contains "$ERR" "--ldif: cannot be used with --json" "names both"
expect_exit 2 -- "$ADPLAN" scp --ldif --ldap ldap://127.0.0.1:1/ && pass "scp --ldif --ldap: exit 2"
contains "$ERR" "--ldif: cannot be used with --ldap" "names both"
echo secret >pass.txt && chmod 600 pass.txt
expect_exit 2 -- "$ADPLAN" csr --exchange --passphrase-file pass.txt && pass "csr --exchange --passphrase-file: exit 2"
contains "$ERR" "--passphrase-file: cannot be used with --exchange" "names both"
expect_exit 2 -- "$ADPLAN" verify a@contoso.com --email b@contoso.com --timeout 1 && pass "verify EMAIL --email EMAIL: exit 2"
contains "$ERR" "--email: cannot be used with an e-mail address as the target" "names both"
[[ -z "$OUT" ]] && pass "nothing verified" || fail "verify ran: ${OUT:0:200}"

# --- item 17: a FIFO with no writer as an input file is refused at once
mkfifo fifo
start=$SECONDS
expect_exit 2 -- timeout 20 "$ADPLAN" plan --plan fifo && pass "--plan FIFO: exit 2"
contains "$ERR" "fifo: is a named pipe (FIFO), not a regular file" "says what it is"
expect_exit 2 -- timeout 20 "$ADPLAN" verify contoso.com --user u --password-file fifo --timeout 1 \
  && pass "--password-file FIFO: exit 2"
contains "$ERR" "--password-file: fifo: is a named pipe (FIFO), not a regular file" "names the flag"
expect_exit 2 -- timeout 20 "$ADPLAN" csr --passphrase-file fifo --out pki-fifo && pass "--passphrase-file FIFO: exit 2"
expect_exit 2 -- timeout 20 "$ADPLAN" plan --plan . && pass "--plan DIRECTORY: exit 2"
contains "$ERR" "is a directory, not an adplan.json file" "a directory is not malformed JSON"
(( SECONDS - start < 10 )) && pass "no input blocked ($((SECONDS - start)) s)" || fail "took $((SECONDS - start)) s"
# "-" is standard input: a pipe or a redirected file
expect_exit 0 -- sh -c "cat adplan.json | '$ADPLAN' plan --plan -" && pass "--plan - from a pipe"
expect_exit 0 -- sh -c "'$ADPLAN' plan --plan - < adplan.json" && pass "--plan - from a redirected file"

finish
