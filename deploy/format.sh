#!/usr/bin/env bash
# Checks that the C++ sources are formatted as .clang-format says (clang-format 14, Debian 12):
# `bash deploy/format.sh` lists the files that are not and exits non-zero; `bash deploy/format.sh --fix`
# formats them in place. The test command runs the check.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source deploy/install-missing.sh
install_missing clang-format
mapfile -t files < <(git ls-files '*.cpp' '*.hpp')
if [ "${1:-}" = --fix ]; then
  clang-format -i "${files[@]}"
  exit 0
fi
if ! report=$(clang-format --dry-run --Werror "${files[@]}" 2>&1); then
  grep -o '^[^:]*\.[ch]pp' <<<"$report" | sort -u | sed 's/^/not formatted: /'
  echo "massage-tent: run 'bash deploy/format.sh --fix' to format them" >&2
  exit 1
fi
echo "massage-tent: ${#files[@]} C++ files formatted as .clang-format says"
