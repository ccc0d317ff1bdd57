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

echo "-- pkg-config --static"
# shellcheck disable=SC2046
cc -std=c11 -Wall -Wextra -Werror -o "$work/consumer-static" "$here/main.c" \
  $(PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config --cflags thidua) "$libdir/libthidua.a"
"$work/consumer-static"

echo "-- find_package(thidua)"
cmake -S "$here" -B "$work/cmake" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_RPATH="$libdir" >/dev/null
cmake --build "$work/cmake" >/dev/null
"$work/cmake/consumer"
echo "consumer builds: ok"
