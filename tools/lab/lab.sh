#!/usr/bin/env bash
# The local lab: a plan's deployment on loopback addresses, with real BIND and nginx, in a
# private network namespace, to rehearse a deployment and to test `adplan verify`.
#
#   tools/lab/lab.sh prepare DIR            certificates (adplan csr, ca init, ca sign) and
#                                           configuration (adplan render) from DIR/adplan.json
#   tools/lab/lab.sh run DIR -- CMD [ARG]...  start BIND and nginx in a new network namespace,
#                                           run CMD there, stop everything (also on failure);
#                                           exits with CMD's status
#   tools/lab/lab.sh up DIR                 the same with an interactive shell as CMD: the lab is
#                                           up while the shell runs, down when it exits
#   tools/lab/lab.sh down DIR               stop servers a lab left behind (by their pid files)
#
# Options (before DIR): --adplan PATH (default: adplan on PATH, else build*/tools/adplan/adplan),
# --break FAULT (run, up: break the lab on purpose, one fault; see `faults` below).
# Inside the lab CMD sees ADPLAN, LAB_DNS (the BIND server, IP:PORT), LAB_CA (the lab root),
# LAB_USER and LAB_PASSWORD_FILE (Basic auth of the Autodiscover POST), LAB_EMAIL; the lab's
# own /etc/resolv.conf points at its BIND, so any client in it resolves the plan's names.
# Example: tools/lab/lab.sh run lab -- sh -c '"$ADPLAN" verify --plan lab/adplan.json \
#   --dns-server "$LAB_DNS" --ca-file "$LAB_CA" --user "$LAB_USER" --password-file "$LAB_PASSWORD_FILE"'
#
# The plan must use 127.0.0.0/8 addresses only (public and server-side): for example
#   adplan init --scenario 4 --yes --ca internal --public-ip 127.0.0.2 --secondary-public-ip 127.0.0.3 \
#     --server CAS01,cas01.contoso.com,127.0.0.2 --secondary-ip 127.0.0.3
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
ADPLAN=${ADPLAN:-}
FAULT=""
LAB_O365=""
# shellcheck source=tools/lab/outlook.sh
source "$HERE/outlook.sh"

die() { echo "lab: error: $*" >&2; exit 2; }
# shellcheck source=tools/lab/lab_mobile.sh
source "$HERE/lab_mobile.sh"  # phones and Teams: mobilesync, OPTIONS, Autodiscover v2 (issue 12)
# shellcheck source=tools/lab/mail.sh
source "$HERE/mail.sh"  # mail doors: Postfix, Dovecot, the MTA-STS policy (issue 23)
# shellcheck source=tools/lab/dane.sh
source "$HERE/dane.sh"  # DANE: TLSA records in signed zones (issue 27)
log() { echo "lab: $*" >&2; }

find_adplan() {
  if [[ -n $ADPLAN ]]; then return; fi
  if command -v adplan >/dev/null 2>&1; then ADPLAN=$(command -v adplan); return; fi
  for b in "$SRC"/build*/tools/adplan/adplan; do
    if [[ -x $b ]]; then ADPLAN=$b; return; fi
  done
  die "no adplan binary: build it, or pass --adplan PATH"
}

# The plan as `adplan plan --json` gives it. Exit 1 says the plan has findings (bench_rtt.sh's
# 198.18.0.0/15 addresses are ip.reserved errors for a real deployment); the JSON is whole then too.
plan_json() {
  "$ADPLAN" plan --plan "$DIR/adplan.json" --json || (($? == 1))
}

# Every address of the plan: public ones and the servers' bindings. All must be loopback.
plan_addresses() {
  plan_json | python3 -c '
import json, sys
p = json.load(sys.stdin)
seen = set()
for s in p["sites"]:
    seen.add(s["public_ip"])
    for b in s["bindings"]:
        seen.add(b["ip"])
for ip in sorted(seen):
    print(ip)'
}

