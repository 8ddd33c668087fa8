#!/usr/bin/env bash
# nginx accepts every configuration adplan renders for a plan on loopback addresses (nginx -t
# binds the listen addresses), and the lab mode really answers like Exchange: 401 with
# WWW-Authenticate without credentials, the plan's response with them, on either case of the
# path; scenario 4's port-80 site answers with a 302 to the plan's Autodiscover URL.
# Each nginx runs in its own network namespace (tests/netns.sh: netns_run), so nothing clashes;
# without namespaces the test is skipped (77).
set -euo pipefail
ADPLAN=${1:?usage: test_render_nginx.sh path/to/adplan source-dir}
source "$(dirname "$0")/../netns.sh"
require_netns
work=$(mktemp -d "${TMPDIR:-/tmp}/adplan-nginx.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

# Throwaway certificates named as the contract says: <pki>/<common name>.crt and .key.
mkdir -p pki
for cn in mail.contoso.com autodiscover.contoso.com; do
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$cn" -addext "subjectAltName=DNS:$cn" \
    -keyout "pki/$cn.key" -out "pki/$cn.crt" 2>/dev/null
done

in_netns() { netns_run "$@"; }

for n in 1 2 3 4; do
  args=(--scenario "$n" --yes -o "s$n.json" --server CAS01,cas01.contoso.com,127.0.0.10 --public-ip 127.0.0.2)
  [ "$n" -ge 3 ] && args+=(--secondary-ip 127.0.0.11 --secondary-public-ip 127.0.0.3)
  "$ADPLAN" init "${args[@]}" >/dev/null
  prefix="$work/p$n"
  mkdir -p "$prefix"
  # The conf.d/ include, inside a minimal nginx.conf.
  "$ADPLAN" config --plan "s$n.json" --target nginx --pki pki > "$prefix/adplan.conf"
  cat > "$prefix/include.conf" <<CONF
pid $prefix/include.pid;
events { }
http {
  client_body_temp_path $prefix/body; proxy_temp_path $prefix/proxy; fastcgi_temp_path $prefix/fastcgi;
  uwsgi_temp_path $prefix/uwsgi; scgi_temp_path $prefix/scgi; access_log off;
  include $prefix/adplan.conf;
}
CONF
  "$ADPLAN" config --plan "s$n.json" --target nginx --pki pki --standalone --prefix "$prefix" > "$prefix/nginx.conf"
  "$ADPLAN" config --plan "s$n.json" --target nginx --pki pki --standalone --prefix "$prefix" \
    --serve-autodiscover > "$prefix/lab.conf"
  for conf in include.conf nginx.conf lab.conf; do
    # user root: in the namespace only root is mapped, so workers cannot switch to nobody.
    in_netns nginx -t -q -p "$prefix/" -e "$prefix/error.log" -c "$prefix/$conf" -g 'user root;' 2>"$prefix/t.log" ||
      { cat "$prefix/t.log" "$prefix/$conf" >&2; fail "scenario $n: nginx -t refused $conf"; }
  done
  grep -q "pid \"$prefix/nginx.pid\";" "$prefix/nginx.conf" || fail "scenario $n: pid not under the prefix"
done

# One server block per planned site.
[ "$(grep -c '^server {' p3/adplan.conf)" -eq 2 ] || fail "scenario 3: two sites, two server blocks"
[ "$(grep -c '^server {' p1/adplan.conf)" -eq 1 ] || fail "scenario 1: one site, one server block"

# The lab, for real: scenario 4 (redirect site) and scenario 3 (second certificate).
printf 'tester:%s\n' "$(openssl passwd -apr1 secret)" > p4/htpasswd
cp p4/htpasswd p3/htpasswd
"$ADPLAN" config --plan s4.json --target autodiscover-xml > expected4.xml
"$ADPLAN" config --plan s3.json --target autodiscover-xml > expected3.xml
cat > probe.sh <<'PROBE'
#!/usr/bin/env bash
# Runs inside the namespace: starts nginx, asks it, stops it.
set -u
prefix=$1 host=$2 ip=$3
nginx -p "$prefix/" -e "$prefix/error.log" -c "$prefix/lab.conf" -g 'daemon off; user root;' &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT
for _ in $(seq 50); do curl -sk -o /dev/null "https://$ip/" && break; sleep 0.1; done
url="https://$host/autodiscover/autodiscover.xml"
r=(--resolve "$host:443:$ip" -sk -X POST -H 'Content-Type: text/xml' --data '<Autodiscover/>')
echo "anonymous $(curl "${r[@]}" -o /dev/null -D "$prefix/h401" -w '%{http_code}' "$url")"
grep -i '^WWW-Authenticate: Basic realm="Autodiscover"' "$prefix/h401" >/dev/null && echo "challenge ok"
echo "wrong $(curl "${r[@]}" -u tester:wrong -o /dev/null -w '%{http_code}' "$url")"
echo "auth $(curl "${r[@]}" -u tester:secret -o "$prefix/body.xml" -w '%{http_code} %{content_type}' "$url")"
echo "upper $(curl "${r[@]}" -u tester:secret -o /dev/null -w '%{http_code}' "https://$host/Autodiscover/Autodiscover.xml")"
echo "other $(curl "${r[@]}" -u tester:secret -o /dev/null -w '%{http_code}' "https://$host/owa")"
if [ -n "${4:-}" ]; then
  echo "redirect $(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -H "Host: autodiscover.contoso.com" "http://$4/AutoDiscover/AutoDiscover.xml")"
fi
PROBE
in_netns bash probe.sh "$work/p4" mail.contoso.com 127.0.0.10 127.0.0.11 > lab4.txt 2>&1 || true
in_netns bash probe.sh "$work/p3" autodiscover.contoso.com 127.0.0.11 > lab3.txt 2>&1 || true
for want in "anonymous 401" "challenge ok" "wrong 401" "auth 200 text/xml; charset=utf-8" "upper 200" "other 404" \
            "redirect 302 https://mail.contoso.com/autodiscover/autodiscover.xml"; do
  grep -qxF "$want" lab4.txt || { cat lab4.txt p4/error.log >&2; fail "scenario 4 lab: expected \"$want\""; }
done
for want in "anonymous 401" "auth 200 text/xml; charset=utf-8" "upper 200"; do
  grep -qxF "$want" lab3.txt || { cat lab3.txt p3/error.log >&2; fail "scenario 3 lab: expected \"$want\""; }
done
# The served response is the rendered one (on one line), and parses to the plan's URLs.
for n in 3 4; do
  python3 - "p$n/body.xml" "expected$n.xml" <<'PY' || fail "scenario $n lab: served XML differs"
import sys, xml.etree.ElementTree as ET
def norm(path):
    return ET.tostring(ET.parse(path).getroot(), encoding="unicode").replace("\n", "").replace(" ", "")
a, b = norm(sys.argv[1]), norm(sys.argv[2])
sys.exit(0 if a == b and "<ns1:EwsUrl>https://mail.contoso.com/EWS/Exchange.asmx</ns1:EwsUrl>" in a else 1)
PY
done
echo "ok: nginx -t accepts all 12 configurations; the lab answers 401/200/302 as planned"
