# Issue 21, items 4-7 (the hoster's files and the small ones): --prometheus-textfile writes like
# every other output, --domains-file is read with limits, a public suffix is never a zone, and
# --json-lines, --timeout, diff --from-git, render's temporaries, acme --calendar and --contact.
#   $1 = path to adplan, $2 = source dir
source "$(dirname "$0")/lib.sh"
PEERS=$SRC/tests/hostile/peers

"$ADPLAN" init --scenario 1 --yes -o plan.json >/dev/null 2>&1 || { fail "adplan init"; finish; }
# A DNS peer that answers nothing known (every name NXDOMAIN, fast), and one that never answers.
python3 "$PEERS/dns.py" 127.0.0.53 53 "$WORK/dns.ready" 2>"$WORK/dns.err" &
PIDS+=($!)
python3 - "$WORK/mute.ready" <<'PY' 2>"$WORK/mute.err" &
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.54", 53)); open(sys.argv[1], "w").close()
while True: s.recvfrom(4096)
PY
PIDS+=($!)
for _ in $(seq 200); do [[ -f dns.ready && -f mute.ready ]] && break; sleep 0.05; done
for i in $(seq 1 200); do echo "tenant-$i.example"; done >tenants.txt
leftovers() { find "$1" -maxdepth 1 -name '*.tmp*' -printf '%f ' 2>/dev/null; }

echo "== 4. --prometheus-textfile through the atomic writer"
mkdir -p prom
printf 'precious\n' >victim
ln -s "$WORK/victim" prom/adplan.prom.tmp
bounded 30 200 -- verify --plan plan.json --domains-file tenants.txt --dns-server 127.0.0.53 --timeout 2 \
  --prometheus-textfile prom/adplan.prom
[[ $(cat victim) == precious ]] && pass "a symlink at the old fixed temporary name is not followed" ||
  fail "the symlink's target was overwritten: $(head -c 200 victim)"
[[ -L prom/adplan.prom.tmp ]] && pass "the planted link itself is left alone" || fail "the planted link was removed or replaced"
grep -q '^adplan_verify_domains 201$' prom/adplan.prom && pass "the textfile holds the run's metrics" ||
  fail "the textfile: $(head -c 300 prom/adplan.prom 2>&1)"
rm prom/adplan.prom.tmp
# A full disk (a file size limit: the writes past 1 KiB fail with EFBIG; SIGXFSZ ignored).
rm -f prom/adplan.prom
(ulimit -f 1; trap '' XFSZ; exec "$ADPLAN" verify --plan plan.json --domains-file tenants.txt --dns-server 127.0.0.53 \
  --timeout 2 --prometheus-textfile prom/adplan.prom >/dev/null 2>"$WORK/full.err")
rc=$?
((rc != 0)) && pass "a full disk fails the run (exit $rc)" || fail "a full disk: exit 0"
[[ -z $(leftovers prom) ]] && pass "no temporary file left after the failed write" || fail "left behind: $(leftovers prom)"
[[ ! -e prom/adplan.prom ]] && pass "no half file in place" || fail "a file is in place after the failed write"
# A directory as the target: refused before anything is probed, nothing left beside it.
mkdir -p prom/dir.prom
bounded 10 200 -- verify --plan plan.json --domains-file tenants.txt --dns-server 127.0.0.53 --timeout 2 \
  --prometheus-textfile prom/dir.prom
((RC == 2)) && contains "$ERR" "is a directory" "a directory target: exit 2, said so" || fail "a directory target: exit $RC: $ERR"
[[ -z $(leftovers prom) ]] && pass "a directory target leaves no temporary" || fail "left behind: $(leftovers prom)"
# SIGINT in the middle of a run (a DNS server that never answers keeps it busy). A background job of
# a script starts with SIGINT ignored, and adplan keeps an ignored SIGINT ignored (as nohup wants), so
# the job is given the default action back first.
env --default-signal=INT "$ADPLAN" verify --plan plan.json --domains-file tenants.txt --dns-server 127.0.0.54 --timeout 20 \
  --prometheus-textfile prom/int.prom >/dev/null 2>"$WORK/int.err" &
run=$!
sleep 1.5
kill -INT $run
wait $run
rc=$?
((rc == 130)) && pass "SIGINT ends the run as SIGINT (exit $rc)" || fail "SIGINT: exit $rc"
[[ -z $(leftovers prom) && ! -e prom/int.prom ]] && pass "SIGINT leaves no temporary and no half file" ||
  fail "after SIGINT: $(leftovers prom) $(ls prom)"

