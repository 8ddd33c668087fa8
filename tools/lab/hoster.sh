#!/usr/bin/env bash
# A hoster's lab: one front end (the lab's nginx, a scenario-2 plan for contoso.com whose external
# host is mail.contoso.com) and N tenant domains in one BIND, each with its own SRV record
# _autodiscover._tcp.<tenant> -> mail.contoso.com:443, as a hoster publishes them. The tenants
# live in one zone ("example": tenant-000001.example ... ; written in one pass, loads in seconds
# even at 100,000), or with --zone-per-tenant each in a zone of its own (tenant-000001.example ...,
# as most hosters serve them; BIND loads 10,000 such zones in about a second, in 140 MB), three of
# them broken on purpose:
#   tenant-000007.example  no SRV record                   (dns.srv-missing)
#   tenant-000042.example  the SRV record names port 8443  (dns.srv-port)
#   tenant-000099.example  the SRV record names a host the plan does not (dns.srv-target)
#
#   tools/lab/hoster.sh prepare [--adplan PATH] [--tenants N] [--zone-per-tenant] DIR
#                                         the plan, the lab (lab.sh prepare), the tenant zone(s),
#                                         DIR/tenants.txt and DIR/broken.txt
#   tools/lab/hoster.sh run [--adplan PATH] DIR -- CMD [ARG]...      lab.sh run: BIND and nginx up, CMD inside
# The per-tenant zones live in DIR/tenant-zones/, named.conf's statements for them in
# DIR/tenant-zones.conf, which `run` hands to lab.sh (LAB_NAMED_INCLUDE); BIND reads them in place.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ADPLAN=${ADPLAN:-}
TENANTS=1000
ZONE_PER_TENANT=0
die() { echo "hoster: error: $*" >&2; exit 2; }

prepare() {
  mkdir -p "$DIR"
  [[ $TENANTS =~ ^[0-9]+$ && $TENANTS -ge 100 ]] || die "--tenants: a number, at least 100 (the broken ones are 7, 42 and 99)"
  if [[ ! -f $DIR/adplan.json ]]; then
    "$ADPLAN" init --scenario 2 --yes --ca internal --public-ip 127.0.0.2 --server CAS01,cas01.contoso.com,127.0.0.2 \
      --domain contoso.com -o "$DIR/adplan.json" >/dev/null
  fi
  bash "$HERE/lab.sh" prepare --adplan "$ADPLAN" "$DIR" >/dev/null
  rm -rf "$DIR/tenant-zones" "$DIR/tenant-zones.conf"
  python3 - "$DIR" "$TENANTS" "$ZONE_PER_TENANT" <<'PY'
import sys, pathlib
d, n, per_tenant = pathlib.Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "1"
broken = {7: "no-srv", 42: "port-8443", 99: "other-host"}
head = ["$TTL 3600",
        "@ IN SOA ns1.contoso.com. hostmaster.contoso.com. 1 3600 600 604800 300",
        "@ IN NS ns1.contoso.com."]
lines = head + ["mail.elsewhere IN A 127.0.0.2"]
names = []
if per_tenant:
    zones = d / "tenant-zones"
    zones.mkdir()
    conf = []
for i in range(1, n + 1):
    t = f"tenant-{i:06d}"
    names.append(t + ".example")
    kind = broken.get(i)
    # The tenant's own records, relative to "example" (one zone) or to the tenant's zone.
    owner = t if not per_tenant else "@"
    srv = "_autodiscover._tcp" + ("." + t if not per_tenant else "")
    if kind == "no-srv":
        records = [f"{owner} IN TXT \"v=spf1 -all\""]
    elif kind == "port-8443":
        records = [f"{srv} IN SRV 0 0 8443 mail.contoso.com."]
    elif kind == "other-host":
        records = [f"{srv} IN SRV 0 0 443 mail.elsewhere.example."]
    else:
        records = [f"{srv} IN SRV 0 0 443 mail.contoso.com."]
    if per_tenant:
        path = zones / f"{t}.example.zone"
        path.write_text("\n".join(head + records) + "\n")
        conf.append(f'zone "{t}.example" {{ type primary; file "{path}"; }};')
    else:
        lines += records
(d / "out/dns/zones/external/example.zone").write_text("\n".join(lines) + "\n")
if per_tenant:
    (d / "tenant-zones.conf").write_text("\n".join(conf) + "\n")
(d / "tenants.txt").write_text("# the hoster's tenants\n" + "\n".join(names) + "\n")
(d / "broken.txt").write_text("".join(f"tenant-{i:06d}.example {k}\n" for i, k in broken.items()))
PY
  echo "hoster: $TENANTS tenants in $DIR/tenants.txt ($([[ $ZONE_PER_TENANT == 1 ]] && echo "one zone each" || echo "one zone")), broken on purpose: $(cut -d' ' -f1 "$DIR/broken.txt" | tr '\n' ' ')" >&2
}

cmd=${1:-}
shift || true
while [[ $# -gt 0 ]]; do
  case $1 in
    --adplan) ADPLAN=$(realpath "$2"); shift 2 ;;
    --tenants) TENANTS=$2; shift 2 ;;
    --zone-per-tenant) ZONE_PER_TENANT=1; shift ;;
    *) break ;;
  esac
done
[[ $# -ge 1 ]] || die "usage: hoster.sh prepare|run [--adplan PATH] [--tenants N] [--zone-per-tenant] DIR [-- CMD...]"
DIR=$(realpath -m "$1")
shift
if [[ -z $ADPLAN ]]; then
  ADPLAN=$(command -v adplan || ls "$HERE"/../../build*/tools/adplan/adplan 2>/dev/null | head -1)
fi
[[ -x $ADPLAN ]] || die "no adplan binary: pass --adplan PATH"
case $cmd in
  prepare) prepare ;;
  run)
    # The per-tenant zones of prepare --zone-per-tenant, beside whatever the caller includes.
    if [[ -f $DIR/tenant-zones.conf ]]; then
      export LAB_NAMED_INCLUDE="${LAB_NAMED_INCLUDE:+$LAB_NAMED_INCLUDE }$DIR/tenant-zones.conf"
    fi
    exec bash "$HERE/lab.sh" run --adplan "$ADPLAN" "$DIR" "$@"
    ;;
  *) die "unknown command \"$cmd\": prepare or run" ;;
esac
