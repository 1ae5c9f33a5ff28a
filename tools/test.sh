#!/usr/bin/env bash
# test.sh: every test: the C tests natively, under ASan and UBSan, and as
# WebAssembly (SIMD and scalar kernels) under CTest; a short libFuzzer run;
# then the Node tests (builds, CLI, doctor, Keras parity, presets, server;
# then the browser). Expects `node tools/build.mjs` to have run.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j 2
# The same C tests under AddressSanitizer and UndefinedBehaviorSanitizer.
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Release -DFLATLINE_SANITIZE=ON >/dev/null
cmake --build build-asan -j 2
for dir in build build-asan build-wasm-simd build-wasm-scalar; do
  echo "== C tests: $dir"
  ctest --test-dir "$dir" --output-on-failure
done
echo "== fuzzing config parsing, trainer creation and training for 20 s (longer: npm run fuzz)"
bash tools/fuzz.sh 20
# The tests that drive Chromium run one at a time (each is built to hold on a
# loaded machine, but two browsers at once on two cores is more than a user's
# machine asks of one page); the others, two at a time.
browser=$(grep -l -e chromium -e soak.mjs tests/js/*.test.mjs)
others=$(ls tests/js/*.test.mjs | grep -v -F -x -f <(echo "$browser"))
echo "== Node tests without a browser, two at a time"
node --test --test-concurrency=2 $others
echo "== Browser tests, one at a time"
node --test --test-concurrency=1 $browser
