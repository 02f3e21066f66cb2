#!/usr/bin/env bash
# One command on a fresh Debian 12 machine: install, build, and run the whole test suite.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash deploy/setup.sh
ctest --test-dir build --output-on-failure -j2
