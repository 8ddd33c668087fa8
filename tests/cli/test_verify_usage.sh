# adplan verify, black box: usage errors exit 2 with the place and value named; a run with
# nothing to find (a private network namespace with only a loopback, no DNS server) exits 1
# with verdict fail: dns.server-unreachable and discovery.failed, and --json has the documented shape. No network beyond 127.0.0.0/8 in our namespace.
source "$(dirname "$0")/lib.sh"

expect_exit 0 -- "$ADPLAN" verify --help && contains "$OUT" "--dns-server" "help names --dns-server"
expect_exit 2 -- "$ADPLAN" verify && contains "$ERR" "give a domain" "no target is a usage error"
expect_exit 2 -- "$ADPLAN" verify contoso.com --dns-server ns1.contoso.com && contains "$ERR" '"ns1.contoso.com" is not IP[:PORT]' "a DNS server must be an address"
expect_exit 2 -- "$ADPLAN" verify contoso.com --dns-server 127.0.0.1:70000 && contains "$ERR" "port must be 1-65535" "DNS server port range"
expect_exit 2 -- "$ADPLAN" verify "bad..domain" && contains "$ERR" '"bad..domain" is not a host name' "bad target"
expect_exit 2 -- "$ADPLAN" verify contoso.com --email "not-an-address" && contains "$ERR" "--email" "bad --email"
expect_exit 2 -- "$ADPLAN" verify contoso.com --user u && contains "$ERR" "--user and --password-file go together" "user without password file"
expect_exit 2 -- "$ADPLAN" verify contoso.com --ca-file missing.pem && contains "$ERR" '--ca-file: "missing.pem" is not a file' "missing CA file"
expect_exit 2 -- "$ADPLAN" verify contoso.com --timeout 0 && contains "$ERR" "--timeout" "timeout range"
expect_exit 2 -- "$ADPLAN" verify contoso.com --parallel 0 && contains "$ERR" "--parallel: must be between 1 and 256" "--parallel range, low"
expect_exit 2 -- "$ADPLAN" verify contoso.com --parallel 257 && contains "$ERR" "--parallel: must be between 1 and 256" "--parallel range, high"
expect_exit 2 -- "$ADPLAN" verify contoso.com --parallel many
expect_exit 0 -- "$ADPLAN" verify --help && contains "$OUT" "ceil(domains / N) x" "help states the bound of --all-domains"
expect_exit 2 -- "$ADPLAN" verify contoso.com --plan missing.json && contains "$ERR" "missing.json" "missing plan file"
expect_exit 2 -- "$ADPLAN" verify contoso.com --no-such-flag
expect_exit 2 -- "$ADPLAN" verify contoso.com --redirect-servers "mail.contoso.com,bad..host" &&
  contains "$ERR" '--redirect-servers: "bad..host" is not a host name' "--redirect-servers takes host names"
echo "not a certificate" > junk.pem
expect_exit 2 -- "$ADPLAN" verify contoso.com --ca-file junk.pem && contains "$ERR" "junk.pem" "a CA file that is not PEM"
# Issue 23: --cert is the certificate every mail door must present; --no-doors is documented.
expect_exit 2 -- "$ADPLAN" verify contoso.com --cert junk.pem && contains "$ERR" '--cert: "junk.pem"' "--cert that is not PEM"
expect_exit 2 -- "$ADPLAN" verify contoso.com --cert missing.pem && contains "$ERR" '--cert: "missing.pem": cannot read it' "--cert missing"
expect_exit 0 -- "$ADPLAN" verify --help && contains "$OUT" "--no-doors" "help names --no-doors"

# Inside a namespace of our own: only a loopback, no DNS server listening on it.
source "$SRC/tests/netns.sh"
NS=()
if netns_command; then NS=("${NETNS[@]}"); else echo "SKIP (the network part): no private network namespace ($NETNS_REASON)"; fi
if ((${#NS[@]})); then
  expect_exit 1 -- "${NS[@]}" sh -c 'ip link set lo up && exec "$0" verify user@contoso.com --dns-server 127.0.0.1:5399 --timeout 3 --json' "$ADPLAN"
  echo "$OUT" > out.json
  json_check out.json 'd["verdict"] == "fail"' "nothing to find: verdict fail"
  json_check out.json 'sorted(f["id"] for f in d["findings"] if f["severity"] == "error") == ["discovery.failed", "dns.server-unreachable"]' "the errors: no DNS server, no discovery"
  json_check out.json 'all(set(f) >= {"id","severity","subject","message","remedy","evidence"} for f in d["findings"])' "finding fields"
  json_check out.json 'all(set(c) >= {"name","subject","status","ms"} for c in d["checks"])' "check fields"
  json_check out.json '[c["client"] for c in d["clients"]] == ["outlook-external","activesync","autodiscover-v2","outlook-2016"] and all(c["method"] == "none" for c in d["clients"])' "clients"
  json_check out.json 'd["ms"] < 3000 * 3' "bounded by --timeout (a hang would take far longer; the bench measures the real cost)"
  # The human report: no colour when stdout is not a terminal.
  expect_exit 1 -- "${NS[@]}" sh -c 'ip link set lo up && exec "$0" verify contoso.com --dns-server 127.0.0.1:5399 --timeout 2' "$ADPLAN"
  contains "$OUT" "FAIL: 2 error(s)" "report verdict line"
  contains "$OUT" "outlook-external: failed (none)" "report client line"
  [[ $OUT != *$'\x1b['* ]] && pass "no colour off a terminal" || fail "colour codes off a terminal"
  # On a terminal (script(1) gives it a pty): colour, unless NO_COLOR is set.
  if command -v script >/dev/null; then
    "${NS[@]}" sh -c 'ip link set lo up && script -qec "\"$0\" verify contoso.com --dns-server 127.0.0.1:5399 --timeout 2" /dev/null' "$ADPLAN" </dev/null >tty.txt 2>&1
    grep -q $'\x1b\[1;31mFAIL' tty.txt && pass "colour on a terminal" || fail "no colour on a terminal: $(head -c 300 tty.txt)"
    NO_COLOR=1 "${NS[@]}" sh -c 'ip link set lo up && script -qec "\"$0\" verify contoso.com --dns-server 127.0.0.1:5399 --timeout 2" /dev/null' "$ADPLAN" </dev/null >tty2.txt 2>&1
    grep -q 'FAIL: 2 error' tty2.txt && ! grep -q $'\x1b\[' tty2.txt && pass "NO_COLOR honoured" || fail "NO_COLOR: $(head -c 300 tty2.txt)"
  fi
else
  echo "skip: no network namespaces here"
fi
finish
