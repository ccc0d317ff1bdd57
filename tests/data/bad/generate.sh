#!/usr/bin/env bash
# Writes the large and hostile inputs of the bad-input catalogue into DIR
# (they are generated, not committed): a 50 MB line, 10,000-deep nesting in
# YAML and JSON, a YAML alias bomb, an expression over the length limit, ids
# with a zero-width space and a right-to-left override written raw.
# Usage: generate.sh DIR
set -euo pipefail
out="$1"
mkdir -p "$out"

head='thidua: 1
id: hostile
'
# a name of 50 MiB on one line
{
  printf '%sname: "' "$head"
  head -c 52428800 /dev/zero | tr '\0' x
  printf '"\n'
} > "$out/r-long-line.yaml"

# 10,000 nested flow lists as the value of `sections`
{
  printf '%ssections: ' "$head"
  awk 'BEGIN { for (i = 0; i < 10000; i++) printf "["; for (i = 0; i < 10000; i++) printf "]"; printf "\n" }'
} > "$out/r-deep.yaml"

# the same in JSON
{
  printf '{"thidua": 1, "id": "hostile", "sections": '
  awk 'BEGIN { for (i = 0; i < 10000; i++) printf "["; for (i = 0; i < 10000; i++) printf "]"; printf "}\n" }'
} > "$out/r-deep.json"

# each anchor is ten aliases of the one before: 10^10 nodes once expanded
{
  printf '%s' "$head"
  printf 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n'
  for i in 1 2 3 4 5 6 7 8 9; do
    p=$((i - 1))
    printf 'a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n' \
      "$i" "$i" "$p" "$p" "$p" "$p" "$p" "$p" "$p" "$p" "$p" "$p"
  done
} > "$out/r-alias-bomb.yaml"

# a classification condition of 6,010 bytes (the limit is 4,096)
{
  printf '%ssections:\n  - id: A\n    criteria:\n      - {id: a, max: 10, rule: {kind: manual}}\n' "$head"
  printf 'classification:\n  - id: good\n    when: "total >= 1'
  awk 'BEGIN { for (i = 0; i < 400; i++) printf " and total >= 1" }'
  printf '"\n  - id: other\n'
} > "$out/r-expr-long.yaml"

# ids with hidden characters written raw (not as escapes): the error points
# at the character itself
printf 'thidua: 1\nperiod: 2023\ncluster:\n  id: cum\n  members: [u1, u2, u3\xe2\x80\x8b]\n' > "$out/d-id-zwsp-raw.yaml"
{
  printf '%ssections:\n  - id: A\n    criteria:\n' "$head"
  printf '      - {id: a\xe2\x80\xaeb, max: 10, rule: {kind: manual}}\n'
} > "$out/r-id-rlo-raw.yaml"
