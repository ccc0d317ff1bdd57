#!/usr/bin/env bash
# Writes the seeds of the pipeline harness (fuzz/fuzz_pipeline.c) into
# fuzz/corpus/pipeline/ (or the folder given): each example's rulebook and
# its data documents joined with NUL bytes, a first byte 0x01 where the data
# needs --decimal-comma. Existing seed-* files are replaced; what fuzzing
# merged into the folder stays.
#
#   fuzz/seed_pipeline.sh [DIR]
#
# At most three data documents fit an input: the departments' scores.yaml
# is appended to its data.yaml (it holds only `scores`), and the history of
# individual-titles is written as a history table (unit,period,id) instead.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/fuzz/corpus/pipeline}"
ex="$root/examples"
mkdir -p "$out"
rm -f "$out"/seed-*

# seed NAME COMMA PART... : the parts joined with NUL; COMMA=1 prefixes 0x01.
seed() {
  local name="$1" comma="$2" first=1
  shift 2
  {
    [ "$comma" -eq 1 ] && printf '\001'
    for part in "$@"; do
      [ "$first" -eq 1 ] || printf '\000'
      first=0
      cat "$part"
    done
  } >"$out/seed-$name"
}

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

seed lai-chau 0 "$ex/lai-chau/rulebook.yaml" "$ex/lai-chau/data.yaml" "$ex/lai-chau/results.csv"
seed lai-chau-member-table 0 "$ex/lai-chau/rulebook.yaml" "$ex/lai-chau/data.yaml" \
  "$root/tests/data/member-table/lai-chau.csv"
seed lai-chau-member-table-comma 1 "$ex/lai-chau/rulebook.yaml" "$ex/lai-chau/data.yaml" \
  "$root/tests/data/member-table/lai-chau-comma.csv"
# The Lai Châu rulebook as JSON (same results), when PyYAML is there to convert it.
if python3 -c 'import yaml' 2>/dev/null; then
  python3 -c 'import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout, ensure_ascii=False, indent=1)' \
    <"$ex/lai-chau/rulebook.yaml" >"$tmp/rulebook.json"
  seed lai-chau-json-rulebook 0 "$tmp/rulebook.json" "$ex/lai-chau/data.yaml" "$ex/lai-chau/results.csv"
else
  echo "seed_pipeline: no PyYAML, no seed with a JSON rulebook" >&2
fi
seed womens-union 0 "$ex/womens-union/rulebook.yaml" "$ex/womens-union/data.yaml" \
  "$ex/womens-union/targets.json" "$ex/womens-union/results.csv"
cat "$ex/departments/data.yaml" "$ex/departments/scores.yaml" >"$tmp/departments.yaml"
seed departments 1 "$ex/departments/rulebook.yaml" "$tmp/departments.yaml" \
  "$ex/departments/targets.csv" "$ex/departments/results.csv"
seed province-blocks 1 "$ex/province-blocks/rulebook.yaml" "$ex/province-blocks/data.yaml" \
  "$ex/province-blocks/ket-qua.csv"
seed district-1000 0 "$ex/district-1000/rulebook.yaml" "$ex/district-1000/data.yaml"

# individual-titles: the `history:` list as a history table.
awk '/^history:/ { skip = 1; next } skip && /^[^ ]/ { skip = 0 } !skip' \
  "$ex/individual-titles/data.yaml" >"$tmp/titles.yaml"
{
  echo "unit,period,id"
  awk '/^history:/ { on = 1; next } on && /^[^ ]/ { on = 0 } on' "$ex/individual-titles/data.yaml" |
    sed -n 's/.*unit: *\([^,]*\), *period: *\([0-9]*\), *id: *\([^}]*\)}.*/\1,\2,\3/p'
} >"$tmp/history.csv"
seed individual-titles-history-table 0 "$ex/individual-titles/rulebook.yaml" "$tmp/titles.yaml" "$tmp/history.csv"

# 1,100 members: the only seed whose evaluation uses a second thread (each
# thread takes at least 512 members), with a member table `id,m,target:m`.
cat >"$tmp/threads.yaml" <<'EOF'
thidua: 1
id: threads
sections:
  - id: A
    criteria:
      - {id: m, max: 10, rule: {kind: proportional, cap: 120%}}
classification:
  - {id: tot, min: 8}
  - {id: khac}
awards:
  - {id: bang_khen, when: "classification == 'tot'", quota: {percent: 10, rounding: floor}}
EOF
{
  printf 'period: 2024\ncluster:\n  id: c\n  members: ['
  for i in $(seq 1 1100); do printf '%su%04d' "$([ "$i" -eq 1 ] || printf ', ')" "$i"; done
  printf ']\n'
} >"$tmp/threads-data.yaml"
{
  echo "id,m,target:m"
  for i in $(seq 1 1100); do echo "u$(printf %04d "$i"),$((i % 13)),10"; done
} >"$tmp/threads.csv"
seed threads-1100-members 0 "$tmp/threads.yaml" "$tmp/threads-data.yaml" "$tmp/threads.csv"

# rulebook 1.1 roll-ups: the child rulebook inline (as the writer puts it),
# units below the members; the child data (a file) is not given, so the
# evaluation names the roll-up whose data is missing
{
  printf 'thidua: 1\nid: cum\nrollups:\n  - id: sxkd\n    rulebook:\n'
  sed 's/^/      /' "$root/tests/data/rollup/ho.yaml"
  sed -n '/^    measures:/,/^sections:/p' "$root/tests/data/rollup/cum.yaml"
  sed -n '/^sections:/,$p' "$root/tests/data/rollup/cum.yaml" | sed 1d
} >"$tmp/rollup.yaml"
sed '/^rollups:/,$d' "$root/tests/data/rollup/data.yaml" >"$tmp/rollup-data.yaml"
seed rollup-inline 0 "$tmp/rollup.yaml" "$tmp/rollup-data.yaml"

ls "$out"/seed-* | wc -l | xargs echo "seeds written to $out:"
