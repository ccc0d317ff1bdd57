#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need, when missing.
# Idempotent: installs nothing when everything is present.
set -euo pipefail

packages=(cmake make gcc g++ pkg-config libcmocka-dev valgrind libyaml-dev libutf8proc-dev libxlsxwriter-dev)
# The PDF report (CMake THIDUA_PDF, on when found): Cairo and Pango, a font
# with every Vietnamese letter (DejaVu Sans), and poppler-utils, whose
# pdftotext and pdfinfo read the PDFs back in the tests.
packages+=(libcairo2-dev libpango1.0-dev fonts-dejavu-core poppler-utils)
# Reading xlsx workbooks as data (CMake THIDUA_XLSX_INPUT, on when found).
packages+=(libzip-dev libexpat1-dev)
# The man page's check (cli/thidua.1, ctest cli_completion): groff warns about its roff;
# zsh runs the zsh completion.
packages+=(groff-base zsh)
# Static analysis: scan-build (gcc's -fanalyzer comes with gcc).
packages+=(clang-tools)
# The Python bindings: SWIG, the interpreter's headers and venv.
packages+=(swig python3 python3-dev python3-venv)
# The 32-bit build (-m32): the compilers' i386 libraries, cmocka for i386,
# and the io floors' required libraries for i386, libyaml and utf8proc
# (Debian's multiarch: `dpkg --add-architecture i386`, done below).
# Not the optional ones: a library installed for two architectures must be
# at exactly the same version for both, so an i386 package whose
# dependencies are newer in the archive than the installed amd64 ones
# upgrades those (or cannot be installed). libxlsxwriter-dev:i386 needs
# libssl3:i386; libzip-dev:i386 and libexpat1-dev:i386 need libc6-dev:i386,
# and through it Kerberos, OpenSSL, com_err and the kernel headers for
# i386 (libexpat1 itself too); Cairo's and Pango's pull over a hundred
# i386 packages. So the 32-bit build has no xlsx report, template or
# input, and no PDF (docs/reliability.md, "The 32-bit build").
packages+=(gcc-multilib g++-multilib libcmocka-dev:i386 libyaml-dev:i386 libutf8proc-dev:i386)

# Asked with an architecture: the machine's own, or "all" (swig), unless
# the name has one; a bare name is ambiguous once a package is installed
# for two (libcmocka-dev beside libcmocka-dev:i386).
native="$(dpkg --print-architecture)"
installed() {
  case "$1" in
    *:*) dpkg -s "$1" >/dev/null 2>&1 ;;
    *) dpkg -s "$1:$native" >/dev/null 2>&1 || dpkg -s "$1:all" >/dev/null 2>&1 ;;
  esac
}
missing=()
for p in "${packages[@]}"; do
  installed "$p" || missing+=("$p")
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
if ! dpkg --print-foreign-architectures | grep -qx i386; then
  $sudo dpkg --add-architecture i386
fi
# A mirror in the middle of a sync can fail one index (apt-get update exits
# 100): go on with the indices it has; the install fails if a package is
# really missing.
$sudo apt-get update -qq || echo "deps: apt-get update reported errors; installing from the indices it has" >&2
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
