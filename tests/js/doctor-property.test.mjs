// doctor-property.test.mjs: the doctor over 300 random runs (every key drawn
// within its range, small enough to train at once; your own CSVs among them,
// with 1-based and unbalanced labels). On every finding of every run:
//  1. each evidence item holds (`value op threshold` is true) at the epoch it
//     names, and that epoch's record has that value; no band has a bound a
//     loss cannot take;
//  2. "diverged" means the core stopped the run, or a loss passed 1,000;
//  3. one finding leads, and no two fixes set a key to different values;
//  6. chance is the training labels' own: the entropy of their class shares
//     and the largest share, the classes without a row left out (for the other
//     losses the best constant prediction's loss: at most ln 2 for binary
//     cross-entropy); every loss is drawn, and every output activation.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { diagnose, evidenceHolds, recordValue, summarize } from '../../web/doctor/doctor.js';
import { recall } from '../../web/doctor/memory.js';
import { CAPACITY_TRIAL } from '../../web/doctor/capacity-trial.js';
import { NORM_TRIAL } from '../../web/doctor/norm-trial.js';
import { measure, measureRates } from '../../web/doctor/rate-trial.js';
import { dependents } from '../../web/engine/settings.js';
import { engine, rng } from './helpers.mjs';

const RUNS = 300;


// A CSV of your own: a few features on a scale, labels from a rule, maybe 1-based, maybe unbalanced.
function csv(random) {
  const features = 1 + Math.floor(random() * 5);
  const rows = 40 + Math.floor(random() * 200);
  const scale = 10 ** Math.floor(random() * 6 - 1);
  const shift = random() < 0.5 ? 0 : 3 * scale; // all positive, sometimes
  const shape = random();
  const base = shape < 0.2 ? 1 : 0; // labels 1..K (the reader reads them from 1)
  const gap = shape >= 0.2 && shape < 0.45; // labels 0, 2, 3, ...: class 1 has no row
  const classes = 2 + Math.floor(random() * 3);
  const skew = random() < 0.3; // 90/10
  const lines = [];
  for (let r = 0; r < rows; r++) {
    const x = Array.from({ length: features }, () => (random() * 2 - 1) * scale + shift);
    let y = Math.floor(((x[0] - shift) / scale + 1) / 2 * classes);
    if (skew) y = random() < 0.9 ? 0 : 1;
    const label = Math.min(classes - 1, Math.max(0, y));
    lines.push(`${x.map((v) => v.toPrecision(5)).join(',')},${label + base + (gap && label >= 1 ? 1 : 0)}`);
  }
  return lines.join('\n');
}

function randomConfig(eng, random) {
  const config = {};
  for (const k of eng.keys) {
    if (['step_log', 'lr_growth', 'train_subset', 'widths'].includes(k.name)) continue;
    if (k.choices?.length) config[k.name] = k.choices[Math.floor(random() * k.choices.length)];
    else if (k.kind === 'bool') config[k.name] = random() < 0.2 ? 1 : 0;
    else if (k.name === 'lr') config.lr = 10 ** (random() * 7 - 6);
    else if (k.name === 'input_scale') config.input_scale = 10 ** (random() * 6 - 3);
    else if (k.name === 'l2') config.l2 = random() < 0.7 ? 0 : 10 ** (random() * 4 - 4);
    else if (k.name === 'label_noise') config.label_noise = random() < 0.7 ? 0 : random();
    else if (k.name === 'val_share') config.val_share = 0.1 + random() * 0.4;
    else if (k.name === 'seed') config.seed = Math.floor(random() * 1000);
  }
  Object.assign(config, {
    dataset: config.dataset === 'csv' ? 'random' : config.dataset,
    n_train: 40 + Math.floor(random() * 300), n_val: 20 + Math.floor(random() * 200),
    features: 1 + Math.floor(random() * 12), classes: 2 + Math.floor(random() * 5),
    depth: Math.floor(random() * 4), width: 1 + Math.floor(random() * 40),
    epochs: 1 + Math.floor(random() * 8), batch: 1 + Math.floor(random() * 64),
  });
  // Mostly the loss's own output (a mismatch in about one run in four), so the other causes are reached too.
  if (random() < 0.7) config.output = 'auto';
  // Dropout on about one run in four, up to 0.9.
  config.dropout = random() < 0.25 ? String(Math.round(random() * 18) / 20) : '';
  // Batch normalization on about one run in four, after or before the activation.
  config.batchnorm = random() < 0.25 ? (random() < 0.5 ? 'after' : 'before') : '';
  // The regression sets take mse or mae (the core refuses cross-entropy on real targets).
  if (['linear_reg', 'teacher_reg'].includes(config.dataset) && !['mse', 'mae'].includes(config.loss)) config.loss = random() < 0.5 ? 'mse' : 'mae';
  for (const c of dependents(config)) config[c.key] = c.value;
  return config;
}

