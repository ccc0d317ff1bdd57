#!/usr/bin/env bash
# Builds tests/consumer/main.c against an installed thidua twice: with
# pkg-config and with CMake's find_package. Usage: run.sh PREFIX WORKDIR
set -euo pipefail
prefix="$1"
work="$2"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rm -rf "$work"
mkdir -p "$work"
libdir="$(dirname "$(find "$prefix" -name thidua.pc -path '*pkgconfig*' | head -n 1)")/.."

echo "-- pkg-config: $(PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config --cflags --libs thidua)"
# shellcheck disable=SC2046
cc -std=c11 -Wall -Wextra -Werror -o "$work/consumer-pkgconfig" "$here/main.c" \
  $(PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config --cflags --libs thidua) -Wl,-rpath,"$libdir"
"$work/consumer-pkgconfig"

# the static archive in place of -lthidua, then its private dependencies
static_libs="$(PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config --static --libs thidua)"
static_libs="${static_libs//-lthidua/$libdir/libthidua.a}"
echo "-- pkg-config --static: $static_libs"
# shellcheck disable=SC2046,SC2086
cc -std=c11 -Wall -Wextra -Werror -o "$work/consumer-static" "$here/main.c" \
  $(PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config --cflags thidua) $static_libs
"$work/consumer-static"

echo "-- find_package(thidua)"
cmake -S "$here" -B "$work/cmake" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_RPATH="$libdir" >/dev/null
cmake --build "$work/cmake" >/dev/null
"$work/cmake/consumer"
"$work/cmake/consumer-static"
echo "consumer builds: ok"
