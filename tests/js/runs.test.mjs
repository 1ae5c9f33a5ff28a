// runs.test.mjs: the earlier runs the lab keeps (web/lab/runs.js): labels by what
// differs, how many are kept, pins, and which runs a new lesson keeps.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { counterparts } from '../../web/engine/presets.js';
import { KEEP, MAX_PINNED, RunShelf, differences, runLabel } from '../../web/lab/runs.js';

// A stand-in for RunData: the shelf reads only length and the last epoch.
const data = (epochs) => ({ length: epochs + 1, last: () => epochs });
const base = { dataset: 'linear', depth: 1, width: 8, lr: 0.001, batch: 32, epochs: 20 };

test('labels say what differs, the earlier value first, knobs first', () => {
  assert.deepEqual(differences({ ...base, lr: 0.1 }, base), ['lr 0.1 → 0.001']);
  assert.deepEqual(differences({ ...base, depth: 2, width: 32 }, base), ['width 32 → 8', 'depth 2 → 1']);
  assert.deepEqual(differences({ ...base, widths: '' }, { ...base, widths: '24,6' }), ['widths none → 24,6']);
  assert.equal(runLabel({ ...base, lr: 0.1, batch: 256, width: 2, epochs: 30 }, base), 'lr 0.1 → 0.001, batch 256 → 32 +2 more');
  assert.equal(runLabel(base, base), 'same settings');
  assert.equal(runLabel({ ...base, lr: 1e-5 }, base, true), 'lr 1e-5 → 0.001 (changed mid-run)');
});

test(`the shelf keeps the ${KEEP} newest unpinned runs and every pinned one`, () => {
  const shelf = new RunShelf();
  assert.equal(shelf.keep(data(0), base, 'a'), null, 'a run of one record has no curve to compare');
  const first = shelf.keep(data(20), { ...base, width: 1 }, 'a');
  shelf.setPinned(first.id, true);
  for (let w = 2; w < 10; w++) shelf.keep(data(20), { ...base, width: w }, 'a');
  assert.equal(shelf.runs.length, KEEP + 1);
  assert.deepEqual(shelf.runs.map((r) => r.config.width), [9, 8, 7, 6, 5, 1]);
  assert.equal(new Set(shelf.runs.map((r) => r.color)).size, shelf.runs.length, 'each run its own colour');
  shelf.clear();
  assert.deepEqual(shelf.runs.map((r) => r.config.width), [1], 'Reset keeps only the pinned run');
});

test('a new lesson drops the unpinned runs of others, except an example\'s counterpart', () => {
  const shelf = new RunShelf();
  shelf.keep(data(20), base, 'example-1');
  const pinned = shelf.keep(data(100), base, 'memorize');
  shelf.setPinned(pinned.id, true);
  shelf.keep(data(20), base, 'spiral');
  shelf.enterLesson('example-1-learnable', counterparts);
  assert.deepEqual(shelf.runs.map((r) => r.lesson), ['memorize', 'example-1']);
  const v = shelf.version;
  shelf.setVisible(pinned.id, false);
  assert.ok(shelf.version > v, 'a change bumps the version the charts redraw on');
  assert.deepEqual(shelf.shown.map((r) => r.lesson), ['example-1']);
});

test(`at most ${MAX_PINNED} pins`, () => {
  const shelf = new RunShelf();
  for (let i = 0; i < MAX_PINNED; i++) assert.equal(shelf.setPinned(shelf.keep(data(5), { ...base, seed: i }, 'a').id, true), true);
  const extra = shelf.keep(data(5), { ...base, seed: 99 }, 'a');
  assert.equal(shelf.setPinned(extra.id, true), false);
  assert.equal(shelf.find(extra.id).pinned, false);
  assert.equal(shelf.runs.length, MAX_PINNED + 1);
});
