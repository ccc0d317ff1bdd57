#!/usr/bin/env bash
# Runs the benchmarks on demand and writes the figures to docs/performance.md.
# Usage: scripts/bench.sh [--no-write]   (never part of the tests: timings vary)
#        scripts/bench.sh --peers [bench/run options]   thidua side by side with
#        NumPy, pandas, DuckDB, zen-engine and a hand-written C loop (bench/run --help)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ "${1:-}" = "--peers" ]; then
  shift
  exec "$root/bench/run" "$@"
fi
bash "$root/scripts/deps.sh"
build="$root/build/bench"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DTHIDUA_BUILD_TESTS=OFF \
  -DTHIDUA_BUILD_EXAMPLES=OFF -DTHIDUA_BUILD_BENCH=ON >/dev/null
cmake --build "$build" --parallel "$(nproc)" >/dev/null

eval_rows=""
for members in 4 50 500 5000 50000; do
  line="$("$build/bench/bench_eval" "$members" 40 3)"
  echo "eval: $line"
  eval_rows+="$(echo "$line" | awk -F'\t' '{printf "| %s | %s | %s | %s | %s | %.1f |\n", $1, $2, $3, $4, $5, $6/1024}')"$'\n'
done

load_rows=""
for members in 10 100 1000 10000; do
  line="$("$build/bench/bench_load" "$members" 40)"
  echo "load: $line"
  load_rows+="$(echo "$line" | awk -F'\t' '{printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %.1f |\n", $1, $3, $4, $5, $6, $7, $8, $9, $10, $11/1024}')"$'\n'
done

[ "${1:-}" = "--no-write" ] && exit 0
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
out="$root/docs/performance.md"
python3 - "$out" "$cpu" "$(date -u +%Y-%m-%d)" "$eval_rows" "$load_rows" <<'PY'
import sys, re
path, cpu, day, eval_rows, load_rows = sys.argv[1:6]
tables = {
    "eval": "| members | criteria | build rulebook (ms) | fill cluster (ms) | evaluate (ms, best of 3) | peak RSS (MiB) |\n"
            "|---:|---:|---:|---:|---:|---:|\n" + eval_rows,
    "load": "| members | CSV values | CSV (MiB) | load rulebook (ms) | read data (ms) | make cluster (ms) "
            "| evaluate (ms) | render JSON (ms) | JSON (MiB) | peak RSS (MiB) |\n"
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n" + load_rows,
}
text = open(path, encoding="utf-8").read()
for name, table in tables.items():
    start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
    block = f"{start}\nMeasured {day} on {cpu} (2 cores), `scripts/bench.sh`:\n\n{table}{end}"
    text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda m: block, text, flags=re.S)
open(path, "w", encoding="utf-8").write(text)
PY
echo "wrote $out"
