// keras-import.test.mjs: a Keras snippet becomes a config (issue 11). The seed
// post's three code blocks are exactly the example-1, -2 and -3 presets; what
// the reader does not understand is listed by line number, never guessed; the
// CLI's --from-keras trains what it read.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { importKeras } from '../../web/code/keras-import.js';
import { findPreset } from '../../web/engine/presets.js';
import { defaults } from '../../web/engine/settings.js';
import { ROOT, engine } from './helpers.mjs';

// The post's blocks, quoted verbatim (a clone has no ../shared/).
const POST = readFileSync(join(ROOT, 'tests', 'fixtures', 'seed-post-blocks.md'), 'utf8');

test("the seed post's three code blocks are exactly the three example presets", async () => {
  const eng = await engine('simd');
  const blocks = [...POST.matchAll(/```python\n([\s\S]*?)```/g)].map((m) => m[1]);
  assert.equal(blocks.length, 3);
  blocks.forEach((block, i) => {
    const { config, ignored } = importKeras(block);
    assert.deepEqual(ignored, [], `example ${i + 1}: every line is read`);
    const base = defaults(eng.keys);
    assert.deepEqual({ ...base, ...config }, { ...base, ...findPreset(`example-${i + 1}`).keys }, `example ${i + 1}`);
  });
});

const SNIPPET = `import numpy as np
from tensorflow import keras
from tensorflow.keras.layers import Dense, Dropout

model = keras.Sequential()
model.add(Dense(64, activation="tanh", input_dim=20, kernel_initializer="he_normal"))
model.add(Dropout(0.5))
model.add(Dense(32, activation="tanh", kernel_initializer="he_normal"))
model.add(Dense(4, activation="softmax", kernel_initializer="he_normal"))
opt = keras.optimizers.SGD(learning_rate=0.05, momentum=0.9, nesterov=True)
model.compile(optimizer=opt, loss="sparse_categorical_crossentropy")
for epoch in range(3):
    pass
x = np.random.rand(5000, 20)
y = np.random.randint(0, 4, 5000)
model.fit(x, y, epochs=7, batch_size=64, validation_split=0.2)
`;

test('a snippet with lines Flatline does not have: each listed by line number, the rest read', () => {
  const { config, ignored } = importKeras(SNIPPET);
  assert.deepEqual(config, {
    depth: 2, widths: '64,32', features: 20, classes: 4, activation: 'tanh', init: 'he_normal',
    optimizer: 'momentum', lr: 0.05, dataset: 'random', n_train: 5000, input_scale: 1, batch: 64, epochs: 7,
  });
  assert.deepEqual(ignored.map((g) => [g.line, g.text]), [
    [7, 'model.add(Dropout(0.5))'],
    [10, 'opt = keras.optimizers.SGD(learning_rate=0.05, momentum=0.9, nesterov=True)'],
    [12, 'for epoch in range(3):'],
    [16, 'model.fit(x, y, epochs=7, batch_size=64, validation_split=0.2)'],
  ]);
  assert.match(ignored[0].why, /Dropout is not a layer Flatline has/);
  assert.match(ignored[1].why, /nesterov/);
  assert.match(ignored[3].why, /validation_split/);
});

test('optimizers by name and by call, schedules, losses and the last layer', () => {
  const read = (s) => importKeras(s);
  assert.deepEqual(read('model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")').config, { optimizer: 'sgd', lr: 0.01 });
  assert.deepEqual(read('model.compile(optimizer=keras.optimizers.RMSprop(0.002))').config, { optimizer: 'rmsprop', lr: 0.002 });
  assert.deepEqual(read('model.compile(optimizer=Adam(learning_rate=keras.optimizers.schedules.ExponentialDecay(0.001, decay_steps=1, decay_rate=1.01)))').config,
    { optimizer: 'adam', lr: 0.001, lr_growth: 1.01 });
  const adam = read('model.compile(optimizer=Adam(learning_rate=0.01, epsilon=1e-8))');
  assert.deepEqual(adam.config, { optimizer: 'adam', lr: 0.01 });
  assert.match(adam.ignored[0].why, /epsilon is Keras's 1e-7/);
  const loss = read('model.compile(loss="categorical_crossentropy")');
  assert.match(loss.ignored[0].why, /sparse categorical cross-entropy/);
  const logits = read('m = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(5)])\nm.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))');
  assert.deepEqual(logits.ignored, []);
  assert.deepEqual(logits.config, { features: 3, classes: 5, depth: 0, init: 'glorot_uniform' });
  const noSoftmax = read('m = keras.Sequential([layers.Dense(5, input_shape=(3,))])');
  assert.equal(noSoftmax.ignored[0].line, 1);
  assert.match(noSoftmax.ignored[0].why, /softmax, or logits/);
  assert.deepEqual(read('model.fit(x, y)').config, { batch: 32, epochs: 1 }, "Keras's defaults");
  assert.equal(read('this is not python ((').ignored[0].line, 1);
});

test('other spellings of the same data and layers; a second input scale is listed, not merged', () => {
  const { config, ignored } = importKeras([
    'x_train = np.random.random((500, 4)) * 3',
    'y_train = np.random.randint(4, size=500)',
    'x_val = rng.random(size=(100, 4))',
    'y_val = np.random.randint(0, 4, size=100)',
    'm = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(8, tf.nn.tanh), layers.Dense(4, activation=keras.activations.softmax)])',
  ].join('\n'));
  assert.deepEqual(config, { dataset: 'random', n_train: 500, features: 4, input_scale: 3, classes: 4, n_val: 100,
    depth: 1, width: 8, activation: 'tanh', init: 'glorot_uniform' });
  assert.deepEqual(ignored.map((g) => [g.line, g.why]), [[3, 'the lab scales both splits alike (input_scale 3)']]);
});

test('--from-keras trains what it read and lists the rest on stderr', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flatline-keras-'));
  const file = join(dir, 'snippet.py');
  writeFileSync(file, SNIPPET.replace('epochs=7', 'epochs=2').replace('5000', '500').replace('5000', '500'));
  const r = spawnSync(process.execPath, [join(ROOT, 'tools', 'train.mjs'), '--from-keras', file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => l.epoch), [1, 2]);
  assert.equal(lines[0].layers.length, 3, 'two hidden layers and the output');
  assert.match(r.stderr, /from-keras: line 7 ignored \(Dropout is not a layer Flatline has \(Dense only\)\): model\.add\(Dropout\(0\.5\)\)/);
  assert.match(r.stderr, /from-keras: line 16 ignored/);
  const missing = spawnSync(process.execPath, [join(ROOT, 'tools', 'train.mjs'), '--from-keras', join(dir, 'nope.py')], { encoding: 'utf8' });
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /from-keras: cannot read '.*nope\.py' \(ENOENT\)/);
});
