// presets.test.mjs: the presets behave as the seed post's examples behave in
// Keras (DESIGN.md, "What really happens"), over several seeds; their learnable
// counterparts learn; and the other lessons show what their summaries claim.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { PRESETS, findPreset } from '../../web/engine/presets.js';
import { LN3, engine, train } from './helpers.mjs';

const eng = await engine('simd');
const SEEDS = [1, 2, 3];

function run(name, extra = {}) {
  const r = train(eng, { ...findPreset(name).keys, ...extra });
  r.trainer.free();
  return r.history;
}

test('every preset is a valid config', () => {
  for (const p of PRESETS) {
    assert.doesNotThrow(() => eng.validate(p.keys), p.name);
    assert.ok(p.summary.length < 140, `${p.name}: one line`);
  }
});

test('example 1 (random labels): validation loss within 0.08 of ln 3 in every epoch', () => {
  for (const seed of SEEDS) {
    const h = run('example-1', { seed });
    for (const r of h.slice(1)) {
      assert.ok(Math.abs(r.val_loss - LN3) < 0.08, `seed ${seed} epoch ${r.epoch}: ${r.val_loss}`);
    }
  }
});

test('example 2 (lr 0.1): ReLUs die, one class is predicted, validation stays at chance', () => {
  for (const seed of SEEDS) {
    const t = eng.createTrainer({ ...findPreset('example-2').keys, seed });
    t.runAll();
    const h = t.history();
    for (const r of h.slice(1)) {
      assert.ok(Math.abs(r.val_loss - LN3) < 0.08, `seed ${seed} epoch ${r.epoch}: ${r.val_loss}`);
    }
    assert.ok(h[1].dead_frac > 0.8, `seed ${seed}: dead after epoch 1: ${h[1].dead_frac}`);
    const last = h[h.length - 1];
    assert.ok(last.dead_frac > 0.9, `seed ${seed}: dead at the end: ${last.dead_frac}`);
    // Predicting one class for every input scores exactly that class's share.
    const { y } = t.data('val');
    const shares = [0, 1, 2].map((c) => y.filter((v) => v === c).length / y.length);
    assert.ok(shares.some((s) => Math.abs(s - last.val_acc) < 1e-12),
      `seed ${seed}: val acc ${last.val_acc} is no class share (${shares})`);
    t.free();
  }
});

test('example 3 (inputs x100): starts far above chance, ends between 1.1 and 1.6', () => {
  for (const seed of SEEDS) {
    const h = run('example-3', { seed });
    assert.ok(h[0].val_loss > 5, `seed ${seed}: untrained loss ${h[0].val_loss}`);
    const last = h[h.length - 1].val_loss;
    assert.ok(last > 1.1 && last < 1.6, `seed ${seed}: final val loss ${last}`);
  }
});

test('the learnable counterparts learn', () => {
  const e1 = run('example-1-learnable');
  const e2 = run('example-2-learnable');
  const e3 = run('example-3-learnable');
  const raw3 = run('example-3-learnable', { standardize: 0 });
  const last = (h) => h[h.length - 1];
  assert.ok(last(e1).val_acc > 0.7 && last(e1).val_loss < LN3 - 0.3, `example 1: ${last(e1).val_acc}`);
  assert.ok(last(e2).val_acc > 0.85, `example 2: ${last(e2).val_acc}`);
  assert.ok(last(e2).dead_frac > 0.3, `example 2 learns with dead units: ${last(e2).dead_frac}`);
  assert.ok(last(e3).val_acc > 0.93, `example 3 standardized: ${last(e3).val_acc}`);
  assert.ok(last(e3).val_acc > last(raw3).val_acc, 'standardizing helps');
});

test('capacity: width 8 cannot fit the teacher; width 128 can', () => {
  const narrow = run('capacity');
  const wide = run('capacity', { width: 128 });
  const a = narrow[narrow.length - 1];
  const b = wide[wide.length - 1];
  assert.ok(a.train_acc < 0.83, `width 8 train acc ${a.train_acc}`);
  assert.ok(b.val_acc > a.val_acc + 0.08, `width 128 ${b.val_acc} vs width 8 ${a.val_acc}`);
});

test('memorize: train loss falls while validation rises', () => {
  const h = run('memorize');
  const last = h[h.length - 1];
  assert.ok(last.train_loss < 0.8, `train ${last.train_loss}`);
  assert.ok(last.val_loss > 1.3, `val ${last.val_loss}`);
});

test('big batch barely learns where batch 32 does', () => {
  const big = run('big-batch');
  const small = run('big-batch', { batch: 32 });
  const a = big[big.length - 1].val_acc;
  const b = small[small.length - 1].val_acc;
  assert.ok(a < 0.7 && b > a + 0.15, `batch 1000 ${a} vs batch 32 ${b}`);
});

test('spiral: a deep enough net separates the arms; width 2 cannot', () => {
  const h = run('spiral');
  const thin = run('spiral', { width: 2 });
  assert.ok(h[h.length - 1].val_acc > 0.9, `spiral ${h[h.length - 1].val_acc}`);
  assert.ok(thin[thin.length - 1].val_acc < 0.8, `width 2 ${thin[thin.length - 1].val_acc}`);
});

test('features: with no hidden layer circles stay at chance until x1^2 and x2^2 are inputs', () => {
  for (const seed of SEEDS) {
    const flat = run('features', { seed }).at(-1);
    const fed = run('features', { seed, x1_sq: 1, x2_sq: 1 }).at(-1);
    assert.ok(flat.val_loss > 0.65 && flat.val_acc < 0.75, `seed ${seed} plain: ${flat.val_loss} ${flat.val_acc}`);
    assert.ok(fed.val_acc > 0.95 && fed.val_loss < 0.2, `seed ${seed} with x1^2, x2^2: ${fed.val_loss} ${fed.val_acc}`);
  }
});

test('engineered inputs: x1 x2 makes xor linear; sin 5x lets 8 units follow the spiral', () => {
  const xor = { dataset: 'xor', classes: 2, depth: 0, lr: 0.05, epochs: 30 };
  const plain = train(eng, xor);
  const fed = train(eng, { ...xor, x1_x2: 1 });
  assert.ok(plain.history.at(-1).val_acc < 0.7 && fed.history.at(-1).val_acc > 0.95,
    `xor ${plain.history.at(-1).val_acc} vs ${fed.history.at(-1).val_acc}`);
  const spiral = { ...findPreset('spiral').keys, depth: 1, width: 8 };
  const narrow = train(eng, spiral);
  const waves = train(eng, { ...spiral, sin_x1: 1, sin_x2: 1 });
  assert.ok(narrow.history.at(-1).val_acc < 0.8 && waves.history.at(-1).val_acc > 0.9,
    `spiral width 8: ${narrow.history.at(-1).val_acc} vs ${waves.history.at(-1).val_acc} with sin 5x`);
  for (const r of [plain, fed, narrow, waves]) r.trainer.free();
});
