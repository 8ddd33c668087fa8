#!/usr/bin/env bash
# adplan diff: exit 0 for equal plans (nothing printed), 1 when they differ, 2 on bad input;
# the text is the golden file's; --json has the documented shape; --from-git reads the
# committed version with git (no shell); --dot/--svg write the before/after picture.
source "$(dirname "$0")/lib.sh"
G="$SRC/tests/golden/diff"

expect_exit 0 -- "$ADPLAN" diff "$G/equal/old.json" "$G/equal/new.json" && pass "equal plans exit 0"
[[ -z $OUT ]] && pass "equal plans print nothing" || fail "equal plans printed: $OUT"

expect_exit 1 -- "$ADPLAN" diff "$G/migrate-4-to-1/old.json" "$G/migrate-4-to-1/new.json" && pass "4 -> 1 exits 1"
contains "$OUT" "~ reissue CN=mail.contoso.com" "4 -> 1 reissues the certificate"
contains "$OUT" "- delete Autodiscover Redirect Web Site" "4 -> 1 deletes the redirect site"
contains "$OUT" "Wait 3600 s (1 hour), the TTL of the records that change" "4 -> 1 names the TTL wait"

# The binary prints what the golden test checks (file names differ: the checks name NEW as given).
cp "$G/migrate-2-to-3/old.json" old.json; cp "$G/migrate-2-to-3/new.json" new.json
expect_exit 1 -- "$ADPLAN" diff old.json new.json && pass "2 -> 3 exits 1"
[[ "$OUT"$'\n' == "$(cat "$G/migrate-2-to-3/expected.txt")"$'\n' ]] && pass "2 -> 3 text = golden" || {
  diff <(echo "$OUT") "$G/migrate-2-to-3/expected.txt" | head -20 >&2; fail "2 -> 3 text differs from the golden file"; }

"$ADPLAN" diff old.json new.json --json >diff.json; rc=$?
[[ $rc -eq 1 ]] && pass "--json exits 1" || fail "--json exited $rc"
json_check diff.json "d['format']=='adplan-diff/1' and d['equal'] is False and d['scenario']=={'before':2,'after':3,'title_before':d['scenario']['title_before'],'title_after':d['scenario']['title_after']}" "--json format and scenario"
json_check diff.json "set(d) >= {'requirements','values','certificates','zones','dns','scp','urls','sites','addresses','ttl_wait','steps'}" "--json sections"
json_check diff.json "[s['id'] for s in d['steps']][-1]=='removals' and all(s['check'] for s in d['steps'])" "--json steps end with removals, each with a check"
json_check diff.json "any(c['change']=='add' and c['common_name_after']=='autodiscover.contoso.com' for c in d['certificates'])" "--json: the new certificate"
"$ADPLAN" diff "$G/equal/old.json" "$G/equal/new.json" --json >eq.json
json_check eq.json "d['equal'] is True and d['steps']==[] and d['dns']==[]" "--json of equal plans"

# Bad input: exit 2, every problem named.
expect_exit 2 -- "$ADPLAN" diff old.json && pass "one file is a usage error"
contains "$ERR" "two adplan.json files are needed" "one file: message"
echo '{"version": 1, "scenario": 9}' >bad.json
expect_exit 2 -- "$ADPLAN" diff old.json bad.json && pass "bad NEW exits 2"
contains "$ERR" "adplan: error: " "bad NEW: error printed"
expect_exit 2 -- "$ADPLAN" diff missing.json new.json && pass "missing OLD exits 2"

# --from-git: the committed adplan.json against the working copy.
if command -v git >/dev/null; then
  mkdir repo && cd repo
  git init -q . && git config user.email t@example.com && git config user.name t
  cp "$G/migrate-4-to-1/old.json" adplan.json && git add adplan.json && git commit -qm old
  expect_exit 0 -- "$ADPLAN" diff --from-git HEAD && pass "--from-git: unchanged file exits 0"
  cp "$G/migrate-4-to-1/new.json" adplan.json
  expect_exit 1 -- "$ADPLAN" diff --from-git HEAD && pass "--from-git: changed file exits 1"
  contains "$OUT" "scenario 4 (" "--from-git: old side is the committed scenario 4"
  expect_exit 1 -- "$ADPLAN" diff --from-git HEAD "$PWD/adplan.json" && pass "--from-git with an absolute path"
  expect_exit 2 -- "$ADPLAN" diff --from-git=-p && pass "--from-git refuses an option as revision"
  expect_exit 2 -- "$ADPLAN" diff --from-git 'HEAD:other' && pass "--from-git refuses rev:path"
  contains "$ERR" "is not a git revision" "--from-git: revision message"
  expect_exit 2 -- "$ADPLAN" diff --from-git nosuchrev && pass "--from-git: unknown revision exits 2"
  contains "$ERR" "git show failed" "--from-git: git's refusal is reported"
  cd "$WORK"
fi

# The before/after picture.
expect_exit 1 -- "$ADPLAN" diff old.json new.json --dot change.dot && pass "--dot"
grep -q 'subgraph "cluster_after"' change.dot && pass "--dot wrote before/after" || fail "--dot content"
expect_exit 2 -- "$ADPLAN" diff old.json new.json --dot change.dot && pass "--dot does not clobber"
contains "$ERR" "already exists" "--dot clobber message"
if command -v dot >/dev/null; then
  expect_exit 1 -- "$ADPLAN" diff old.json new.json --svg change.svg && pass "--svg"
  grep -q '<svg' change.svg && pass "--svg is SVG" || fail "--svg content"
fi
finish
