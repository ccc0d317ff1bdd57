#!/usr/bin/env bash
# Runs every test: a warnings-as-errors build with ctest (cmocka tests,
# header and floor tests, valgrind memcheck of every test binary), static
# analysis of lib/ and cli/ (gcc -fanalyzer and clang's scan-build: any
# diagnostic fails), the same tests under AddressSanitizer +
# UndefinedBehaviorSanitizer, the threaded
# evaluation under ThreadSanitizer, then an install
# and the consumer builds (pkg-config and find_package, both libraries),
# line and branch coverage gated (scripts/coverage.sh), the libc-only
# floors alone (THIDUA_IO=OFF), a 32-bit build (-m32) of every floor and
# the command line with their tests, its outputs compared byte for byte
# with the 64-bit build's, and the libc-only floors' static consumer at 32
# bits, then the Python package:
# pip install into a fresh venv and pytest (directly and through ctest, with
# the mypy --strict check of the package), and a wheel installed into
# another fresh venv. Exits non-zero on any failure.
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

step "static analysis of lib/ and cli/: gcc -fanalyzer, then clang's scan-build"
# The library's floors and the command line, not the tests, examples or
# fuzzers. Any diagnostic fails: -Werror makes the analyzer's warnings
# errors, and scan-build --status-bugs exits 1 on any report (in
# $out/scan-build-report). A false positive is fixed as docs/reliability.md
# ("Static analysis") says, never by turning a check off.
analyzed=(thidua_base thidua_expr thidua_core thidua_load thidua_report thidua_cli)
cmake -S "$root" -B "$out/analyzer" -DCMAKE_BUILD_TYPE=Debug -DTHIDUA_WERROR=ON -DTHIDUA_BUILD_TESTS=OFF \
  -DTHIDUA_BUILD_EXAMPLES=OFF -DCMAKE_C_FLAGS=-fanalyzer >/dev/null
cmake --build "$out/analyzer" --parallel "$jobs" --target "${analyzed[@]}"
# From scratch: scan-build reports only what it compiles.
rm -rf "$out/scan-build" "$out/scan-build-report"
scan-build cmake -S "$root" -B "$out/scan-build" -DCMAKE_BUILD_TYPE=Debug -DTHIDUA_BUILD_TESTS=OFF \
  -DTHIDUA_BUILD_EXAMPLES=OFF >/dev/null
scan-build -o "$out/scan-build-report" --status-bugs \
  cmake --build "$out/scan-build" --parallel "$jobs" --target "${analyzed[@]}"

step "AddressSanitizer + UndefinedBehaviorSanitizer"
cmake -S "$root" -B "$out/asan" -DCMAKE_BUILD_TYPE=Debug -DTHIDUA_WERROR=ON -DTHIDUA_SANITIZE=ON >/dev/null
cmake --build "$out/asan" --parallel "$jobs"
# fontconfig's own blocks, never freed, are no leak of ours (tests/support/lsan-pdf.supp)
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  LSAN_OPTIONS="suppressions=$root/tests/support/lsan-pdf.supp:print_suppressions=0" \
  ctest --test-dir "$out/asan" --output-on-failure --parallel "$jobs"

step "ThreadSanitizer: evaluations in threads, texts rendered on demand, workbooks written and every report (the PDF aside) rendered from several threads"
# the core only (THIDUA_IO=OFF), and the tests that run threads, at the
# sizes of the memcheck runs (THIDUA_TEST_QUICK): a data race fails them
cmake -S "$root" -B "$out/tsan" -DCMAKE_BUILD_TYPE=Debug -DTHIDUA_WERROR=ON -DTHIDUA_IO=OFF \
  -DCMAKE_C_FLAGS="-fsanitize=thread -O1 -g" -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread \
  -DCMAKE_SHARED_LINKER_FLAGS=-fsanitize=thread >/dev/null
cmake --build "$out/tsan" --parallel "$jobs" --target test_threads test_explain test_property
THIDUA_TEST_QUICK=1 TSAN_OPTIONS=halt_on_error=1 \
  ctest --test-dir "$out/tsan" --output-on-failure -R '^test_(threads|explain|property)$'
# the io part: threads writing xlsx workbooks at once (libxlsxwriter's
# gmtime() behind the library's lock; the interceptor of gmtime() sees a
# race), and threads sharing results rendering every report format (the
# PDF aside: tests/report/test_report_threads.c says why)
cmake -S "$root" -B "$out/tsan-io" -DCMAKE_BUILD_TYPE=Debug -DTHIDUA_WERROR=ON -DTHIDUA_BUILD_CLI=OFF \
  -DTHIDUA_BUILD_EXAMPLES=OFF -DCMAKE_C_FLAGS="-fsanitize=thread -O1 -g" -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread \
  -DCMAKE_SHARED_LINKER_FLAGS=-fsanitize=thread >/dev/null
