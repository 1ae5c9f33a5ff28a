#!/usr/bin/env node
// bench-torch.mjs: Flatline against PyTorch on the CPU, the peer a practitioner
// would pick instead. The same MLPs (ReLU, Adam, sparse categorical
// cross-entropy on random labels), the same samples, batch sizes and epochs:
// Flatline's SIMD engine in this process, PyTorch (Debian's /usr/bin/python3)
// in two worker processes, one thread and two, with OpenBLAS when it can be
// found (Debian's default BLAS is the reference one, about 3 GFLOP/s here
// against OpenBLAS's 46: not a fair peer). Each configuration is timed in
// rounds that rotate Flatline and the two workers, so that a machine whose
// speed drifts moves all three alike; the medians are printed with their
// ratios. Training only, inside each process; then one whole process each
// (start-up, data, training), for the one-thread figures. Without torch the
// section is skipped with a note.
//
// Part of `npm run bench`; alone: node tools/bench-torch.mjs [--quick] [--json]
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import { loadEngine } from '../web/engine/engine.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PYTHON = '/usr/bin/python3';
// OpenBLAS installed (libopenblas0-pthread), or unpacked beside the build by tools/setup.sh --bench.
const OPENBLAS_DIRS = ['/usr/lib/x86_64-linux-gnu/openblas-pthread', join(ROOT, 'build', 'openblas', 'usr', 'lib', 'x86_64-linux-gnu', 'openblas-pthread')];
const N = 2048; // samples: a multiple of every batch size, so no batch is partial
const BATCHES = [1, 8, 32, 128, 256, 1024];
const MODELS = [
  { name: 'seed', sizes: [10, 32, 32, 3] },
  { name: 'mid', sizes: [10, 128, 128, 3] },
  { name: 'wide', sizes: [10, 256, 256, 3] },
];

const params = (sizes) => sizes.slice(1).reduce((s, o, i) => s + (sizes[i] + 1) * o, 0);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b), h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2; // of two rounds (--quick), their mean
};

// Epochs for about 6 GFLOP of training (6 x parameters per sample; 2 with
// --quick), at most 4096 steps, at least one epoch.
function epochsFor(sizes, batch, quick) {
  const samples = Math.min((quick ? 2e9 : 6e9) / (6 * params(sizes)), 4096 * batch);
  return Math.max(1, Math.round(samples / N));
}

export function findOpenBlas() {
  return OPENBLAS_DIRS.find((d) => existsSync(join(d, 'libblas.so.3'))) ?? null;
}

