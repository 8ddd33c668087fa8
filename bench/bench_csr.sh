#!/usr/bin/env bash
# Benchmark (not a test): time per key + CSR, adplan (Botan 2) beside `openssl req -new -newkey`
# for the same work: one process per request, a fresh key, CN and SAN mail.contoso.com, PEM
# files on disk. Usage: bench/bench_csr.sh [path/to/adplan] [count]
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
adplan=${1:-}
if [[ -z $adplan ]]; then
  for b in build build-pki build-release; do
    [[ -x $here/$b/tools/adplan/adplan ]] && { adplan=$here/$b/tools/adplan/adplan; break; }
  done
fi
[[ -x ${adplan:-} ]] || { echo "bench_csr: adplan binary not found; pass its path" >&2; exit 2; }
adplan=$(realpath "$adplan")
count=${2:-50}

work=$(mktemp -d "${TMPDIR:-/tmp}/adplan-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
# Scenario 2 plans exactly one certificate (mail.contoso.com), so one run = one key + one CSR.
"$adplan" init --scenario 2 --yes >/dev/null 2>&1

now() { date +%s%N; }

# run_adplan KEYSPEC: total nanoseconds for $count runs.
run_adplan() {
  local t0 t1 i
  t0=$(now)
  for ((i = 0; i < count; i++)); do
    "$adplan" csr --key "$1" --out "a-$1-$i" >/dev/null
  done
  t1=$(now)
  openssl req -in "a-$1-0/mail.contoso.com.csr" -noout -verify >/dev/null 2>&1 || { echo "bad adplan CSR" >&2; exit 1; }
  echo $((t1 - t0))
}

# run_openssl NEWKEY: the same with the openssl command line.
run_openssl() {
  local t0 t1 i
  t0=$(now)
  for ((i = 0; i < count; i++)); do
    mkdir -p "o-$i-$2"
    # shellcheck disable=SC2086
    openssl req -new -newkey $1 -nodes -keyout "o-$i-$2/k.key" -out "o-$i-$2/r.csr" \
      -subj "/CN=mail.contoso.com" -addext "subjectAltName=DNS:mail.contoso.com" 2>/dev/null
  done
  t1=$(now)
  echo $((t1 - t0))
}

ms() { awk -v ns="$1" -v n="$count" 'BEGIN { printf "%8.2f", ns / n / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%6.2f", a / b }'; }

echo "adplan: $adplan ($("$adplan" --version 2>/dev/null || true))"
echo "openssl: $(openssl version)"
echo "$count requests per row; ms per key + CSR (one process each, wall clock)"
printf '%-10s %12s %12s %16s\n' key adplan openssl adplan/openssl
for pair in "rsa:2048|rsa:2048" "ec:p256|ec -pkeyopt ec_paramgen_curve:P-256"; do
  spec=${pair%%|*}
  newkey=${pair#*|}
  a=$(run_adplan "$spec")
  o=$(run_openssl "$newkey" "${spec/:/-}")
  printf '%-10s %12s %12s %16s\n' "$spec" "$(ms "$a")" "$(ms "$o")" "$(ratio "$a" "$o")"
done
