#!/usr/bin/env bash
# Fuzzes the parsers of untrusted input with libFuzzer: builds the targets in tests/fuzz with clang
# (ASan + UBSan + coverage) in build-fuzz/, then runs each for FUZZ_SECONDS (default 30) from the
# seed corpus in tests/fuzz/corpus/<target>/. Exits non-zero if any target crashed; the crashing
# input is left in build-fuzz/crashes/ (make it a Catch2 regression test, then fix it).
#   FUZZ_SECONDS=300 bash deploy/fuzz.sh        # longer runs
#   bash deploy/fuzz.sh ops roster               # only some targets (ops http roster parsers)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds=${FUZZ_SECONDS:-30}
targets=("$@")
((${#targets[@]})) || targets=(ops http roster parsers)

# clang and its libFuzzer/sanitizer runtimes from Debian, plus the server's own build dependencies.
source deploy/install-missing.sh
install_missing clang-14 libclang-rt-14-dev "${build_packages[@]}"

CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTENT_FUZZ=ON \
  -DBUILD_TESTING=OFF >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]/#/fuzz_}"

mkdir -p build-fuzz/crashes
failed=()
for t in "${targets[@]}"; do
  # New inputs go to build-fuzz/corpus/<t>; the seeds in the repository are only read.
  mkdir -p "build-fuzz/corpus/$t"
  echo "massage-tent fuzz: $t for ${seconds}s"
  if ! ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 "build-fuzz/fuzz_$t" \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="build-fuzz/crashes/$t-" "build-fuzz/corpus/$t" "tests/fuzz/corpus/$t" \
      >"build-fuzz/$t.log" 2>&1; then
    failed+=("$t")
    tail -n 40 "build-fuzz/$t.log" >&2
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "build-fuzz/$t.log" | sed "s/^/  $t /" || true
done
if ((${#failed[@]})); then
  echo "massage-tent fuzz: crashes in ${failed[*]}; inputs in build-fuzz/crashes/" >&2
  exit 1
fi
echo "massage-tent fuzz: no crash in ${targets[*]} (${seconds}s each)"
