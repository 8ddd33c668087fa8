#!/usr/bin/env bash
# adplan's one set-up script: installs what is missing (Debian 12, apt-get), builds, then
#   tools/bootstrap.sh demo      builds the adplan binary only and runs the main job on the
#                                built-in contoso.com example
#   tools/bootstrap.sh test      builds everything (and the ASan+UBSan build in build/asan) and runs
#                                every test through ctest
#   tools/bootstrap.sh package   builds the Debian package build/adplan_<version>_amd64.deb
#   tools/bootstrap.sh build     builds everything, runs nothing
# It leaves the machine as it found it, apart from the packages it installs: a policy-rc.d (so
# the servers the tests start themselves are not started as daemons by apt) exists only for the
# apt-get call and whatever was at /usr/sbin/policy-rc.d before is put back, content and mode,
# or removed if there was nothing. As a non-root user only apt-get runs under sudo.
# ADPLAN_BOOTSTRAP_ROOT (default /) is where policy-rc.d lives; tests point it at a scratch
# directory and put stub apt-get/dpkg-query/sudo first on PATH (tests/cli/test_bootstrap_trace.sh).
set -euo pipefail

# Build tools, libraries, the pinned formatter (tools/format.sh), and the real servers the
# end-to-end tests run.
PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libbotan-2-dev libssl-dev openssl libcurl4-openssl-dev libc-ares-dev libpugixml-dev
  nlohmann-json3-dev libkainjow-mustache-dev libidn2-dev libpsl-dev libldap-dev
  libcli11-dev doctest-dev libfmt-dev
  clang-format-16
  bind9 bind9-utils nginx-light slapd ldap-utils iproute2 procps time curl python3 python3-exchangelib python3-jsonschema
  graphviz  # dot, found at run time: render's deployment.svg, cli.test_render_dot
  # ACME (issue 14): Let's Encrypt's test CA, two real clients, and an iCalendar parser for --ics.
  pebble lego certbot python3-icalendar
  # Man pages checked with man --warnings (groff), the package built with dpkg-shlibdeps (dpkg-dev).
  man-db groff-base dpkg-dev
  # The package checks (issue 15): zsh loads the zsh completion (cli.test_completion_zsh); debootstrap
  # makes the fresh Debian root package.deb installs the .deb into; lintian checks the .deb.
  zsh debootstrap lintian
  # The hardened build (issue 22): hardening-check checks the built and the packaged binary.
  devscripts
  # Hosters (issue 13): Prometheus scrapes `adplan exporter`; dig is bench_bulk.sh's baseline.
  prometheus bind9-dnsutils
  # Mail doors (issue 23): real Postfix and Dovecot for the lab and verify's door probes.
  postfix dovecot-imapd dovecot-pop3d
  # Reports (issue 26): headless Chromium loads verify --html and plan.html (e2e.report.browser.*).
  chromium
  # Load-balanced pools (issue 24): nginx's stream module is the lab's TCP pass-through front.
  libnginx-mod-stream
  # DANE (issue 27): libunbound validates DNSSEC for verify's TLSA look-ups; dns-root-data is the
  # root trust anchor it starts from (/usr/share/dns/root.key).
  libunbound-dev dns-root-data
  # Hosters at scale (issue 25): bench_bulk.sh's ceiling, dnsperf asking BIND what adplan asks per tenant.
  dnsperf
)

missing_packages() {
  local p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
  done
}

# with_policy_rc_d CMD...: runs CMD with /usr/sbin/policy-rc.d saying "do not start daemons"
# (exit 101, Debian policy 9.3.3), then restores exactly what was there before: the same file
# with the same mode, or no file. Restored on failure and on signals too.
with_policy_rc_d() {
  local root=${ADPLAN_BOOTSTRAP_ROOT:-/}
  local file=${root%/}/usr/sbin/policy-rc.d
  local sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  local saved="" status=0
  if [[ -e $file || -L $file ]]; then
    saved=$file.adplan-bootstrap.$$
    "${sudo[@]}" cp -a "$file" "$saved"
  fi
  # shellcheck disable=SC2064 # expand now: the restore must know these paths
  trap "restore_policy_rc_d '$file' '$saved'; exit 130" INT TERM HUP
  printf '#!/bin/sh\n# adplan bootstrap: temporary, removed when apt-get returns\nexit 101\n' |
    "${sudo[@]}" tee "$file.adplan-new.$$" >/dev/null
  "${sudo[@]}" chmod 755 "$file.adplan-new.$$"
  "${sudo[@]}" mv -f "$file.adplan-new.$$" "$file"
  "$@" || status=$?
  restore_policy_rc_d "$file" "$saved"
  trap - INT TERM HUP
  return "$status"
}

restore_policy_rc_d() {
  local file=$1 saved=$2 sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  if [[ -n $saved ]]; then
    "${sudo[@]}" mv -f "$saved" "$file"
  else
    "${sudo[@]}" rm -f "$file"
  fi
}

install_missing() {
  local missing
  mapfile -t missing < <(missing_packages)
  ((${#missing[@]})) || return 0
  echo "bootstrap: installing ${missing[*]}"
  local sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  # Debian packages must not start their daemons here: tests start their own on loopback.
  with_policy_rc_d "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # Postfix asks for its mailer type; "No configuration" installs it without a question or a main.cf.
  echo "postfix postfix/main_mailer_type select No configuration" | "${sudo[@]}" debconf-set-selections
  with_policy_rc_d "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

configure() {
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
}

main() {
  cd "$(dirname "${BASH_SOURCE[0]}")/.."
  ROOT=$PWD
  BUILD=${ADPLAN_BUILD_DIR:-$ROOT/build}
  local mode=${1:-demo}
  case "$mode" in
    demo | test | package | build) ;;
    *)
      echo "usage: tools/bootstrap.sh demo|test|package|build" >&2
      exit 2
      ;;
  esac
  install_missing
  configure
  case "$mode" in
    demo)
      # The main job needs the binary only; the test binaries are built by `test`.
      cmake --build "$BUILD" -j "$(nproc)" --target adplan
      exec "$ROOT/tools/demo.sh" "$BUILD/tools/adplan/adplan"
      ;;
    test)
      cmake --build "$BUILD" -j "$(nproc)"
      # The ASan+UBSan build (issue 22) in its own directory; ctest's sanitize.asan_ubsan runs it.
      local t0=$SECONDS
      "$ROOT/tests/sanitize/build.sh" "$ROOT" "$BUILD/asan"
      echo "bootstrap: sanitizer build ($BUILD/asan) in $((SECONDS - t0)) s"
      cd "$BUILD"
      exec ctest --output-on-failure -j "$(nproc)" --timeout 600
      ;;
    package)
      cmake --build "$BUILD" -j "$(nproc)" --target adplan adplan_docs
      (cd "$BUILD" && cpack -G DEB)
      ls -l "$BUILD"/adplan_*.deb
      ;;
    build) cmake --build "$BUILD" -j "$(nproc)" ;;
  esac
}

# Sourced by tests for its functions; run, it sets up.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then main "$@"; fi
