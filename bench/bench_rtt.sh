#!/usr/bin/env bash
# Verify at internet distance (issue 25). Two network namespaces of the bench's own, joined by a
# link that delays every packet (bench/delay_link.py: a TUN device in each, a userspace relay
# between them; the kernel's netem is not loaded everywhere). The lab (tools/lab/lab.sh: BIND and
# nginx, scenario 2, the plan on 198.18.0.2 from RFC 2544's benchmark network 198.18.0.0/15, which
# 127.0.0.0/8 cannot be over a TUN link) runs in one; `adplan verify` and the floor run in the other.
#
# For each round-trip time (default 0 50 150 ms; 0 is the same link without delay) it prints:
#   rtt         the measured round trip (curl's TCP connect time of the floor request)
#   verify      wall time of a clean scenario-2 `adplan verify` with credentials (median of RUNS)
#   verify/rtt  the same in round trips
#   floor       what a client cannot beat: `dig` SRV and A, then one `curl -u ... -X POST` of the
#               Autodiscover request (median of RUNS), and in round trips
#   beyond      verify's wall time minus verify's wall time without delay, in round trips
#   x floor     verify / floor
# Both are timed the same way: inside the client namespace, around the commands only.
#
# Then, per round-trip time, the exporter: `adplan exporter` on the client namespace's loopback
# (the plan, the lab's DNS server and CA, the same credentials), scraped SCRAPES times (default 5)
# at /probe?target=contoso.com with curl from the same namespace, one scrape after the other. A
# second table prints the first scrape (cold: DNS, TCP and TLS from nothing) and the median of the
# later ones (the exporter keeps the target's connections warm between scrapes), each in seconds
# and in round trips (curl's time_total / the measured round trip), beside the floor above.
#
# Usage: bench/bench_rtt.sh [path/to/adplan] [rtt-ms ...]      (RUNS=3, SCRAPES=5 by default)
# H2=1: the lab's nginx offers HTTP/2 (default: HTTP/1.1 only, at most --parallel connections per
# endpoint, 8 by default).
# Needs root (ip netns add), /dev/net/tun, named, nginx, dig, curl, python3; else skips (77).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/.." && pwd)
ADPLAN=$(realpath "${1:-$(ls "$SRC"/build*/tools/adplan/adplan | head -1)}")
shift || true
RTTS=("$@")
[[ ${#RTTS[@]} -gt 0 ]] || RTTS=(0 50 150)
RUNS=${RUNS:-3}
SCRAPES=${SCRAPES:-5}
[[ $SCRAPES =~ ^[0-9]+$ && $SCRAPES -ge 2 ]] || { echo "SCRAPES: a number, at least 2 (a first scrape and later ones)"; exit 2; }
EXPORTER_LISTEN=127.0.0.1:9711  # the client namespace's own loopback

skip() { echo "SKIP: $*"; exit 77; }
[[ $(id -u) -eq 0 ]] || skip "ip netns add needs root"
[[ -c /dev/net/tun ]] || skip "no /dev/net/tun: the delay link needs TUN devices"
for tool in ip named nginx dig curl python3 openssl; do
  command -v "$tool" >/dev/null || skip "$tool is not installed"
done

SRV=adrtt-$$-lab
CLI=adrtt-$$-client
LAB_IP=198.18.0.2          # the plan's public address and the lab's DNS server
SRV_LINK=198.18.255.1      # the two ends of the link
CLI_LINK=198.18.255.2
work=$(mktemp -d "${TMPDIR:-/tmp}/adplan-rtt.XXXXXX")
lab_pid=""
link_pid=""
exporter_pid=""

stop_link() {
  if [[ -n $link_pid ]]; then
    kill "$link_pid" 2>/dev/null || true
    wait "$link_pid" 2>/dev/null || true
    link_pid=""
  fi
}
stop_exporter() {
  if [[ -n $exporter_pid ]]; then
    kill "$exporter_pid" 2>/dev/null || true
    wait "$exporter_pid" 2>/dev/null || true
    exporter_pid=""
  fi
}
cleanup() {
  stop_exporter
  stop_link
  if [[ -n $lab_pid ]]; then
    timeout 5 bash -c 'echo stop >"$1"' stop "$work/stop" 2>/dev/null || true
    kill "$lab_pid" 2>/dev/null || true
    wait "$lab_pid" 2>/dev/null || true
  fi
  ip netns del "$CLI" 2>/dev/null || true
  ip netns del "$SRV" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ip netns add "$SRV" 2>/dev/null || skip "ip netns add refused"
ip netns add "$CLI" || skip "ip netns add refused"
ip -n "$CLI" link set lo up

# The lab: scenario 2 on 198.18.0.2 (with its SRV record), prepared by lab.sh.
lab=$work/lab
mkdir -p "$lab"
"$ADPLAN" init --scenario 2 --yes --ca internal --public-ip "$LAB_IP" --server "CAS01,cas01.contoso.com,$LAB_IP" \
  -o "$lab/adplan.json" >/dev/null
ADPLAN=$ADPLAN bash "$SRC/tools/lab/lab.sh" prepare --adplan "$ADPLAN" "$lab" 2>/dev/null
if [[ ${H2:-0} == 1 ]]; then  # HTTP/2 offered on every TLS listener (IIS 10 can), as e2e.verify.connections-h2
  sed -i 's/\(listen [^;]*\) ssl;/\1 ssl http2;/' "$lab/out/nginx/lab.conf"
  grep -q 'ssl http2;' "$lab/out/nginx/lab.conf" || { echo "FAIL: no TLS listener to offer HTTP/2 on"; exit 1; }
fi
mkfifo "$work/ready" "$work/stop"
# shellcheck disable=SC2016
ADPLAN=$ADPLAN LAB_DNS_LISTEN=$LAB_IP ip netns exec "$SRV" bash "$SRC/tools/lab/lab.sh" __inside "$lab" -- \
  bash -c 'echo up >"$1"; read -r _ <"$2"' lab "$work/ready" "$work/stop" >"$work/lab.log" 2>&1 &
lab_pid=$!
timeout 120 cat "$work/ready" >/dev/null || { cat "$work/lab.log"; echo "FAIL: the lab did not start"; exit 1; }

# The link, with `one_way` ms each way; the devices go when the relay ends, so addresses and
# routes are set each time.
start_link() {
  local one_way=$1
  stop_link
  python3 "$HERE/delay_link.py" "$SRV" rtt0 "$CLI" rtt1 "$one_way" >"$work/link.out" 2>"$work/link.err" &
  link_pid=$!
  local i
  for i in $(seq 1 600); do  # python starts slowly on a loaded machine
    grep -q up "$work/link.out" 2>/dev/null && break
    sleep 0.05
  done
  grep -q up "$work/link.out" || { cat "$work/link.err"; echo "FAIL: the delay link did not come up"; exit 1; }
  ip -n "$SRV" addr add "$SRV_LINK/32" dev rtt0
  ip -n "$SRV" link set rtt0 up
  ip -n "$SRV" route add "$CLI_LINK/32" dev rtt0
  ip -n "$CLI" addr add "$CLI_LINK/32" dev rtt1
  ip -n "$CLI" link set rtt1 up
  ip -n "$CLI" route add 198.18.0.0/16 dev rtt1 src "$CLI_LINK"
}

# The Autodiscover request Outlook POSTs (MS-OXDISCO), for the floor's curl.
cat >"$work/request.xml" <<'X'
<?xml version="1.0" encoding="utf-8"?>
<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006">
  <Request>
    <EMailAddress>test@contoso.com</EMailAddress>
    <AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema>
  </Request>
</Autodiscover>
X

# One timed run inside the client namespace: prints "seconds exit-status".
timed() {
  ip netns exec "$CLI" bash -c 's=$EPOCHREALTIME; "$@" >/dev/null 2>&1; rc=$?; e=$EPOCHREALTIME
    python3 -c "import sys; print(f\"{float(sys.argv[2]) - float(sys.argv[1]):.4f}\", sys.argv[3])" "$s" "$e" "$rc"' \
    timed "$@"
}

verify_cmd=("$ADPLAN" verify --plan "$lab/adplan.json" --dns-server "$LAB_IP:53" --ca-file "$lab/ca/ca.crt"
  --user test --password-file "$lab/password" --email test@contoso.com --timeout 20)
# shellcheck disable=SC2016
floor_script='target=$(dig +short +tries=1 @"$1" SRV _autodiscover._tcp.contoso.com | awk "{print \$4}" | sed "s/\.$//")
addr=$(dig +short +tries=1 @"$1" A "$target" | head -1)
exec curl -sS -o /dev/null --max-time 20 --cacert "$2" --resolve "$target:443:$addr" -u test:test -X POST \
  -H "Content-Type: text/xml; charset=utf-8" --data-binary @"$3" "https://$target/autodiscover/autodiscover.xml" \
  -w "%{http_code} %{time_connect}\n"'

median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

# The exporter in the client namespace with what verify gets above; `ip netns exec` execs it, so
# $! is the exporter itself (stopped by stop_exporter, also on exit).
exporter_cmd=("$ADPLAN" exporter --listen "$EXPORTER_LISTEN" --plan "$lab/adplan.json" --dns-server "$LAB_IP:53"
  --ca-file "$lab/ca/ca.crt" --user test --password-file "$lab/password" --timeout 20)
start_exporter() {
  stop_exporter
  ip netns exec "$CLI" "${exporter_cmd[@]}" >"$work/exporter.log" 2>&1 &
  exporter_pid=$!
  for _ in $(seq 1 600); do
    ip netns exec "$CLI" curl -sf -o /dev/null --max-time 2 "http://$EXPORTER_LISTEN/metrics" && return 0
    kill -0 "$exporter_pid" 2>/dev/null || break
    sleep 0.05
  done
  cat "$work/exporter.log"
  echo "FAIL: the exporter did not answer on $EXPORTER_LISTEN"
  exit 1
}
# SCRAPES scrapes of the lab's domain, one after the other: one "seconds" line each in
# $work/scrapes.txt, in order. Every scrape must say the probe succeeded.
scrape_exporter() {
  local k out body=$work/scrape.prom
  : >"$work/scrapes.txt"
  for k in $(seq 1 "$SCRAPES"); do
    out=$(ip netns exec "$CLI" curl -sS -o "$body" --max-time 60 -w '%{http_code} %{time_total}' \
      "http://$EXPORTER_LISTEN/probe?target=contoso.com")
    read -r code secs <<<"$out"
    if [[ $code != 200 ]] || ! grep -qx 'adplan_probe_success 1' "$body"; then
      echo "FAIL: scrape $k answered $code without adplan_probe_success 1"
      grep -E '^adplan_(probe_success|finding)' "$body" | head -20
      tail -20 "$work/exporter.log"
      exit 1
    fi
    echo "$secs" >>"$work/scrapes.txt"
  done
}
: >"$work/exporter-rows.txt"

printf '%-8s %8s %9s %10s %9s %9s %10s %8s\n' "rtt-set" "rtt" "verify" "verify/rtt" "floor" "floor/rtt" "beyond" "x floor"
base_verify=""
for rtt in "${RTTS[@]}"; do
  one_way=$(python3 -c "import sys; print(float(sys.argv[1]) / 2)" "$rtt")
  start_link "$one_way"
  # The measured round trip and the floor (curl's own TCP connect time is one round trip).
  : >"$work/floor.txt"
  : >"$work/rtt.txt"
  for _ in $(seq 1 "$RUNS"); do
    out=$(ip netns exec "$CLI" bash -c 's=$EPOCHREALTIME; o=$(bash -c "$1" floor "$2" "$3" "$4"); e=$EPOCHREALTIME
      echo "$o $s $e"' bench "$floor_script" "$LAB_IP" "$lab/ca/ca.crt" "$work/request.xml")
    read -r code connect s e <<<"$out"
    [[ $code == 200 ]] || { echo "FAIL: the floor's POST answered $code"; exit 1; }
    python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$s" "$e" >>"$work/floor.txt"
    echo "$connect" >>"$work/rtt.txt"
  done
  : >"$work/verify.txt"
  for _ in $(seq 1 "$RUNS"); do
    read -r secs rc <<<"$(timed "${verify_cmd[@]}")"
    [[ $rc == 0 ]] || {
      echo "FAIL: verify exited $rc at $rtt ms"
      ip netns exec "$CLI" "${verify_cmd[@]}" | tail -20
      exit 1
    }
    echo "$secs" >>"$work/verify.txt"
  done
  measured=$(median <"$work/rtt.txt")
  floor=$(median <"$work/floor.txt")
  verify=$(median <"$work/verify.txt")
  [[ -n $base_verify ]] || base_verify=$verify
  python3 - "$rtt" "$measured" "$verify" "$floor" "$base_verify" <<'PY'
import sys
rtt_set, rtt, verify, floor, base = sys.argv[1], *map(float, sys.argv[2:])
per = lambda x: f"{x / rtt:.1f}" if float(rtt_set) > 0 and rtt > 0 else "-"
beyond = per(verify - base) if float(rtt_set) > 0 else "-"
print(f"{rtt_set + ' ms':<8} {rtt * 1000:6.1f}ms {verify:8.3f}s {per(verify):>10} {floor:8.3f}s {per(floor):>9} "
      f"{beyond:>10} {verify / floor:7.1f}x")
PY
  start_exporter
  scrape_exporter
  stop_exporter
  echo "$rtt $measured $floor $(tr '\n' ' ' <"$work/scrapes.txt")" >>"$work/exporter-rows.txt"
done
stop_link

# The exporter's table: the first scrape and the median of the later ones, beside the floor.
echo
python3 - "$SCRAPES" "$work/exporter-rows.txt" <<'PY'
import statistics, sys
n = int(sys.argv[1])
print(f"{'rtt-set':<8} {'rtt':>8} {'scrape 1':>9} {'1/rtt':>7} {f'2..{n} med':>10} {'later/rtt':>9} "
      f"{'floor':>9} {'floor/rtt':>9}")
for line in open(sys.argv[2]):
    rtt_set, rtt, floor, *scrapes = line.split()
    rtt, floor = float(rtt), float(floor)
    scrapes = [float(x) for x in scrapes]
    first, later = scrapes[0], statistics.median(scrapes[1:])
    per = lambda x: f"{x / rtt:.1f}" if float(rtt_set) > 0 and rtt > 0 else "-"
    print(f"{rtt_set + ' ms':<8} {rtt * 1000:6.1f}ms {first:8.3f}s {per(first):>7} {later:9.3f}s {per(later):>9} "
          f"{floor:8.3f}s {per(floor):>9}")
PY
