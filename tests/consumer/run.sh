#!/usr/bin/env bash
# Builds the programs of tests/consumer against an installed thidua: with
# pkg-config (shared, then --static) and with CMake's find_package.
# main.c reads YAML and links thidua-io; built with CONSUMER_CORE_ONLY it
# links libthidua alone, which must need no io library. clash.c defines
# functions with the library's internal names and must link statically.
# Usage: run.sh PREFIX WORKDIR
set -euo pipefail
prefix="$1"
work="$2"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rm -rf "$work"
mkdir -p "$work"
libdir="$(dirname "$(find "$prefix" -name thidua.pc -path '*pkgconfig*' | head -n 1)")/.."
pc() { PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config "$@"; }
io_deps='yaml|utf8proc|xlsxwriter|libzip|expat'

echo "-- pkg-config thidua-io: $(pc --cflags --libs thidua-io)"
# shellcheck disable=SC2046
cc -std=c11 -Wall -Wextra -Werror -o "$work/consumer-pkgconfig" "$here/main.c" \
  $(pc --cflags --libs thidua-io) -Wl,-rpath,"$libdir"
"$work/consumer-pkgconfig"

echo "-- pkg-config thidua (libthidua alone): $(pc --cflags --libs thidua)"
# shellcheck disable=SC2046
cc -std=c11 -Wall -Wextra -Werror -DCONSUMER_CORE_ONLY -o "$work/consumer-core" "$here/main.c" \
  $(pc --cflags --libs thidua) -Wl,-rpath,"$libdir"
"$work/consumer-core"
if ldd "$work/consumer-core" | grep -E "thidua-io|$io_deps"; then
  echo "a program linking only thidua needs the io libraries" >&2
  exit 1
fi
for lib in libthidua.so; do
  if ldd "$libdir/$lib" | grep -E "$io_deps"; then
    echo "$lib depends on an io library" >&2
    exit 1
  fi
done

# the static archives in place of -lthidua-io and -lthidua, then their private dependencies
static_libs="$(pc --static --libs thidua-io)"
static_libs="${static_libs//-lthidua-io/$libdir/libthidua-io.a}"
static_libs="${static_libs//-lthidua /$libdir/libthidua.a }"
static_libs="${static_libs% -lthidua}"
[[ "$static_libs" == *"$libdir/libthidua.a"* ]] || static_libs="$static_libs $libdir/libthidua.a"
echo "-- pkg-config --static: $static_libs"
# shellcheck disable=SC2046,SC2086
cc -std=c11 -Wall -Wextra -Werror -o "$work/consumer-static" "$here/main.c" $(pc --cflags thidua-io) $static_libs
"$work/consumer-static"

echo "-- each static archive keeps only its shared library's API global"
exports() { nm -D --defined-only "$1" | awk 'NF == 3 && $3 !~ /^_/ {print $3}' | sort; }
globals() { nm -g --defined-only "$1" | awk 'NF == 3 {print $3}' | sort; }
for name in thidua thidua-io; do
  api="$(exports "$libdir/lib$name.so")"
  archive="$(globals "$libdir/lib$name.a")"
  if [ "$api" != "$archive" ]; then
    echo "lib$name.a's global symbols differ from lib$name.so's exports:" >&2
    diff <(echo "$api") <(echo "$archive") >&2 || true
    exit 1
  fi
  [ -n "$api" ] || { echo "lib$name.so exports nothing" >&2; exit 1; }
  if echo "$api" | grep -v '^td_'; then
    echo "lib$name exports names outside td_*" >&2
    exit 1
  fi
  echo "   lib$name: $(echo "$api" | wc -l) symbols, all td_*"
done
both="$(comm -12 <(exports "$libdir/libthidua.so") <(exports "$libdir/libthidua-io.so"))"
[ -z "$both" ] || { echo "exported by both libraries: $both" >&2; exit 1; }
# shellcheck disable=SC2046,SC2086
cc -std=c11 -Wall -Wextra -Werror -o "$work/consumer-clash" "$here/clash.c" $(pc --cflags thidua-io) $static_libs
"$work/consumer-clash"

echo "-- find_package(thidua)"
cmake -S "$here" -B "$work/cmake" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_RPATH="$libdir" >/dev/null
cmake --build "$work/cmake" >/dev/null
"$work/cmake/consumer"
"$work/cmake/consumer-core"
if ldd "$work/cmake/consumer-core" | grep -E "thidua-io|$io_deps"; then
  echo "thidua::thidua brings the io libraries" >&2
  exit 1
fi
"$work/cmake/consumer-static"
"$work/cmake/consumer-clash"
echo "consumer builds: ok"
