#!/usr/bin/env bash
# The wall time of the probe's deadline and cap tests, printed beside the budget each one sets: the
# upper bounds that used to be assertions in tests/unit/test_probe_{dns,http}.cpp (a unit test keeps
# only what cannot race: the lower bound, the outcome, the questions c-ares sent). A figure far above
# its budget means a deadline or a cap is not honoured (or the machine is very busy: run it again).
# Usage: bench/bench_probe_deadlines.sh [path/to/unit_tests] [runs]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
UNIT=$(realpath "${1:-$(ls "$HERE"/../build*/tests/unit_tests | head -1)}")
RUNS=${2:-5}

# test case | budget (ms) | what the budget is
cases=(
  "probe dns: A and SRV answers from the wire are parsed, in RFC 2782 order, lower case|0|every answer in: returns at once (deadline 1 h)"
  "probe dns: a question nobody answers ends as Timeout at the deadline, the others still answered|600|the batch's deadline"
  "probe http: a server that accepts and never answers ends at the deadline as Timeout|500|the deadline (cap 1 h)"
  "probe http: the per-request cap ends a silent server before a later deadline|400|the cap (deadline 1 h)"
  "probe http: a forbidden address is refused before connecting, in any spelling|0|11 refusals, no connection"
)
printf '%9s %9s %9s  %s\n' budget best worst "test case"
for c in "${cases[@]}"; do
  IFS='|' read -r name budget what <<<"$c"
  best="" worst=0
  for ((i = 0; i < RUNS; i++)); do
    # doctest's --duration prints "<seconds> s: <test case>" after each case.
    # doctest splits -tc at commas: escaped, they are part of the name.
    s=$("$UNIT" -tc="${name//,/\\,}" --duration=true 2>&1 | sed -n 's/^\([0-9.]*\) s: .*/\1/p' | head -1)
    [[ -n $s ]] || { echo "no duration for: $name (is it still in the unit tests?)" >&2; exit 1; }
    ms=$(awk -v s="$s" 'BEGIN { printf "%d", s * 1000 }')
    [[ -z $best || $ms -lt $best ]] && best=$ms
    ((ms > worst)) && worst=$ms
  done
  printf '%6s ms %6s ms %6s ms  %s (%s)\n' "$budget" "$best" "$worst" "$name" "$what"
done
