// soak.test.mjs: a minute of training at full speed in Chromium (the spiral
// lesson on 5,000 points, decision map included). The DOM stays about the same size, each chart
// holds at most 601 points per curve, the JS heap grows only by the history it
// keeps (under 1.5 KB an epoch), the worker's memory stays small, and
// nothing logs an error. The DOM varies by a few findings' worth of nodes.
// It waits for 3,000 epochs, however long a busy machine takes, and asserts
// no speed: the pace (epochs a second, early and late) is printed, and
// `npm run soak` runs the same for five minutes and prints it too.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { soak } from '../../tools/soak.mjs';

test('a minute at full speed: DOM, chart points, heap and WebAssembly memory stay bounded', async () => {
  const { samples, problems } = await soak(60, { every: 10, minEpochs: 3000 });
  const first = samples[0];
  const last = samples.at(-1);
  const nodes = samples.map((s) => s.nodes);
  assert.ok(Math.max(...nodes) - Math.min(...nodes) <= 80, `DOM nodes ${nodes}`); // findings come and go
  for (const s of samples) assert.ok(s.points <= 601, `chart points ${s.points}`);
  const perEpoch = ((last.heapMB - first.heapMB) * 1e6) / (last.epochs - first.epochs);
  assert.ok(perEpoch < 1500, `heap grows ${perEpoch.toFixed(0)} bytes an epoch`);
  assert.ok(last.wasmMB < 128, `WebAssembly memory ${last.wasmMB} MB`);
  assert.ok(last.epochs >= 3000, `${last.epochs} epochs in ${last.t} s: the bounds above need a long run`);
  assert.deepEqual(problems, []);
  const pace = (a, b) => ((b.epochs - a.epochs) / (b.t - a.t)).toFixed(0);
  console.log(`# soak: ${last.epochs} epochs in ${last.t} s (${pace(samples[1], samples[2])} epochs/s early, ` +
    `${pace(samples.at(-2), last)} late); heap ${first.heapMB} -> ${last.heapMB} MB; ` +
    `wasm ${first.wasmMB} -> ${last.wasmMB} MB; DOM ${first.nodes} -> ${last.nodes} nodes`);
});
