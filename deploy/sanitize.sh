#!/usr/bin/env bash
# The C++ test suite under AddressSanitizer + UndefinedBehaviorSanitizer: the dev preset (Debug,
# -Werror) in build-dev/. Run before each submission; the browser tests stay with deploy/test.sh.
# Any sanitizer report fails the test it happens in.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

packages=(g++ cmake make libboost1.81-dev nlohmann-json3-dev libsqlite3-dev catch2)
source deploy/install-missing.sh
install_missing "${packages[@]}"

cmake --preset dev >/dev/null
cmake --build build-dev -j"$(nproc)"
# UBSan reports are fatal here (the build lets it recover), and every leak counts.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
ctest --test-dir build-dev --output-on-failure -j2 -E '^browser\.'
