# DANE (issue 27), sourced by lab.sh: where the plan has "dane", the lab publishes the TLSA records
# `adplan dns` computes from the key files (the next key's too, after `adplan csr --next-key`) and
# signs every zone it serves with BIND's dnssec-keygen and dnssec-signzone (a KSK and a ZSK,
# ECDSA P-256), so a validating resolver can check them. The DS of each zone goes to
# $DIR/run/trust-anchor (LAB_TRUST_ANCHOR): `adplan verify --dnssec-trust-anchor "$LAB_TRUST_ANCHOR"`.

dane_faults() {
  cat <<'EOF2'
dane-key-changed    the SMTP door presents a new key that no TLSA record names (a renewal without key reuse)
dane-unsigned       the zone is served unsigned: senders ignore its TLSA records (contoso.com under no trust anchor)
dane-bogus          the TLSA record was changed after signing: its signature no longer verifies
EOF2
}

dane_planned() {
  python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1])).get("dane") else 1)' "$DIR/adplan.json"
}

dane_fault() {
  local d w
  d=$(domain)
  case $1 in
    dane-key-changed)
      # Same names, same CA, another key: what a renewal without --reuse-key brings.
      w=$(issue dane-new-key "mail.$d" "$(mail_sans)")
      echo "smtp $w/leaf.crt $w/leaf.key" >"$DIR/run/mail/override" ;;
    dane-unsigned | dane-bogus) ;;  # dane_zones does these
    *) return 1 ;;
  esac
}

# After apply_fault: the TLSA records appended to their zones, then every zone signed (unless the
# fault serves it unsigned) and named.conf pointed at the signed files.
dane_zones() {
  dane_planned || return 0
  local run=$DIR/run z name key ksk
  "$ADPLAN" dns --plan "$DIR/adplan.json" --pki "$DIR/pki" --format json >"$run/dane-dns.json" 2>"$run/dane-dns.err" ||
    die "adplan dns (TLSA records): $(cat "$run/dane-dns.err")"
  python3 - "$run/dane-dns.json" "$run/bind" <<'PY'
import json, os, sys
doc, bind = json.load(open(sys.argv[1])), sys.argv[2]
for z in doc["zones"]:
    path = os.path.join(bind, z["name"] + ".zone")
    lines = [f'{r["name"]} {r["ttl"]} IN TLSA {r["value"]}\n' for r in z["records"] if r["type"] == "TLSA"]
    if lines and os.path.exists(path):
        open(path, "a").write("".join(lines))
PY
  grep -q ' IN TLSA ' "$run"/bind/*.zone || log "dane: no TLSA record to publish (no key yet?): $(cat "$run/dane-dns.err")"
  : >"$run/trust-anchor"
  if [[ ${FAULT:-} == dane-unsigned ]]; then
    # Unsigned: the resolver gets an anchor for a zone of its own only, so the lab's zones are
    # outside every trust anchor -- "insecure", as a zone without DS under a signed parent is.
    mkdir -p "$run/keys/unrelated"
    key=$(dnssec-keygen -q -K "$run/keys/unrelated" -a ECDSAP256SHA256 -f KSK lab.invalid)
    dnssec-dsfromkey -2 "$run/keys/unrelated/$key.key" >>"$run/trust-anchor"
    export LAB_TRUST_ANCHOR=$run/trust-anchor
    log "dane: zones served unsigned"
    return 0
  fi
  for z in "$run"/bind/*.zone; do
    name=$(basename "$z" .zone)
    mkdir -p "$run/keys/$name"
    ksk=$(dnssec-keygen -q -K "$run/keys/$name" -a ECDSAP256SHA256 -f KSK "$name")
    dnssec-keygen -q -K "$run/keys/$name" -a ECDSAP256SHA256 "$name" >/dev/null
    dnssec-signzone -q -K "$run/keys/$name" -d "$run/keys/$name" -S -O full -o "$name" -f "$z.signed" "$z" >/dev/null ||
      die "dnssec-signzone failed for $name"
    dnssec-dsfromkey -2 "$run/keys/$name/$ksk.key" >>"$run/trust-anchor"
    sed -i "s|file \"$z\";|file \"$z.signed\";|" "$run/named.conf"
  done
  if [[ ${FAULT:-} == dane-bogus ]]; then
    # One hex digit of each TLSA record changed after signing: the RRSIG no longer verifies.
    python3 - "$run"/bind/*.zone.signed <<'PY'
import re, sys
for path in sys.argv[1:]:
    text = open(path).read()
    def flip(m):
        c = m.group(2)
        return m.group(1) + ("1" if c != "1" else "2")
    text = re.sub(r"(IN\s+TLSA\s+\d+ \d+ \d+ )([0-9A-Fa-f])", flip, text)
    open(path, "w").write(text)
PY
  fi
  named-checkconf "$run/named.conf"
  # The same anchors in named.conf's form, for BIND's delv (an independent validator in tests).
  awk 'BEGIN { print "trust-anchors {" } $3 == "DS" { printf "  %s initial-ds %s %s %s \"%s\";\n", $1, $4, $5, $6, $7 }
       END { print "};" }' "$run/trust-anchor" >"$run/trust-anchor.conf"
  export LAB_TRUST_ANCHOR=$run/trust-anchor
  log "dane: zones signed; trust anchor in $run/trust-anchor"
}
