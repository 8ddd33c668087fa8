# Shared by the hostile-peer tests: source tests/cli/lib.sh's helpers, enter a network namespace,
# and run adplan under a wall-time and peak-RSS bound.
#   $1 = path to adplan, $2 = source dir
HOSTILE_SRC=$(realpath "$2")
source "$HOSTILE_SRC/tests/netns.sh"
enter_netns "$0" "$@"
source "$HOSTILE_SRC/tests/cli/lib.sh"
PIDS=()
stop_servers() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap 'stop_servers; rm -rf "$WORK"' EXIT

# bounded MAX_SECONDS MAX_RSS_MB -- adplan args...: runs adplan, keeps stdout/stderr in $OUT/$ERR,
# its exit code in $RC, wall seconds in $WALL and peak RSS (KiB) in $RSS_KB; fails when a bound
# is exceeded or adplan died of a signal.
bounded() {
  local max_s=$1 max_mb=$2; shift 2; [[ $1 == -- ]] && shift
  # Under ASan+UBSan (tests/sanitize/run.sh): slower code and shadow memory widen both bounds; a
  # sanitizer report still aborts adplan, which the signal check below fails.
  if [[ -n ${ADPLAN_SANITIZED:-} ]]; then max_s=$((max_s * 4)); max_mb=$((max_mb * 3 + 256)); fi
  /usr/bin/time -f '%e %M' -o "$WORK/.time" timeout -s KILL $((max_s + 5)) "$ADPLAN" "$@" >"$WORK/.out" 2>"$WORK/.err"
  RC=$?
  OUT=$(cat "$WORK/.out"); ERR=$(cat "$WORK/.err")
  read -r WALL RSS_KB < <(tail -1 "$WORK/.time")
  echo "bounded: exit $RC, ${WALL}s, peak RSS $((RSS_KB / 1024)) MiB (bounds ${max_s}s, ${max_mb} MiB): adplan $*"
  if ((RC > 128)) || grep -q 'Command terminated by signal' "$WORK/.time"; then fail "adplan died of a signal: $*"; fi
  if awk -v w="$WALL" -v m="$max_s" 'BEGIN { exit !(w > m) }'; then fail "took ${WALL}s > ${max_s}s: $*"; fi
  if ((RSS_KB > max_mb * 1024)); then fail "peak RSS $((RSS_KB / 1024)) MiB > ${max_mb} MiB: $*"; fi
}