cmake --build "$out/tsan-io" --parallel "$jobs" --target test_report_files test_report_threads
THIDUA_TEST_QUICK=1 TSAN_OPTIONS=halt_on_error=1 \
  ctest --test-dir "$out/tsan-io" --output-on-failure -R '^test_report_(files|threads)$'

step "install, then build consumers with pkg-config and find_package"
prefix="$out/prefix"
rm -rf "$prefix"
cmake -S "$root" -B "$out/release" -DCMAKE_BUILD_TYPE=Release -DTHIDUA_BUILD_TESTS=OFF \
  -DTHIDUA_BUILD_EXAMPLES=OFF -DCMAKE_INSTALL_PREFIX="$prefix" >/dev/null
cmake --build "$out/release" --parallel "$jobs" >/dev/null
cmake --install "$out/release" >/dev/null
bash "$root/tests/consumer/run.sh" "$prefix" "$out/consumer"

step "coverage of lib/ by the C tests, gated (scripts/coverage.sh)"
bash "$root/scripts/coverage.sh"

step "the libc-only floors (THIDUA_IO=OFF): ctest, install, a consumer with no dependency"
noio="$out/prefix-noio"
rm -rf "$noio"
cmake -S "$root" -B "$out/noio" -DCMAKE_BUILD_TYPE=Debug -DTHIDUA_WERROR=ON -DTHIDUA_IO=OFF \
  -DCMAKE_INSTALL_PREFIX="$noio" >/dev/null
cmake --build "$out/noio" --parallel "$jobs" >/dev/null
ctest --test-dir "$out/noio" --output-on-failure --parallel "$jobs"
cmake --install "$out/noio" >/dev/null
bash "$root/tests/consumer/run-core.sh" "$noio" "$out/consumer-noio"

step "32-bit build (-m32): every floor and the command line with their tests, outputs compared with the 64-bit build; the libc-only floors' static consumer"
# Results must not depend on the word size. i386 has no __int128 (the
# decimals' 128-bit integers are pairs of 64-bit words there,
# lib/base/int128.h), 32-bit size_t, long and time_t, 4-byte alignment of
# int64_t, and evaluates doubles in the x87's wider format. The io floors
# are built with the i386 libraries that scripts/deps.sh can install beside
# the amd64 ones (libyaml, utf8proc), and without the others (why: there):
# no xlsx report or template (libxlsxwriter), no xlsx input (libzip and
# expat), no PDF (Cairo and Pango). The tests skip what the build leaves
# out, and check that it is refused.
i386_pc=/usr/lib/i386-linux-gnu/pkgconfig:/usr/share/pkgconfig
PKG_CONFIG_LIBDIR="$i386_pc" \
  cmake -S "$root" -B "$out/m32" -DCMAKE_BUILD_TYPE=Debug -DTHIDUA_WERROR=ON -DTHIDUA_IO=ON -DTHIDUA_XLSX=OFF \
  -DTHIDUA_XLSX_INPUT=OFF -DTHIDUA_PDF=OFF -DCMAKE_C_FLAGS=-m32 -DCMAKE_CXX_FLAGS=-m32 >/dev/null
cmake --build "$out/m32" --parallel "$jobs" >/dev/null
# the tests and the program really are 32-bit: ELF class 1 (ELFCLASS32)
for program in tests/core/test_decimal tests/io/test_io_lai_chau tests/report/test_report_files cli/thidua; do
  elf_class="$(od -An -tu1 -j4 -N1 "$out/m32/$program" | tr -d ' ')"
  [ "$elf_class" = 1 ] || { echo "m32: $program is not a 32-bit ELF program (class $elf_class)" >&2; exit 1; }
done
# every test: the cmocka tests of every floor, the CLI's golden files and
# catalogue, the reports read back, the fuzz corpora
ctest --test-dir "$out/m32" --output-on-failure --parallel "$jobs"
# The same bytes as the 64-bit build of the first stage: the Lai Châu
# example's whole output, every member's total of the peer benchmark's
# cluster (4,000 members, 40 criteria, every rule kind, two awards with
# quotas), and what the command line writes of the Lai Châu case (every
# text format, and one member explained, in both languages) and of the
# district of 1,000 members.
m32cmp="$out/m32-compare"
rm -rf "$m32cmp"
mkdir -p "$m32cmp"
for lang in en vi; do
  "$out/test/examples/lai_chau" "$lang" >"$m32cmp/lai_chau-64.$lang"
  "$out/m32/examples/lai_chau" "$lang" >"$m32cmp/lai_chau-32.$lang"
  cmp "$m32cmp/lai_chau-64.$lang" "$m32cmp/lai_chau-32.$lang"
