// soak.test.mjs: a minute of training at full speed in Chromium (the spiral
// lesson on 5,000 points, decision map included). The DOM stays about the same size, each chart
// holds at most 601 points per curve, the JS heap grows only by the history it
// keeps (under 1.5 KB an epoch), the worker's memory stays small, training
// keeps its pace to the end, and nothing logs an error. The DOM varies by a
// few findings' worth of nodes. `npm run soak` runs
// the same for five minutes.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { soak } from '../../tools/soak.mjs';

test('a minute at full speed: DOM, chart points, heap and WebAssembly memory stay bounded', async () => {
  const { samples, problems } = await soak(60, { every: 10 });
  const first = samples[0];
  const last = samples.at(-1);
  const nodes = samples.map((s) => s.nodes);
  assert.ok(Math.max(...nodes) - Math.min(...nodes) <= 80, `DOM nodes ${nodes}`); // findings come and go
  for (const s of samples) assert.ok(s.points <= 601, `chart points ${s.points}`);
  const perEpoch = ((last.heapMB - first.heapMB) * 1e6) / (last.epochs - first.epochs);
  assert.ok(perEpoch < 1500, `heap grows ${perEpoch.toFixed(0)} bytes an epoch`);
  assert.ok(last.wasmMB < 128, `WebAssembly memory ${last.wasmMB} MB`);
  const pace = (a, b) => (b.epochs - a.epochs) / (b.t - a.t);
  const early = pace(samples[1], samples[2]);
  const late = pace(samples.at(-2), last);
  assert.ok(last.epochs > 5000 && late > 0.5 * early, `epochs/s early ${early.toFixed(0)}, late ${late.toFixed(0)}`);
  assert.deepEqual(problems, []);
  console.log(`# soak: ${last.epochs} epochs in ${last.t} s; heap ${first.heapMB} -> ${last.heapMB} MB; ` +
    `wasm ${first.wasmMB} -> ${last.wasmMB} MB; DOM ${first.nodes} -> ${last.nodes} nodes`);
});
