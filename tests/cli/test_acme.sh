#!/usr/bin/env bash
# adplan acme: the orders per scenario (text and JSON), the directory and challenge flags, and
# --calendar / --ics (an iCalendar file that parses, never written over without --force).
source "$(dirname "$0")/lib.sh" "$@"

"$ADPLAN" init --scenario 1 --yes -o s1.json >/dev/null 2>&1 || fail "init 1"
"$ADPLAN" init --scenario 4 --yes -o s4.json >/dev/null 2>&1 || fail "init 4"

expect_exit 0 -- "$ADPLAN" acme --plan s1.json && {
  contains "$OUT" "certificate mail.contoso.com (Default Web Site): dns-01" "scenario 1: one DNS-01 order"
  contains "$OUT" "_acme-challenge.cas01.contoso.com. CNAME cas01.contoso.com.acme.contoso.com." "CNAME delegation"
  contains "$OUT" "https://acme-v02.api.letsencrypt.org/directory" "Let's Encrypt production by default"
}
expect_exit 0 -- "$ADPLAN" acme --plan s4.json --json --acme-directory staging && {
  echo "$OUT" >s4.acme.json
  json_check s4.acme.json "d['format'] == 'adplan-acme/1' and d['orders'][0]['challenge'] == 'http-01'" "scenario 4: HTTP-01"
  json_check s4.acme.json "d['directory']['url'] == 'https://acme-staging-v02.api.letsencrypt.org/directory'" "staging"
  json_check s4.acme.json "any(c['client'] == 'win-acme' for c in d['orders'][0]['commands'])" "win-acme command"
}
expect_exit 0 -- "$ADPLAN" acme --plan s1.json --challenge dns-01 --acme-directory https://127.0.0.1:14000/dir --json &&
  contains "$OUT" '"url": "https://127.0.0.1:14000/dir"' "any https directory"
expect_exit 1 -- "$ADPLAN" acme --plan s1.json --challenge http-01 && contains "$OUT" "acme.challenge-impossible" \
  "HTTP-01 forced where it cannot work: an error before any order"
expect_exit 2 -- "$ADPLAN" acme --plan s1.json --acme-directory http://acme.example/dir &&
  contains "$ERR" "is not an https:// URL" "a plain-http directory is refused"
expect_exit 2 -- "$ADPLAN" acme --plan s1.json --challenge tls-alpn-01 && contains "$ERR" "http-01 or dns-01" "bad challenge"

expect_exit 0 -- "$ADPLAN" acme --plan s4.json --calendar && contains "$OUT" "renew on" "calendar"
expect_exit 0 -- "$ADPLAN" acme --plan s4.json --ics renew.ics && [[ -s renew.ics ]] && pass "ics written"
cp renew.ics before.ics
expect_exit 2 -- "$ADPLAN" acme --plan s4.json --ics renew.ics && cmp -s renew.ics before.ics &&
  pass "an existing --ics file is not replaced without --force"
expect_exit 0 -- "$ADPLAN" acme --plan s4.json --ics renew.ics --force && pass "--force replaces it"
PY3=""
for py in python3 /usr/bin/python3; do "$py" -c 'import icalendar' 2>/dev/null && { PY3=$py; break; }; done
if [[ -n $PY3 ]]; then
  if "$PY3" - renew.ics <<'PY'; then pass "the ICS parses as iCalendar (python3-icalendar)"; else fail "ICS parse"; fi
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
events = [c for c in cal.walk() if c.name == "VEVENT"]
assert events and all(e.get("uid") and e.get("dtstamp") and e.get("dtstart") for e in events)
assert len({str(e["uid"]) for e in events}) == len(events)
PY
else
  echo "note: python3-icalendar is not installed; the strict line check is in unit tests"
fi
finish
