# Helpers to run slapd directories for tests, as direct children, in the caller's
# (private) network namespace. Source it; call slapd_start DIR SUFFIX PORT LDIF; slapd_stop_all.
SLAPD_PIDS=()

slapd_start() {
  local dir=$1 suffix=$2 port=$3 ldif=$4
  mkdir -p "$dir/db"
  cat >"$dir/rootdse.ldif" <<EOT
dn:
configurationNamingContext: CN=Configuration,$suffix
EOT
  cat >"$dir/slapd.conf" <<EOT
${SLAPD_EXTRA_CONF:-}
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include $SLAPD_SCHEMA
pidfile $dir/slapd.pid
argsfile $dir/slapd.args
modulepath /usr/lib/ldap
moduleload back_mdb
rootDSE $dir/rootdse.ldif
sizelimit 500
database mdb
maxsize 10485760
suffix "$suffix"
rootdn "cn=admin,$suffix"
rootpw lab-secret
directory $dir/db
access to * by * read
EOT
  slapadd -q -f "$dir/slapd.conf" -l "$ldif" || return 1
  slapd -d 0 -h "${SLAPD_URLS:-ldap://127.0.0.1:$port/}" -f "$dir/slapd.conf" >"$dir/slapd.log" 2>&1 &
  SLAPD_PIDS+=($!)
  # Ready when it answers the RootDSE (about 0.15 s).
  for _ in $(seq 1 100); do
    ldapsearch -x -H "ldap://127.0.0.1:$port/" -s base -b "" configurationNamingContext >/dev/null 2>&1 && return 0
    sleep 0.05
  done
  echo "slapd on port $port did not start:" >&2; cat "$dir/slapd.log" >&2
  return 1
}

slapd_stop_all() {
  local p
  for p in "${SLAPD_PIDS[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${SLAPD_PIDS[@]}"; do wait "$p" 2>/dev/null; done
  SLAPD_PIDS=()
}
