# Reports in a real browser (issue 26): headless Chromium (Debian `chromium`) loads what adplan wrote
# and the test reads back what the browser made of it. One case per run:
#   plan      `render` of scenario 1: plan.html (no network). Also proves the console check can fail:
#             a page with an inline script and an image under the same CSP must log CSP violations.
#   clean     `verify --json --html` of the clean lab (tools/lab/lab.sh, scenario 1): one run, one result
#   fault     the same on the lab broken on purpose (cert-missing-name: tls.name-mismatch)
#   hostile   verify --html against tests/hostile/peers/hostile_http.py with HOSTILE_HTML=1: headers
#             and XML carry <script>alert(1)</script>, "><img src=x onerror=...> and </details>
# Every case: --dump-dom holds the verdict and, for verify, every finding id and every client with
# its outcome from the same run's --json; the DOM has exactly the elements the file has (nothing
# was made from text: no script, no img); Chromium's console (--enable-logging=stderr, the :CONSOLE
# lines) is empty (no CSP violation, no error); the screenshot lands in
# $ADPLAN_TEST_LOGS/report-browser/CASE.png for a person to look at. Chromium runs as root with
# --no-sandbox, headless, without a GPU, with a private profile, bounded to 90 s.
# Usage: report_browser.sh ADPLAN SOURCE_DIR CASE
CASE=${3:-}
if [[ $CASE == hostile ]]; then
  source "$(dirname "$0")/../hostile/lib.sh"  # a private network namespace, $WORK, pass/fail
  SRC=$HOSTILE_SRC
else
  source "$(dirname "$0")/../cli/lib.sh"
fi
command -v chromium >/dev/null || { echo "skip: chromium is not installed (Debian: chromium)"; exit 77; }
LOGS=${ADPLAN_TEST_LOGS:-$WORK/logs}/report-browser
mkdir -p "$LOGS"
T0=$(date +%s.%N)

# browse NAME FILE: Chromium's DOM of FILE in $WORK/NAME.dom, its log in $WORK/NAME.log, the
# screenshot in $LOGS/NAME.png; prints how long Chromium took.
browse() {
  local name=$1 file=$2 t0 rc
  t0=$(date +%s.%N)
  HOME=$WORK timeout -k 5 90 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
    --user-data-dir="$WORK/chromium-profile" --no-first-run --no-default-browser-check --disable-extensions \
    --disable-background-networking --disable-component-update --disable-sync --hide-scrollbars --mute-audio \
    --enable-logging=stderr --v=0 --window-size=1100,1500 --dump-dom --screenshot="$LOGS/$name.png" \
    "file://$file" >"$WORK/$name.dom" 2>"$WORK/$name.log"
  rc=$?
  echo "chromium: $name: exit $rc in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"
  [[ $rc == 0 && -s $WORK/$name.dom ]] || { fail "chromium could not load $file: $(tail -3 "$WORK/$name.log")"; return 1; }
  [[ -s $LOGS/$name.png ]] && pass "screenshot $LOGS/$name.png ($(wc -c <"$LOGS/$name.png") bytes)" ||
    fail "no screenshot $LOGS/$name.png"
}

# console_clean NAME: no :CONSOLE line (CSP violations and page errors are console messages).
console_clean() {
  if grep -q ':CONSOLE' "$WORK/$1.log"; then
    fail "$1: Chromium's console: $(grep ':CONSOLE' "$WORK/$1.log" | head -3)"
  else
    pass "$1: Chromium's console is empty (no CSP violation, no error)"
  fi
}

