#!/usr/bin/env bash
# The main job on the built-in example, planned on loopback addresses, for every scenario:
#   init -> csr -> ca init/sign -> render -> lab up (BIND + nginx in a private network
#   namespace) -> verify -> lab down,
# showing the plan's requirements and the verify report for each.
set -euo pipefail
ADPLAN=$(realpath "${1:?usage: tools/demo.sh path/to/adplan}")
SRC=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/adplan-demo.XXXXXX")
trap 'rm -rf "$work"' EXIT
status=0
for n in 1 2 3 4; do
  lab=$work/scenario$n
  mkdir -p "$lab"
  echo
  echo "=================== scenario $n ==================="
  args=(--scenario "$n" --yes --ca internal --public-ip 127.0.0.2 --server CAS01,cas01.contoso.com,127.0.0.2)
  if ((n >= 3)); then args+=(--secondary-public-ip 127.0.0.3 --secondary-ip 127.0.0.3); fi
  echo "\$ adplan init ${args[*]}"
  "$ADPLAN" init "${args[@]}" -o "$lab/adplan.json" | sed -n '1p;/Requirement/,/Web services/p'
  echo "\$ adplan csr; adplan ca init; adplan ca sign --all; adplan render   (tools/lab/lab.sh prepare)"
  "$SRC/tools/lab/lab.sh" prepare --adplan "$ADPLAN" "$lab" >/dev/null 2>&1 ||
    { echo "lab prepare failed"; "$SRC/tools/lab/lab.sh" prepare --adplan "$ADPLAN" "$lab"; exit 1; }
  echo "\$ adplan verify --plan adplan.json --dns-server <lab BIND> --ca-file <lab root> --user ... (inside the lab)"
  DEMO_PLAN=$lab/adplan.json "$SRC/tools/lab/lab.sh" run --adplan "$ADPLAN" "$lab" -- sh -c '"$ADPLAN" verify --plan "$DEMO_PLAN" \
      --dns-server "$LAB_DNS" --ca-file "$LAB_CA" --user "$LAB_USER" --password-file "$LAB_PASSWORD_FILE" \
      --email "$LAB_EMAIL"' || status=1
done
exit $status
