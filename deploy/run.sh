#!/usr/bin/env bash
# One command on a fresh Debian 12 machine: install, build, and run the tent server on its
# embedded SQLite database (data/tent.db). Extra arguments go to `massage-tent serve`
# (see build/massage-tent --help), e.g. --port 80 --organiser-pin 123456.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
TENT_BUILD_TARGET=massage-tent bash deploy/setup.sh
exec build/massage-tent serve "$@"
