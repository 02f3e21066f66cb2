#!/usr/bin/env bash
# clang-tidy (the checks in .clang-tidy) over the server's sources, using build/'s compilation
# database: `bash deploy/tidy.sh` for all of server/, or `bash deploy/tidy.sh server/core/line.cpp ...`.
# Prints the findings and exits non-zero when there are any. Takes a few minutes on two cores.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source deploy/install-missing.sh
install_missing clang-tidy
[ -f build/compile_commands.json ] || bash deploy/setup.sh
files=("$@")
((${#files[@]})) || mapfile -t files < <(git ls-files 'server/*.cpp')
run-clang-tidy -quiet -p build -j "$(nproc)" "${files[@]}"
