// doctor.test.mjs: the scenario suite (scenarios.mjs). For every scenario and
// seeds 1 to 3, first the ground truth by intervention: the broken config shows
// its symptom and the scenario's own fix removes it (for no_signal, no change
// helps). Then the doctor: its first finding is one of the expected causes and
// it names none of the forbidden ones. Then the doctor's pieces: thresholds
// carry sources, fixes never point the wrong way, words respect the noise.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { CAUSES, T, diagnose } from '../../web/doctor/doctor.js';
import { judgeFix } from '../../web/doctor/verdict.js';
import { csvKeys } from '../../web/engine/engine.js';
import { resolve } from '../../web/engine/settings.js';
import { runTrial } from '../../web/doctor/verify.js';
import { engine } from './helpers.mjs';
import * as DATA from './scenario-data.mjs';
import { SCENARIOS } from './scenarios.mjs';

const eng = await engine('simd');
const SEEDS = [1, 2, 3];

/**
 * A scenario's own file (keys.data: [generator, options], scenario-data.mjs)
 * made for the seed and handed to the core; returns the keys it decides.
 */
function useFile(keys, seed) {
  if (!keys.data) return {};
  const [gen, opts = {}] = keys.data;
  const valShare = keys.val_share ?? 0.2;
  return { ...csvKeys(eng.useData(DATA[gen](seed, opts), valShare)), val_share: valShare };
}

/** The full config of a scenario's keys (with its preset) on a seed, plus changes. */
function configOf(keys, seed, change = {}) {
  const { preset, data, ...rest } = { ...keys, ...change, ...useFile(keys, seed) };
  const raw = Object.fromEntries(Object.entries({ ...rest, seed }).map(([k, v]) => [k, String(v)]));
  const { config, notices } = resolve(eng.keys, preset ?? null, raw);
  assert.deepEqual(notices, [], `scenario keys are valid: ${JSON.stringify(keys)}`);
  return config;
}

const runs = new Map();
/** { history, diverged } of a scenario's run on a seed, with changes; each run once. */
function trial(keys, seed, change) {
  const id = JSON.stringify([keys, seed, change]);
  if (!runs.has(id)) runs.set(id, runTrial(eng, configOf(keys, seed, change)));
  return runs.get(id);
}
const history = (keys, seed, change) => trial(keys, seed, change).history;

test('the suite covers every cause at least twice, with at least 26 scenarios', () => {
  assert.ok(SCENARIOS.length >= 26, `${SCENARIOS.length} scenarios`);
  for (const cause of CAUSES) {
    const n = SCENARIOS.filter((s) => s.cause === cause).length;
    assert.ok(n >= 2, `${cause}: ${n} scenarios`);
  }
  for (const s of SCENARIOS) {
    for (const c of [...s.first, ...s.may, ...s.not]) assert.ok(CAUSES.includes(c), `${s.name}: unknown cause ${c}`);
  }
});

for (const s of SCENARIOS) {
  test(`scenario: ${s.name}`, () => {
    for (const seed of SEEDS) {
      const run = trial(s.config, seed);
      const h = run.history;
      // Ground truth, by intervention.
      if (s.truth) {
        assert.ok(s.truth.symptom(h, run), `seed ${seed}: the broken run shows the symptom`);
        if (s.truth.fix) {
          const fixedRun = trial(s.config, seed, s.truth.fix);
          const fixed = fixedRun.history;
          assert.ok(!s.truth.symptom(fixed, fixedRun), `seed ${seed}: the fix ${JSON.stringify(s.truth.fix)} removes the symptom`);
          assert.ok(s.truth.better(h, fixed, fixedRun), `seed ${seed}: the fix helps: val ${h.at(-1).val_loss} -> ${fixed.at(-1).val_loss}`);
        }
        for (const change of s.truth.none ?? []) {
          const other = history(s.config, seed, change);
          assert.ok(other.at(-1).val_loss > other[0].chance_loss - 0.05,
            `seed ${seed}: ${JSON.stringify(change)} cannot beat chance on random labels`);
        }
      }
      // The doctor.
      const found = diagnose(configOf(s.config, seed), h, run.diverged, { strict: true });
      const causes = found.map((f) => f.cause);
      assert.ok(found.length > 0 && s.first.includes(causes[0]),
        `seed ${seed}: first cause ${causes[0]}, expected one of ${s.first} (all: ${causes})`);
      // still_learning is the healthy verdict on a run cut short.
      const named = causes.includes(s.cause) || (s.cause === 'healthy' && causes[0] === 'still_learning');
      assert.ok(named, `seed ${seed}: names the scenario's cause ${s.cause} (all: ${causes})`);
      for (const c of s.not) assert.ok(!causes.includes(c), `seed ${seed}: must not name ${c} (all: ${causes})`);
    }
  });
}