test(`the doctor's words agree with its numbers on ${RUNS} random runs, CSVs among them`, async () => {
  const eng = await engine('simd');
  const random = rng(2026);
  const seen = { findings: 0, evidence: 0, diverged: 0, earlier: 0, measured: 0, capacityTrials: 0, normTrials: 0, batchnorm: 0, csv: 0, unbalanced: 0, empty: 0, dropout: 0, causes: new Map(), losses: new Map() };
  for (let i = 0; i < RUNS; i++) {
    let config = randomConfig(eng, random);
    if (random() < 0.25) { // your own data
      const summary = eng.useData(csv(random), config.val_share);
      config = { ...config, dataset: 'csv', features: summary.features, classes: summary.classes, n_train: summary.n_train, n_val: summary.n_val };
      for (const c of dependents(config)) config[c.key] = c.value;
      seen.csv++;
    }
    let t;
    try {
      t = eng.createTrainer(config);
    } catch {
      continue; // a config the core refuses (memory): nothing to diagnose
    }
    t.runAll();
    const history = t.history();
    const diverged = t.diverged;
    const full = t.config();
    t.free();
    const where = `run ${i}: ${JSON.stringify(full)}`;
    let now = diagnose(full, history, diverged, { strict: true }); // inconsistent evidence throws
    // 3. A rate fix from a measurement: on every fifth run, the trials run and revise it.
    if (i % 5 === 0 && now.some((f) => f.fix?.lr)) {
      now = measureRates(eng, full, history, now, diverged);
      seen.measured++;
      for (const f of now.filter((x) => x.fix?.lr !== undefined)) assert.ok(f.measured || f.fix.lr === full.lr, `${where}: ${f.cause}'s rate not measured`);
    }
    // 5. Batch normalization against the rule's fix for vanishing gradients, on every run that asks.
    if (NORM_TRIAL.plan(full, history, now, diverged)) {
      now = measure(NORM_TRIAL, eng, full, history, now, diverged);
      seen.normTrials++;
    }
    // 5. A capacity limit measured beside the run, on every run that asks for it.
    if (CAPACITY_TRIAL.plan(full, history, now, diverged)) {
      now = measure(CAPACITY_TRIAL, eng, full, history, now, diverged);
      seen.capacityTrials++;
    }
    // 7. What held earlier: never a cause that holds now, never a fix, its epochs inside the run.
    const earlier = recall(full, history, now, diverged);
    for (const f of earlier) {
      seen.earlier++;
      assert.ok(f.past && !f.lead && f.fix === null && f.from <= f.until && f.until < history.at(-1).epoch, where);
      assert.ok(!now.some((g) => g.cause === f.cause), `${where}: ${f.cause} both now and earlier`);
    }
    const findings = [...now, ...earlier];
    const s = summarize(full, history, diverged);
    // 6. Chance from the labels.
    const first = history[0];
    const ceiling = { sparse_categorical_crossentropy: Math.log(full.classes - first.empty_classes), binary_crossentropy: Math.log(2) }[full.loss] ?? Infinity;
    assert.ok(first.chance_loss > 0 && first.chance_loss <= ceiling + 1e-9, where);
    seen.losses.set(full.loss, (seen.losses.get(full.loss) ?? 0) + 1);
    if (full.dropout) seen.dropout++;
    if (full.batchnorm) seen.batchnorm++;
    assert.ok(s.chance === first.chance_loss, where);
    if (Math.abs(first.chance_loss - Math.log(full.classes)) > 1e-3) seen.unbalanced++;
    if (first.empty_classes > 0) seen.empty++;
    // 3. One lead, no fix against another.
    if (now.length) assert.equal(findings.filter((f) => f.lead).length, 1, where);
    assert.ok(!now.length || findings[0].lead, where);
    const set = new Map();
    for (const f of findings) {
      for (const [k, v] of Object.entries(f.fix ?? {})) {
        assert.ok(!set.has(k) || set.get(k) === v, `${where}: ${k} fixed to ${set.get(k)} and ${v}`);
        set.set(k, v);
      }
    }
    for (const f of findings) {
      seen.findings++;
      seen.causes.set(f.cause, (seen.causes.get(f.cause) ?? 0) + 1);
      // 1. Evidence that holds, read from the records.
      for (const e of f.evidence) {
        seen.evidence++;
        assert.ok(evidenceHolds(e), `${where}: ${f.cause}: ${e.name} ${e.value} ${e.op} ${JSON.stringify(e.threshold)}`);
        if (e.field) assert.ok(Object.is(recordValue(history, e), e.value), `${where}: ${f.cause}: ${e.name} is epoch ${e.epoch}'s ${e.field}`);
        if (Array.isArray(e.threshold)) assert.ok(e.threshold[0] >= 0 || !/loss/.test(e.name), `${where}: a loss band below 0`);
      }
      assert.doesNotMatch(`${f.title} ${f.text} ${f.fixText ?? ''}`, /\de[+-]?\d|undefined|\d{7}/, `${where}: numbers as people read them`);
      // 2. Diverged: the core's word, or a loss past 1,000.
      if (f.cause === 'diverged') {
        seen.diverged++;
        assert.ok(diverged || f.evidence.some((e) => (e.op === '>=' && e.threshold === 1e3 && e.value >= 1e3) || e.threshold === 'non-finite'), where);
      }
      assert.ok(f.fix === null || Object.keys(f.fix).length > 0, where);
      if (f.fix?.lr !== undefined) assert.ok(f.fix.lr > 1e-6 && f.fix.lr < 10, `${where}: ${f.cause}: a rate at the end of the range (${f.fix.lr}; ${f.fixText})`);
    }
  }
  eng.dropData();
  // The walk reached what it claims to cover.
  assert.ok(seen.csv >= 50 && seen.unbalanced >= 30 && seen.empty >= 5 && seen.earlier >= 5 && seen.measured >= 5, JSON.stringify({ ...seen, causes: [...seen.causes] }));
  assert.ok(seen.causes.size >= 8, `causes seen: ${[...seen.causes.keys()]}`);
  assert.ok([...seen.losses.values()].every((n) => n >= 20) && seen.losses.size === 4, `losses: ${[...seen.losses]}`);
  assert.ok(seen.dropout >= 40, `dropout on ${seen.dropout} runs`);
  assert.ok(seen.batchnorm >= 40, `batch normalization on ${seen.batchnorm} runs`);
  console.log(`# doctor property test: ${RUNS} runs, ${seen.findings} findings, ${seen.evidence} evidence items, ` +
    `${seen.earlier} that held earlier, ${seen.dropout} with dropout, ${seen.batchnorm} with batch normalization, ${seen.normTrials} with a normalization trial, ${seen.measured} with measured rates, ${seen.capacityTrials} with a capacity trial, ${seen.csv} on CSVs, ${seen.unbalanced} unbalanced, ${seen.empty} with an empty class, ${seen.diverged} diverged; ` +
    `causes: ${[...seen.causes].map(([c, n]) => `${c} ${n}`).join(', ')}; losses: ${[...seen.losses].map(([c, n]) => `${c} ${n}`).join(', ')}`);
});
