#!/usr/bin/env bash
# Builds thidua (Release) and installs it: the thidua command, both
# libraries, headers, pkg-config and CMake files, under PREFIX (default
# ~/.local, so no root is needed; /usr/local with sudo), with its manual
# page and bash and zsh completion (docs/cli.md). Prints how to put
# PREFIX/bin on PATH when it is not there yet. Idempotent.
# Usage: scripts/install.sh [PREFIX]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prefix="${1:-$HOME/.local}"
bash "$root/scripts/deps.sh"
build="$root/build/install"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DTHIDUA_BUILD_TESTS=OFF -DTHIDUA_BUILD_EXAMPLES=OFF \
  -DCMAKE_INSTALL_PREFIX="$prefix" >/dev/null
cmake --build "$build" --parallel "$(nproc)" >/dev/null
cmake --install "$build" >/dev/null
echo "installed thidua $("$prefix/bin/thidua" --version | cut -d' ' -f2) under $prefix"
case ":$PATH:" in
  *":$prefix/bin:"*) echo "the command is on PATH: thidua --help" ;;
  *) echo "to run 'thidua' by name, add this line to ~/.bashrc (or ~/.profile):"
     echo "  export PATH=\"$prefix/bin:\$PATH\"" ;;
esac
echo "manual page: man thidua (man finds $prefix/share/man through PATH); bash completion:"
echo "  $prefix/share/bash-completion/completions/thidua (bash-completion loads it from ~/.local and /usr/local;"
echo "  else source it from ~/.bashrc); zsh: fpath=($prefix/share/zsh/site-functions \$fpath) before compinit"
