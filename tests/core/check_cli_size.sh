#!/usr/bin/env bash
# The CLI stays thin (issue 22): tools/adplan (every .cpp and .hpp) under 3,800 lines in total, and
# no command file (cmd_*.cpp) over 150 lines. Decisions belong in libplan with a unit test; a
# command parses flags, calls libplan and prints. Exit 1 naming each file over the limit and the
# total, 0 with the figures.
# Usage: check_cli_size.sh SOURCE_DIR [MAX_TOTAL [MAX_COMMAND]]
set -uo pipefail
root=${1:?source dir}
max_total=${2:-3799}
max_command=${3:-150}
cli=$root/tools/adplan
shopt -s nullglob
files=("$cli"/*.cpp "$cli"/*.hpp)
((${#files[@]})) || { echo "FAIL: no source in $cli"; exit 1; }
status=0
total=$(cat "${files[@]}" | wc -l)
if ((total > max_total)); then
  echo "FAIL: tools/adplan has $total lines, more than $max_total: move decisions into libplan (a pure function with its unit test)"
  status=1
fi
largest=0
for f in "$cli"/cmd_*.cpp; do
  n=$(wc -l <"$f")
  ((n > largest)) && largest=$n
  if ((n > max_command)); then
    echo "FAIL: tools/adplan/${f##*/} has $n lines, more than $max_command: parse flags into a struct, call libplan, print"
    status=1
  fi
done
((status == 0)) && echo "ok: tools/adplan has $total lines (at most $max_total), the largest command file $largest (at most $max_command)"
exit $status
