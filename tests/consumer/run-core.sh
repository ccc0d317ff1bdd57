#!/usr/bin/env bash
# Builds tests/consumer/main.c against a thidua installed with THIDUA_IO=OFF
# (the libc-only floors): the io headers are not installed, features.h says
# so, and the program links statically with nothing but the C library.
# Usage: run-core.sh PREFIX WORKDIR; CC may name the compiler and its
# target flags ("gcc -m32" for a 32-bit install).
set -euo pipefail
prefix="$1"
work="$2"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rm -rf "$work"
mkdir -p "$work"
libdir="$(dirname "$(find "$prefix" -name thidua.pc -path '*pkgconfig*' | head -n 1)")/.."
for h in io.h report.h; do
  if [ -e "$prefix/include/thidua/$h" ]; then
    echo "thidua/$h is installed by a build without the io floors" >&2
    exit 1
  fi
done
grep -q '^#define TD_HAVE_IO 0$' "$prefix/include/thidua/features.h" ||
  { echo "features.h does not say TD_HAVE_IO 0" >&2; exit 1; }
static_libs="$(PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config --static --libs thidua)"
static_libs="${static_libs//-lthidua/$libdir/libthidua.a}"
echo "-- core alone, pkg-config --static: $static_libs"
# shellcheck disable=SC2046,SC2086
${CC:-cc} -std=c11 -Wall -Wextra -Werror -o "$work/consumer-core" "$here/main.c" \
  $(PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config --cflags thidua) $static_libs
"$work/consumer-core"
deps="$(ldd "$work/consumer-core" | grep -E 'yaml|utf8proc|xlsxwriter' || true)"
[ -z "$deps" ] || { echo "the core consumer needs io libraries: $deps" >&2; exit 1; }
echo "core consumer: ok (needs only the C library)"
