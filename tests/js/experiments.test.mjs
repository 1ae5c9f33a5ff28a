// experiments.test.mjs: each experiment's conclusion on cases whose answer is
// known (web/experiments/experiments.js), and the command line that runs them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

import { EXPERIMENTS, RANGE, rangeAnalysis, runExperiment, sweepValues } from '../../web/experiments/experiments.js';
import { findPreset } from '../../web/engine/presets.js';
import { ROOT, engine } from './helpers.mjs';

const eng = await engine('simd');
// A full config, as the page and the CLI hand it over.
function full(keys) {
  const t = eng.createTrainer(keys);
  const c = t.config();
  t.free();
  return c;
}
const preset = (name, extra = {}) => full({ ...findPreset(name).keys, ...extra });
const run = (name, config, options) => runExperiment(eng, name, config, options);

test('overfit-tiny: the post\'s model fits 16 samples; one unit on the spiral cannot', () => {
  const fits = run('overfit-tiny', preset('example-1'));
  assert.equal(fits.fits, true, fits.conclusion);
  assert.ok(fits.best_train_acc >= 0.95 && fits.steps < 1000, fits.conclusion);
  const thin = run('overfit-tiny', full({ dataset: 'spiral', depth: 1, width: 1 }));
  assert.equal(thin.fits, false, thin.conclusion);
  assert.equal(thin.steps, 1000);
  assert.match(thin.conclusion, /^It cannot fit even 16 samples: best training accuracy \d+% after 1000 steps/);
});

test('shuffled labels and zeroed inputs: no worse on random labels, far worse on a linear teacher', () => {
  for (const seed of [1, 2, 3]) {
    for (const name of ['shuffled-labels', 'zero-inputs']) {
      const random = run(name, preset('example-1', { seed }));
      assert.equal(random.same, true, `seed ${seed} ${name} on random labels: ${random.conclusion}`);
      const linear = run(name, preset('example-1-learnable', { seed }));
      assert.equal(linear.same, false, `seed ${seed} ${name} on a teacher: ${linear.conclusion}`);
      assert.ok(linear.control_best - linear.real_best > 0.2, linear.conclusion);
    }
  }
});

test('lr-range: the post\'s model with Adam gets a rate within 10x of 1e-3, below where the loss blew up', () => {
  // On the post's random labels, and on a linear teacher, where the sweep finds
  // 1e-2 best for width 8 (so a suggestion a little above 1e-2 is right there).
  for (const [name, hi] of [['example-1', 1e-2], ['example-1-learnable', 3e-2]]) {
    for (const seed of [1, 2, 3]) {
      const r = run('lr-range', preset(name, { seed }));
      assert.ok(r.suggested_lr >= 1e-4 && r.suggested_lr <= hi, `${name} seed ${seed}: ${r.suggested_lr}`);
      assert.ok(r.blew_up_at === null || r.suggested_lr < r.blew_up_at, `${name}: ${r.suggested_lr} vs ${r.blew_up_at}`);
      // On random labels no rate learns, and the experiment says so instead of offering one.
      assert.equal(r.learns, name !== 'example-1', r.conclusion);
      assert.equal(r.apply === null, name === 'example-1', r.conclusion);
      assert.equal(r.lrs[0], Math.fround(RANGE.from));
      assert.ok(r.smooth.length <= RANGE.steps);
    }
  }
  // The smoothing is debiased, and a blow-up ends the curve there.
  const lr = Array.from({ length: 100 }, (_, i) => 1e-6 * 1e7 ** (i / 99));
  const loss = lr.map((v, i) => (i < 60 ? 2 - i / 60 : 1 + (i - 60) ** 2));
  const a = rangeAnalysis({ lr, loss });
  assert.equal(a.smooth[0], 2, 'the first smoothed value is the first loss');
  assert.ok(a.blewUpAt > lr[60] && a.smooth.length < 100, `stopped at ${a.smooth.length}`);
  assert.ok(a.suggestedLr > lr[10] && a.suggestedLr < lr[60], `valley ${a.suggestedLr}`);
});

test('sweep: 6 x 6 around the current values, the best cell and an edge warning', () => {
  const config = preset('example-1-learnable');
  assert.deepEqual(sweepValues('lr', 0.001), [3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2]);
  assert.deepEqual(sweepValues('width', 1024), [32, 64, 128, 256, 512, 1024]);
  assert.deepEqual(sweepValues('batch', 32, 6, { n_train: 100 }), [4, 8, 16, 32, 64, 100]);
  const r = run('sweep', config);
  assert.equal(r.val_loss.length, 36);
  assert.equal(r.best.val_loss, Math.min(...r.val_loss));
  // Width 8 at lr 1e-3 learns slowly: the best lies at the grid's largest rate and width.
  assert.deepEqual([r.best.lr, r.best.width], [0.01, 32]);
  assert.equal(r.on_edge, true);
  assert.match(r.conclusion, /edge of the grid \(lr 0\.01 is the largest tried; width 32 is the largest tried\)/);
  assert.deepEqual(r.apply, { lr: 0.01, width: 32 });
  // Width 32 at lr 1e-2: the best (lr 0.03, width 64) lies inside the grid, and no warning.
  const inner = run('sweep', full({ dataset: 'linear', width: 32, lr: 0.01 }));
  assert.deepEqual([inner.best.lr, inner.best.width, inner.on_edge], [0.03, 64, false]);
  assert.doesNotMatch(inner.conclusion, /edge/);
});

test('seeds: five seeds, a band per epoch, and the spread of the final validation loss', () => {
  const r = run('seeds', preset('example-1'));
  assert.deepEqual(r.seeds, [1, 2, 3, 4, 5]);
  assert.equal(r.val_band.length, 21);
  for (const b of r.val_band) assert.ok(b.min <= b.mean && b.mean <= b.max);
  assert.ok(r.final_range[1] - r.final_range[0] < 0.05, `random labels stay near chance: ${r.final_range}`);
  assert.equal(r.apply, null);
});

test('the CLI: --list, one JSON object per experiment, errors exit 2 naming what was wrong', () => {
  const cli = (...args) => spawnSync(process.execPath, [join(ROOT, 'tools', 'experiment.mjs'), ...args], { encoding: 'utf8' });
  const list = cli('--list');
  assert.equal(list.status, 0);
  assert.deepEqual(list.stdout.trim().split('\n').map((l) => l.split('\t')[0]), EXPERIMENTS.map((e) => e.name));
  const out = cli('lr-range', '--preset', 'example-1', '--seed', '2');
  assert.equal(out.status, 0, out.stderr);
  const lines = out.stdout.trim().split('\n');
  assert.equal(lines.length, 1);
  const r = JSON.parse(lines[0]);
  assert.equal(r.experiment, 'lr-range');
  assert.equal(r.config.seed, 2);
  assert.deepEqual(r.suggested_lr, run('lr-range', preset('example-1', { seed: 2 })).suggested_lr, 'the CLI gives what the module gives');
  for (const [args, message] of [
    [['nope'], /unknown experiment 'nope'/],
    [['sweep', '--x', 'seed'], /x: 'seed' is not one of lr, batch/],
    [['sweep', '--size', '3'], /size: '3' is not a whole number from 6 to 10/],
    [['seeds', '--x', 'lr'], /--x, --y and --size belong to the sweep/],
    [['seeds', '--lr', '50'], /lr: 50 is outside its range/],
  ]) {
    const bad = cli(...args);
    assert.equal(bad.status, 2, args.join(' '));
    assert.match(bad.stderr, message);
  }
});
