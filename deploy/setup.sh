#!/usr/bin/env bash
# Installs what the server needs on Debian 12 (only the packages missing), then configures and
# builds it (Release) into build/. Sourced by run.sh and test.sh; safe to run again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

source deploy/install-missing.sh
packages=(g++ "${build_packages[@]}")
# Node.js and npm fetch the pages' libraries (and the browser test tools) from the npm registry.
command -v npm >/dev/null || packages+=(nodejs npm)
# Extra packages a caller needs, e.g. chromium for the browser tests (see test.sh).
read -r -a extra <<<"${TENT_EXTRA_PACKAGES:-}"
packages+=("${extra[@]}")
install_missing "${packages[@]}"

# Debian 12's Node.js is 18; the lockfile's tools (playwright-core 1.61) need at least that.
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if ((node_major < 18)); then
  echo "massage-tent: Node.js $(node --version 2>/dev/null || echo '(none)') is too old: 18 or newer is needed" \
    "(Debian 12's nodejs package is 18). Install Debian's nodejs, or put a newer node first on PATH." >&2
  exit 1
fi

# The browser libraries the pages load, from the lockfile, copied to vendor/ (served at /vendor/):
# nothing a page needs comes from the internet at run time.
npm ci --no-audit --no-fund --loglevel=error
mkdir -p vendor
cp node_modules/uqr/dist/index.mjs vendor/uqr.mjs
cp node_modules/chart.js/dist/chart.umd.min.js vendor/chart.umd.min.js

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
# TENT_BUILD_TARGET narrows the build (run.sh needs only the server).
cmake --build build -j"$(nproc)" ${TENT_BUILD_TARGET:+--target "$TENT_BUILD_TARGET"}
