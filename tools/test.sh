#!/usr/bin/env bash
# test.sh: every test: the C tests natively and as WebAssembly (SIMD and
# scalar kernels) under CTest, then the Node tests (builds, CLI, Keras parity,
# presets, browser). Expects `node tools/build.mjs` to have run.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j 2
for dir in build build-wasm-simd build-wasm-scalar; do
  echo "== C tests: $dir"
  ctest --test-dir "$dir" --output-on-failure
done
echo "== Node tests"
node --test --test-concurrency=1 tests/js/