prepare() {
  [[ -f $DIR/adplan.json ]] || die "$DIR/adplan.json: no plan (adplan init ... -o $DIR/adplan.json)"
  local ip
  for ip in $(plan_addresses); do
    # 198.18.0.0/15 (RFC 2544's benchmark network): bench/bench_rtt.sh's lab behind a delay link.
    [[ $ip == 127.* || $ip =~ ^198\.1[89]\. ]] ||
      die "$DIR/adplan.json: $ip is not a 127.0.0.0/8 address; the lab runs on loopback only"
  done
  chmod 755 "$DIR"   # nginx workers (nobody) read the htpasswd file below it
  (
    cd "$DIR"
    [[ -f ca/ca.crt ]] || "$ADPLAN" ca init --key ec:p256 --name "adplan lab root" >/dev/null
    "$ADPLAN" csr --force >/dev/null
    "$ADPLAN" ca sign --all --force >/dev/null
    "$ADPLAN" render --out out --force --email "${LAB_EMAIL:-test@$(domain)}" >/dev/null
  )
  printf 'test\n' >"$DIR/password"
  printf 'test:%s\n' "$(openssl passwd -apr1 test)" >"$DIR/out/nginx/htpasswd"
  chmod 644 "$DIR/out/nginx/htpasswd"
  log "prepared $DIR (certificates in $DIR/pki, configuration in $DIR/out)"
}

domain() {
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["domains"][0])' "$DIR/adplan.json"
}

