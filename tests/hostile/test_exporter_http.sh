# Issue 22 item 5: the exporter's HTTP server (libplan/adplan/serve/) against hostile peers, in
# this test's own network namespace on 127.0.0.1: 10,000 connections held, then 10,000 opened and
# closed, with /metrics answering throughout (and 2,000 against an exporter limited to 64
# descriptors, whose accept fails with EMFILE); request heads of 64 KiB to 1 MiB (431 or closed,
# the exporter's peak RSS bounded); request smuggling (Content-Length with Transfer-Encoding, two
# Content-Lengths, obs-fold, bare LF, a body on GET, a pipelined second request), each answered
# once, the same way twice, and none reaching a route; slow dribblers closed at the head's
# deadline. After all of them the exporter's descriptors return to their baseline exactly and its
# RSS to within 4 MiB of it. (The 40-dribbler slowloris of issue 21 is test_exporter_secrets.sh's
# section 3.)
#   $1 = path to adplan, $2 = source dir
source "$(dirname "$0")/lib.sh"
ATTACK=$SRC/tests/hostile/peers/exporter_attacks.py
PORT=9711
RSS_TOLERANCE_KB=$((4 * 1024))
HWM_BOUND_KB=$((16 * 1024))
# Under ASan+UBSan (tests/sanitize/run.sh) shadow memory and quarantine widen the memory bounds.
if [[ -n ${ADPLAN_SANITIZED:-} ]]; then RSS_TOLERANCE_KB=$((256 * 1024)); HWM_BOUND_KB=$((512 * 1024)); fi

"$ADPLAN" init --scenario 1 --yes -o plan.json >/dev/null 2>&1 || { fail "adplan init"; finish; }
"$ADPLAN" exporter --listen 127.0.0.1:$PORT --plan plan.json --dns-server 127.0.0.53 --max-concurrent 8 \
  2>"$WORK/exporter.err" &
EXPORTER=$!
PIDS+=($EXPORTER)
for _ in $(seq 200); do
  curl -s -o /dev/null --max-time 1 127.0.0.1:$PORT/metrics && break
  sleep 0.05
done
kill -0 $EXPORTER 2>/dev/null || { fail "the exporter did not start: $(cat "$WORK/exporter.err")"; finish; }

rss_kb() { awk '/^VmRSS:/ { print $2 }' /proc/$EXPORTER/status; }
hwm_kb() { awk '/^VmHWM:/ { print $2 }' /proc/$EXPORTER/status; }
fd_count() { ls /proc/$EXPORTER/fd | wc -l; }
alive() { kill -0 $EXPORTER 2>/dev/null || { fail "the exporter died: $(tail -5 "$WORK/exporter.err")"; finish; }; }
attack() { # MODE ARGS...: runs one attack; its FAIL lines count here
  local out
  out=$(timeout 300 python3 "$ATTACK" $PORT "$@" 2>&1)
  echo "$out"
  FAILS=$((FAILS + $(grep -c '^FAIL:' <<<"$out")))
  grep -q '^ok:' <<<"$out" || fail "attack $1 reported nothing: ${out:0:400}"
  alive
}

# The baseline: after a warm-up that has run the handler threads and every refusal once.
for _ in $(seq 30); do curl -s -o /dev/null --max-time 5 127.0.0.1:$PORT/metrics; done
for p in /nothing '/probe?target=not-allowed.example' '/probe'; do curl -s -o /dev/null --max-time 5 "127.0.0.1:$PORT$p"; done
curl -s -o /dev/null --max-time 5 -X POST -d x 127.0.0.1:$PORT/metrics
sleep 1
base_rss=$(rss_kb) base_fd=$(fd_count) base_hwm=$(hwm_kb)
echo "baseline: VmRSS ${base_rss} kB, VmHWM ${base_hwm} kB, ${base_fd} descriptors"

echo "== 1. 10,000 connections held, then 10,000 opened and closed"
attack flood 10000
echo "after the flood: VmRSS $(rss_kb) kB, $(fd_count) descriptors"

echo "== 1b. a second exporter with 64 descriptors (accept fails with EMFILE): 2,000 connections held"
( ulimit -n 64 && exec "$ADPLAN" exporter --listen 127.0.0.1:9712 --plan plan.json --dns-server 127.0.0.53 ) \
  2>"$WORK/exporter64.err" &
SMALL=$!
PIDS+=($SMALL)
for _ in $(seq 200); do
  curl -s -o /dev/null --max-time 1 127.0.0.1:9712/metrics && break
  sleep 0.05
done
out=$(timeout 120 python3 "$ATTACK" 9712 flood 2000 2>&1)
echo "$out"
FAILS=$((FAILS + $(grep -c '^FAIL:' <<<"$out")))
grep -q '^ok:' <<<"$out" || fail "the EMFILE flood reported nothing: ${out:0:400}"
if kill -0 $SMALL 2>/dev/null; then pass "the 64-descriptor exporter survived the flood"; else
  fail "the 64-descriptor exporter died: $(tail -5 "$WORK/exporter64.err")"; fi
kill $SMALL 2>/dev/null; wait $SMALL 2>/dev/null

echo "== 2. huge request heads"
attack huge
hwm=$(hwm_kb)
echo "after the huge heads: VmHWM ${hwm} kB (baseline ${base_hwm} kB)"
if ((hwm - base_hwm <= HWM_BOUND_KB)); then pass "huge heads: peak RSS grew by $(((hwm - base_hwm) / 1024)) MiB (bound $((HWM_BOUND_KB / 1024)) MiB)"; else
  fail "huge heads: peak RSS grew by $(((hwm - base_hwm) / 1024)) MiB, over $((HWM_BOUND_KB / 1024)) MiB"; fi

echo "== 3. request smuggling"
attack smuggle

echo "== 4. slow dribblers"
attack slow 8

echo "== 5. back to the baseline"
# Heads still waiting are closed at their deadline (5 s) and lingering answers within 0.5 s.
fd=$(fd_count)
for _ in $(seq 40); do
  fd=$(fd_count)
  ((fd == base_fd)) && break
  sleep 0.5
done
if ((fd == base_fd)); then pass "descriptors back to the baseline: $fd"; else
  fail "descriptors: $fd, the baseline was $base_fd"; ls -l /proc/$EXPORTER/fd >&2; fi
rss=$(rss_kb)
echo "figure: VmRSS baseline ${base_rss} kB, after every attack ${rss} kB ($(((rss - base_rss))) kB), VmHWM $(hwm_kb) kB"
if ((rss - base_rss <= RSS_TOLERANCE_KB)); then
  pass "RSS back to the baseline: ${rss} kB, $((rss - base_rss)) kB over (tolerance $((RSS_TOLERANCE_KB / 1024)) MiB)"; else
  fail "RSS ${rss} kB, $((rss - base_rss)) kB over the baseline ${base_rss} kB (tolerance $((RSS_TOLERANCE_KB / 1024)) MiB)"; fi
code=$(curl -s -o "$WORK/metrics.txt" -w '%{http_code}' --max-time 5 127.0.0.1:$PORT/metrics)
if [[ $code == 200 ]] && grep -q '^adplan_exporter_probes_total ' "$WORK/metrics.txt"; then
  pass "/metrics answers after everything"; else fail "/metrics after everything: $code"; fi
finish
