#!/usr/bin/env node
// bench-chunks.mjs: `npm run bench:chunks`. Training throughput of the SIMD
// .wasm over model sizes and chunk sizes (samples per unit of work), beside the
// chunk the core picks, so that the pick can be checked to stay near the best
// at every size. Each cell trains for about a quarter second after a warm-up;
// medians of three. Results never depend on the chunk; only speed and the
// latency of one unit (the worker's slices) do.
//
//   node tools/bench-chunks.mjs [--json]
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { loadEngine } from '../web/engine/engine.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CHUNKS = [0, 4, 16, 32, 64, 128, 256];
const MODELS = [
  { name: 'post model 10-32-32-3', width: 32, depth: 2, batch: 32 },
  { name: '10-256-256-3', width: 256, depth: 2, batch: 128 },
  { name: '10-1024x2-3', width: 1024, depth: 2, batch: 32 },
  { name: '10-1024x6-3 (largest)', width: 1024, depth: 6, batch: 32 },
  { name: '10-1024x6-3, batch 256', width: 1024, depth: 6, batch: 256 },
];

const engine = await loadEngine(readFileSync(join(ROOT, 'dist', 'flatline-simd.wasm')));

/** Samples per second training config with this chunk, for about `ms` milliseconds. */
function rate(config, chunk, ms) {
  const t = engine.createTrainer(config, { chunk });
  while (t.records === 0) t.run(1); // epoch 0's evaluation is not training
  const picked = t.chunk;
  let samples = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    const units = t.run(1);
    if (units === 0) break;
    samples += Math.min(picked, config.batch); // a unit never spans two batches (2048 is a multiple of each)
    now = performance.now();
  }
  t.free();
  const units = samples / Math.min(picked, config.batch);
  return { picked, perSecond: samples / ((now - start) / 1e3), unitMs: (now - start) / Math.max(1, units) };
}

const results = [];
for (const m of MODELS) {
  const config = { dataset: 'random', width: m.width, depth: m.depth, batch: m.batch, n_train: 2048, n_val: 10, epochs: 100 };
  rate(config, 0, 300); // warm-up
  const row = { model: m.name, batch: m.batch, params: 0, cells: {} };
  for (const chunk of CHUNKS) {
    const runs = [0, 1, 2].map(() => rate(config, chunk, 250)).sort((a, b) => a.perSecond - b.perSecond);
    row.cells[chunk] = runs[1];
  }
  const t = engine.createTrainer(config);
  row.params = t.paramCount;
  row.picked = t.chunk;
  t.free();
  results.push(row);
  if (!process.argv.includes('--json')) process.stderr.write(`  ${m.name}: picked ${row.picked}\n`);
}

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(results, null, 2));
} else {
  console.log(`| model | params | batch | ${CHUNKS.map((c) => (c === 0 ? 'core\'s pick' : `chunk ${c}`)).join(' | ')} |`);
  console.log(`|---|---:|---:|${CHUNKS.map(() => '---:').join('|')}|`);
  for (const r of results) {
    const best = Math.max(...CHUNKS.slice(1).map((c) => r.cells[c].perSecond));
    const cell = (c) => {
      const v = r.cells[c];
      const text = `${Math.round(v.perSecond).toLocaleString('en-US')}`;
      return c === 0 ? `${text} (${r.picked}; ${Math.round((100 * v.perSecond) / best)}% of best, ${v.unitMs.toFixed(1)} ms/unit)` : text;
    };
    console.log(`| ${r.model} | ${r.params.toLocaleString('en-US')} | ${r.batch} | ${CHUNKS.map(cell).join(' | ')} |`);
  }
}
