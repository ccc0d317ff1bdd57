#!/usr/bin/env bash
# Regenerates the pictures of docs/img/: the Lai Châu case's HTML report in
# headless Chromium, its xlsx workbook converted to PDF by LibreOffice,
# then to PNG by pdftoppm, and the pages of its PDF report by pdftoppm. Installs chromium, libreoffice-calc and
# poppler-utils from Debian when missing (only this script needs them).
#
# Usage: docs/screenshots.sh [OUTDIR]   (default: docs/img)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/docs/img}"
example="$root/examples/lai-chau"
inputs=("$example/rulebook.yaml" "$example/data.yaml" "$example/results.csv")

tools=(chromium libreoffice-calc poppler-utils fonts-dejavu-core)
missing=()
for p in "${tools[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "screenshots: installing ${missing[*]}"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

bash "$root/scripts/deps.sh"
build="$root/build/screenshots"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DTHIDUA_BUILD_TESTS=OFF -DTHIDUA_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$build" --parallel "$(nproc)" --target thidua_cli >/dev/null
thidua="$build/cli/thidua"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

"$thidua" eval "${inputs[@]}" -o "$work/lai-chau.html"
"$thidua" eval "${inputs[@]}" -o "$work/lai-chau.xlsx"
"$thidua" eval "${inputs[@]}" -o "$work/report.pdf"

# A fresh profile each time, nothing fetched, nothing remembered.
shot() { # shot PAGE.html OUT.png WIDTH HEIGHT
  rm -rf "$work/profile" && mkdir "$work/profile"
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" --hide-scrollbars --force-device-scale-factor=1 \
    --window-size="$3,$4" --screenshot="$2" "file://$1" >/dev/null 2>&1
}

# The top of the page (ranking, totals chart, scoring table), then the
# attainment charts and the awards, by shifting the page up.
shot "$work/lai-chau.html" "$out/report-html.png" 1040 1250
{ cat "$work/lai-chau.html"; echo '<style>html{margin-top:-1275px}</style>'; } >"$work/lai-chau-lower.html"
shot "$work/lai-chau-lower.html" "$out/report-html-charts.png" 1040 1000

# The workbook as LibreOffice prints it: summary, criterion points, awards.
(cd "$work" && timeout 300 libreoffice --headless --norestore --convert-to pdf lai-chau.xlsx >/dev/null 2>&1)
page() { # page N OUT.png HEIGHT: the top of page N at 100 dpi
  pdftoppm -r 100 -f "$1" -l "$1" -x 0 -y 40 -W 1169 -H "$3" -png -singlefile "$work/lai-chau.pdf" "${2%.png}"
}
page 1 "$out/report-xlsx-summary.png" 240
page 2 "$out/report-xlsx-points.png" 420
page 4 "$out/report-xlsx-awards.png" 260

# The PDF report, both pages, small (75 dpi).
pdftoppm -r 75 -png "$work/report.pdf" "$work/report-pdf"
for n in 1 2; do
  cp "$work/report-pdf-$n.png" "$out/report-pdf-$n.png"
done

ls -l "$out"/report-*.png