# dom_check NAME FILE [VERIFY_JSON] [hostile]: the DOM against the file (and the --json of the same run).
dom_check() {
  python3 - "$WORK/$1.dom" "$2" "${3:-}" "${4:-}" <<'PY'
import collections, html.parser, json, sys
dom_file, src_file, json_file, mode = sys.argv[1:5]

class Reader(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text, self.ids, self.stack = collections.Counter(), [], {}, []
    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        a = dict(attrs)
        if "id" in a: self.ids[a["id"]] = len(self.text)
    def handle_data(self, data): self.text.append(data)

def read(path):
    r = Reader(); r.feed(open(path, encoding="utf-8").read()); r.close()
    r.tags.pop("tbody", None)  # the only element a browser adds to a table by itself
    return r

dom, src = read(dom_file), read(src_file)
text = "".join(dom.text)
fails = []
if dom.tags != src.tags:
    diff = {t: (src.tags[t], dom.tags[t]) for t in set(src.tags) | set(dom.tags) if src.tags[t] != dom.tags[t]}
    fails.append(f"the DOM's elements differ from the file's (file, DOM): {diff}")
for t in ("script", "img", "iframe", "object", "embed", "link", "image", "foreignobject"):
    if dom.tags[t]: fails.append(f"{dom.tags[t]} <{t}> element(s) in the DOM")
print(f"DOM: {sum(dom.tags.values())} elements, as in the file; no script, no img")
if json_file:
    d = json.load(open(json_file))
    want = "PASS" if d["verdict"] == "pass" else "FAIL"
    after = "".join(dom.text[dom.ids.get("verdict", 0):])[:4]
    if "verdict" not in dom.ids or after != want: fails.append(f"verdict: DOM shows {after!r}, --json says {want}")
    for f in d["findings"]:
        if f["id"] not in text: fails.append(f"finding {f['id']} is not in the DOM")
    for c in d["clients"]:
        key = "client-" + c["client"]
        if key not in dom.ids: fails.append(f"no section for client {c['client']}"); continue
        if c["outcome"] not in "".join(dom.text[dom.ids[key]:]): fails.append(f"{c['client']}: outcome {c['outcome']} not shown")
    print(f"verdict {want}, {len(d['findings'])} finding id(s), {len(d['clients'])} client(s) in the DOM as in --json")
else:
    for s in ("Autodiscover plan", "Requirements", "Certificates", "DNS records", "Steps"):
        if s not in text: fails.append(f"{s!r} is not in the DOM")
if mode == "hostile":
    for s in ("<script>alert(1)</script>", '"><img src=x onerror=alert(2)>', "</details>", "\\u202e"):
        if s not in text: fails.append(f"{s!r} is not shown as text")
        else: print(f"shown as text: {s}")
    if "\u202e" in text: fails.append("a raw U+202E reached the page")
for f in fails: print("FAIL:", f)
sys.exit(1 if fails else 0)
PY
}

case $CASE in
  plan)
    "$ADPLAN" init --scenario 1 --yes -o "$WORK/adplan.json" >/dev/null 2>&1 || fail "adplan init"
    expect_exit 0 -- "$ADPLAN" render --plan "$WORK/adplan.json" --out "$WORK/out" &&
      contains "$OUT" "wrote $WORK/out/plan.html" "render writes plan.html"
    if browse plan-scenario-1 "$WORK/out/plan.html"; then
      console_clean plan-scenario-1
      dom_check plan-scenario-1 "$WORK/out/plan.html" && pass "plan.html: the DOM is the file's, nothing made from text"
    fi
    # The check above can fail: the same CSP, an inline script and an image, must log violations.
    cat >"$WORK/csp-probe.html" <<'HTML'
<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"><title>probe</title></head><body><script>document.title = "ran"</script><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></body></html>
HTML
    if browse csp-probe "$WORK/csp-probe.html"; then
      n=$(grep -c ':CONSOLE.*Content Security Policy' "$WORK/csp-probe.log")
      if ((n >= 2)); then pass "the console check sees CSP violations ($n on the probe page)"; else
        fail "no CSP violation logged for the probe page: the console check could not fail"; fi
      grep -q '<title>probe</title>' "$WORK/csp-probe.dom" && pass "the probe's inline script did not run" ||
        fail "the probe's inline script ran"
    fi
    ;;
  clean | fault)
    source "$SRC/tests/netns.sh"
    require_netns
    for tool in named nginx named-checkzone openssl ip; do
      command -v "$tool" >/dev/null || { echo "skip: $tool is not installed"; exit 77; }
    done
    lab=$WORK/lab
    mkdir -p "$lab"
    "$ADPLAN" init --scenario 1 --yes --ca internal --public-ip 127.0.0.2 --server CAS01,cas01.contoso.com,127.0.0.2 \
      -o "$lab/adplan.json" >/dev/null 2>&1 || { fail "adplan init"; finish; }
    # One verify run, one result: --json to stdout and --html to a file.
    cat >"$WORK/check.sh" <<'EOS'
