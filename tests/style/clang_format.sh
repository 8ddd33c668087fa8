#!/usr/bin/env bash
# style.clang-format: the tree is formatted with the pinned clang-format (tools/format.sh).
# Skipped (77) only when that formatter is not installed; tools/bootstrap.sh installs it.
set -euo pipefail
root=${1:?source dir}
if ! command -v clang-format-16 >/dev/null; then
  echo "skipped: clang-format-16 is not installed (tools/bootstrap.sh installs it)"
  exit 77
fi
exec "$root/tools/format.sh" --check
