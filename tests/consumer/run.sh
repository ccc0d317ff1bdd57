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

echo "-- the static archive keeps only the API global"
api="$(nm -D --defined-only "$libdir/libthidua.so" | awk 'NF == 3 && $3 !~ /^_/ {print $3}' | sort)"
archive="$(nm -g --defined-only "$libdir/libthidua.a" | awk 'NF == 3 {print $3}' | sort)"
if [ "$api" != "$archive" ]; then
  echo "libthidua.a's global symbols differ from libthidua.so's exports:" >&2
  diff <(echo "$api") <(echo "$archive") >&2 || true
  exit 1
fi
[ -n "$api" ] || { echo "no exported symbols found" >&2; exit 1; }
echo "   $(echo "$api" | wc -l) symbols, all td_*: $(echo "$api" | grep -vc '^td_' || true) others"
echo "$api" | grep -v '^td_' && { echo "exported names outside td_*" >&2; exit 1; }
# shellcheck disable=SC2046,SC2086
cc -std=c11 -Wall -Wextra -Werror -o "$work/consumer-clash" "$here/clash.c" \
  $(PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config --cflags thidua) $static_libs
"$work/consumer-clash"

echo "-- find_package(thidua)"
cmake -S "$here" -B "$work/cmake" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_RPATH="$libdir" >/dev/null
cmake --build "$work/cmake" >/dev/null
"$work/cmake/consumer"
"$work/cmake/consumer-static"
"$work/cmake/consumer-clash"
echo "consumer builds: ok"
