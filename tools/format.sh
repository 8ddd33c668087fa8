#!/usr/bin/env bash
# Formats every C++ file of libplan/, tools/ and tests/ with the pinned clang-format (Debian's
# clang-format-16; another version formats differently, so no other is used) and .clang-format.
#   tools/format.sh           formats in place
#   tools/format.sh --check   changes nothing; lists the files that differ and fails (exit 1)
# ctest runs the check as style.clang-format (CI: .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
CLANG_FORMAT=clang-format-16

mode=fix
case "${1:-}" in
  "") ;;
  --check) mode=check ;;
  *)
    echo "usage: tools/format.sh [--check]" >&2
    exit 2
    ;;
esac

if ! command -v "$CLANG_FORMAT" >/dev/null; then
  echo "format: $CLANG_FORMAT is not installed (tools/bootstrap.sh installs it)" >&2
  exit 127
fi

# The tracked files; outside a git checkout (a source tarball), every file on disk.
pattern='\.(cpp|hpp|cc|hh|cxx|h)$'
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files -- libplan tools tests | grep -E "$pattern")
else
  mapfile -t files < <(find libplan tools tests -type f | grep -E "$pattern" | sort)
fi

if [[ $mode == fix ]]; then
  "$CLANG_FORMAT" -i --style=file -- "${files[@]}"
  exit 0
fi

# One process for every file: --dry-run reports each difference as "FILE:LINE:COL: error: ...".
status=0
out=$("$CLANG_FORMAT" --style=file --dry-run --Werror --ferror-limit=1 -- "${files[@]}" 2>&1) || status=$?
mapfile -t differ < <(sed -nE 's/^(.+):[0-9]+:[0-9]+: error: .*\[-Wclang-format-violations\]$/\1/p' <<<"$out" | sort -u)
if ((status != 0 && ${#differ[@]} == 0)); then
  echo "format: $CLANG_FORMAT failed (exit $status):" >&2
  head -n 20 <<<"$out" >&2
  exit 1
fi
if ((${#differ[@]})); then
  echo "format: ${#differ[@]} of ${#files[@]} files are not formatted with $CLANG_FORMAT (run tools/format.sh):"
  printf '  %s\n' "${differ[@]}"
  exit 1
fi
echo "format: ${#files[@]} files formatted with $CLANG_FORMAT"
