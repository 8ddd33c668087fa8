# The one way into a private network namespace for every test, benchmark and the lab (source it):
#   enter_netns [-m|-M] "$0" "$@"   first thing in a script: re-executes the script inside a new
#                                   network namespace; -m adds a mount namespace (its own
#                                   /etc/resolv.conf, /etc/hosts), -M asks for one but goes on
#                                   without (ADPLAN_NETNS_MOUNT=1 tells which you got)
#   netns_run CMD...                runs one command in a fresh namespace of its own, loopback up
#   require_netns                   for scripts that only start something that makes its own
#                                   namespace (the lab): skips here when none can be made
#   netns_command [-m]              sets NETNS=(unshare ...), or returns 1 with NETNS_REASON
# As root `unshare -n`, otherwise `unshare -rn` (a user namespace); where neither works
# (containers, chroots, hardened kernels) the script exits 77 — ctest's SKIP_RETURN_CODE — with
# a one-line reason. ADPLAN_NO_NETNS=1 makes the helper believe namespaces are refused (the skip
# path's own test: cli.test_netns_skip). Inside, loopback is up and ADPLAN_IN_NETNS=1 is set.

netns_command() {
  local mount=()
  if [[ ${1:-} == -m ]]; then mount=(-m); fi
  NETNS=()
  NETNS_REASON=""
  if [[ ${ADPLAN_NO_NETNS:-} == 1 ]]; then
    NETNS_REASON="namespaces refused (ADPLAN_NO_NETNS=1)"
    return 1
  fi
  if [[ $(id -u) -eq 0 ]] && unshare -n "${mount[@]}" true 2>/dev/null; then
    NETNS=(unshare -n "${mount[@]}")
  elif unshare -rn "${mount[@]}" true 2>/dev/null; then
    NETNS=(unshare -rn "${mount[@]}")
  else
    NETNS_REASON="unshare ${mount[*]:+${mount[*]} }refused"
    return 1
  fi
}

netns_skip() {
  echo "SKIP: no private network namespace can be made here (${NETNS_REASON:-unshare refused}); this test needs one to use 127.0.0.0/8 safely"
  exit 77
}

require_netns() { netns_command || netns_skip; }

enter_netns() {
  local flag=""
  if [[ ${1:-} == -m || ${1:-} == -M ]]; then flag=$1; shift; fi
  if [[ ${ADPLAN_IN_NETNS:-} == 1 ]]; then
    ip link set lo up 2>/dev/null || true
    return 0
  fi
  local mount=0
  if [[ -n $flag ]] && netns_command -m; then
    mount=1
  elif [[ $flag == -m ]]; then
    netns_skip
  else
    netns_command || netns_skip
  fi
  ADPLAN_IN_NETNS=1 ADPLAN_NETNS_MOUNT=$mount exec "${NETNS[@]}" bash "$@"
}

netns_run() {
  netns_command || netns_skip
  "${NETNS[@]}" sh -c 'ip link set lo up && exec "$@"' sh "$@"
}