# BIND: the rendered external zones, authoritative only, on 127.0.0.1:53 of the namespace.
write_named_conf() {
  local run=$DIR/run
  mkdir -p "$run/bind"
  {
    echo "options {"
    echo "  directory \"$run/bind\"; pid-file \"$run/named.pid\"; session-keyfile \"$run/bind/session.key\";"
    echo "  managed-keys-directory \"$run/bind\"; recursion no; dnssec-validation no;"
    # LAB_DNS_LISTEN: one more address BIND answers on (bench/bench_rtt.sh's far side asks over the link).
    echo "  listen-on port 53 { 127.0.0.1; ${LAB_DNS_LISTEN:+$LAB_DNS_LISTEN;} }; listen-on-v6 { none; };"
    echo "};"
    echo "controls { };"
    local z name
    for z in "$DIR"/out/dns/zones/external/*.zone; do
      name=$(basename "$z" .zone)
      cp "$z" "$run/bind/$name.zone"
      # LAB_UPDATABLE_ZONES: zones the lab's clients may change (RFC 2136, from the namespace's
      # own loopback only), e.g. an ACME DNS-01 validation zone.
      if [[ " ${LAB_UPDATABLE_ZONES:-} " == *" $name "* ]]; then
        echo "zone \"$name\" { type primary; file \"$run/bind/$name.zone\"; allow-update { 127.0.0.1; }; };"
        continue
      fi
      echo "zone \"$name\" { type primary; file \"$run/bind/$name.zone\"; };"
    done
    # LAB_NAMED_INCLUDE: more configuration files (space-separated paths), e.g. the hoster lab's
    # per-tenant zones (tools/lab/hoster.sh --zone-per-tenant) or a query log.
    local f
    for f in ${LAB_NAMED_INCLUDE:-}; do
      echo "include \"$f\";"
    done
  } >"$run/named.conf"
  named-checkconf "$run/named.conf"
}

# The rendered standalone configuration; workers run as root here so they can read the
# htpasswd file wherever the lab directory is (a test's 0700 temporary directory, say).
write_nginx_conf() {
  { echo "user root;"; cat "$DIR/out/nginx/lab.conf"; } >"$DIR/run/nginx.conf"
}

# --break FAULT: one fault per run, applied to the lab's own copies in $DIR/run.
faults() {
  cat <<'EOF'
cert-missing-name   the certificate lacks the autodiscover name
cert-expired        the certificate expired
cert-untrusted      the certificate comes from a CA the clients do not trust
cert-weak           an RSA-1024 key and a SHA-1 signature
srv-missing         no _autodiscover._tcp SRV record
srv-port            the SRV record names port 8443
redirect-http       the redirect site sends clients to plain http
root-cert           the root domain answers on 443 with an unrelated certificate
wrong-address       the autodiscover host resolves to the wrong address
nothing-listening   nothing listens where the plan puts the Autodiscover service
post-404            the Autodiscover POST is answered with 404
ews-mismatch        the response carries an EwsUrl that differs from the plan
mapi-dead-path      the mapiHttp MailStore URLs name a path nothing serves: 401 without credentials, 404 with them
mapi-internal-drift the mapiHttp InternalUrls name the external host instead of the plan's (it works: drift)
EOF
  mobile_faults
  outlook_faults
  mail_faults
  dane_faults
}

# A certificate from the lab CA (or another CA) made with the openssl command:
# issue NAME CN SANS [CA-DIR] [extra `openssl ca` options]
issue() {
  local name=$1 cn=$2 sans=$3 cadir=${4:-$DIR/ca}; shift 4 || shift $#
  local w=$DIR/run/issue-$name
  mkdir -p "$w"
  : >"$w/index.txt"
  echo 1000 >"$w/serial"
  cat >"$w/ca.cnf" <<EOF
[ca]
default_ca = lab
[lab]
dir = $w
database = $w/index.txt
serial = $w/serial
new_certs_dir = $w
default_md = ${LAB_MD:-sha256}
default_days = 90
policy = any
unique_subject = no
copy_extensions = none
x509_extensions = leaf
[any]
commonName = supplied
[leaf]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = $sans
EOF
  openssl req -new -newkey "${LAB_KEY:-rsa:2048}" -nodes -keyout "$w/leaf.key" -out "$w/leaf.csr" -subj "/CN=$cn" 2>/dev/null
  openssl ca -batch -config "$w/ca.cnf" -cert "$cadir/ca.crt" -keyfile "$cadir/ca.key" -in "$w/leaf.csr" \
    -out "$w/leaf.crt" -notext "$@" 2>/dev/null
  echo "$w"
}

# Point the nginx certificate of the external host at another certificate.
replace_certificate() {
  local w=$1 host
  host=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["external_host"])' "$DIR/adplan.json")
  sed -i "s|\"[^\"]*/$host.crt\"|\"$w/leaf.crt\"|; s|\"[^\"]*/$host.key\"|\"$w/leaf.key\"|" "$DIR/run/nginx.conf"
}

apply_fault() {
  local d zone conf=$DIR/run/nginx.conf w
  d=$(domain)
  zone=$DIR/run/bind/$d.zone
  case $FAULT in
    "") return ;;
    cert-missing-name) replace_certificate "$(issue missing "mail.$d" "DNS:mail.$d")" ;;
    cert-expired)
      replace_certificate "$(issue expired "mail.$d" "DNS:mail.$d,DNS:autodiscover.$d" "$DIR/ca" \
        -startdate 20200101000000Z -enddate 20210101000000Z)" ;;
    cert-untrusted)
      mkdir -p "$DIR/run/other-ca"
      openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$DIR/run/other-ca/ca.key" \
        -out "$DIR/run/other-ca/ca.crt" -days 30 -subj "/CN=Some Other CA" \
        -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign 2>/dev/null
      replace_certificate "$(issue untrusted "mail.$d" "DNS:mail.$d,DNS:autodiscover.$d" "$DIR/run/other-ca")" ;;
    cert-weak)
      replace_certificate "$(LAB_KEY=rsa:1024 LAB_MD=sha1 issue weak "mail.$d" "DNS:mail.$d,DNS:autodiscover.$d")"
      # nginx's OpenSSL refuses to load such a key at its default security level, as a
      # neglected server would not: lower it so the server offers what verify must name.
      sed -i 's/^\( *\)ssl_protocols .*/&\n\1ssl_ciphers "DEFAULT:@SECLEVEL=0";/' "$conf" ;;
    srv-missing) sed -i '/IN SRV/d' "$zone" ;;
    srv-port) sed -i 's/\(IN SRV [0-9]* [0-9]*\) 443 /\1 8443 /' "$zone" ;;
    redirect-http) sed -i 's|return 302 "https://|return 302 "http://|' "$conf" ;;
    root-cert)
      # A web host's shared certificate on the bare domain (the root-domain trap).
      w=$(issue root "shared.webhost.example" "DNS:shared.webhost.example,DNS:www.webhost.example")
      echo "$d. 3600 IN A 127.0.0.4" >>"$zone"
      sed -i '$d' "$conf"   # the closing brace of http { }
      cat >>"$conf" <<EOF
server {
    listen "127.0.0.4:443" ssl;
    ssl_certificate "$w/leaf.crt";
    ssl_certificate_key "$w/leaf.key";
    ssl_protocols TLSv1.2 TLSv1.3;
    location / { return 200 "shared hosting\n"; }
}
}
EOF
      ;;
    wrong-address) sed -i "s/^\(autodiscover\.$d\. [0-9]* IN A\) .*/\1 127.0.0.9/" "$zone" ;;
    nothing-listening) sed -i 's/listen "127\.[0-9.]*:443" ssl;/listen "127.0.0.9:443" ssl;/' "$conf" ;;
    post-404) sed -i 's|try_files /.adplan-no-such-file @autodiscover_response;|return 404;|' "$conf" ;;
    ews-mismatch) sed -i "s|<EwsUrl>https://mail.$d/EWS/Exchange.asmx</EwsUrl>|<EwsUrl>https://cas01.$d/EWS/Exchange.asmx</EwsUrl>|g" "$conf" ;;
    mapi-dead-path)
      # Issue 22: a wrong path behind IIS still answers 401 without credentials; with them, 404.
      sed -i 's|/mapi/emsmdb/|/mapi/mailstore/|g' "$conf"
      python3 - "$conf" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p).read()
