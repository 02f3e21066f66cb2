#!/usr/bin/env bash
# The transport and application tests under ThreadSanitizer (build-tsan/): WebSocket sessions run on
# several threads and the tent on one, and these tests run the server that way (tests/net/live_server,
# tests/app/live_tent). Any data race reported fails the test it happens in.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

packages=(g++ cmake make libboost1.81-dev nlohmann-json3-dev libsqlite3-dev catch2)
source deploy/install-missing.sh
install_missing "${packages[@]}"

cmake --preset tsan >/dev/null
cmake --build build-tsan -j"$(nproc)" --target tests_net tests_app massage-tent
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
ctest --test-dir build-tsan --output-on-failure -j2 -R '^(net|app)\.'
