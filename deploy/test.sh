#!/usr/bin/env bash
# One command on a fresh Debian 12 machine: install, build, and run the whole test suite.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
TENT_EXTRA_PACKAGES=chromium bash deploy/setup.sh
ctest --test-dir build --output-on-failure -j2
