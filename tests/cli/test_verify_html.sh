# verify --html and render's plan.html, black box (issue 26): usage errors exit 2 naming --html;
# verify writes the page beside its other output from the same run (its findings are the --json's),
# replaces FILE atomically like --dot, prints it with `-`; render writes plan.html with the other
# files and refuses to replace it without --force. The network part runs in a private namespace
# with only a loopback (nothing answers: verdict fail). Browser checks: tests/e2e/report_browser.sh.
source "$(dirname "$0")/lib.sh"

expect_exit 0 -- "$ADPLAN" verify --help && contains "$OUT" "--html" "help names --html"
expect_exit 2 -- "$ADPLAN" verify contoso.com --json --html - && contains "$ERR" '--html: "-" (stdout) cannot be used with --json' "--html - with --json"
"$ADPLAN" init --scenario 1 --yes -o adplan.json >/dev/null 2>&1 || fail "init"
expect_exit 2 -- "$ADPLAN" verify --all-domains --html r.html && contains "$ERR" "--html: shows one domain in full" "--html with --all-domains"

# render: plan.html with the rest, never replaced without --force.
expect_exit 0 -- "$ADPLAN" render --out out && contains "$OUT" "wrote $WORK/out/plan.html" "render writes plan.html"
grep -q "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;" out/plan.html &&
  pass "plan.html carries the CSP" || fail "plan.html has no CSP"
grep -qiE '<script|src=|<link|url\(|@import' out/plan.html && fail "plan.html loads or runs something" || pass "plan.html: no script, nothing fetched"
if command -v dot >/dev/null; then
  grep -q '<svg role="img"' out/plan.html && pass "the deployment picture is inline" || fail "no inline picture"
else
  grep -q 'Picture omitted' out/plan.html && pass "no dot: the picture is a note" || fail "no note without dot"
fi
echo "mine" >out/plan.html
expect_exit 2 -- "$ADPLAN" render --out out && contains "$ERR" "plan.html" "plan.html is not replaced without --force"
[[ $(cat out/plan.html) == mine ]] && pass "plan.html unchanged" || fail "plan.html was replaced without --force"
expect_exit 0 -- "$ADPLAN" render --out out --force && grep -q "<!DOCTYPE html>" out/plan.html && pass "--force replaces plan.html"

source "$SRC/tests/netns.sh"
if netns_command; then
  NS=("${NETNS[@]}")
  run() { "${NS[@]}" sh -c 'ip link set lo up && exec "$@"' sh "$ADPLAN" "$@"; }
  echo "old" >report.html
  expect_exit 1 -- run verify user@contoso.com --plan adplan.json --dns-server 127.0.0.1:5399 --timeout 2 --json \
    --html report.html
  echo "$OUT" >out.json
  grep -q '<strong id="verdict">FAIL</strong>' report.html && pass "--html beside --json: the page says FAIL" ||
    fail "no verdict in report.html: $(head -c 300 report.html)"
  python3 - out.json report.html <<'PY' && pass "every finding id and client outcome of --json is on the page" || fail "the page and --json differ"
import json, sys
d, page = json.load(open(sys.argv[1])), open(sys.argv[2]).read()
missing = [f["id"] for f in d["findings"] if 'id="catalog-' + f["id"] + '"' not in page]
missing += [c["client"] for c in d["clients"]
            if 'id="client-' + c["client"] + '"' not in page or "<code>" + c["outcome"] + "</code>" not in page]
print("missing:", missing) if missing else None
sys.exit(1 if missing or not d["findings"] else 0)
PY
  contains "$(cat report.html)" "<dt>DNS server</dt><dd>127.0.0.1:5399</dd>" "the page names the DNS server asked"
  extra=$(ls -A | grep -vxE 'adplan.json|out|report.html|out.json|\.stderr')
  [[ -z $extra ]] && pass "written atomically, nothing left beside it" || fail "left beside report.html: $extra"
  expect_exit 1 -- run verify user@contoso.com --plan adplan.json --dns-server 127.0.0.1:5399 --timeout 2 --html -
  [[ $OUT == "<!DOCTYPE html>"* && $OUT != *"FAIL: 2 error"* ]] && pass "--html - prints the page alone" ||
    fail "--html -: ${OUT:0:200}"
  expect_exit 2 -- run verify user@contoso.com --dns-server 127.0.0.1:5399 --timeout 2 --html no/such/dir/r.html &&
    contains "$ERR" "--html" "an unwritable --html names the flag"
else
  echo "skip (the network part): no private network namespace ($NETNS_REASON)"
fi
finish
