#!/usr/bin/env bash
# The main job: builds thidua and runs the Lai Châu case (Cluster No. 2 of
# the Lai Châu provincial Farmers' Association, 2023) through the C example.
# Pass "en" for English explanations.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/deps.sh"
build="$root/build/demo"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DTHIDUA_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" --parallel "$(nproc)" >/dev/null
echo "== Lai Châu case, C example (examples/lai_chau.c) =="
"$build/examples/lai_chau" "${1:-vi}"
