# Shared helpers for black-box tests of the real adplan binary. Source it; it expects
#   $1 = path to adplan, $2 = source dir; it makes a temporary directory and cds into it.
set -uo pipefail
ADPLAN=$(realpath "$1")
SRC=$(realpath "$2")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/adplan-cli.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
FAILS=0

fail() { echo "FAIL: $*" >&2; FAILS=$((FAILS + 1)); }
pass() { echo "ok: $*"; }

# expect_exit CODE -- command...: runs it, keeps stdout in $OUT and stderr in $ERR.
expect_exit() {
  local want=$1; shift; [[ $1 == -- ]] && shift
  OUT=$("$@" 2>"$WORK/.stderr"); local got=$?
  ERR=$(cat "$WORK/.stderr")
  if [[ $got -ne $want ]]; then
    fail "exit $got, want $want: $*"; echo "  stdout: ${OUT:0:600}" >&2; echo "  stderr: ${ERR:0:600}" >&2
    return 1
  fi
  return 0
}

# contains HAYSTACK NEEDLE LABEL
contains() { if [[ $1 == *"$2"* ]]; then pass "$3"; else fail "$3: missing '$2' in: ${1:0:400}"; fi; }

# json_check FILE PYTHON-EXPR LABEL: the expression sees the document as `d`.
json_check() {
  if python3 - "$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ok = eval(sys.argv[2])
sys.exit(0 if ok else 1)
PY
  then pass "$3"; else fail "$3: $2"; fi
}

finish() {
  if [[ $FAILS -ne 0 ]]; then echo "$FAILS failure(s)" >&2; exit 1; fi
  echo "all passed"
}
