// engine.test.mjs: the two WebAssembly builds and the JS API. SIMD and scalar
// give the same bits on every preset and data set; one seed gives one run; the
// API reads and writes what it documents; config errors name their key.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ConfigError, LAYER_FIELDS, METRIC_FIELDS, UNIT_DEAD, UNIT_SATURATED } from '../../web/engine/engine.js';
import { PRESETS } from '../../web/engine/presets.js';
import { engine, train } from './helpers.mjs';

const simd = await engine('simd');
const scalar = await engine('scalar');

function sameBits(a, b) {
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

// Long presets are cut to a few epochs: a difference shows within one step.
function shortened(keys) {
  return { ...keys, epochs: Math.min(keys.epochs ?? 20, 4), n_train: Math.min(keys.n_train ?? 1000, 3000) };
}

const CASES = [
  ...PRESETS.map((p) => [`preset ${p.name}`, shortened(p.keys)]),
  ...['random', 'linear', 'teacher', 'spiral', 'circles', 'xor', 'gauss'].map((d) => [
    `dataset ${d}`, { dataset: d, classes: d === 'xor' ? 2 : 3, depth: 2, width: 19, batch: 23, epochs: 3 }]),
  ...['relu', 'tanh', 'sigmoid', 'linear', 'leaky_relu'].flatMap((a) => ['adam', 'sgd', 'momentum', 'rmsprop'].map((o) => [
    `${a} with ${o}`, { dataset: 'linear', activation: a, optimizer: o, depth: 3, width: 13, batch: 17, epochs: 2, l2: 0.001, lr: 0.01 }])),
  ['width 1', { dataset: 'gauss', width: 1, depth: 6, epochs: 2 }],
  ['batch 1', { dataset: 'linear', batch: 1, n_train: 50, epochs: 2 }],
  ['wide', { width: 300, depth: 2, epochs: 1, batch: 128 }],
];

test('the SIMD build reports SIMD and the scalar build does not differ from it', () => {
  for (const [name, config] of CASES) {
    const a = train(simd, config);
    const b = train(scalar, config);
    assert.ok(a.history.length > 1, name);
    assert.ok(sameBits(a.raw, b.raw), `${name}: per-epoch metrics differ between SIMD and scalar`);
    assert.ok(sameBits(a.params, b.params), `${name}: final weights differ between SIMD and scalar`);
    a.trainer.free();
    b.trainer.free();
  }
});

test('one seed gives one run, to the bit; another seed another', () => {
  const config = { dataset: 'teacher', depth: 2, epochs: 3 };
  const a = train(simd, config);
  const b = train(simd, config);
  const c = train(simd, { ...config, seed: 99 });
  assert.ok(sameBits(a.raw, b.raw) && sameBits(a.params, b.params));
  assert.ok(!sameBits(a.raw, c.raw));
  [a, b, c].forEach((r) => r.trainer.free());
});

test('history records have the documented fields, epoch 0 first', () => {
  const { history, trainer } = train(simd, { epochs: 3 });
  assert.equal(history.length, 4);
  assert.deepEqual(Object.keys(history[0]), [...METRIC_FIELDS, 'layers']);
  assert.deepEqual(Object.keys(history[0].layers[0]), LAYER_FIELDS);
  assert.deepEqual(history.map((r) => r.epoch), [0, 1, 2, 3]);
  assert.ok(Number.isNaN(history[0].grad_norm), 'no gradient before training');
  assert.ok(history[3].grad_norm > 0 && history[3].dead_frac >= 0 && history[3].dead_frac <= 1);
  assert.deepEqual(trainer.history(2).map((r) => r.epoch), [2, 3], 'history(from)');
  trainer.free();
});

test('per-layer signals agree with the global ones and with the units', () => {
  const t = simd.createTrainer({ dataset: 'linear', depth: 2, width: 16, lr: 0.1, epochs: 3 });
  t.runAll();
  const h = t.history();
  const last = h.at(-1);
  assert.equal(last.layers.length, 3, 'two hidden layers and the output layer');
  for (const l of h[0].layers) assert.ok(Number.isNaN(l.grad_norm), 'no steps at epoch 0');
  // The global ratio is the first layer's gradient norm over the last one's.
  assert.ok(Math.abs(last.grad_ratio - last.layers[0].grad_norm / last.layers[2].grad_norm) < 1e-12);
  // Per step |g|^2 adds up over the layers, so the mean layer norms bound the global one.
  const sq = last.layers.reduce((a, l) => a + l.grad_norm ** 2, 0);
  assert.ok(last.grad_norm <= Math.sqrt(sq) * 1.75 + 1e-9 && last.grad_norm >= Math.max(...last.layers.map((l) => l.grad_norm)) * 0.5);
  // Dead units: the flags, the layer shares and the global share tell one story.
  const { flags, mean } = t.units();
  assert.equal(flags.length, 32);
  for (let l = 0; l < 2; l++) {
    const dead = Array.from(flags.subarray(l * 16, l * 16 + 16)).filter((f) => f & UNIT_DEAD).length;
    assert.equal(dead / 16, last.layers[l].dead_frac, `layer ${l + 1}`);
    for (let u = 0; u < 16; u++) if (flags[l * 16 + u] & UNIT_DEAD) assert.equal(mean[l * 16 + u], 0);
  }
  assert.equal(last.dead_frac, (last.layers[0].dead_frac + last.layers[1].dead_frac) / 2);
  // The inputs' scale: features uniform in [0, 1) have an rms of sqrt(1/3).
  assert.ok(last.input_max < 1 && Math.abs(last.input_rms - Math.sqrt(1 / 3)) < 0.01, `${last.input_rms}`);
  assert.ok(last.val_loss_sd > 0);
  t.set('input_scale', 100);
  t.set('epochs', 4);
  t.runAll();
  assert.ok(Math.abs(t.history().at(-1).input_rms / last.input_rms - 100) < 1e-3, 'a live scale change is measured');
  t.free();
});

test('saturated units: sigmoid on inputs x1000', () => {
  const t = simd.createTrainer({ dataset: 'linear', activation: 'sigmoid', input_scale: 1000, epochs: 1 });
  t.runAll();
  const first = t.history()[0].layers[0];
  assert.ok(first.sat_share > 0.5, `share of saturated outputs ${first.sat_share}`);
  assert.ok(first.sat_frac > 0 && first.dead_frac === 0, 'sigmoid units saturate, they do not die');
  assert.ok(Array.from(t.units().flags).some((f) => f & UNIT_SATURATED));
  t.free();
});

test('parameters: Keras order, readable and writable as one Float32Array', () => {
  const t = simd.createTrainer({ depth: 2, width: 5, features: 4, classes: 3 });
  assert.deepEqual(t.layers(), [{ in: 4, out: 5, at: 0, norm: 'none' }, { in: 5, out: 5, at: 25, norm: 'none' },
    { in: 5, out: 3, at: 55, norm: 'none' }]);
  const p = t.getParams();
  assert.equal(p.length, 4 * 5 + 5 + 5 * 5 + 5 + 5 * 3 + 3);
  // Biases start at zero: layer 0's bias follows its 4 x 5 kernel.
  assert.deepEqual(Array.from(p.subarray(20, 25)), [0, 0, 0, 0, 0]);
  const limit = Math.sqrt(6 / (4 + 5));
  assert.ok(p.subarray(0, 20).every((w) => Math.abs(w) <= limit), 'Glorot-uniform limit');
  const q = p.map((_, i) => i / 100);
  t.setParams(q);
  assert.deepEqual(t.getParams(), q);
  assert.throws(() => t.setParams(new Float32Array(3)), RangeError);
  t.free();
  // A normalized layer's gamma (ones) and beta (zeros) follow its bias; its moving averages start at 0 and 1.
  const n = simd.createTrainer({ depth: 2, width: 5, features: 4, classes: 3, batchnorm: 'after,before' });
  assert.deepEqual(n.layers().map((l) => [l.at, l.norm]), [[0, 'after'], [35, 'before'], [75, 'none']]);
  const np = n.getParams();
  assert.equal(np.length, 75 + 5 * 3 + 3);
  assert.deepEqual([...np.subarray(25, 35)], [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]);
  assert.deepEqual(n.normStats().map((s) => [[...s.mean], [...s.variance]]), [[[0, 0, 0, 0, 0], [1, 1, 1, 1, 1]], [[0, 0, 0, 0, 0], [1, 1, 1, 1, 1]]]);
  n.runAll();
  const moved = n.normStats()[0];
  assert.ok(moved.mean.some((v) => v !== 0) && moved.variance.some((v) => v !== 1), 'the averages moved while training');
  n.free();
});

test('data: what the network sees, with input_scale applied', () => {
  const a = simd.createTrainer({ n_train: 50, n_val: 20 });
  const b = simd.createTrainer({ n_train: 50, n_val: 20, input_scale: 100 });
  const da = a.data('train');
  const db = b.data('train');
  assert.equal(da.x.length, 50 * 10);
  assert.equal(a.data('val').y.length, 20);
  assert.ok(da.x.every((v) => v >= 0 && v < 1));
  assert.ok(da.x.every((v, i) => db.x[i] === Math.fround(v * 100)));
  assert.deepEqual(da.y, db.y);
  a.free();
  b.free();
});

test('the key table comes from the core', () => {
  const names = simd.keys.map((k) => k.name);
  assert.deepEqual(names, ['dataset', 'features', 'classes', 'n_train', 'n_val', 'label_noise',
    'input_scale', 'standardize', 'depth', 'width', 'widths', 'activation', 'init', 'optimizer', 'lr', 'batch',
    'epochs', 'l2', 'seed', 'shuffle', 'x1_sq', 'x2_sq', 'x1_x2', 'sin_x1', 'sin_x2', 'train_subset', 'zero_inputs',
    'shuffle_labels', 'lr_growth', 'step_log', 'val_share', 'loss', 'output', 'from_logits', 'outputs', 'target_scale',
    'standardize_targets', 'dropout', 'activations', 'batchnorm']);
  assert.equal(simd.keyByName.get('widths').kind, 'list');
  assert.equal(simd.keyByName.get('widths').default, '');
  const lr = simd.keyByName.get('lr');
  assert.equal(lr.min, 1e-6);
  assert.equal(lr.max, 10);
  assert.equal(lr.live, true);
  assert.equal(simd.keyByName.get('dataset').default, 'random');
});

test('config errors are ConfigErrors naming the key', () => {
  const cases = [
    [{ lr: 50 }, 'lr', 'lr: 50 is outside its range 1e-06 to 10'],
    [{ width: 0 }, 'width', 'width: 0 is outside its range 1 to 1024'],
    [{ activation: 'gelu' }, 'activation', "activation: 'gelu' is not one of relu, tanh, sigmoid, linear, leaky_relu"],
    [{ batch: 5000 }, 'batch', 'batch: 5000 is larger than n_train (1000)'],
    [{ depth: 'two' }, 'depth', "depth: 'two' is not a number"],
    [{ colour: 'red' }, 'colour', /^colour: unknown key/],
  ];
  for (const [config, key, message] of cases) {
    assert.throws(() => simd.createTrainer(config), (err) => {
      assert.ok(err instanceof ConfigError);
      assert.equal(err.key, key);
      if (message instanceof RegExp) assert.match(err.message, message);
      else assert.equal(err.message, message);
      return true;
    });
  }
});

test('live changes apply mid-run; others are refused', () => {
  const t = simd.createTrainer({ dataset: 'linear', epochs: 4 });
  while (t.epochsDone < 2) t.run(1);
  t.set('lr', 0.01);
  t.set('batch', 64);
  assert.equal(t.get('lr'), 0.01); // the float's shortest decimal
  assert.throws(() => t.set('width', 64), (e) => e.key === 'width');
  assert.throws(() => t.set('lr', 'fast'), (e) => e.key === 'lr');
  t.runAll();
  const h = t.history();
  assert.equal(h[2].batch, 32);
  assert.equal(h[3].batch, 64);
  assert.equal(t.config().dataset, 'linear');
  t.free();
});

test('decision grid for 2-D data sets, null otherwise', () => {
  const t = simd.createTrainer({ dataset: 'circles', depth: 2, width: 16, epochs: 3 });
  t.runAll();
  const g = t.grid(24);
  assert.equal(g.cls.length, 24 * 24);
  assert.ok(g.cls.every((c) => c < 3));
  assert.ok(g.bounds[0] < g.bounds[1] && g.bounds[2] < g.bounds[3]);
  t.free();
  const u = simd.createTrainer({});
  assert.equal(u.grid(24), null);
  assert.equal(u.points('train'), null);
  assert.equal(u.plane, false);
  u.free();
});

// The map's plane is the raw x1, x2: each cell goes through the engineered
// inputs, input_scale and standardize as the data did. So the class the map
// shows under each validation point is the class the network predicts for it,
// and reading the map off gives the run's validation accuracy.
test('the decision map agrees with the network on the validation points, engineered inputs and all', () => {
  for (const extra of [{}, { x1_sq: 1, x2_sq: 1, sin_x1: 1, standardize: 1, input_scale: 7 }]) {
    const t = simd.createTrainer({ dataset: 'circles', classes: 2, depth: 1, width: 8, lr: 0.02, epochs: 15, ...extra });
    t.runAll();
    const res = 256;
    const g = t.grid(res);
    const val = t.points('val');
    assert.equal(t.plane, true);
    assert.equal(t.data('val').features, 2 + (extra.x1_sq ?? 0) + (extra.x2_sq ?? 0) + (extra.sin_x1 ?? 0));
    const [xmin, xmax, ymin, ymax] = g.bounds;
    let right = 0;
    for (let k = 0; k < val.n; k++) {
      const col = Math.min(res - 1, Math.floor(((val.x[2 * k] - xmin) / (xmax - xmin)) * res));
      const row = Math.min(res - 1, Math.floor(((ymax - val.x[2 * k + 1]) / (ymax - ymin)) * res));
      right += g.cls[row * res + col] === val.y[k];
    }
    const acc = t.history().at(-1).val_acc;
    assert.ok(Math.abs(right / val.n - acc) <= 0.03, `${JSON.stringify(extra)}: map ${right / val.n} vs val_acc ${acc}`);
    t.free();
  }
});

test('your own data: the core parses a CSV, and refuses a bad one naming line and column', () => {
  const lines = ['x1,x2,label', ...Array.from({ length: 24 }, (_, k) => `${k / 10},${-k},${k % 2}`)];
  const csv = simd.parseCsv(lines.join('\n'));
  assert.deepEqual([csv.rows, csv.features, csv.classes, csv.header], [24, 2, 2, true]);
  assert.equal(csv.x[2 * 5], Math.fround(0.5));
  assert.deepEqual(Array.from(csv.y.slice(0, 4)), [0, 1, 0, 1]);
  assert.deepEqual(scalar.parseCsv(lines.join('\r\n')).x, csv.x, 'both builds, either line ending');
  lines[7] = '0.6,oops,1';
  assert.throws(() => simd.parseCsv(lines.join('\n')), (e) => e instanceof ConfigError && e.key === 'data' &&
    e.message === "data: line 8, column 2: 'oops' is not a number (only the label column may hold words)");
  assert.throws(() => simd.parseCsv(''), /data: 0 data rows; at least 20 are needed/);
});

test("every hidden unit's map in one pass: each is that unit's own grid", () => {
  const t = simd.createTrainer({ dataset: 'spiral', depth: 2, width: 6, epochs: 2 });
  t.runAll();
  const maps = t.unitMaps(16, 4);
  assert.deepEqual(maps.map((layer) => layer.length), [4, 4], 'the first 4 of each layer of 6');
  for (let l = 0; l < 2; l++) {
    for (let u = 0; u < 4; u++) assert.deepEqual(maps[l][u], t.unitGrid(l, u, 16).out, `layer ${l} unit ${u}`);
  }
  t.free();
  const flat = simd.createTrainer({ dataset: 'linear', depth: 1, width: 4 });
  assert.equal(flat.unitMaps(16, 4), null, 'no plane, no maps');
  flat.free();
});
