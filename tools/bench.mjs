#!/usr/bin/env node
// bench.mjs: `npm run bench`. Trains the same two models with every engine in
// one run and prints median training throughput (samples/s), GFLOP/s
// (6 x parameters x samples / s) and the ratios to TensorFlow.js wasm and to
// native C, as a table, or as JSON with --json.
//
//   seed: 10-32-32-3, batch 32, 1,000 samples, 20 epochs (the post's model)
//   wide: 10-256-256-3, batch 128, 10,000 samples, 5 epochs
// Random labels, Adam, single thread. Each engine warms up (for at least 1.5 s,
// so that V8 has tiered up to optimized code); then every round times one
// whole run of each engine in turn, rotating the order, so that a machine
// whose speed drifts (shared virtual machines do) moves all engines alike;
// the table gives the median over the rounds and the ratios of medians.
// Flatline's runs include its epoch-0 evaluation and a 10-sample validation
// pass per epoch; TensorFlow.js fits without validation.
// Then the command line's start (bench-cli.mjs) and PyTorch on the CPU at batch
// sizes 1 to 1024 on three models (bench-torch.mjs).
//
//   node tools/bench.mjs [--json] [--quick] [--against DIR]
//     --quick: fewer repetitions
//     --against DIR: also times DIR/flatline-simd.wasm and DIR/flatline-scalar.wasm
//       (another build, e.g. an earlier commit's dist/) in the same rounds,
//       so that a change's cost is measured on the same machine at the same time
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { loadEngine } from '../web/engine/engine.js';

import { benchCli, cliTable } from './bench-cli.mjs';
import { benchTorch, torchTable } from './bench-torch.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');
const argv = process.argv.slice(2);
const AGAINST = argv.includes('--against') ? argv[argv.indexOf('--against') + 1] : null;

export const MODELS = [
  { name: 'seed', width: 32, batch: 32, n: 1000, epochs: 20 },
  { name: 'wide', width: 256, batch: 128, n: 10000, epochs: 5 },
].map((m) => ({ ...m, inputs: 10, depth: 2, classes: 3 }));

function paramCount(m) {
  return m.inputs * m.width + m.width + (m.depth - 1) * (m.width * m.width + m.width) + m.width * m.classes + m.classes;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ROUNDS = QUICK ? 3 : 7;

/** A runner for one model: { warm(), once() -> samples/s }. */
function runner(run, samples, { warmMs = 1500 } = {}) {
  return {
    async warm() {
      const start = performance.now();
      do await run(); while (performance.now() - start < warmMs);
    },
    async once() {
      const t0 = performance.now();
      await run();
      return samples / ((performance.now() - t0) / 1e3);
    },
  };
}

async function flatline(variant, m, dir = join(ROOT, 'dist')) {
  const engine = await loadEngine(readFileSync(join(dir, `flatline-${variant}.wasm`)));
  const config = { features: m.inputs, width: m.width, depth: m.depth, classes: m.classes, batch: m.batch,
    n_train: m.n, n_val: 10, epochs: m.epochs };
  return runner(() => {
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

// One process per round; it warms up with one run of its own and times the next.
function native(bin, m) {
  return {
    async warm() {},
    async once() {
      const out = execFileSync(bin, [m.inputs, m.width, m.depth, m.classes, m.batch, m.n, m.epochs, 1].map(String), { encoding: 'utf8' });
      return JSON.parse(out).samples_per_s;
    },
  };
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
  const r = runner(() => model.fit(x, y, { batchSize: m.batch, epochs, shuffle: true, verbose: 0 }),
    m.n * epochs, { warmMs: backend === 'cpu' ? 0 : 1500 });
  r.note = epochs !== m.epochs ? `${epochs} epoch per run` : undefined;
  r.dispose = () => {
    tf.dispose([x, y]);
    model.dispose();
  };
  return r;
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
  if (AGAINST) {
    engines.splice(2, 0, ['against-simd', (m) => flatline('simd', m, AGAINST)],
      ['against-scalar', (m) => flatline('scalar', m, AGAINST)]);
  }
  const results = [];
  for (const m of MODELS) {
    const params = paramCount(m);
    const row = { model: m.name, params, engines: {} };
    const runners = [];
    // TF.js keeps one backend at a time: its two runners are made and run last, apart.
    for (const [name, make] of engines) {
      if (name.startsWith('tfjs')) continue;
      const r = await make(m);
      await r.warm();
      runners.push([name, r]);
    }
    const rates = Object.fromEntries(engines.map(([name]) => [name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < runners.length; k++) {
        const [name, r] = runners[(k + round) % runners.length];
        rates[name].push(await r.once());
      }
    }
    for (const [name, make] of engines.filter(([n]) => n.startsWith('tfjs'))) {
      const r = await make(m);
      await r.warm();
      // Interleaved with Flatline SIMD, so that their ratio sees the same machine.
      const simd = runners.find(([n]) => n === 'flatline-simd')[1];
      const rounds = name === 'tfjs-cpu' ? Math.min(ROUNDS, 3) : ROUNDS;
      for (let round = 0; round < rounds; round++) {
        rates[name].push(await r.once());
        rates['flatline-simd'].push(await simd.once());
      }
      r.dispose();
      row.engines[name] = { note: r.note };
    }
    for (const [name] of engines) {
      const xs = rates[name];
      const samplesPerSecond = median(xs);
      row.engines[name] = {
        ...row.engines[name], samplesPerSecond, runs: xs.length, min: Math.min(...xs), max: Math.max(...xs),
        gflops: (6 * params * samplesPerSecond) / 1e9,
      };
      if (!args.has('--json')) process.stderr.write(`  ${m.name} ${name}: ${Math.round(samplesPerSecond)} samples/s\n`);
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
  const cli = await benchCli(QUICK ? 5 : 15);
  const torch = await benchTorch({ quick: QUICK });
  if (args.has('--json')) {
    console.log(JSON.stringify({ machine, results, cli, torch }, null, 2));
    return;
  }
  const k = (v) => (v >= 1e4 ? `${Math.round(v / 1e3)}k` : String(Math.round(v)));
  console.log(`\nmachine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, one thread\n`);
  console.log('| model | engine | samples/s (median) | range over runs | GFLOP/s | vs tfjs-wasm | vs native |');
  console.log('|---|---|---:|---:|---:|---:|---:|');
  for (const row of results) {
    const e = row.engines;
    for (const [name, r] of Object.entries(e)) {
      const vsTf = r.samplesPerSecond / e['tfjs-wasm'].samplesPerSecond;
      const vsNative = r.samplesPerSecond / e['native-c'].samplesPerSecond;
      console.log(`| ${row.model} (${row.params} params) | ${name}${r.note ? ` (${r.note})` : ''} | ` +
        `${Math.round(r.samplesPerSecond).toLocaleString('en-US')} | ${k(r.min)}-${k(r.max)} | ${r.gflops.toFixed(2)} | ${vsTf.toFixed(2)}x | ${vsNative.toFixed(2)}x |`);
    }
  }
  console.log('\nFlatline SIMD vs its scalar build: ' +
    results.map((r) => `${r.model} ${r.ratios.simd_vs_scalar.toFixed(2)}x`).join(', '));
  console.log(`\nThe command line's start (tools/bench-cli.mjs), ${cli.rows[0].runs} runs each, timed from the spawn:\n`);
  console.log(cliTable(cli));
  console.log('\nAgainst PyTorch on the CPU (tools/bench-torch.mjs): the same MLPs, data, batch sizes and epochs; training only, medians of interleaved rounds:\n');
  console.log(torchTable(torch));
}

await main();
