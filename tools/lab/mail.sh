# The lab's mail doors (issue 23), sourced by lab.sh: real Postfix (SMTP 25 with STARTTLS,
# submission 587) and real Dovecot (IMAP 993 and 143 with STARTTLS, POP 995 and 110 with STLS)
# from the Debian packages, with the planned certificate, as direct children of the lab and
# stopped with it; the MTA-STS policy served by the lab's nginx with the policy host's own
# certificate. A plan without doors starts nothing.
#
# Both servers drop privileges to their own users, so they need real root: in a user namespace
# (unshare -rn) mail_start says why and the lab goes on without them (LAB_MAIL=0; the e2e test
# skips). Postfix refuses a configuration directory its default main.cf does not name, so it runs
# with its default paths inside the lab's mount namespace: a scratch /etc/postfix and
# /var/spool/postfix are bind-mounted over the machine's (never touched).

LAB_MAIL=0

mail_faults() {
  cat <<'EOF'
smtp-old-cert       SMTP still presents the previous certificate (a renewal that reached only IIS)
smtp-no-starttls    Postfix does not offer STARTTLS
mx-name-enforce     the MX presents a certificate without its name while the policy says enforce
policy-mx-missing   the MTA-STS policy's mx lines leave one MX out
policy-invalid      the MTA-STS policy has no version line and an unknown mode (RFC 8461 3.2)
sts-id-missing      no _mta-sts TXT record: senders never fetch the policy
imap-self-signed    Dovecot presents a self-signed certificate
mx-tarpit           a second MX (tarpit.<domain>) accepts connections and never answers
EOF
}

# The plan's doors, certificates and MTA-STS, as shell-friendly lines in $DIR/run/mail/doors.txt:
#   door KIND HOST PORT TLS CERT_BASENAME
#   mx HOST
#   sts DOMAIN POLICY_FILE CERT_BASENAME
mail_conf() {
  mkdir -p "$DIR/run/mail"
  plan_json >"$DIR/run/mail/plan.json"
  python3 - "$DIR" <<'PY'
import json, os, sys
lab = sys.argv[1]
run = os.path.join(lab, "run", "mail")
plan = json.load(open(os.path.join(run, "plan.json")))
certs = {c["key"]: c for c in plan.get("certificates", [])}
def cert_for(host, key=None):
    if key and key in certs:
        return certs[key]["common_name"]
    for c in plan.get("certificates", []):
        if host in c.get("sans", []):
            return c["common_name"]
    return ""
lines = []
for d in plan.get("doors", []):
    lines.append(f'door {d["door"]} {d["host"]} {d["port"]} {d["tls"]} {cert_for(d["host"], d.get("certificate"))}')
for h in plan.get("mx", []):
    lines.append(f"mx {h}")
for m in plan.get("mta_sts", []):
    policy = os.path.join(run, "mta-sts." + m["domain"] + ".txt")
    open(policy, "w", newline="").write(m["policy"])
    lines.append(f'sts {m["domain"]} {policy} {cert_for(m["policy_host"], m.get("certificate"))}')
open(os.path.join(run, "doors.txt"), "w").write("\n".join(lines) + "\n")
PY
  grep -q '^door ' "$DIR/run/mail/doors.txt" || return 0
  mail_sts_conf
}

# The MTA-STS policy on the lab's nginx (unless the rendered configuration serves it already) and
# the DNS names the lab zone lacks: the MX records, mta-sts.<domain>, _mta-sts and _smtp._tls.
mail_sts_conf() {
  local zone conf=$DIR/run/nginx.conf d kind host policy cert ip
  d=$(domain)
  zone=$DIR/run/bind/$d.zone
  ip=$(awk -v h="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["external_host"])' "$DIR/adplan.json")." \
    '$1 == h && $3 == "IN" && $4 == "A" { print $5; exit }' "$zone")
  ip=${ip:-127.0.0.2}
  local pref=10
  while read -r kind host _; do
    [[ $kind == mx ]] || continue
    grep -Eq "^$d\\.? .*IN MX .* $host\\.?$" "$zone" || echo "$d. 3600 IN MX $pref $host." >>"$zone"
    pref=$((pref + 10))
  done <"$DIR/run/mail/doors.txt"
  while read -r kind host policy cert; do
    [[ $kind == sts ]] || continue
    grep -q "^mta-sts\\.$host\\.* .*IN A" "$zone" || echo "mta-sts.$host. 3600 IN A $ip" >>"$zone"
    grep -q "^_mta-sts\\.$host" "$zone" ||
      echo "_mta-sts.$host. 3600 IN TXT \"$(python3 -c 'import json,sys
p = json.load(open(sys.argv[1]))
print(next(m["sts_record"] for m in p["mta_sts"] if m["domain"] == sys.argv[2]))' "$DIR/run/mail/plan.json" "$host")\"" >>"$zone"
    grep -q "mta-sts\\.$host" "$conf" && continue
    sed -i '$d' "$conf"  # the closing brace of http { }
    cat >>"$conf" <<EOF
server {
    listen "$ip:443" ssl;
    server_name mta-sts.$host;
    ssl_certificate "$DIR/pki/$cert.crt";
    ssl_certificate_key "$DIR/pki/$cert.key";
    ssl_protocols TLSv1.2 TLSv1.3;
    location = /.well-known/mta-sts.txt { default_type text/plain; alias "$policy"; }
}
}
EOF
  done <"$DIR/run/mail/doors.txt"
}

