#!/usr/bin/env bash
# The C++ test suite under AddressSanitizer + UndefinedBehaviorSanitizer: the dev preset (Debug,
# -Werror) in build-dev/. Run before each submission; the browser tests stay with deploy/test.sh.
# Any sanitizer report fails the test it happens in.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

source deploy/install-missing.sh
install_missing g++ "${build_packages[@]}"

cmake --preset dev >/dev/null
cmake --build --preset dev -j"$(nproc)"
# The test preset makes UBSan reports fatal (the build lets it recover) and counts every leak.
ctest --preset dev
