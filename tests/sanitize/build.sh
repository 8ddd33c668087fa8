#!/usr/bin/env bash
# The sanitizer build (issue 22): AddressSanitizer and UndefinedBehaviorSanitizer, every error fatal
# (-fno-sanitize-recover=all), frame pointers kept for whole stack traces. Configured in its own
# directory (the main build's asan/) at -O1 -g1, which ASan's documentation suggests and which
# compiles faster than RelWithDebInfo's -O2 -g. Builds only what run.sh runs: adplan (the hostile
# tests run it), the unit test binaries and the fuzz corpus replays.
# tools/bootstrap.sh test calls it before ctest; ctest's sanitize.asan_ubsan (run.sh) then runs them.
# Usage: tests/sanitize/build.sh SOURCE_DIR ASAN_BUILD_DIR
set -euo pipefail
src=$(realpath "${1:?source dir}")
build=${2:?sanitizer build dir}
launcher=()
[[ -n ${CMAKE_CXX_COMPILER_LAUNCHER:-} ]] && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER="$CMAKE_CXX_COMPILER_LAUNCHER")
cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Asan -DCMAKE_CXX_FLAGS_ASAN="-O1 -g1" \
  -DADPLAN_SANITIZE=ON "${launcher[@]}" >/dev/null
targets=(adplan unit_tests unit_core_tests)
for f in "$src"/tests/fuzz/fuzz_*.cpp; do
  name=$(basename "$f" .cpp)
  targets+=("${name}_replay")
done
cmake --build "$build" -j "$(nproc)" --target "${targets[@]}"
