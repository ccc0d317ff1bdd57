#!/usr/bin/env bash
# The main job: builds thidua and runs the Lai Châu case (Cluster No. 2 of
# the Lai Châu provincial Farmers' Association, 2023) through the command
# line, on the files in examples/lai-chau/, then through the C example
# examples/lai_chau.c, which builds the same case with the C API.
# Pass "en" for English. Reports are also written to build/demo/reports/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
lang="${1:-vi}"
case "$lang" in vi|en) ;; *) echo "usage: scripts/demo.sh [vi|en]" >&2; exit 2 ;; esac
bash "$root/scripts/deps.sh"
build="$root/build/demo"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DTHIDUA_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" --parallel "$(nproc)" >/dev/null

thidua="$build/cli/thidua"
case_dir="$root/examples/lai-chau"
files=("$case_dir/rulebook.yaml" "$case_dir/data.yaml" "$case_dir/results.csv")

echo "== thidua check examples/lai-chau/ =="
"$thidua" check "${files[@]}"
echo
echo "== thidua eval examples/lai-chau/rulebook.yaml data.yaml results.csv --lang $lang =="
"$thidua" eval "${files[@]}" --lang "$lang"
echo
echo "== thidua explain … --unit tan-uyen --lang $lang =="
"$thidua" explain "${files[@]}" --unit tan-uyen --lang "$lang"

reports="$build/reports"
mkdir -p "$reports"
for format in json html xlsx csv md; do
  "$thidua" eval "${files[@]}" --lang "$lang" --format "$format" -o "$reports/lai-chau.$format"
done
echo
echo "Reports written: $(cd "$reports" && ls | tr '\n' ' ')(in build/demo/reports/)"
echo
echo "== The case's figures, read from the JSON report (as a script consuming thidua's output would) =="
python3 "$case_dir/figures.py" "$reports/lai-chau.json"
echo
echo "== C example (examples/lai_chau.c) =="
"$build/examples/lai_chau" "$lang"
echo
echo "The command line used above is $thidua (run it by name after"
echo "scripts/install.sh, which installs it under ~/.local and says how to put it on PATH)."
