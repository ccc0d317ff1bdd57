#!/usr/bin/env bash
# Rewrites the golden reports of tests/cli/golden/ from the current build:
# every format of every example in tests/cli/examples.tsv. Review each
# changed file by eye (git diff; open the .html in a browser and the .xlsx in
# a spreadsheet) before committing it.
#
# Usage: tests/cli/update-golden.sh [BUILD_DIR]   (default: build/dev)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${1:-$root/build/dev}"
cmake --build "$build" --target thidua_cli >/dev/null
python3 "$root/tests/cli/run_cli.py" golden "$build/cli/thidua" "$root" "$build/tests/cli/golden-update" --update
# The PDF report's page images (tests/report/golden), when the build has the PDF report.
if grep -q '^THIDUA_PDF:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null; then
  python3 "$root/tests/report/check_pdf_render.py" "$build/cli/thidua" "$root" "$build/tests/report/pdf-render" --update
fi
git -C "$root" status --short tests/cli/golden tests/report/golden
