#!/usr/bin/env bash
# sanitize.asan_ubsan: the unit tests, the fuzz corpus replays and the hostile-peer tests, built with
# ASan and UBSan by build.sh, run by ctest in that build (ctest -L 'unit|hostile', the core layering
# checks left to the main build). Any sanitizer report stops the program (halt_on_error, abort: a
# signal, which every one of those tests counts as a failure) and fails this test. The hostile tests'
# wall-time and RSS bounds widen under ADPLAN_SANITIZED (tests/hostile/lib.sh): instrumented code is
# slower and keeps shadow memory. Skips (77) where build.sh has not built the directory.
# Usage: tests/sanitize/run.sh ASAN_BUILD_DIR
set -uo pipefail
build=${1:?sanitizer build dir}
for bin in tools/adplan/adplan tests/unit_tests tests/unit_core_tests; do
  [[ -x $build/$bin ]] || {
    echo "SKIP: $build/$bin is not built: tools/bootstrap.sh test builds it (tests/sanitize/build.sh SRC $build)"
    exit 77
  }
done
export ASAN_OPTIONS=halt_on_error=1:abort_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:quarantine_size_mb=32:malloc_context_size=20
export UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1
export ADPLAN_SANITIZED=1
start=$SECONDS
ctest --test-dir "$build" -L 'unit|hostile' -E '^core\.' --output-on-failure -j "$(nproc)" --timeout 600 2>&1 |
  tee "$build/sanitize.log" | grep -Ev '^ *[0-9]+/[0-9]+ Test +#[0-9]+: .* Passed'
rc=${PIPESTATUS[0]}
echo "sanitize: ctest in $build took $((SECONDS - start)) s, exit $rc (full log: $build/sanitize.log)"
exit "$rc"