"$ADPLAN" verify --plan "$LAB_DIR/adplan.json" --dns-server "$LAB_DNS" --ca-file "$LAB_CA" --user "$LAB_USER" \
  --password-file "$LAB_PASSWORD_FILE" --email "$LAB_EMAIL" --timeout 8 --o365-endpoint "$LAB_O365" \
  --json --html "$LAB_OUT/report.html" >"$LAB_OUT/verify.json" 2>"$LAB_OUT/verify.err"
echo $? >"$LAB_OUT/verify.rc"
EOS
    export ADPLAN LAB_DIR=$lab LAB_OUT=$WORK
    fault=()
    [[ $CASE == fault ]] && fault=(--break cert-missing-name)
    bash "$SRC/tools/lab/lab.sh" run --adplan "$ADPLAN" "${fault[@]}" "$lab" -- bash "$WORK/check.sh" >"$WORK/lab.log" 2>&1
    [[ -f $WORK/verify.rc ]] || { fail "the lab did not run verify: $(tail -5 "$WORK/lab.log")"; finish; }
    rc=$(cat "$WORK/verify.rc")
    want_rc=0 verdict=pass
    [[ $CASE == fault ]] && want_rc=1 verdict=fail
    [[ $rc == "$want_rc" ]] && pass "verify exits $rc" || fail "verify exits $rc, want $want_rc: $(cat "$WORK/verify.err")"
    json_check "$WORK/verify.json" "d['verdict'] == '$verdict'" "--json verdict $verdict"
    [[ $CASE == fault ]] && json_check "$WORK/verify.json" "any(f['id'] == 'tls.name-mismatch' for f in d['findings'])" \
      "the fault's finding tls.name-mismatch"
    [[ -s $WORK/report.html ]] || { fail "no report.html"; finish; }
    if browse "verify-$CASE" "$WORK/report.html"; then
      console_clean "verify-$CASE"
      dom_check "verify-$CASE" "$WORK/report.html" "$WORK/verify.json" && pass "verify-$CASE: the DOM shows what --json says"
    fi
    ;;
  hostile)
    PEERS=$SRC/tests/hostile/peers
    ROOT=127.0.0.21 AD=127.0.0.22 DNS=127.0.0.20
    for a in $ROOT $AD $DNS; do ip addr add "$a/8" dev lo 2>/dev/null || true; done
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/key.pem" -out "$WORK/cert.pem" -days 2 -subj "/CN=contoso.com" \
      -addext "subjectAltName=DNS:contoso.com,DNS:autodiscover.contoso.com" >/dev/null 2>&1 || { fail "openssl req"; finish; }
    python3 "$PEERS/static_dns.py" $DNS 53 contoso.com=$ROOT autodiscover.contoso.com=$AD 2>"$WORK/dns.log" &
    PIDS+=($!)
    HOSTILE_HTML=1 python3 "$PEERS/hostile_http.py" "$WORK/cert.pem" "$WORK/key.pem" $ROOT $AD >"$WORK/http.out" 2>"$WORK/http.log" &
    PIDS+=($!)
    for _ in $(seq 1 100); do grep -q ready "$WORK/http.out" 2>/dev/null && break; sleep 0.05; done
    grep -q ready "$WORK/http.out" || { fail "the hostile server did not start: $(cat "$WORK/http.log")"; finish; }
    bounded 20 300 -- verify user@contoso.com --dns-server $DNS:53 --ca-file "$WORK/cert.pem" --timeout 8 \
      --json --html "$WORK/report.html"
    cp "$WORK/.out" "$WORK/verify.json"
    ((RC == 0 || RC == 1)) && pass "verify --json --html ends with exit $RC" || fail "verify: exit $RC: ${ERR:0:400}"
    json_check "$WORK/verify.json" "any('<script>alert(1)</script>' in f['evidence'] + f['message'] for f in d['findings'])" \
      "the hostile server's <script> reached the result (so the page had to show it)"
    size=$(wc -c <"$WORK/report.html")
    ((size < 300000)) && pass "report.html is $size bytes (the 60 KB Location shortened)" || fail "report.html is $size bytes"
    if browse verify-hostile "$WORK/report.html"; then
      console_clean verify-hostile
      dom_check verify-hostile "$WORK/report.html" "$WORK/verify.json" hostile &&
        pass "verify-hostile: the hostile text is only text in the DOM"
    fi
    stop_servers
    ;;
  *) echo "unknown case '$CASE' (plan, clean, fault, hostile)"; exit 2 ;;
esac
echo "report_browser $CASE: $(awk -v a="$T0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s in all"
finish
