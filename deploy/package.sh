#!/usr/bin/env bash
# One command on Debian 12: installs what is missing, builds (Release) and writes the Debian package
# build/massage-tent_VERSION_ARCH.deb (docs/install.md says how to install it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# dpkg-dev and file: CPack finds the libraries the package depends on with dpkg-shlibdeps.
TENT_EXTRA_PACKAGES="dpkg-dev file ${TENT_EXTRA_PACKAGES:-}" bash deploy/setup.sh
cmake --build build -j"$(nproc)" --target package
ls -l build/massage-tent_*.deb
