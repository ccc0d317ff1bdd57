#!/usr/bin/env bash
# Coverage-guided fuzzing of the entry points that take untrusted text
# (fuzz/README.md). Installs clang and libFuzzer's runtime when missing,
# builds the harnesses with -fsanitize=fuzzer,address,undefined, and runs
# each one for a while with one job, growing a working corpus in
# build/fuzz-work/<harness> seeded from fuzz/corpus/<harness>. Crashes,
# timeouts and out-of-memory inputs land in build/fuzz-work/artifacts/.
#
#   scripts/fuzz.sh [-t SECONDS] [HARNESS...]   run (default: all, 600 s each)
#   scripts/fuzz.sh -m [HARNESS...]             add to fuzz/corpus the inputs of
#                                               the working corpus that reach new
#                                               edges
#
# On-demand only: not part of scripts/test.sh or CI (the committed corpora
# are replayed there by ctest instead).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/build/fuzz"
work="$root/build/fuzz-work"
seconds=600
merge=0
while getopts "t:m" opt; do
  case "$opt" in
    t) seconds="$OPTARG" ;;
    m) merge=1 ;;
    *) echo "usage: $0 [-t SECONDS] [-m] [HARNESS...]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
harnesses=("$@")
if [ ${#harnesses[@]} -eq 0 ]; then
  harnesses=()
  for d in "$root"/fuzz/corpus/*/; do harnesses+=("$(basename "$d")"); done
fi

packages=(clang libclang-rt-14-dev cmake make pkg-config)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "fuzz: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The io layer's -dev packages are those of the normal build.
bash "$root/scripts/deps.sh"
CC=clang cmake -S "$root" -B "$out" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTHIDUA_FUZZ=ON \
  -DTHIDUA_BUILD_TESTS=OFF -DTHIDUA_BUILD_EXAMPLES=OFF >/dev/null
targets=()
for h in "${harnesses[@]}"; do targets+=("fuzz_$h"); done
cmake --build "$out" --parallel 2 --target "${targets[@]}"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
mkdir -p "$work/artifacts"
status=0
for h in "${harnesses[@]}"; do
  bin="$out/fuzz/fuzz_$h"
  seeds="$root/fuzz/corpus/$h"
  dict="$root/fuzz/$h.dict"
  dict_opt=()
  [ -f "$dict" ] && dict_opt=("-dict=$dict")
  mkdir -p "$work/$h"
  # Documents need room: the example's data and CSV together pass 4 KB, and
  # a pipeline input holds a rulebook and its data (the largest example,
  # district-1000, is 24 KB; 1,100 members to use a second thread, 20 KB).
  # A pipeline input is loaded five times, evaluated eight times and
  # rendered to 19 reports: its seed of 1,100 members takes 0.5 s in a Debug
  # build but 5–8 s under ASan + UBSan on a loaded machine, so its timeout
  # is 30 s (a super-linear path still shows: the growth tests catch those
  # by counting, and 30 s is 60 times the seed's plain run).
  timeout=5
  case "$h" in
    rulebook_load | dataset) max_len=16384 ;;
    pipeline) max_len=32768; timeout=30 ;;
    growth) max_len=4096; timeout=30 ;; # documents of up to 4 MiB, made twice
    *) max_len=4096 ;;
  esac
  if [ "$merge" -eq 1 ]; then
    # Add to the committed corpus the inputs of the working corpus that reach
    # an edge it does not (-use_counters=0: hit counts would add thousands of
    # near-duplicates). Existing files, crash-* reproducers among them, stay;
    # to minimise from scratch, merge into an empty folder instead.
    "$bin" -merge=1 -use_counters=0 -max_len="$max_len" -timeout="$timeout" -rss_limit_mb=2048 \
      "$seeds" "$work/$h" 2>&1 | tail -n 1
    echo "fuzz: $h: $(ls "$seeds" | wc -l) inputs in fuzz/corpus/$h"
    continue
  fi
  echo "== fuzz_$h for ${seconds}s =="
  before="$(ls "$work/artifacts" | grep -c "^$h-" || true)"
  # -jobs=1 runs one child whose output libFuzzer writes to fuzz-0.log in
  # the working directory: run there, and keep it as <harness>.log.
  (cd "$work" && "$bin" "$work/$h" "$seeds" "${dict_opt[@]}" -jobs=1 -workers=1 \
    -max_total_time="$seconds" -max_len="$max_len" -timeout="$timeout" -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/$h-" >/dev/null 2>&1 || true)
  mv -f "$work/fuzz-0.log" "$work/$h.log"
  grep -aE "^#[0-9]+[[:space:]]+(INITED|DONE)|ERROR|SUMMARY|^stat::|Test unit" "$work/$h.log" || true
  after="$(ls "$work/artifacts" | grep -c "^$h-" || true)"
  if [ "$after" -ne "$before" ]; then
    status=1
    echo "fuzz: $h found a problem: see $work/$h.log and $work/artifacts/" >&2
  fi
done
exit "$status"
