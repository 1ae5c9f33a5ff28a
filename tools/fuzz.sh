#!/usr/bin/env bash
# fuzz.sh: builds the libFuzzer harness (tests/fuzz/fuzz_trainer.c) with clang,
# AddressSanitizer and UndefinedBehaviorSanitizer, and runs it for SECONDS
# (default 600) on a copy of tests/fuzz/corpus. A crash leaves its input in
# build-fuzz/ and exits non-zero.
#
#   bash tools/fuzz.sh [SECONDS]        (npm run fuzz -- SECONDS)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
CC=clang cmake -S . -B build-fuzz -DFLATLINE_FUZZ=ON -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-fuzz --target fuzz_trainer -j 2 >/dev/null
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
cp tests/fuzz/corpus/* "$corpus"/
cd build-fuzz
./fuzz_trainer -max_total_time="$seconds" -print_final_stats=1 "$corpus" 2>&1 |
  grep -E "^(Done|stat::number_of_executed_units|stat::peak_rss_mb)|ERROR|SUMMARY|crash-|leak-|timeout-" || true
test "${PIPESTATUS[0]}" -eq 0
