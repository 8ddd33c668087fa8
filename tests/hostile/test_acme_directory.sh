# Issue 14, item 5: `adplan acme --check-directory` against ACME directories that misbehave —
# a tarpit, a body dripped a byte a second, garbage that is no JSON, an endless body, a JSON
# object without newOrder, a 503 — ends within its --timeout with a clear error (exit 2) and
# prints no orders; a good directory passes and the orders follow.
#   $1 = path to adplan, $2 = source dir
source "$(dirname "$0")/lib.sh"
PEERS=$SRC/tests/hostile/peers
ADDR=127.0.0.41
PORT=8443

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$ADDR" -addext "subjectAltName=IP:$ADDR" \
  -keyout "$WORK/dir.key" -out "$WORK/dir.crt" 2>/dev/null || { fail "openssl req"; finish; }
python3 "$PEERS/acme_directory.py" "$WORK/dir.crt" "$WORK/dir.key" "$ADDR" "$PORT" >"$WORK/peer.out" 2>"$WORK/peer.err" &
PIDS+=($!)
for _ in $(seq 200); do grep -q ready "$WORK/peer.out" 2>/dev/null && break; sleep 0.05; done
grep -q ready "$WORK/peer.out" || { fail "peer did not start: $(cat "$WORK/peer.err")"; finish; }

"$ADPLAN" init --scenario 1 --yes -o "$WORK/s1.json" >/dev/null 2>&1 || fail "init"
dir() { echo "https://$ADDR:$PORT/$1"; }
acme() { bounded "$1" 64 -- acme --plan "$WORK/s1.json" --check-directory --ca-file "$WORK/dir.crt" "${@:2}"; }

for case in "tarpit:acme.directory-timeout:no complete answer within 2.0 s" \
            "drip:acme.directory-timeout:no complete answer within 2.0 s" \
            "garbage:acme.directory-not-json:is not a JSON object" \
            "huge:acme.directory-too-large:larger than 64 KiB" \
            "incomplete:acme.directory-incomplete:no https URL for newOrder" \
            "array:acme.directory-not-json:is not a JSON object" \
            "error:acme.directory-status:HTTP status 503"; do
  IFS=: read -r path code text <<<"$case"
  acme 5 --timeout 2 --acme-directory "$(dir "$path")"
  [[ $RC == 2 ]] && pass "$path: exit 2" || fail "$path: exit $RC, want 2"
  contains "$ERR" "$text" "$path: the error says so ($code)"
  [[ -z $OUT ]] && pass "$path: no order printed" || fail "$path: orders printed before the directory passed"
  [[ $ERR != *$'\e'* ]] && pass "$path: no terminal escape reaches the terminal" || fail "$path: escape in stderr"
done

# Nothing listens: a clear error at once, not the timeout.
bounded 5 64 -- acme --plan "$WORK/s1.json" --check-directory --timeout 2 --acme-directory "https://127.0.0.42:8443/dir"
[[ $RC == 2 ]] && contains "$ERR" "connect" "refused: unreachable, said at once" || fail "refused: exit $RC: $ERR"
# Not our root: the TLS error names --ca-file.
bounded 5 64 -- acme --plan "$WORK/s1.json" --check-directory --timeout 2 --acme-directory "$(dir good)"
[[ $RC == 2 ]] && contains "$ERR" "--ca-file" "an unknown root: the TLS error names --ca-file" || fail "tls: exit $RC"

acme 5 --timeout 2 --acme-directory "$(dir good)"
[[ $RC == 0 ]] && pass "a good directory passes" || fail "good: exit $RC: $ERR"
contains "$ERR" "newNonce, newAccount and newOrder present" "the check is reported"
contains "$OUT" "certificate mail.contoso.com" "the orders follow"
finish