htpasswd = re.search(r'auth_basic_user_file ("[^"]*");', s).group(1)
dead = ('    location ~* ^/mapi/mailstore(/|$) {\n        auth_basic "Exchange";\n'
        f'        auth_basic_user_file {htpasswd};\n'
        '        try_files /.adplan-no-such-file @adplan_lab_dead;\n    }\n'
        '    location @adplan_lab_dead {\n        return 404;\n    }\n')
s, n = re.subn(r'(?m)^(    location ~\* \^/\(EWS\|)', lambda m: dead + m.group(1), s)
if n == 0:
    sys.exit("lab: mapi-dead-path: no service location to put the dead path before")
open(p, "w").write(s)
PY
      ;;
    mapi-internal-drift)
      w=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["external_host"])' "$DIR/adplan.json")
      grep -q '<InternalUrl>https://[^/<]*/mapi/' "$conf" || die "mapi-internal-drift: no mapiHttp InternalUrl in the answer"
      sed -i "s|<InternalUrl>https://[^/<]*/mapi/|<InternalUrl>https://$w/mapi/|g" "$conf" ;;
    *) mobile_fault "$FAULT" || apply_outlook_fault || mail_fault "$FAULT" || dane_fault "$FAULT" ||
      die "--break $FAULT: unknown fault; one of: $(faults | awk '{print $1}' | tr '\n' ' ')" ;;
  esac
  log "broken on purpose: $FAULT"
}

# Wait until a TCP port accepts (at most ~5 s).
wait_port() {
  local host=$1 port=$2 i
  for i in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then return 0; fi
    sleep 0.05
  done
  return 1
}

# nginx is up when any address it listens on accepts (a fault may have moved one away).
wait_nginx() {
  local i a
  local addrs
  addrs=$(grep -o 'listen "[0-9.]*:[0-9]*"' "$DIR/run/nginx.conf" | sed 's/listen "//; s/"//')
  for i in $(seq 1 100); do
    for a in $addrs; do
      if (exec 3<>"/dev/tcp/${a%:*}/${a##*:}") 2>/dev/null; then return 0; fi
    done
    sleep 0.05
  done
  return 1
}

# The servers this lab started (direct children). Global: the EXIT trap runs after
# inside() has returned, when its locals are gone.
LAB_PIDS=()
stop_servers() {
  local p
  for p in "${LAB_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${LAB_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  LAB_PIDS=()
}

# Runs inside the new network namespace: servers as direct children, stopped on every exit.
inside() {
  local status=0 ip
  trap stop_servers EXIT
  trap 'exit 130' INT TERM
  ip link set lo up
  for ip in 127.0.0.2 127.0.0.3 127.0.0.4 127.0.0.6 127.0.0.7 $(plan_addresses); do
    if [[ $ip == 127.* ]]; then ip addr add "$ip/8" dev lo 2>/dev/null || true; else ip addr add "$ip/32" dev lo 2>/dev/null || true; fi
  done
  rm -rf "$DIR/run"
  mkdir -p "$DIR/run"
  write_named_conf
  write_nginx_conf
  outlook_lab_conf  # tools/lab/outlook.sh (issue 11)
  mobile_conf       # tools/lab/lab_mobile.sh (issue 12)
  mail_conf         # tools/lab/mail.sh (issue 23)
  apply_fault
  dane_zones  # tools/lab/dane.sh (issue 27): TLSA records, zones signed
  named-checkzone -q "$(domain)" "$DIR/run/bind/$(domain).zone" || die "the lab zone does not load"
  named -g -u root -c "$DIR/run/named.conf" >"$DIR/run/named.log" 2>&1 &
  LAB_PIDS+=($!)
  nginx -p "$DIR/run/" -c "$DIR/run/nginx.conf" -e "$DIR/run/nginx-error.log" -g 'daemon off;' >"$DIR/run/nginx.log" 2>&1 &
  LAB_PIDS+=($!)
  wait_port 127.0.0.1 53 || { cat "$DIR/run/named.log" >&2; die "BIND did not start"; }
  wait_nginx || { cat "$DIR/run/nginx-error.log" >&2; die "nginx did not start"; }
  mail_start  # Postfix and Dovecot where the plan has mail doors (tools/lab/mail.sh)
  echo "nameserver 127.0.0.1" >"$DIR/run/resolv.conf"
  # Only in a mount namespace of our own: never over the machine's resolv.conf.
  if [[ ${LAB_MOUNT_NS:-0} == 1 && -e /etc/resolv.conf ]]; then
    mount --bind "$DIR/run/resolv.conf" /etc/resolv.conf 2>/dev/null || log "could not point /etc/resolv.conf at the lab"
  fi
  export LAB_DNS=127.0.0.1:53 LAB_CA=$DIR/ca/ca.crt LAB_USER=test LAB_PASSWORD_FILE=$DIR/password
  export LAB_EMAIL=${LAB_EMAIL:-test@$(domain)} LAB_O365 LAB_MAIL LAB_TRUST_ANCHOR
  "$@" || status=$?
  stop_servers
  return "$status"
}

