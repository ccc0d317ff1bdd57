#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need, when missing.
# Idempotent: installs nothing when everything is present.
set -euo pipefail

packages=(cmake make gcc g++ pkg-config libcmocka-dev valgrind libyaml-dev libutf8proc-dev libxlsxwriter-dev)
# The PDF report (CMake THIDUA_PDF, on when found): Cairo and Pango, a font
# with every Vietnamese letter (DejaVu Sans), and poppler-utils, whose
# pdftotext and pdfinfo read the PDFs back in the tests.
packages+=(libcairo2-dev libpango1.0-dev fonts-dejavu-core poppler-utils)
# Static analysis: scan-build (gcc's -fanalyzer comes with gcc).
packages+=(clang-tools)
# The Python bindings: SWIG, the interpreter's headers and venv.
packages+=(swig python3 python3-dev python3-venv)

missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
