# One way into a private network namespace for every test, benchmark and the lab. Source it and
# call `enter_netns [-m] "$0" "$@"` first thing: the script re-executes itself inside a new
# network namespace (as root `unshare -n`, otherwise `unshare -rn`; `-m` adds a mount namespace
# where the caller needs its own /etc/resolv.conf), or exits 77 — ctest's SKIP_RETURN_CODE —
# with a one-line reason where namespaces are refused (containers, chroots, hardened kernels).
# ADPLAN_NO_NETNS=1 makes the helper believe they are refused (the skip path's own test).
# Inside, loopback is up and ADPLAN_IN_NETNS=1 is set.
enter_netns() {
  local mount=()
  if [[ ${1:-} == -m ]]; then mount=(-m); shift; fi
  if [[ ${ADPLAN_IN_NETNS:-} == 1 ]]; then
    ip link set lo up 2>/dev/null || true
    return 0
  fi
  local ns=()
  if [[ ${ADPLAN_NO_NETNS:-} != 1 ]]; then
    if [[ $(id -u) -eq 0 ]] && unshare -n "${mount[@]}" true 2>/dev/null; then
      ns=(unshare -n "${mount[@]}")
    elif unshare -rn "${mount[@]}" true 2>/dev/null; then
      ns=(unshare -rn "${mount[@]}")
    fi
  fi
  if ((${#ns[@]} == 0)); then
    echo "SKIP: no private network namespace can be made here (unshare refused); this test needs one to use 127.0.0.0/8 safely"
    exit 77
  fi
  ADPLAN_IN_NETNS=1 exec "${ns[@]}" bash "$@"
}
