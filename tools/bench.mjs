#!/usr/bin/env node
// bench.mjs: `npm run bench`. Trains the same two models with every engine in
// one run and prints median training throughput (samples/s), GFLOP/s
// (6 x parameters x samples / s) and the ratios to TensorFlow.js wasm and to
// native C, as a table, or as JSON with --json.
//
//   seed: 10-32-32-3, batch 32, 1,000 samples, 20 epochs (the post's model)
//   wide: 10-256-256-3, batch 128, 10,000 samples, 5 epochs
// Random labels, Adam, single thread. Each engine warms up (for at least 1.5 s,
// so that V8 has tiered up to optimized code) and is then timed over several
// whole runs. Flatline's runs include its epoch-0 evaluation and a 10-sample
// validation pass per epoch; TensorFlow.js fits without validation.
//
//   node tools/bench.mjs [--json] [--quick]      (--quick: fewer repetitions)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { loadEngine } from '../web/engine.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');

export const MODELS = [
  { name: 'seed', width: 32, batch: 32, n: 1000, epochs: 20 },
  { name: 'wide', width: 256, batch: 128, n: 10000, epochs: 5 },
].map((m) => ({ ...m, inputs: 10, depth: 2, classes: 3 }));

function paramCount(m) {
  return m.inputs * m.width + m.width + (m.depth - 1) * (m.width * m.width + m.width) + m.width * m.classes + m.classes;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Calls run() (one whole training run) until warm, then `reps` timed times; samples/s. */
async function measure(run, samples, { reps = QUICK ? 3 : 5, warmMs = 1500, maxMs = 20000 } = {}) {
  const start = performance.now();
  do await run(); while (performance.now() - start < warmMs);
  const rates = [];
  const timed = performance.now();
  while (rates.length < reps && (rates.length < 2 || performance.now() - timed < maxMs)) {
    const t0 = performance.now();
    await run();
    rates.push(samples / ((performance.now() - t0) / 1e3));
  }
  return { samplesPerSecond: median(rates), reps: rates.length };
}

async function flatline(variant, m) {
  const engine = await loadEngine(readFileSync(join(ROOT, 'dist', `flatline-${variant}.wasm`)));
  const config = { features: m.inputs, width: m.width, depth: m.depth, classes: m.classes, batch: m.batch,
    n_train: m.n, n_val: 10, epochs: m.epochs };
  return measure(() => {
    const t = engine.createTrainer(config);
    t.runAll();
    t.free();
  }, m.n * m.epochs);
}

function nativeBinary() {
  const dir = join(ROOT, 'build-bench');
  execFileSync('cmake', ['-S', ROOT, '-B', dir, '-DCMAKE_BUILD_TYPE=Release', '-DFLATLINE_NATIVE_ARCH=ON'], { stdio: 'ignore' });
  execFileSync('cmake', ['--build', dir, '--target', 'bench-native', '-j', '2'], { stdio: 'ignore' });
  return join(dir, 'bench-native');
}

function native(bin, m) {
  const reps = QUICK ? 3 : 5;
  const out = execFileSync(bin, [m.inputs, m.width, m.depth, m.classes, m.batch, m.n, m.epochs, reps].map(String), { encoding: 'utf8' });
  const { samples_per_s: samplesPerSecond } = JSON.parse(out);
  return { samplesPerSecond, reps };
}

let tf = null;
async function tfjs(backend, m) {
  if (!tf) {
    tf = await import('@tensorflow/tfjs');
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(`${join(ROOT, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist')}/`);
  }
  await tf.setBackend(backend);
  await tf.ready();
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: m.width, activation: 'relu', inputShape: [m.inputs] }));
  for (let l = 1; l < m.depth; l++) model.add(tf.layers.dense({ units: m.width, activation: 'relu' }));
  model.add(tf.layers.dense({ units: m.classes, activation: 'softmax' }));
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'sparseCategoricalCrossentropy' });
  const x = tf.randomUniform([m.n, m.inputs]);
  const y = tf.floor(tf.randomUniform([m.n], 0, m.classes));
  // The CPU backend is slow enough on the wide model that one epoch is timed.
  const epochs = backend === 'cpu' && m.name === 'wide' ? 1 : m.epochs;
  const result = await measure(() => model.fit(x, y, { batchSize: m.batch, epochs, shuffle: true, verbose: 0 }),
    m.n * epochs, backend === 'cpu' ? { reps: 3, warmMs: 0, maxMs: 60000 } : {});
  tf.dispose([x, y]);
  model.dispose();
  return { ...result, note: epochs !== m.epochs ? `${epochs} epoch per run` : undefined };
}

async function main() {
  if (!existsSync(join(ROOT, 'dist', 'flatline-simd.wasm'))) throw new Error('dist/ is missing; run npm run build');
  const bin = nativeBinary();
  const engines = [
    ['flatline-simd', (m) => flatline('simd', m)],
    ['flatline-scalar', (m) => flatline('scalar', m)],
    ['native-c', (m) => native(bin, m)],
    ['tfjs-wasm', (m) => tfjs('wasm', m)],
    ['tfjs-cpu', (m) => tfjs('cpu', m)],
  ];
  const results = [];
  for (const m of MODELS) {
    const params = paramCount(m);
    const row = { model: m.name, params, engines: {} };
    for (const [name, fn] of engines) {
      const r = await fn(m);
      row.engines[name] = { ...r, gflops: (6 * params * r.samplesPerSecond) / 1e9 };
      if (!args.has('--json')) process.stderr.write(`  ${m.name} ${name}: ${Math.round(r.samplesPerSecond)} samples/s\n`);
    }
    const e = row.engines;
    row.ratios = {
      simd_vs_tfjs_wasm: e['flatline-simd'].samplesPerSecond / e['tfjs-wasm'].samplesPerSecond,
      simd_vs_scalar: e['flatline-simd'].samplesPerSecond / e['flatline-scalar'].samplesPerSecond,
      simd_vs_native: e['flatline-simd'].samplesPerSecond / e['native-c'].samplesPerSecond,
    };
    results.push(row);
  }
  const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version };
  if (args.has('--json')) {
    console.log(JSON.stringify({ machine, results }, null, 2));
    return;
  }
  console.log(`\nmachine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, one thread\n`);
  console.log('| model | engine | samples/s | GFLOP/s | vs tfjs-wasm | vs native |');
  console.log('|---|---|---:|---:|---:|---:|');
  for (const row of results) {
    const e = row.engines;
    for (const [name, r] of Object.entries(e)) {
      const vsTf = r.samplesPerSecond / e['tfjs-wasm'].samplesPerSecond;
      const vsNative = r.samplesPerSecond / e['native-c'].samplesPerSecond;
      console.log(`| ${row.model} (${row.params} params) | ${name}${r.note ? ` (${r.note})` : ''} | ` +
        `${Math.round(r.samplesPerSecond).toLocaleString('en-US')} | ${r.gflops.toFixed(2)} | ${vsTf.toFixed(2)}x | ${vsNative.toFixed(2)}x |`);
    }
  }
  console.log('\nFlatline SIMD vs its scalar build: ' +
    results.map((r) => `${r.model} ${r.ratios.simd_vs_scalar.toFixed(2)}x`).join(', '));
}

await main();
