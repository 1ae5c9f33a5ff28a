// settings.test.mjs: the page's settings logic without a browser: reading the
// hash, clamping each kind of bad value with a notice that names it, the rules
// between keys, and writing the hash back so that it reads the same again.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { SETTINGS, defaults, dependents, formatValue, grouped, makeHash, nearestStop, outputOf, parseHash, resolve } from '../../web/engine/settings.js';
import { engine, rng } from './helpers.mjs';

const { keys } = await engine('simd');

test('every config key has exactly one control, and every control a key', () => {
  assert.deepEqual(SETTINGS.map((s) => s.key).sort(), keys.map((k) => k.name).sort());
});

test('a clean hash reads back to the same config and hash', () => {
  const { preset, raw } = parseHash('#preset=example-3&seed=7&lr=0.003');
  const { config, notices } = resolve(keys, preset, raw);
  assert.deepEqual(notices, []);
  assert.equal(config.input_scale, 100);
  assert.equal(config.seed, 7);
  assert.equal(config.lr, 0.003);
  assert.equal(makeHash(keys, preset, config), '#preset=example-3&lr=0.003&seed=7');
  assert.equal(makeHash(keys, null, defaults(keys)), '#');
});

test('bad values are clamped or replaced, each with a notice naming it', () => {
  const { config, notices } = resolve(keys, 'nope', {
    lr: '50', width: '2.6', batch: 'abc', dataset: 'moons', standardize: 'true', colour: 'red', n_train: '5',
  });
  assert.equal(config.lr, 10);
  assert.equal(config.width, 3);
  assert.equal(config.batch, 10, 'default 32, then capped by n_train 10');
  assert.equal(config.dataset, 'random');
  assert.equal(config.standardize, 1);
  assert.equal(config.n_train, 10);
  const text = notices.join('\n');
  for (const re of [/Preset 'nope' does not exist/, /Learning rate: 50 is outside its range 1e-6 to 10; using 10/,
    /Width: 2.6 is not a whole number; using 3/, /Batch size: 'abc' is not a number; using 32/,
    /Data set: 'moons' is not one of random, linear/, /unknown setting 'colour'/,
    /Training samples: 5 is outside its range 10 to 100000; using 10/, /Batch size: 32 is larger than the 10 training samples/]) {
    assert.match(text, re);
  }
});

test('xor always has 2 classes', () => {
  assert.equal(resolve(keys, null, { dataset: 'xor' }).config.classes, 2);
  const { notices } = resolve(keys, null, { dataset: 'xor', classes: '5' });
  assert.match(notices.join(), /xor data set has 2 classes/);
});

test('values read and print exactly; slider stops find the nearest value', () => {
  assert.equal(formatValue(1e-6), '1e-6');
  assert.equal(formatValue(0.001), '0.001');
  assert.equal(formatValue(100000), '100000');
  const lr = SETTINGS.find((s) => s.key === 'lr').stops;
  assert.equal(lr[nearestStop(lr, 0.003)], 0.003);
  assert.equal(lr[nearestStop(lr, 0.0042)], 0.005);
  assert.ok(lr[0] === 1e-6 && lr.at(-1) === 10);
});

test('grouped writes whole numbers as en-US does, without Intl', () => {
  for (const n of [0, 7, 999, 1000, 12345, 999999, 1000000, 1234567.4, -1234, -999, 2 ** 40]) {
    assert.equal(grouped(n), Math.round(n).toLocaleString('en-US'), String(n));
  }
});

test('a link replays the run to the bit: every written value reads back the same', async () => {
  const eng = await engine('simd');
  const rand = rng(7);
  for (let i = 0; i < 40; i++) {
    const raw = {
      input_scale: String(10 ** (rand() * 6 - 3)), lr: String(10 ** (rand() * 7 - 6)),
      label_noise: String(rand()), l2: String(rand() * 1e-3), dataset: 'linear', epochs: '2', n_train: '100', batch: '10',
    };
    const { config } = resolve(keys, null, raw);
    const again = resolve(keys, ...Object.values(parseHash(makeHash(keys, null, config)))).config;
    assert.deepEqual(again, config, `round trip of ${JSON.stringify(raw)}`);
    if (i < 5) {
      const a = eng.createTrainer(config);
      const b = eng.createTrainer(again);
      a.runAll();
      b.runAll();
      assert.deepEqual(b.historyArray(), a.historyArray(), 'the reloaded run gives the same losses');
      a.free();
      b.free();
    }
  }
  assert.equal(makeHash(keys, null, { ...defaults(keys), input_scale: 1.23456789 }), '#input_scale=1.23456789');
});