done
"$out/test/tests/bench/bench/peer_thidua" 4000 1 "$m32cmp/totals-64" >/dev/null
"$out/m32/tests/bench/bench/peer_thidua" 4000 1 "$m32cmp/totals-32" >/dev/null
cmp "$m32cmp/totals-64" "$m32cmp/totals-32"
lai=(examples/lai-chau/rulebook.yaml examples/lai-chau/data.yaml examples/lai-chau/results.csv)
district=(examples/district-1000/rulebook.yaml examples/district-1000/data.yaml)
cli_runs=()
for lang in en vi; do
  for format in table json csv md html; do
    cli_runs+=("lai-chau.$lang.$format|eval ${lai[*]} --lang $lang --format $format")
  done
  cli_runs+=("lai-chau.$lang.explain|explain ${lai[*]} --lang $lang --unit tan-uyen")
  cli_runs+=("district-1000.$lang.json|eval ${district[*]} --lang $lang --format json")
done
for run in "${cli_runs[@]}"; do
  name="${run%%|*}"
  read -r -a args <<<"${run#*|}"
  (cd "$root" && "$out/test/cli/thidua" "${args[@]}" >"$m32cmp/$name.64" && "$out/m32/cli/thidua" "${args[@]}" >"$m32cmp/$name.32")
  cmp "$m32cmp/$name.64" "$m32cmp/$name.32"
done
echo "m32: ${#cli_runs[@]} outputs of the command line, the example's and the benchmark's the same as the 64-bit build's"
# The libc-only floors (THIDUA_IO=OFF), installed, and the core consumer
# linked statically with gcc -m32: the installed static archive needs
# nothing beyond libc (its tests ran above, in the build of every floor).
m32core="$out/prefix-m32"
rm -rf "$m32core"
PKG_CONFIG_LIBDIR="$i386_pc" \
  cmake -S "$root" -B "$out/m32-core" -DCMAKE_BUILD_TYPE=Debug -DTHIDUA_WERROR=ON -DTHIDUA_IO=OFF \
  -DTHIDUA_BUILD_TESTS=OFF -DTHIDUA_BUILD_EXAMPLES=OFF -DCMAKE_C_FLAGS=-m32 -DCMAKE_INSTALL_PREFIX="$m32core" \
  >/dev/null
cmake --build "$out/m32-core" --parallel "$jobs" >/dev/null
cmake --install "$out/m32-core" >/dev/null
CC="gcc -m32" bash "$root/tests/consumer/run-core.sh" "$m32core" "$out/consumer-m32"

step "Python: pip install . and pytest in a venv, pytest through ctest, pip wheel into a fresh venv"
version="$(sed -n 's/^project(thidua VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")"
venv="$out/python-venv"
rm -rf "$venv"
python3 -m venv "$venv"
# Only what pyproject.toml declares: a missing dependency fails here.
"$venv/bin/python" -m pip install --quiet "$root[test]"
# The C programs the tests compare with (built by the first stage).
export THIDUA_LAI_CHAU_EXE="$out/test/examples/lai_chau"
for cli in "$out/test/cli/thidua" "$out/test/bin/thidua"; do
  if [ -x "$cli" ]; then export THIDUA_CLI="$cli"; fi
done
# The type check (mypy --strict, tests/test_typing.py) fails instead of
# skipping when mypy is missing; ctest's pytest below inherits this too.
export THIDUA_REQUIRE_MYPY=1
# From the tests' folder, so that the installed package is the one imported.
# pytest exits 5 when it collects nothing: that fails like any error.
(cd "$root/bindings/python/tests" && "$venv/bin/python" -m pytest -q -p no:cacheprovider --import-mode=importlib .)
cmake -S "$root" -B "$out/python" -DCMAKE_BUILD_TYPE=Debug -DTHIDUA_WERROR=ON -DTHIDUA_PYTHON=ON \
  -DPython_EXECUTABLE="$venv/bin/python" >/dev/null
cmake --build "$out/python" --parallel "$jobs"
ctest --test-dir "$out/python" --output-on-failure -L python
rm -rf "$out/wheelhouse" "$out/wheel-venv"
"$venv/bin/python" -m pip wheel --quiet --no-deps -w "$out/wheelhouse" "$root"
python3 -m venv "$out/wheel-venv"
"$out/wheel-venv/bin/python" -m pip install --quiet "$out"/wheelhouse/thidua-*.whl
got="$(cd / && "$out/wheel-venv/bin/python" -c "import thidua; print(thidua.__version__)")"
[ "$got" = "$version" ] || { echo "wheel: thidua.__version__ is '$got', expected '$version'" >&2; exit 1; }
echo "wheel: import thidua -> $got"

printf '\nall test stages passed\n'