# A network namespace (tests/netns.sh, installed beside this script as netns.sh), and if one can
# be made a mount namespace so the lab's resolv.conf points every client in it (curl, python, a
# shell) at the lab's BIND; without it, clients use --dns-server "$LAB_DNS".
namespace_runner() {
  if [[ -f $HERE/netns.sh ]]; then source "$HERE/netns.sh"; else source "$SRC/tests/netns.sh"; fi
  if netns_command -m || netns_command; then
    echo "${NETNS[*]}"
  else
    die "no private network namespace can be made here ($NETNS_REASON): the lab needs one to use 127.0.0.0/8"
  fi
}

down() {
  local f p
  for f in "$DIR/run/named.pid" "$DIR/out/nginx/nginx.pid"; do
    [[ -f $f ]] || continue
    p=$(cat "$f")
    if [[ -n $p ]] && kill -0 "$p" 2>/dev/null; then kill "$p" && log "stopped $p ($f)"; fi
  done
}

main() {
  local cmd=${1:-}
  shift || true
  while [[ $# -gt 0 ]]; do
    case $1 in
      --adplan) ADPLAN=$(realpath "$2"); shift 2 ;;
      --break) FAULT=$2; shift 2 ;;
      *) break ;;
    esac
  done
  case $cmd in
    faults) faults; return ;;
    __inside) DIR=$1; shift; [[ ${1:-} == -- ]] && shift; find_adplan; inside "$@"; return ;;
  esac
  [[ $# -ge 1 ]] || die "usage: lab.sh prepare|run|up|down [--adplan PATH] [--break FAULT] DIR [-- CMD...]"
  DIR=$(realpath "$1")
  shift
  find_adplan
  case $cmd in
    prepare) prepare ;;
    run)
      [[ ${1:-} == -- ]] && shift
      [[ $# -ge 1 ]] || die "run: give the command to run inside the lab after --"
      [[ -f $DIR/out/nginx/lab.conf ]] || prepare
      # shellcheck disable=SC2046
      ns=$(namespace_runner) || exit 2
      # shellcheck disable=SC2086
      ADPLAN=$ADPLAN LAB_MOUNT_NS=$([[ " $ns " == *" -m "* ]] && echo 1 || echo 0) exec $ns bash "$HERE/lab.sh" __inside --break "$FAULT" "$DIR" -- "$@"
      ;;
    up)
      [[ -f $DIR/out/nginx/lab.conf ]] || prepare
      log "lab up: BIND on 127.0.0.1:53, nginx on the plan's addresses; leave the shell to take it down"
      # shellcheck disable=SC2046
      ns=$(namespace_runner) || exit 2
      # shellcheck disable=SC2086
      ADPLAN=$ADPLAN LAB_MOUNT_NS=$([[ " $ns " == *" -m "* ]] && echo 1 || echo 0) exec $ns bash "$HERE/lab.sh" __inside --break "$FAULT" "$DIR" -- "${SHELL:-bash}" -i
      ;;
    down) down ;;
    *) die "unknown command \"$cmd\": prepare, run, up, down or faults" ;;
  esac
}

main "$@"