# --break for the mail doors; returns 1 for a fault that is not one of these.
mail_fault() {
  local m=$DIR/run/mail w d
  d=$(domain)
  case $1 in
    smtp-old-cert)
      # The previous certificate: the same names from the same CA, another key and serial.
      w=$(issue previous "mail.$d" "$(mail_sans)")
      echo "smtp $w/leaf.crt $w/leaf.key" >"$m/override" ;;
    smtp-no-starttls) echo "no-starttls" >"$m/override" ;;
    mx-name-enforce)
      w=$(issue noname "other.$d" "DNS:other.$d")
      echo "smtp $w/leaf.crt $w/leaf.key" >"$m/override" ;;
    policy-mx-missing)
      # The last mx line names a host that is no MX: the policy stays valid and leaves that MX out.
      local p
      for p in "$m"/mta-sts.*.txt; do
        python3 - "$p" <<'PY'
import sys
lines = open(sys.argv[1], newline="").read().splitlines(keepends=True)
last = max(i for i, l in enumerate(lines) if l.startswith("mx: "))
lines[last] = "mx: elsewhere.example.net" + lines[last][len(lines[last].rstrip("\r\n")):]
open(sys.argv[1], "w", newline="").write("".join(lines))
PY
      done ;;
    policy-invalid)
      # Served as before (200, text/plain), but not a policy: no "version: STSv1", mode "sometimes".
      local p
      for p in "$m"/mta-sts.*.txt; do
        sed -i -e '/^version:/d' -e 's/^mode: .*/mode: sometimes\r/' "$p"
      done ;;
    sts-id-missing)
      # The TXT record goes; the policy host stays (a policy nobody is told about).
      sed -i -E '/^_mta-sts([.[:space:]])/d' "$DIR/run/bind/$d.zone" ;;
    imap-self-signed)
      mkdir -p "$m/self"
      openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$m/self/leaf.key" \
        -out "$m/self/leaf.crt" -days 30 -subj "/CN=mail.$d" -addext "subjectAltName=$(mail_sans)" 2>/dev/null
      echo "imap $m/self/leaf.crt $m/self/leaf.key" >"$m/override" ;;
    mx-tarpit)
      echo "$d. 3600 IN MX 30 tarpit.$d." >>"$DIR/run/bind/$d.zone"
      echo "tarpit.$d. 3600 IN A 127.0.0.7" >>"$DIR/run/bind/$d.zone"
      : >"$m/tarpit" ;;
    *) return 1 ;;
  esac
}

# The subjectAltName of the external host's planned certificate, in openssl's form.
mail_sans() {
  python3 - "$DIR/run/mail/plan.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
ext = p["external_host"]
c = next((c for c in p["certificates"] if ext in c["sans"]), p["certificates"][0])
print(",".join("DNS:" + n for n in c["sans"]))
PY
}

# The certificate and key a door kind presents: the planned one, or the fault's.
mail_cert() {
  local kind=$1 cert=$2 o=$DIR/run/mail/override
  if [[ -f $o ]] && read -r k c key <"$o" && [[ $k == "$kind" ]]; then
    echo "$c $key"
  else
    echo "$DIR/pki/$cert.crt $DIR/pki/$cert.key"
  fi
}

mail_start() {
  [[ -s $DIR/run/mail/doors.txt ]] && grep -q '^door ' "$DIR/run/mail/doors.txt" || return 0
  if [[ $(id -u) -ne 0 ]] || ! grep -q '^ *0 *0 ' /proc/self/uid_map || [[ ${LAB_MOUNT_NS:-0} != 1 ]]; then
    log "mail doors not started: Postfix and Dovecot drop privileges to their own users and need real root in a mount namespace"
    return 0
  fi
  local tag kind cert smtp_cert="" imap_cert="" pop_cert="" crt key
  while read -r tag kind _ _ _ cert; do
    [[ $tag == door ]] || continue
    case $kind in
      smtp | submission) smtp_cert=${smtp_cert:-$cert} ;;
      imap) imap_cert=${imap_cert:-$cert} ;;
      pop) pop_cert=${pop_cert:-$cert} ;;
    esac
  done <"$DIR/run/mail/doors.txt"
  if [[ -n $smtp_cert ]]; then mail_postfix $(mail_cert smtp "$smtp_cert") || return 1; fi
  if [[ -n $imap_cert$pop_cert ]]; then
    read -r crt key < <(mail_cert imap "${imap_cert:-$pop_cert}")
    mail_dovecot "$crt" "$key" "$([[ -n $imap_cert ]] && echo imap) $([[ -n $pop_cert ]] && echo pop3)" || return 1
  fi
  if [[ -f $DIR/run/mail/tarpit ]]; then  # --break mx-tarpit: accepts on 127.0.0.7:25, never says a word
    python3 -c 'import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.7", 25)); s.listen(64)
