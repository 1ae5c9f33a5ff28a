// build.test.mjs: the build is reproducible. The same sources, copied to
// another folder and built there, give a .wasm with the same bytes as dist/'s,
// and no .wasm names the folder it was built in.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { DIST, ROOT } from './helpers.mjs';

test('no .wasm carries the build machine\'s paths', () => {
  for (const name of ['flatline-simd.wasm', 'flatline-scalar.wasm']) {
    const text = readFileSync(join(DIST, name)).toString('latin1');
    assert.ok(!text.includes(ROOT), `${name} names ${ROOT}`);
    assert.ok(!/\/(home|root|tmp|work)\//.test(text), `${name} names an absolute path`);
  }
});

test('the SIMD .wasm built in another folder has the same bytes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flatline-repro-'));
  try {
    for (const part of ['CMakeLists.txt', 'src', 'tests/c', 'tools/wasm_imports.js', 'tools/bench_native.c', 'tools/bench_kernels.c']) {
      cpSync(join(ROOT, part), join(dir, 'source', part), { recursive: true });
    }
    const env = { ...process.env, NODE_PATH: '/usr/share/nodejs' };
    const build = join(dir, 'build');
    execFileSync('emcmake', ['cmake', '-S', join(dir, 'source'), '-B', build, '-DCMAKE_BUILD_TYPE=Release',
      '-DFLATLINE_SIMD=ON'], { env, stdio: 'ignore' });
    execFileSync('cmake', ['--build', build, '--target', 'flatline-simd', '-j', '2'], { env, stdio: 'ignore' });
    const a = readFileSync(join(build, 'flatline-simd.wasm'));
    const b = readFileSync(join(DIST, 'flatline-simd.wasm'));
    assert.ok(a.equals(b), `${a.length} bytes vs ${b.length}: the builds differ`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
