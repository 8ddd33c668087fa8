#!/usr/bin/env bash
# Second guard of the layering: no file of the pure core includes a header of an edge layer
# (io, pki, probe, openssl, serve) or of a crypto, network or LDAP library. tests/core/core_alone.cpp is the first.
set -euo pipefail
root=${1:?source dir}
core=(model scenario scp planner render observe verify)
pattern='#include *[<"](adplan/(io|pki|probe|openssl|serve)/|openssl/|botan/|curl/|ares|ldap|lber)'
status=0
for layer in "${core[@]}"; do
  if hits=$(grep -rnE "$pattern" "$root/libplan/adplan/$layer"); then
    echo "core layer $layer includes an edge header:"
    echo "$hits"
    status=1
  fi
done
[[ $status -eq 0 ]] && echo "core includes: ${core[*]} include no io, pki, probe, serve, crypto, network or LDAP header"
exit $status
