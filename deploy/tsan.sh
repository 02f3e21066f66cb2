#!/usr/bin/env bash
# The transport and application tests under ThreadSanitizer (build-tsan/): WebSocket sessions run on
# several threads and the tent on one, and these tests run the server that way (tests/net/live_server,
# tests/app/live_tent). Any data race reported fails the test it happens in.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

source deploy/install-missing.sh
install_missing g++ "${build_packages[@]}"

cmake --preset tsan >/dev/null
cmake --build --preset tsan -j"$(nproc)"
ctest --preset tsan