export function torchAvailable() {
  try {
    execFileSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function pythonEnv(threads, blas) {
  const env = { ...process.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads), OMP_WAIT_POLICY: 'PASSIVE' };
  if (blas) env.LD_LIBRARY_PATH = [blas, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  return env;
}

// A PyTorch worker (tools/bench_torch.py): ask(request) answers its JSON line.
async function worker(threads, blas) {
  const p = spawn(PYTHON, [join(ROOT, 'tools', 'bench_torch.py'), String(threads)], { env: pythonEnv(threads, blas), stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: p.stdout })[Symbol.asyncIterator]();
  const next = async () => JSON.parse((await lines.next()).value);
  const hello = await next();
  return {
    hello,
    ask: async (req) => { p.stdin.write(`${JSON.stringify(req)}\n`); return next(); },
    close: () => p.stdin.end(),
  };
}

// PyTorch as one whole process (import, data, one training run): seconds.
function torchProcess(req, blas) {
  const t0 = performance.now();
  execFileSync(PYTHON, ['-c', `import sys; sys.argv = ['', '1']; sys.path.insert(0, ${JSON.stringify(join(ROOT, 'tools'))}); ` +
    `import bench_torch, torch; torch.set_num_threads(1); bench_torch.train(${JSON.stringify(req.sizes)}, ${req.n}, ${req.batch}, ${req.epochs})`],
  { env: pythonEnv(1, blas), stdio: 'ignore' });
  return (performance.now() - t0) / 1000;
}

// Flatline as one whole process: Node, the engine, the data and the training.
function flatlineProcess(req) {
  const t0 = performance.now();
  execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--once', JSON.stringify(req)], { stdio: 'ignore' });
  return (performance.now() - t0) / 1000;
}

function flatlineConfig({ sizes, n, batch, epochs }) {
  return {
    dataset: 'random', features: sizes[0], classes: sizes.at(-1), widths: sizes.slice(1, -1).join(','),
    n_train: n, n_val: 10, batch, epochs, optimizer: 'adam', lr: 0.001, activation: 'relu',
  };
}

// The epochs' loops only, as bench_torch.py times PyTorch's: the trainer first
// evaluates the untrained model on the training and validation samples (its
// epoch-0 record, a forward pass over all 2,048 samples that PyTorch's loop does
// not make), untimed. The per-epoch validation pass (10 samples) stays timed.
function flatlineSeconds(engine, req) {
  const t = engine.createTrainer(flatlineConfig(req));
  t.run(1 << 30); // returns at the first record: epoch 0
  if (t.records !== 1) throw new Error(`bench-torch: expected the epoch-0 record first, have ${t.records}`);
  const t0 = performance.now();
  t.runAll();
  const s = (performance.now() - t0) / 1000;
  t.free();
  return s;
}

/** { skipped } or { blas, torch, peak, rows }. */
export async function benchTorch({ quick = false } = {}) {
  if (!torchAvailable()) return { skipped: `${PYTHON} has no torch (Debian's python3-torch; bash tools/setup.sh --bench installs it)` };
  const blas = findOpenBlas();
  const engine = await loadEngine(readFileSync(join(ROOT, 'dist', 'flatline-simd.wasm')));
  // V8 runs a module's functions first in its baseline compiler and tiers the hot ones up:
  // warm for 1.5 s on the wide model, as tools/bench.mjs does.
  for (const t0 = performance.now(); performance.now() - t0 < 1500;) flatlineSeconds(engine, { sizes: MODELS[2].sizes, n: N, batch: 128, epochs: 1 });
  const one = await worker(1, blas);
  const two = await worker(2, blas);
  const peak = (await one.ask({ peak: true })).gflops;
  const rounds = quick ? 2 : 3;
  const rows = [];
  for (const m of MODELS) {
    for (const batch of BATCHES) {
      const req = { sizes: m.sizes, n: N, batch, epochs: epochsFor(m.sizes, batch, quick) };
      flatlineSeconds(engine, { ...req, epochs: 1 }); // warm: V8's tiers and the shape
      const times = { flatline: [], torch1: [], torch2: [] };
      const runs = [
        ['flatline', async () => flatlineSeconds(engine, req)],
        ['torch1', async () => (await one.ask(req)).seconds],
        ['torch2', async () => (await two.ask(req)).seconds],
      ];
      for (let r = 0; r < rounds; r++) {
        for (let k = 0; k < runs.length; k++) {
          const [name, run] = runs[(k + r) % runs.length];
          times[name].push(await run());
        }
      }
      const samples = N * req.epochs;
      const rate = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, samples / median(v)]));
      const row = {
        model: m.name, sizes: m.sizes.join('-'), params: params(m.sizes), batch, epochs: req.epochs, rate,
        ratio1: rate.flatline / rate.torch1, ratio2: rate.flatline / rate.torch2,
        gflops: (6 * params(m.sizes) * rate.flatline) / 1e9,
      };
      if (!quick || batch === 32) row.process = { flatline: flatlineProcess(req), torch1: torchProcess(req, blas) };
      rows.push(row);
      process.stderr.write(`  ${m.name} batch ${batch}: Flatline ${(row.ratio1).toFixed(2)}x PyTorch (1 thread)\n`);
    }
  }
  one.close();
  two.close();
  return { blas: blas ? `OpenBLAS (${one.hello.blas.join(', ')})` : `reference BLAS (${one.hello.blas.join(', ') || 'none found'}): PyTorch is far slower than it would be with OpenBLAS`, torch: one.hello.torch, peak, rows };
}

/** The table, as docs/performance.md quotes it. */
export function torchTable(result) {
  if (result.skipped) return `PyTorch comparison skipped: ${result.skipped}.`;
  const k = (v) => Math.round(v).toLocaleString('en-US');
  const s = (v) => (v === undefined ? '—' : v.toFixed(2));
  return [
    `PyTorch ${result.torch}, ${result.blas}; this machine's ceiling as that BLAS reaches it (512 x 512 matrix product, one thread): ${result.peak.toFixed(1)} GFLOP/s.`,
    '',
    '| model | batch | epochs | Flatline samples/s | GFLOP/s | PyTorch 1 thread | PyTorch 2 threads | vs PyTorch 1 thread | vs 2 threads | whole process, s (Flatline / PyTorch 1 thread) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...result.rows.map((r) => `| ${r.model} ${r.sizes} | ${r.batch} | ${r.epochs} | ${k(r.rate.flatline)} | ${r.gflops.toFixed(1)} | ${k(r.rate.torch1)} | ${k(r.rate.torch2)} | ` +
      `${r.ratio1.toFixed(2)}x | ${r.ratio2.toFixed(2)}x | ${r.process ? `${s(r.process.flatline)} / ${s(r.process.torch1)}` : '—'} |`),
  ].join('\n');
}

const self = process.argv[1] === fileURLToPath(import.meta.url);
if (self && process.argv[2] === '--once') {
  // One whole process's work, for flatlineProcess.
  const engine = await loadEngine(readFileSync(join(ROOT, 'dist', 'flatline-simd.wasm')));
  flatlineSeconds(engine, JSON.parse(process.argv[3]));
} else if (self) {
  const result = await benchTorch({ quick: process.argv.includes('--quick') });
  console.log(process.argv.includes('--json') ? JSON.stringify(result, null, 2) : torchTable(result));
}
