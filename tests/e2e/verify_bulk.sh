#!/usr/bin/env bash
# End-to-end (issue 13): a hoster's lab (tools/lab/hoster.sh: one BIND with 1,000 tenant domains,
# one nginx), `adplan verify --domains-file`: exactly the three tenants broken on purpose fail, with
# their finding ids, in --json-lines and in the human output; three shards cover every domain
# once (their union is the list, no overlap); bad --domains-file lines are named by line number.
# Usage: verify_bulk.sh ADPLAN SOURCE_DIR
set -uo pipefail
ADPLAN=$(realpath "$1")
SRC=$(realpath "$2")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/adplan-e2e-bulk.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
for tool in named nginx openssl ip python3; do
  command -v "$tool" >/dev/null || { echo "skip: $tool is not installed"; exit 77; }
done
lab=$WORK/lab
"$SRC/tools/lab/hoster.sh" prepare --adplan "$ADPLAN" --tenants 1000 "$lab" >"$WORK/prepare.log" 2>&1 ||
  { echo "FAIL: hoster prepare"; cat "$WORK/prepare.log"; exit 1; }
printf 'tenant-000001.example\n# a comment\n\nnot..a.domain\ntenant-000001.example  # again\n-bad-.example\nx@\n' >"$WORK/bad.txt"
cat >"$WORK/check.sh" <<EOS
set -u
V=("\$ADPLAN" verify --plan $lab/adplan.json --dns-server "\$LAB_DNS" --ca-file "\$LAB_CA" --timeout 8)
"\${V[@]}" --domains-file $lab/tenants.txt --json-lines >$WORK/lines.json 2>$WORK/lines.err; echo \$? >$WORK/lines.rc
"\${V[@]}" --domains-file - <$lab/tenants.txt >$WORK/human.txt 2>$WORK/human.err; echo \$? >$WORK/human.rc
for i in 0 1 2; do
  "\${V[@]}" --domains-file $lab/tenants.txt --shard \$i/3 --list-only >$WORK/list\$i.txt
  "\${V[@]}" --domains-file $lab/tenants.txt --shard \$i/3 --json-lines >$WORK/shard\$i.json
done
"\${V[@]}" --domains-file $WORK/bad.txt --json-lines >$WORK/bad.json 2>$WORK/bad.err; echo \$? >$WORK/bad.rc
"\${V[@]}" --domains-file $WORK/bad.txt >$WORK/badh.txt 2>$WORK/badh.err
EOS
"$SRC/tools/lab/hoster.sh" run --adplan "$ADPLAN" "$lab" -- bash "$WORK/check.sh" >"$WORK/run.log" 2>&1
[[ -s $WORK/lines.json ]] || { echo "FAIL: no report"; cat "$WORK/run.log" "$WORK/lines.err"; exit 1; }
python3 - "$WORK" "$lab" <<'PY'
import json, sys, pathlib
w, lab = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
problems = []
def want(cond, what):
    if not cond: problems.append(what)
tenants = [l for l in (lab / "tenants.txt").read_text().split("\n") if l and not l.startswith("#")]
broken = dict(l.split() for l in (lab / "broken.txt").read_text().splitlines())
ids = {"no-srv": "dns.srv-missing", "port-8443": "dns.srv-port", "other-host": "dns.srv-target"}
every = ["contoso.com"] + tenants  # the plan's domain beside the file's
lines = [json.loads(l) for l in (w / "lines.json").read_text().splitlines()]
doms = [l for l in lines if l["type"] == "domain"]
summary = lines[-1]
want(summary["type"] == "summary" and summary["domains_checked"] == len(every), f"summary: {summary}")
want(sorted(d["domain"] for d in doms) == sorted(every), f"one line per domain: {len(doms)} of {len(every)}")
failed = {d["domain"]: d for d in doms if d["verdict"] == "fail"}
want(sorted(failed) == sorted(broken), f"exactly the broken ones fail: {sorted(failed)[:10]}")
for name, kind in broken.items():
    got = [f["id"] for f in failed.get(name, {}).get("findings", []) if f["severity"] == "error"]
    want(ids[kind] in got, f"{name} ({kind}): {ids[kind]} in {got}")
want(int((w / "lines.rc").read_text()) == 1 and summary["domains_failed"] == 3, "exit 1, three failed")
ok = [d for d in doms if d["verdict"] == "pass"]
want(all(any(c["client"] == "outlook-external" and c["method"] == "srv" for c in d["clients"]) for d in ok), "the others found by SRV")
want(all(set(d) >= {"domain", "verdict", "findings", "clients", "ms"} for d in doms), "fields of a domain line")
human = (w / "human.txt").read_text()
fails = [l.split()[1] for l in human.splitlines() if l.startswith("FAIL")]
want(sorted(fails) == sorted(broken), f"human output: FAIL lines {fails}")
want(f"{len(every)} domain(s) checked, 3 failed" in human, "human summary")
want("outlook-2016:" in human and "activesync:" in human, "every client in the human lines")
parts = [set((w / f"list{i}.txt").read_text().split()) for i in range(3)]
want(set().union(*parts) == set(every), "the shards' union is every domain")
want(sum(len(p) for p in parts) == len(every), "no domain in two shards")
want(all(len(p) > len(every) / 6 for p in parts), f"shards of sensible size: {[len(p) for p in parts]}")
sd = [json.loads(l) for i in range(3) for l in (w / f"shard{i}.json").read_text().splitlines()]
sdoms = [d["domain"] for d in sd if d["type"] == "domain"]
want(sorted(sdoms) == sorted(every), "the shards' runs check every domain once")
want(sorted(d["domain"] for d in sd if d.get("verdict") == "fail" and d["type"] == "domain") == sorted(broken), "shards: the same three fail")
bad = [json.loads(l) for l in (w / "bad.json").read_text().splitlines()]
errs = {e["place"]: e for e in bad if e["type"] == "input-error"}
want(sorted(errs) == sorted(f"{w}/bad.txt:{n}" for n in (4, 6, 7)), f"bad lines by number: {sorted(errs)}")
want(all(e["id"] == "input.domains-file" for e in errs.values()), "bad lines' id")
want(int((w / "bad.rc").read_text()) == 1, "bad lines: exit 1")
want(sorted(d["domain"] for d in bad if d["type"] == "domain") == ["contoso.com", "tenant-000001.example"], "the good lines still run, once each")
badh = (w / "badh.err").read_text()
want(f"bad.txt:4" in badh and "not..a.domain" in badh and "bad.txt:6" in badh, f"human: bad lines on stderr: {badh[:300]}")
for p in problems: print("FAIL:", p)
print("ok" if not problems else f"{len(problems)} failure(s)")
sys.exit(1 if problems else 0)
PY
