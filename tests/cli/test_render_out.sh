#!/usr/bin/env bash
# adplan render --out DIR: writes exactly the files README "Rendered files" lists, never
# replaces one without --force, takes --templates overrides, and hostile input never reaches
# an artifact (it is refused when adplan.json is read).
set -euo pipefail
ADPLAN=${1:?usage: test_render_out.sh path/to/adplan source-dir}
SRC=${2:?source dir}
work=$(mktemp -d "${TMPDIR:-/tmp}/adplan-render.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_rc() { local want=$1; shift; set +e; "$@" >out.txt 2>err.txt; local rc=$?; set -e
  [ "$rc" -eq "$want" ] || { cat out.txt err.txt >&2; fail "$* exited $rc, not $want"; }; }

# Scenario 3 with the SMTP door and an MTA-STS policy, so every file README lists is written.
"$ADPLAN" init --scenario 3 --yes --doors smtp --mta-sts testing -o adplan.json >/dev/null
expect_rc 0 "$ADPLAN" render --out out
(cd out && find . -type f | sed 's|^\./||' | sort) > written.txt

# README's list, as patterns: <view> and <zone> stand for one path component each.
sed -n '/^## Rendered files/,/^## /p' "$SRC/README.md" | sed -n 's/^- `\([^`]*\)`.*/\1/p' > listed.txt
[ -s listed.txt ] || fail "README has no Rendered files list"
python3 - written.txt listed.txt <<'PY' || fail "README's Rendered files and the written files differ"
import re, sys
written = open(sys.argv[1]).read().split()
patterns = [re.compile("^" + re.sub(r"<[a-z]+>", "[^/]+", re.escape(p)) + "$") for p in open(sys.argv[2]).read().split()]
unlisted = [w for w in written if not any(p.match(w) for p in patterns)]
unused = [p.pattern for p in patterns if not any(p.match(w) for w in written)]
print("unlisted:", unlisted, "unused:", unused) if unlisted or unused else None
sys.exit(1 if unlisted or unused else 0)
PY
grep -q '^wrote .*/out/runbook.md$' out.txt || fail "render does not say what it wrote"

# The files are what dns/config print.
"$ADPLAN" dns --view internal --format windows | cmp - out/dns/internal.ps1 || fail "dns/internal.ps1 differs from adplan dns"
"$ADPLAN" config --target exchange | cmp - out/exchange.ps1 || fail "exchange.ps1 differs from adplan config"
"$ADPLAN" config --target nginx --pki pki | cmp - out/nginx/adplan.conf || fail "nginx/adplan.conf differs"
grep -q "pid \"$work/out/nginx/nginx.pid\";" out/nginx/nginx.conf || fail "standalone prefix is not <out>/nginx"

# No overwrite without --force: exit 2, the message names the file, nothing changes.
echo "local edit" >> out/runbook.md
before=$(cat out/runbook.md | md5sum)
expect_rc 2 "$ADPLAN" render --out out
grep -q "^adplan: error: $work/out/.*: already exists; nothing was written (use --force" err.txt || { cat err.txt >&2; fail "overwrite message"; }
[ "$(md5sum < out/runbook.md)" = "$before" ] || fail "a refused render changed a file"
expect_rc 0 "$ADPLAN" render --out out --force
grep -q "local edit" out/runbook.md && fail "--force did not replace runbook.md"
# Deterministic: a second render gives the same bytes.
expect_rc 0 "$ADPLAN" render --out again --prefix "$work/out/nginx"
diff -r out again >/dev/null || fail "two renders differ"

# --templates: a file replaces the built-in template of the same name; a stray name is refused.
mkdir tpl
printf 'custom runbook for scenario {{scenario}}: {{title}}\n' > tpl/runbook.md.mustache
expect_rc 0 "$ADPLAN" config --target runbook --templates tpl
grep -qx 'custom runbook for scenario 3: Two single-name certificates and Web sites' out.txt || fail "override not used"
printf 'x' > tpl/runbok.md.mustache
expect_rc 2 "$ADPLAN" config --target runbook --templates tpl
grep -q '^adplan: error: tpl/runbok.md.mustache: is not a template adplan uses (templates are: ' err.txt || { cat err.txt >&2; fail "stray template message"; }
expect_rc 2 "$ADPLAN" render --out third --templates tpl
[ ! -e third ] || fail "a refused render created files"

# Option errors.
expect_rc 2 "$ADPLAN" config --target iis --standalone
expect_rc 2 "$ADPLAN" config --target nginx --standalone
grep -q 'usage\|prefix' err.txt || fail "standalone without prefix message"
expect_rc 2 "$ADPLAN" config --target nginx --upstream '10.0.0.1;evil'
expect_rc 2 "$ADPLAN" config --target autodiscover-xml --display-name 'x$(id)'
expect_rc 2 "$ADPLAN" config --target exchange-server
expect_rc 2 "$ADPLAN" render

# Hostile values are refused when adplan.json is read, so they reach no artifact.
hostile() {  # field-path value
  python3 - "$1" "$2" <<'PY'
import json, sys
d = json.load(open("adplan.json"))
path, value = sys.argv[1].split("."), sys.argv[2]
node = d
for k in path[:-1]:
    node = node[int(k)] if k.isdigit() else node.setdefault(k, {})
node[int(path[-1]) if path[-1].isdigit() else path[-1]] = value
json.dump(d, open("hostile.json", "w"))
PY
}
for case in "servers.0.name|CAS01';Remove-Item C:\\" "external_host|mail.contoso.com.
@ IN NS evil." "servers.0.site|a}b" "subject.O|Contoso \$(whoami)" "domains.0|contoso.com;" \
            "public_ip|203.0.113.10\"" "servers.0.fqdn|cas01.contoso.com}"; do
  hostile "${case%%|*}" "${case#*|}"
  expect_rc 2 "$ADPLAN" render --plan hostile.json --out hostile-out
  grep -q '^adplan: error: ' err.txt || fail "no error for ${case%%|*}"
  [ ! -e hostile-out ] || fail "hostile ${case%%|*} was rendered"
done
echo "ok"
