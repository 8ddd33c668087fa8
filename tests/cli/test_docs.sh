#!/usr/bin/env bash
# Man pages and completion come from the command table (adplan __describe --json, through
# tools/gen_docs.py): a page per command, every finding id in adplan-findings(7), every field of
# the schema in adplan.json(5), no warnings from man; bash completion completes commands, flags
# and values. Also --version and the hidden __describe.
source "$(dirname "$0")/lib.sh"

python3 "$SRC/tools/gen_docs.py" "$ADPLAN" "$SRC/schema" docs >/dev/null || fail "gen_docs.py"
"$ADPLAN" __describe --json >describe.json || fail "__describe --json"

# A page per command (nested ones too), the findings and the file format.
missing=$(python3 - <<'PY'
import json, os
d = json.load(open("describe.json"))
def walk(a):
    for c in a["commands"]:
        yield c["path"]
        yield from walk(c)
pages = ["adplan.1", "adplan.json.5", "adplan-findings.7"] + ["adplan-" + p.replace(" ", "-") + ".1" for p in walk(d["app"])]
print(" ".join(p for p in pages if not os.path.exists("docs/man/" + p)))
PY
)
[[ -z $missing ]] && pass "a man page per command" || fail "pages missing: $missing"
n=$(ls docs/man | wc -l)
((n >= 18)) && pass "$n pages" || fail "only $n pages"
warnings=""
for page in docs/man/*; do
  w=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$page" 2>&1 >/dev/null)
  [[ -n $w ]] && warnings+="$page: $w"$'\n'
done
[[ -z $warnings ]] && pass "man --warnings: nothing" || fail "man warnings: $warnings"
page=$(MANWIDTH=200 man -l docs/man/adplan-verify.1 2>/dev/null)
contains "$page" "--dns-server" "adplan-verify(1) lists --dns-server"
contains "$page" "$("$ADPLAN" verify --help | grep -o 'DNS server IP\[:PORT\] to ask')" "the same help text as --help"
findings=$(MANWIDTH=200 man -l docs/man/adplan-findings.7 2>/dev/null)
python3 -c 'import json; [print(f["id"]) for f in json.load(open("describe.json"))["findings"]]' >ids.txt
bad=0; while read -r id; do [[ $findings == *"$id"* ]] || { bad=1; echo "missing $id"; }; done <ids.txt
((bad == 0)) && pass "adplan-findings(7) lists all $(wc -l <ids.txt) ids" || fail "finding ids missing from adplan-findings(7)"
contains "$findings" "tls.name-mismatch" "tls.name-mismatch has its page entry"
fmt=$(MANWIDTH=200 man -l docs/man/adplan.json.5 2>/dev/null)
for f in $(python3 -c 'import json; print(" ".join(k for k in json.load(open("'"$SRC"'/schema/adplan.schema.json"))["properties"] if k != "$schema"))'); do
  [[ $fmt == *"$f"* ]] || fail "adplan.json(5) lacks $f"
done
pass "adplan.json(5) has every field of the schema"

# bash completion, as bash calls it.
complete_words() {
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _adplan; printf "%s\n" "${COMPREPLY[@]}"' \
    _ docs/completion/adplan "$@" 2>/dev/null | sort | tr '\n' ' '
}
[[ $(complete_words adplan ver) == "verify " ]] && pass "completes a command" || fail "adplan ver: $(complete_words adplan ver)"
[[ $(complete_words adplan ca "") == "init sign " ]] && pass "completes a subcommand" || fail "adplan ca: $(complete_words adplan ca "")"
[[ $(complete_words adplan init --scenario "") == "1 2 3 4 " ]] && pass "--scenario 1..4" || fail "--scenario: $(complete_words adplan init --scenario "")"
[[ $(complete_words adplan config --target "") == "autodiscover-xml exchange iis nginx outlook-policy runbook " ]] && pass "--target values" ||
  fail "--target: $(complete_words adplan config --target "")"
[[ $(complete_words adplan csr --key "") == "ec:p256 ec:p384 rsa:2048 rsa:3072 rsa:4096 " ]] && pass "--key specs" || fail "--key: $(complete_words adplan csr --key "")"
[[ $(complete_words adplan verify --dns-s) == "--dns-server " ]] && pass "completes a flag" || fail "verify --dns-s: $(complete_words adplan verify --dns-s)"
[[ $(complete_words adplan ca sign --a) == "--all " ]] && pass "nested command flags" || fail "ca sign --a: $(complete_words adplan ca sign --a)"
# Issue 27: renew's DANE flags, documented and completed like verify's.
renew_page=$(MANWIDTH=200 man -l docs/man/adplan-renew.1 2>/dev/null)
for f in --ignore-dane --dnssec-trust-anchor --dns-server --timeout; do contains "$renew_page" "$f" "adplan-renew(1) lists $f"; done
contains "$renew_page" "emergencies only" "... with --ignore-dane's warning from --help"
[[ $(complete_words adplan renew --ign) == "--ignore-dane " ]] && pass "renew --ign completes --ignore-dane" ||
  fail "renew --ign: $(complete_words adplan renew --ign)"
touch anchor-ds.txt
[[ $(complete_words adplan renew --dnssec-trust-anchor anchor-) == "anchor-ds.txt " ]] && pass "--dnssec-trust-anchor completes files" ||
  fail "--dnssec-trust-anchor: $(complete_words adplan renew --dnssec-trust-anchor anchor-)"
touch plan-one.json
[[ $(complete_words adplan plan --plan plan-o) == "plan-one.json " ]] && pass "files where files go" || fail "--plan: $(complete_words adplan plan --plan plan-o)"
[[ -z $(complete_words adplan __d | tr -d ' ') ]] && pass "the hidden command is not completed" || fail "__describe completed"

# --version: the project version, the commit, the libraries it runs with.
expect_exit 0 -- "$ADPLAN" --version
[[ $OUT =~ ^adplan\ [0-9]+\.[0-9]+\.[0-9]+\ \(git\ [^\)]+\) ]] && pass "version and commit" || fail "version line: $OUT"
if git -C "$SRC" rev-parse --git-dir >/dev/null 2>&1; then
  commit=$(git -C "$SRC" rev-parse --short=7 HEAD)
  [[ $OUT == *"$commit"* || $OUT == *unknown* ]] && pass "commit from git describe" || fail "commit $commit not in: $OUT"
fi
for lib in "OpenSSL 3" "Botan 2" "libcurl " "c-ares "; do contains "$OUT" "$lib" "--version names $lib"; done
expect_exit 0 -- "$ADPLAN" --help
[[ $OUT != *__describe* ]] && pass "__describe is hidden from --help" || fail "__describe in --help"
expect_exit 2 -- "$ADPLAN" nosuch
[[ $ERR != *__describe* ]] && pass "__describe is not offered for a misspelt command" || fail "$ERR"
finish