test('notices quote at most 40 characters of a hostile value; hex and Infinity are not numbers', () => {
  const long = 'x'.repeat(100000);
  const { notices } = resolve(keys, long, { lr: long, [long]: '1', dataset: long });
  assert.equal(notices.length, 4);
  for (const n of notices) assert.ok(!n.includes('x'.repeat(40)) && n.length < 400, n.slice(0, 80));
  for (const bad of ['0x1p3', '0x10', 'Infinity', ' ', '1e', '--1']) {
    const r = resolve(keys, null, { lr: bad });
    assert.equal(r.config.lr, 0.001, bad);
    assert.match(r.notices[0], /is not a number/, bad);
  }
  for (const [text, value] of [['1e-6', 1e-6], ['10', 10], ['.5', 0.5], ['+2', 2]]) {
    const r = resolve(keys, null, { lr: text });
    assert.deepEqual([r.config.lr, r.notices], [value, []], text);
  }
});

test('widths in the hash: read, clamped with a notice, and depth follows it', () => {
  const read = (text) => resolve(keys, null, parseHash(text).raw);
  const a = read('#widths=64,%2032');
  assert.deepEqual([a.config.widths, a.config.depth, a.notices], ['64,32', 2, ['Depth: the layer widths 64,32 make 2 hidden layers; using 2.']]);
  assert.equal(makeHash(keys, null, a.config), '#depth=2&widths=64%2C32');
  assert.deepEqual(read('#depth=2&widths=64,32').notices, []);
  const b = read('#depth=3&widths=0,5000,7');
  assert.equal(b.config.widths, '1,1024,7');
  assert.deepEqual(b.notices, ['Layer widths: each layer has 1 to 1024 units; using 1,1024,7.']);
  const c = read('#widths=a,b');
  assert.deepEqual([c.config.widths, c.config.depth], ['', 1]);
  assert.deepEqual(c.notices, ["Layer widths: 'a,b' is not a list of whole numbers such as 64,32; using none."]);
  const d = read('#widths=1,2,3,4,5,6,7');
  assert.equal(d.config.widths, '1,2,3,4,5,6');
  assert.match(d.notices[0], /7 layers, more than 6; using the first 6/);
  assert.equal(d.config.depth, 6);
});

test('the output as the page resolves it is the core\'s; a loss or output count that cannot fit is replaced with a notice', async () => {
  const eng = await engine('simd');
  for (const dataset of ['random', 'circles', 'linear_reg']) {
    for (const loss of ['sparse_categorical_crossentropy', 'binary_crossentropy', 'mse', 'mae']) {
      for (const output of ['auto', 'softmax', 'sigmoid', 'linear', 'relu', 'tanh']) {
        for (const classes of [2, 3]) {
          const config = { ...defaults(keys), dataset, loss, output, classes };
          for (const c of dependents(config)) config[c.key] = c.value;
          const t = eng.createTrainer(config); // every config the page settles on is one the core takes
          const mine = outputOf(config);
          assert.deepEqual([mine.act, mine.units, mine.regression], [t.outputAct, t.outputs, t.regression], JSON.stringify(config));
          t.free();
        }
      }
    }
  }
  const reg = dependents({ ...defaults(keys), dataset: 'teacher_reg' });
  assert.deepEqual(reg.map((c) => [c.key, c.value]), [['loss', 'mse']]);
  assert.match(reg[0].notice, /real-valued targets/);
  const one = dependents({ ...defaults(keys), outputs: 1 });
  assert.deepEqual(one.map((c) => [c.key, c.value]), [['outputs', 0]]);
});