test('every finding has its fields; evidence names a source and an epoch', () => {
  for (const s of SCENARIOS) {
    const config = configOf(s.config, 1);
    for (const f of diagnose(config, history(s.config, 1), trial(s.config, 1).diverged)) {
      assert.ok(CAUSES.includes(f.cause));
      assert.ok(f.confidence > 0 && f.confidence <= 1);
      assert.ok(Number.isInteger(f.epoch) && f.epoch >= 0, `${s.name}: ${f.cause} epoch ${f.epoch}`);
      assert.ok(f.title && f.text && !/undefined/.test(f.text), `${s.name}: ${f.cause}: ${f.text}`);
      if (f.cause !== 'diverged') assert.doesNotMatch(f.text, /NaN/, `${s.name}: ${f.cause}`);
      assert.ok(Array.isArray(f.evidence) && f.evidence.length > 0, `${s.name}: ${f.cause} has evidence`);
      for (const e of f.evidence) assert.ok(e.source && e.name && 'threshold' in e, JSON.stringify(e));
      if (f.fix) {
        assert.doesNotThrow(() => eng.validate({ ...config, ...f.fix }), `${s.name}: the fix is a valid config`);
        assert.ok(f.fixText, `${s.name}: ${f.cause} says its fix in words`);
      }
    }
  }
});

test('no fix points the wrong way: no higher rate beside a finding that blames a high one', () => {
  for (const s of SCENARIOS) {
    for (const seed of SEEDS) {
      const config = configOf(s.config, seed);
      const found = diagnose(config, history(s.config, seed), trial(s.config, seed).diverged);
      const high = found.some((f) => f.cause === 'lr_too_high');
      for (const f of found) {
        if (high && f.fix?.lr) assert.ok(f.fix.lr < config.lr, `${s.name}: ${f.cause} raises lr beside lr_too_high`);
        if (f.cause === 'lr_too_high') assert.ok(f.fix.lr < config.lr);
        if (f.cause === 'lr_too_low') assert.ok(f.fix.lr > config.lr);
        if (f.cause === 'too_few_steps') assert.ok(f.fix.batch < config.batch);
      }
    }
  }
});

test('"at chance" is said only within the sampling spread, and the spread is stated', () => {
  for (const s of SCENARIOS.filter((x) => x.first[0] === 'no_signal')) {
    for (const seed of SEEDS) {
      const config = configOf(s.config, seed);
      const h = history(s.config, seed);
      const f = diagnose(config, h).find((x) => x.cause === 'no_signal');
      const last = h.at(-1);
      const t = f.evidence[0].threshold;
      const [lo, hi] = Array.isArray(t) ? t : f.evidence[0].op === '<' ? [t, Infinity] : [-Infinity, t];
      assert.match(f.text, /±0\.\d+ for 200 validation samples/);
      if (/, at chance/.test(f.text)) assert.ok(last.val_loss >= lo && last.val_loss <= hi, f.text);
      if (last.val_loss < lo) assert.match(f.text, /below chance/);
      if (last.val_loss > hi) assert.match(f.text, /above chance/);
    }
  }
});

