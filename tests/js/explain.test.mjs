// explain.test.mjs: the page's words against the core's real metrics. Every
// lesson is run to its end and the findings must say what DESIGN.md says is
// true of it, and not the post's story (width 8 on a linear teacher is slow,
// not small; the capacity lesson is small).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { RunData } from '../../web/charts.js';
import { METRIC_FIELDS } from '../../web/engine.js';
import { explain } from '../../web/explain.js';
import { resolve } from '../../web/settings.js';
import { engine } from './helpers.mjs';

const eng = await engine('simd');

function words(preset, extra = {}) {
  const { config } = resolve(eng.keys, preset, extra);
  const t = eng.createTrainer(config);
  t.runAll();
  const run = new RunData(METRIC_FIELDS, config.classes);
  run.add(t.historyArray());
  t.free();
  return explain(config, run).map((f) => f.text).join('\n');
}

const CASES = [
  ['example-1', [/labels are random/], [/capacity/]],
  ['example-1-learnable', [/slow, not stuck/], [/capacity/, /random/]],
  ['example-2', [/labels are random/, /hidden units are dead/], []],
  ['example-2-learnable', [/hidden units are dead/, /network is learning/], [/random/]],
  ['example-3', [/untrained network's loss was 1\d\.\d/, /Standardize inputs/], []],
  ['example-3-learnable', [/network is learning/], [/untrained/]],
  ['capacity', [/levelled off/, /lacks the capacity/], [/slow, not stuck/]],
  ['memorize', [/memorizing/], []],
  ['big-batch', [/Still at chance/, /only 1 step per epoch/], []],
  ['spiral', [/network is learning/], []],
];

for (const [preset, must, mustNot] of CASES) {
  test(`the words for ${preset}`, () => {
    const text = words(preset);
    for (const re of must) assert.match(text, re);
    for (const re of mustNot) assert.doesNotMatch(text, re);
  });
}

test('a run that blew up says so', () => {
  const run = new RunData(METRIC_FIELDS, 3);
  const rec = (epoch, loss) => METRIC_FIELDS.map((f) => (f === 'epoch' ? epoch : f.endsWith('loss') ? loss : 0.3));
  run.add(new Float64Array([...rec(0, 1.1), ...rec(1, NaN)]));
  assert.match(explain({ dataset: 'linear', lr: 10, epochs: 20, label_noise: 0 }, run)[0].text, /NaN.*Lower the learning rate \(now 10\)/);
  assert.match(explain({}, null)[0].text, /Press Play/);
});
