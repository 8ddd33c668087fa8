#!/usr/bin/env bash
# adplan's one set-up script: installs what is missing (Debian 12, apt-get), builds, then
#   tools/bootstrap.sh demo   runs the main job on the built-in contoso.com example
#   tools/bootstrap.sh test   runs every test through ctest
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${ADPLAN_BUILD_DIR:-$ROOT/build}
mode=${1:-demo}

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
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "bootstrap: installing ${missing[*]}"
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO=sudo
  # Debian packages must not start their daemons here: tests start their own on loopback.
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
  $SUDO chmod 755 /usr/sbin/policy-rc.d
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j "$(nproc)"

case "$mode" in
  demo)
    exec "$ROOT/tools/demo.sh" "$BUILD/tools/adplan/adplan"
    ;;
  test)
    cd "$BUILD"
    exec ctest --output-on-failure -j "$(nproc)" --timeout 600
    ;;
  build) ;;
  *)
    echo "usage: tools/bootstrap.sh demo|test|build" >&2
    exit 2
    ;;
esac