test('judgeFix confirms a fix that works and refuses one that does not', () => {
  const keys = { preset: 'example-3-learnable', standardize: 0 };
  const config = configOf(keys, 1);
  const h = history(keys, 1);
  const f = diagnose(config, h).find((x) => x.cause === 'unscaled_inputs');
  const good = judgeFix(config, f, trial(keys, 1), trial(keys, 1, f.fix));
  assert.equal(good.outcome, 'confirmed');
  assert.match(good.text, /Validation loss 0\.\d+ → 0\.1\d+ with standardize 0 → 1: confirmed/);
  // The same claim, checked against a fixed run that came out the same as the broken one.
  const bad = judgeFix(config, f, trial(keys, 1), trial(keys, 1));
  assert.equal(bad.outcome, 'not confirmed');
  assert.match(bad.text, /not confirmed: it did not help/);
});

test('a fix of an enum key is said with its names', () => {
  const keys = { dataset: 'teacher', activation: 'sigmoid', depth: 6, optimizer: 'sgd', lr: 0.01 };
  const config = configOf(keys, 1);
  const f = diagnose(config, history(keys, 1)).find((x) => x.cause === 'vanishing_gradients');
  const v = judgeFix(config, f, trial(keys, 1), trial(keys, 1, f.fix));
  assert.match(v.text, /with activation sigmoid → relu, init glorot_uniform → he_uniform: /);
});

test('thresholds are named constants', () => {
  assert.equal(T.UPDATE_RATIO_HIGH, 0.1);
  assert.equal(T.GRAD_RATIO_VANISH, 1e-3);
  assert.equal(T.DEAD_LAYER, 0.5);
  assert.deepEqual(diagnose({}, []), []);
});

test('a finding does not vanish: the rate stays too low while the loss crawls, and one that passed is recalled', async () => {
  const { recall } = await import('../../web/doctor/memory.js');
  // The learning-rate lesson's first step: lr 1e-5 moves the loss about 1% in 20 epochs.
  const slow = { preset: 'example-1-learnable', lr: 0.00001 };
  const h = history(slow, 1);
  for (let e = 3; e < h.length; e++) {
    const causes = diagnose(configOf(slow, 1), h.slice(0, e + 1), null, { strict: true }).map((f) => f.cause);
    assert.equal(causes[0], 'lr_too_low', `epoch ${e}: ${causes}`);
  }
  // lr 3e-4: too low in the first epochs, then learning. The memory says so, with what changed.
  const keys = { preset: 'example-1-learnable', lr: 0.0003, epochs: 40 };
  const config = configOf(keys, 1);
  const run = history(keys, 1);
  const now = diagnose(config, run);
  assert.ok(!now.some((f) => f.cause === 'lr_too_low'), `now: ${now.map((f) => f.cause)}`);
  const earlier = recall(config, run, now);
  const low = earlier.find((f) => f.cause === 'lr_too_low');
  assert.ok(low, `earlier: ${earlier.map((f) => f.cause)}`);
  assert.ok(low.from >= 1 && low.until > low.from && low.until < 40 && low.fix === null && !low.lead);
  const then = run.find((r) => r.epoch === low.until);
  assert.match(low.text, new RegExp(`from epoch ${low.from} to ${low.until} and holds no longer`));
  assert.ok(low.text.includes(`validation loss went from ${Number(then.val_loss.toFixed(3))} to ${Number(run.at(-1).val_loss.toFixed(3))}`), low.text);
  // Asked at an epoch where it held, the doctor agrees with the memory.
  assert.ok(diagnose(config, run.slice(0, low.until + 1)).some((f) => f.cause === 'lr_too_low'));
});

