#!/usr/bin/env bash
# Runs every test: a warnings-as-errors build with ctest (cmocka tests,
# header tests, valgrind memcheck of every test binary), the same tests under
# AddressSanitizer + UndefinedBehaviorSanitizer, then an install and two
# consumer builds (pkg-config and find_package). Exits non-zero on any failure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/deps.sh"
jobs="$(nproc)"
out="$root/build"

step() { printf '\n== %s ==\n' "$*"; }

step "build (warnings are errors) and ctest, with valgrind memcheck"
cmake -S "$root" -B "$out/test" -DCMAKE_BUILD_TYPE=Debug -DTHIDUA_WERROR=ON -DTHIDUA_VALGRIND=ON >/dev/null
cmake --build "$out/test" --parallel "$jobs"
ctest --test-dir "$out/test" --output-on-failure --parallel "$jobs"

step "AddressSanitizer + UndefinedBehaviorSanitizer"
cmake -S "$root" -B "$out/asan" -DCMAKE_BUILD_TYPE=Debug -DTHIDUA_WERROR=ON -DTHIDUA_SANITIZE=ON >/dev/null
cmake --build "$out/asan" --parallel "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir "$out/asan" --output-on-failure --parallel "$jobs"

step "install, then build consumers with pkg-config and find_package"
prefix="$out/prefix"
rm -rf "$prefix"
cmake -S "$root" -B "$out/release" -DCMAKE_BUILD_TYPE=Release -DTHIDUA_BUILD_TESTS=OFF \
  -DTHIDUA_BUILD_EXAMPLES=OFF -DCMAKE_INSTALL_PREFIX="$prefix" >/dev/null
cmake --build "$out/release" --parallel "$jobs" >/dev/null
cmake --install "$out/release" >/dev/null
bash "$root/tests/consumer/run.sh" "$prefix" "$out/consumer"

printf '\nall test stages passed\n'