echo "== 5. --domains-file read with limits"
list() { bounded 10 200 -- verify --plan plan.json --list-only --timeout 1 --domains-file "$@"; }
mkfifo fifo
list fifo
((RC == 2)) && contains "$ERR" "named pipe" "a FIFO is refused at once (exit 2)" || fail "a FIFO: exit $RC: $ERR"
mkdir -p adir
list adir
((RC == 2)) && contains "$ERR" "directory" "a directory is refused (exit 2)" || fail "a directory: exit $RC: $ERR"
list /dev/zero
((RC == 2)) && contains "$ERR" "device" "/dev/zero is refused (exit 2)" || fail "/dev/zero: exit $RC: $ERR"
truncate -s 600M huge.txt
list huge.txt
((RC == 2)) && contains "$ERR" "larger than" "a file over the size limit: exit 2, said so" || fail "600 MiB: exit $RC: $ERR"
rm -f huge.txt
{ echo a.example; head -c 2000 /dev/zero | tr '\0' x; echo; head -c 3000000 /dev/zero; echo; echo b.example; } >long.txt
list long.txt
((RC == 1)) && pass "over-long lines are bad lines (exit 1)" || fail "long lines: exit $RC: ${ERR:0:300}"
contains "$ERR" "long.txt:2" "the 2 KB line is named by its number"
contains "$ERR" "long.txt:3" "the 3 MB line of NULs is named by its number"
contains "$OUT" "b.example" "the lines after them are still read"
printf '# only comments\n\n   \n' >empty.txt
list empty.txt
((RC == 2)) && contains "$ERR" "names no domain" "an empty list is exit 2 with a message" || fail "empty list: exit $RC: $ERR"
printf 'not..valid\n' >bad.txt
list bad.txt
((RC == 2)) && contains "$ERR" "bad.txt:1" "a list of only bad lines: exit 2, the line named" || fail "only bad lines: exit $RC: $ERR"
# Standard input from a pipe that never ends: bounded by --timeout's derived time (3 x 1 s).
mkfifo never
sleep 60 >never &
writer=$!
PIDS+=($writer)
bounded 10 200 -- verify --plan plan.json --list-only --timeout 1 --domains-file - <never
kill $writer 2>/dev/null
((RC == 2)) && [[ $ERR == *"standard input"* && $ERR == *"within 3 s"* ]] &&
  pass "stdin that never ends: given up after 3 s (${WALL}s, exit 2)" || fail "stdin that never ends: exit $RC: $ERR"

echo "== 6. a public suffix is never a zone"
for host in contoso-mail.co.uk contosomail.com; do
  python3 - "$host" <<'PY'
import json, sys
d = json.load(open("plan.json")); d["external_host"] = sys.argv[1]; json.dump(d, open("ps.json", "w"))
PY
  rm -rf "out-$host"
  bounded 20 300 -- render --plan ps.json --out "out-$host"
  ((RC == 0)) && pass "$host: render succeeds" || fail "$host: render exit $RC: ${ERR:0:300}"
  zones=$(grep -rhoE "Add-DnsServerPrimaryZone -Name '[^']*'" "out-$host" | sort -u | tr '\n' ' ')
  grep -rqE "Add-DnsServerPrimaryZone -Name '(co\.uk|com)'" "out-$host" && fail "$host: a public suffix became a zone: $zones" ||
    pass "$host: no public suffix among the zones ($zones)"
  grep -rqF "'$host'" "out-$host" && pass "$host: the zone $host is rendered" || fail "$host: no zone $host: $zones"
done

echo "== 7. the small ones"
# --json-lines: the input-error lines are valid JSON, whatever bytes the file holds.
printf 'ok.example\n\xff\xfe bad\xc2\x9b[31m\x1b]0;x\x07\n\xc2\x85\xed\xa0\x80.example\n' >hostile.txt
bounded 20 200 -- verify --plan plan.json --domains-file hostile.txt --json-lines --dns-server 127.0.0.53 --timeout 2
printf '%s\n' "$OUT" >lines.jsonl
python3 - lines.jsonl <<'PY' && pass "--json-lines: every line parses as strict JSON from valid UTF-8, no C0/C1 control raw" || fail "--json-lines: invalid lines"
import json, sys
raw = open(sys.argv[1], "rb").read().splitlines()
errors = 0
for line in raw:
    if not line: continue
    text = line.decode("utf-8")  # raises on invalid UTF-8
    assert not any(0x80 <= ord(c) <= 0x9f or ord(c) < 0x20 or ord(c) == 0x7f for c in text), text
    d = json.loads(text, strict=True)
    errors += d.get("type") == "input-error"