held = []
while True: held.append(s.accept()[0])' &
    LAB_PIDS+=($!)
  fi
  LAB_MAIL=1
}

mail_postfix() {
  local crt=$1 key=$2 p=$DIR/run/mail/postfix tls=may i
  mkdir -p "$p/etc" "$p/spool" "$p/data"
  cp -a /etc/postfix/. "$p/etc/"
  # data_directory holds master.lock: the machine's /var/lib/postfix is shared by every lab running
  # at once (ctest -j), so each lab gets its own, owned by postfix as the daemons want it.
  chown postfix "$p/data"
  [[ -f $DIR/run/mail/override && $(cat "$DIR/run/mail/override") == no-starttls ]] && tls=none
  # Postfix listens on the doors' address only: the tarpit MX (--break mx-tarpit) owns 127.0.0.7:25.
  cat >"$p/etc/main.cf" <<EOF
compatibility_level = 3.6
myhostname = $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["external_host"])' "$DIR/adplan.json")
inet_interfaces = 127.0.0.2
inet_protocols = ipv4
mydestination =
smtpd_tls_cert_file = $crt
smtpd_tls_key_file = $key
smtpd_tls_security_level = $tls
maillog_file = /dev/stdout
EOF
  sed -i 's/^#submission inet/submission inet/' "$p/etc/master.cf"
  mount --bind "$p/etc" /etc/postfix && mount --bind "$p/spool" /var/spool/postfix &&
    mount --bind "$p/data" /var/lib/postfix || die "cannot mount the lab's Postfix directories"
  postfix start-fg >"$p/postfix.log" 2>&1 &
  LAB_PIDS+=($!)
  for i in $(seq 1 200); do
    if (exec 3<>/dev/tcp/127.0.0.2/25) 2>/dev/null && (exec 3<>/dev/tcp/127.0.0.2/587) 2>/dev/null; then
      # The master may outlive the start-fg script when that is killed: stop it by its own pid too,
      # so no Postfix is left behind when the lab ends.
      [[ -s $p/spool/pid/master.pid ]] && LAB_PIDS+=($(tr -dc 0-9 <"$p/spool/pid/master.pid"))
      return 0
    fi
    sleep 0.05
  done
  cat "$p/postfix.log" >&2
  die "Postfix did not start"
}

mail_dovecot() {
  local crt=$1 key=$2 protocols=$3 v=$DIR/run/mail/dovecot i
  mkdir -p "$v/base" "$v/state"
  # Dovecot's login processes (user dovenull) reach base_dir: over /var/lib/dovecot by a bind mount
  # in the lab's mount namespace, whatever the permissions above the lab directory.
  mount --bind "$v" /var/lib/dovecot || die "cannot mount the lab's Dovecot directory"
  cat >"$v/dovecot.conf" <<EOF
protocols = $protocols
listen = *
base_dir = /var/lib/dovecot/base
state_dir = /var/lib/dovecot/state
log_path = /var/lib/dovecot/dovecot.log
ssl = yes
ssl_cert = <$crt
ssl_key = <$key
# A certificate check only: no mailbox, no password that could ever match.
passdb {
  driver = static
  args = password=$(openssl rand -hex 24)
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=/nonexistent
}
service imap-login {
  inet_listener imap {
    port = 143
  }
  inet_listener imaps {
    port = 993
    ssl = yes
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 110
  }
  inet_listener pop3s {
    port = 995
    ssl = yes
  }
}
EOF
  dovecot -F -c "$v/dovecot.conf" >"$v/dovecot.out" 2>&1 &
  LAB_PIDS+=($!)
  local port=993
  [[ $protocols == *imap* ]] || port=995
  for i in $(seq 1 200); do
    (exec 3<>"/dev/tcp/127.0.0.2/$port") 2>/dev/null && return 0
    sleep 0.05
  done
  cat "$v/dovecot.out" /var/lib/dovecot/dovecot.log >&2 2>/dev/null
  die "Dovecot did not start"
}
