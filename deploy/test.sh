#!/usr/bin/env bash
# One command on a fresh Debian 12 machine: install, build, and run the whole test suite: the C++
# and browser tests (Release), each libFuzzer target for FUZZ_SECONDS (default 30), and the C++
# tests again under AddressSanitizer + UndefinedBehaviorSanitizer, and the transport and application
# tests under ThreadSanitizer. First of all it checks the C++ formatting (deploy/format.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash deploy/format.sh
# chromium for the browser tests; prometheus for promtool, which checks GET /metrics's output;
# dpkg-dev, file, lintian, systemd and curl to build and check the Debian package (deploy.package).
TENT_EXTRA_PACKAGES="chromium prometheus dpkg-dev file lintian systemd curl" bash deploy/setup.sh
# The promtool and package tests fail rather than skip when their tools are missing.
export TENT_REQUIRE_PROMTOOL=1 TENT_REQUIRE_PACKAGE_TOOLS=1
ctest --test-dir build --output-on-failure -j2
FUZZ_SECONDS="${FUZZ_SECONDS:-30}" bash deploy/fuzz.sh
bash deploy/sanitize.sh
bash deploy/tsan.sh