assert errors == 2, errors
PY
# --timeout below 1 ms is never "no limit": a tarpit ACME directory gives up at once.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=127.0.0.41 \
  -addext subjectAltName=IP:127.0.0.41 -keyout dir.key -out dir.crt 2>/dev/null
python3 "$PEERS/acme_directory.py" dir.crt dir.key 127.0.0.41 8443 >peer.out 2>peer.err &
PIDS+=($!)
for _ in $(seq 200); do grep -q ready peer.out 2>/dev/null && break; sleep 0.05; done
bounded 5 64 -- acme --plan plan.json --check-directory --ca-file dir.crt --timeout 0.0001 \
  --acme-directory https://127.0.0.41:8443/tarpit
((RC == 2)) && pass "--timeout 0.0001: the tarpit directory fails at once (${WALL}s), no endless wait" ||
  fail "--timeout 0.0001: exit $RC: $ERR"
# acme --contact must be an e-mail address.
expect_exit 2 -- "$ADPLAN" acme --plan plan.json --contact 'x"; rm -rf / #' &&
  contains "$ERR" "--contact" "acme --contact that is no e-mail address: exit 2 naming the flag"
expect_exit 0 -- "$ADPLAN" acme --plan plan.json --contact hostmaster@contoso.com &&
  contains "$OUT" "hostmaster@contoso.com" "acme --contact with an address: used"
# acme --calendar --cert FILE: the file name is printed escaped.
sans=$(python3 -c 'import json,sys; p=json.load(sys.stdin); print(",".join("DNS:"+n for n in p["certificates"][0]["sans"]))' \
  < <("$ADPLAN" plan --plan plan.json --json 2>/dev/null))
evil=$'cert\e]0;owned\a\e[2J.pem'
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 60 -subj /CN=mail.contoso.com \
  -addext "subjectAltName=$sans" -keyout cert.key -out "$evil" 2>/dev/null
bounded 10 64 -- acme --plan plan.json --calendar --cert "$evil"
((RC == 0)) && pass "acme --calendar --cert ran" || fail "acme --calendar --cert: exit $RC: ${ERR:0:300}"
[[ $OUT != *$'\e'* && $OUT != *$'\a'* ]] && pass "acme --calendar: no raw escape from the file name" ||
  fail "acme --calendar printed the file name's escapes raw"
contains "$OUT" 'cert\x1b' "the file name is shown with its escapes visible"
# render removes only the temporaries it created: a user's dns/.my.zone.tmp7 stays.
rm -rf out && bounded 20 300 -- render --plan plan.json --out out
mkdir -p out/dns && printf 'mine\n' >out/dns/.my.zone.tmp7
bounded 20 300 -- render --plan plan.json --out out --force
[[ -f out/dns/.my.zone.tmp7 ]] && pass "render --force leaves a user's .my.zone.tmp7 alone" ||
  fail "render removed the user's out/dns/.my.zone.tmp7"
# diff --from-git: a partial clone's missing blob is never fetched (its uploadpack never runs).
if command -v git >/dev/null; then
  git init -q origin && cp plan.json origin/adplan.json && git -C origin add adplan.json &&
    git -C origin -c user.name=t -c user.email=t@example.com commit -qm plan &&
    git -C origin config uploadpack.allowFilter true &&
    git clone -q --no-checkout --filter=blob:none "file://$WORK/origin" clone 2>/dev/null
  printf '#!/bin/sh\ntouch %s/uploadpack-ran\nexec git-upload-pack "$@"\n' "$WORK" >evil-uploadpack
  chmod +x evil-uploadpack
  git -C clone config remote.origin.uploadpack "$WORK/evil-uploadpack"
  cp plan.json clone/adplan.json
  bounded 40 200 -- diff --from-git HEAD clone/adplan.json
  [[ ! -e uploadpack-ran ]] && pass "diff --from-git: the repository's uploadpack never ran (exit $RC)" ||
    fail "diff --from-git ran the repository's remote.origin.uploadpack"
fi
finish