test('a rate fix is measured: short trials pick the rate, and a rate that helps nothing is withdrawn', async () => {
  const { measureRates, ratePlan } = await import('../../web/doctor/rate-trial.js');
  for (const [keys, cause] of [[{ dataset: 'linear', optimizer: 'rmsprop', lr: 0.1 }, 'lr_too_high'],
    [{ preset: 'spiral', lr: 0.3 }, 'lr_too_high'], [{ dataset: 'linear', lr: 1e-5 }, 'lr_too_low']]) {
    const config = configOf(keys, 1);
    const h = history(keys, 1);
    const found = diagnose(config, h);
    const plan = ratePlan(config, h, found);
    assert.ok(plan && plan.candidates.length === 4, JSON.stringify(keys));
    const f = measureRates(eng, config, h, found).find((x) => x.cause === cause);
    assert.ok(f.measured && plan.candidates.includes(f.fix.lr), `${JSON.stringify(keys)}: ${f.fixText}`);
    assert.match(f.fixText, /the best of short trials of 20 epochs/);
    assert.equal(f.fix.lr < config.lr, cause === 'lr_too_high');
    // The measured rate, run for the whole run, is better than the run: advice checked by running it.
    assert.ok(history(keys, 1, f.fix).at(-1).val_loss < h.at(-1).val_loss, `${JSON.stringify(keys)} with lr ${f.fix.lr}`);
    // Its evidence holds, as every other item does.
    const e = f.evidence.at(-1);
    assert.ok(e.name === 'trial_val_loss' && e.value < e.threshold);
  }
  // Random labels at Adam 0.1 (the post's example 2): the dead units' rate fix helps nothing, and says so.
  const keys = { preset: 'example-2' };
  const config = configOf(keys, 1);
  const dead = measureRates(eng, config, history(keys, 1), diagnose(config, history(keys, 1))).find((x) => x.cause === 'dead_units');
  assert.ok(dead && dead.fix === null && dead.measured, JSON.stringify(dead?.fixText));
  assert.match(dead.fixText, /^No rate lower than 0\.1 did better in short trials of 20 epochs .*: the rate is not what holds this run back\.$/);
});

