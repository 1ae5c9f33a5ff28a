#!/usr/bin/env node
// bench-kernels.mjs: `npm run bench:kernels`. The matrix kernels alone, in GFLOP/s
// per layer shape (tools/bench_kernels.c): the SIMD WebAssembly build in Node,
// compiled by V8's optimizing tier from the start (--no-liftoff: a program
// whose main never returns would otherwise stay in the baseline tier), then
// the same kernels natively on 128-bit vectors. Shapes as B,I,O,ACT arguments,
// or the layers of the benchmark's models.
//   node tools/bench-kernels.mjs [B,I,O,ACT ...]
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, NODE_PATH: '/usr/share/nodejs' }; // Emscripten 3.1.6's glue generation
const shapes = process.argv.slice(2);

// Configured each time (cheap), so that a new target in CMakeLists.txt is known.
function build(dir, configure) {
  execFileSync(configure[0], configure.slice(1), { cwd: ROOT, env, stdio: 'ignore' });
  execFileSync('cmake', ['--build', dir, '--target', 'bench-kernels', '-j', '2'], { cwd: ROOT, env, stdio: 'ignore' });
}

build('build-wasm-simd', ['emcmake', 'cmake', '-S', '.', '-B', 'build-wasm-simd', '-DCMAKE_BUILD_TYPE=Release',
  '-DFLATLINE_SIMD=ON', '-DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node']);
build('build-bench', ['cmake', '-S', '.', '-B', 'build-bench', '-DCMAKE_BUILD_TYPE=Release', '-DFLATLINE_NATIVE_ARCH=ON']);
const run = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    process.stderr.write(err.stderr || String(err));
    process.exit(2);
  }
};
console.log(`WebAssembly SIMD in Node ${process.version}`);
console.log(run(process.execPath, ['--no-liftoff', join(ROOT, 'build-wasm-simd', 'bench-kernels.js'), ...shapes]));
console.log('The same C, native (-O3 -march=native, 128-bit vectors)');
console.log(run(join(ROOT, 'build-bench', 'bench-kernels'), shapes));