test('batch normalization is the fix where it measures better: both cures of vanishing gradients train beside the run', async () => {
  const { NORM_TRIAL } = await import('../../web/doctor/norm-trial.js');
  const { measure } = await import('../../web/doctor/rate-trial.js');
  // Six sigmoid layers on the teacher set at SGD 0.01: ReLU with He initialization (the rule's
  // fix) ends at 1.147 on seed 1; the same sigmoid stack, normalized after each layer, lower.
  const keys = { dataset: 'teacher', activation: 'sigmoid', depth: 6, optimizer: 'sgd', lr: 0.01 };
  const config = configOf(keys, 1);
  const h = history(keys, 1);
  const found = diagnose(config, h);
  assert.deepEqual(found.find((f) => f.cause === 'vanishing_gradients')?.fix, { activation: 'relu', init: 'he_uniform' });
  const f = measure(NORM_TRIAL, eng, config, h, found).find((x) => x.cause === 'vanishing_gradients');
  assert.deepEqual(f.fix, { batchnorm: 'after' });
  assert.match(f.fixText, /^Keep the sigmoid units and add BatchNormalization after each hidden layer .*rule's fix 1\.147, batch normalization 0\.875\)\.$/);
  const e = f.evidence.at(-1);
  assert.ok(e.name === 'trial_val_loss' && e.value < e.threshold, JSON.stringify(e));
  // Advice checked by running it: the normalized run ends far below the broken one.
  assert.ok(history(keys, 1, f.fix).at(-1).val_loss < h.at(-1).val_loss - 0.15);
  // Five sigmoid layers on the linear set: ReLU with He ends lower, and stays the fix, with both figures.
  const lin = { dataset: 'linear', activation: 'sigmoid', depth: 5, optimizer: 'momentum', lr: 0.01 };
  const c2 = configOf(lin, 1);
  const g = measure(NORM_TRIAL, eng, c2, history(lin, 1), diagnose(c2, history(lin, 1))).find((x) => x.cause === 'vanishing_gradients');
  assert.deepEqual(g.fix, { activation: 'relu', init: 'he_uniform' });
  assert.ok(g.measured);
  assert.match(g.fixText, /\(validation loss after 20 epochs in trials beside this run: rule's fix 0\.1\d*, batch normalization 0\.\d+\.\)$/);
  // A network normalized already is not asked, nor a run without the finding.
  assert.equal(NORM_TRIAL.plan({ ...config, batchnorm: 'after' }, h, found), null);
  assert.equal(NORM_TRIAL.plan(config, h, found.filter((x) => x.cause !== 'vanishing_gradients')), null);
});

test("the rules read each layer's own activation: the words name them, and the fix reaches every layer", () => {
  // Six layers, five sigmoid and one tanh (activations), at SGD 0.01: the gradient vanishes.
  const keys = { dataset: 'teacher', depth: 6, activations: 'sigmoid,sigmoid,sigmoid,sigmoid,tanh,sigmoid', optimizer: 'sgd', lr: 0.01 };
  const config = configOf(keys, 1);
  const h = history(keys, 1);
  const f = diagnose(config, h).find((x) => x.cause === 'vanishing_gradients');
  assert.ok(f, 'vanishing gradients named');
  assert.match(f.text, /^The gradient shrinks on its way down through 6 sigmoid and tanh layers:/);
  // The fix empties the per-layer list, or `activation` would reach no layer.
  assert.deepEqual(f.fix, { activation: 'relu', activations: '', init: 'he_uniform' });
  const fixed = configOf({ ...keys, ...f.fix }, 1);
  assert.equal(fixed.activations, '');
  assert.ok(history(keys, 1, f.fix).at(-1).grad_ratio > 0.01, 'with the fix the gradient reaches the first layer');
});

test('a capacity limit is measured while it shows: a wider net beside the run, not hundreds of epochs of waiting', async () => {
  const { CAPACITY_TRIAL } = await import('../../web/doctor/capacity-trial.js');
  const { measure } = await import('../../web/doctor/rate-trial.js');
  // The capacity preset cut at 20 epochs: the rules alone see a run still learning.
  const keys = { preset: 'capacity', epochs: 20 };
  const config = configOf(keys, 1);
  const h = history(keys, 1);
  const found = diagnose(config, h);
  assert.ok(!found.some((f) => f.cause === 'too_little_capacity'), `${found.map((f) => f.cause)}`);
  const measured = measure(CAPACITY_TRIAL, eng, config, h, found);
  const f = measured[0];
  assert.equal(f.cause, 'too_little_capacity');
  assert.ok(f.lead && f.fix.width === 32 && measured.filter((x) => x.lead).length === 1);
  const e = f.evidence[0];
  assert.ok(e.value === h.at(-1).train_acc && e.value < e.threshold, JSON.stringify(e));
  assert.match(f.text, /^A net with layers of 32 units, trained beside this one for 20 epochs, fits \d+% of its training samples; this one fits 76%/);
  // Its fix, run, does better (advice checked by running it).
  assert.ok(history(keys, 1, f.fix).at(-1).val_loss < h.at(-1).val_loss - 0.1);
  // Width 8 on the linear teacher is slow, not small: the wider net fits less than 10 points more, and nothing is added.
  const slow = { preset: 'example-1-learnable' };
  const c2 = configOf(slow, 1);
  const f2 = diagnose(c2, history(slow, 1));
  assert.deepEqual(measure(CAPACITY_TRIAL, eng, c2, history(slow, 1), f2).map((x) => x.cause), f2.map((x) => x.cause));
  // A wide net is never measured.
  assert.equal(CAPACITY_TRIAL.plan(configOf({ preset: 'spiral' }, 1), history({ preset: 'spiral' }, 1), []), null);
});
