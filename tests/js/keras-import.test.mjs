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

import { MAX_LINES, SnippetError, importKeras, noModelReason } from '../../web/code/keras-import.js';
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
from tensorflow.keras.layers import Dense, LayerNormalization

model = keras.Sequential()
model.add(Dense(64, activation="tanh", input_dim=20, kernel_initializer="he_normal"))
model.add(LayerNormalization())
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
    optimizer: 'momentum', lr: 0.05, dataset: 'random', n_train: 4000, n_val: 1000, input_scale: 1, batch: 64, epochs: 7,
  });
  assert.deepEqual(ignored.map((g) => [g.line, g.text]), [
    [7, 'model.add(LayerNormalization())'],
    [10, 'opt = keras.optimizers.SGD(learning_rate=0.05, momentum=0.9, nesterov=True)'],
    [12, 'for epoch in range(3):'],
  ]);
  assert.match(ignored[0].why, /LayerNormalization is not a layer Flatline has/);
  assert.match(ignored[1].why, /nesterov/);
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
  assert.match(loss.ignored[0].why, /needs one-hot labels \(to_categorical\), and none are made here/);
  const logits = read('m = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(5)])\nm.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))');
  assert.deepEqual(logits.ignored, []);
  assert.deepEqual(logits.config, { features: 3, classes: 5, depth: 0, init: 'glorot_uniform' });
  // A last layer without its softmax is trained as written (the doctor names the mismatch).
  const noSoftmax = read('m = keras.Sequential([layers.Dense(5, input_shape=(3,))])');
  assert.deepEqual(noSoftmax.ignored, []);
  assert.equal(noSoftmax.config.output, 'linear');
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

test('--from-keras trains a snippet as written or refuses it with its reasons; notes alone do not stop it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flatline-keras-'));
  const file = join(dir, 'snippet.py');
  const small = SNIPPET.replace('epochs=7', 'epochs=2').replace('5000', '500').replace('5000', '500');
  writeFileSync(file, small);
  // A layer the lab lacks and an optimizer setting it holds fixed: not the snippet's training, so refused.
  const r = spawnSync(process.execPath, [join(ROOT, 'tools', 'train.mjs'), '--from-keras', file], { encoding: 'utf8' });
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stdout, '', 'nothing trained');
  assert.match(r.stderr, /from-keras: line 7 ignored \(LayerNormalization is not a layer Flatline has \(Dense, Activation, Dropout and BatchNormalization\)\): model\.add\(LayerNormalization\(\)\)/);
  assert.match(r.stderr, /from-keras: .*snippet\.py: not trained as written: 2 lines change the training in ways the lab does not read \(line 7: LayerNormalization is not a layer Flatline has .*; line 10: .*nesterov.*\); change or remove them to train the rest/);
  // Without them it trains; the loop it cannot place is listed, and does not stop it.
  writeFileSync(file, small.replace('model.add(LayerNormalization())\n', '').replace(', nesterov=True', ''));
  const ok = spawnSync(process.execPath, [join(ROOT, 'tools', 'train.mjs'), '--from-keras', file], { encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stderr);
  const lines = ok.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => l.epoch), [1, 2]);
  assert.equal(lines[0].layers.length, 3, 'two hidden layers and the output');
  assert.match(ok.stderr, /from-keras: line 11 ignored \(not a statement Flatline reads\): for epoch in range\(3\):/);
  assert.doesNotMatch(ok.stderr, /from-keras: line 15 ignored/, 'validation_split is read: the last fifth of the rows validate');
  const missing = spawnSync(process.execPath, [join(ROOT, 'tools', 'train.mjs'), '--from-keras', join(dir, 'nope.py')], { encoding: 'utf8' });
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /from-keras: cannot read '.*nope\.py' \(ENOENT\)/);
});

// Code copied from web pages: no-break spaces, a byte-order mark, vertical
// tabs, zero-width spaces and U+2028 are spaces or line breaks, never the end
// of the reading; what cannot be read is listed, and a snippet too deep or
// too long is refused with its reason, at once.
test('Unicode spaces and marks read as spaces; nothing stops the reader unsaid', () => {
  const snippet = 'model = Sequential([Dense(16, activation="relu", input_shape=(10,)), Dense(3, activation="softmax")])\n' +
    'model.compile(optimizer=Adam(learning_rate=0.05), loss="sparse_categorical_crossentropy")\n' +
    'model.fit(x, y, batch_size=64, epochs=7)\n';
  const want = importKeras(snippet).config;
  assert.equal(want.lr, 0.05);
  for (const odd of ['\u00a0', '\ufeff', '\u000b', '\u000c', '\u200b', '\u3000', '\u2009']) {
    const text = `\ufeff${snippet.replace(/ /g, odd).replace(/\(/g, `(${odd}`)}`;
    const { config, ignored } = importKeras(text);
    assert.deepEqual(config, want, JSON.stringify(odd));
    assert.deepEqual(ignored, [], JSON.stringify(odd));
  }
  const lines = importKeras(snippet.replace(/\n/g, '\u2028'));
  assert.deepEqual(lines.config, want, 'U+2028 breaks lines as \\n does');
  // A character the reader has no use for is listed with its line, and the rest is read.
  const odd = importKeras(`${snippet}model.fit(x, y, epochs=3) \u00a7\n`);
  assert.deepEqual(odd.ignored.map((g) => g.line), [4]);
  assert.equal(odd.config.lr, 0.05);
});

test('deep or huge expressions get a reason, not a crash; a very long paste is refused whole, fast', () => {
  const chain = importKeras(`x = ${Array(9000).fill('1').join(' + ')}\nmodel.fit(x, y, epochs=4)`);
  assert.match(chain.ignored[0].why, /not read: it adds more than 1000 terms/);
  assert.ok(chain.ignored[0].text.length <= 120, 'a listed line is cut short');
  assert.equal(chain.config.epochs, 4, 'the lines after it are read');
  for (const deep of [`x = ${'('.repeat(5000)}1${')'.repeat(5000)}`, `x = ${'-'.repeat(5000)}1`, `x = ${'['.repeat(3000)}${']'.repeat(3000)}`,
    `x = a${'.b'.repeat(3000)}`, `x = f${'()'.repeat(3000)}`]) {
    assert.match(importKeras(deep).ignored[0].why, /^not read: it (nests deeper than 64 levels|chains more than 1000 calls)/);
  }
  assert.throws(() => importKeras(Array(100000).fill('foo(1, 2)').join('\n')), (err) => err instanceof SnippetError &&
    /the code is 999999 characters; the reader takes snippets of up to 3000 lines and 200k characters/.test(err.message));
  assert.throws(() => importKeras('\n'.repeat(MAX_LINES + 1)), /the code is 3002 lines/);
  assert.deepEqual(importKeras(Array(MAX_LINES).fill('pass').join('\n')).ignored, []);
});

test('every reason on a line is listed, and a value that is not a number is named', () => {
  const { config, ignored } = importKeras('model.fit(x, y, epochs=e, batch_size=float("nan"))\nmodel.compile(optimizer=Adam(lr=1e999))');
  assert.deepEqual(ignored.map((g) => g.line), [1, 2]);
  assert.match(ignored[0].why, /the batch size is not a number the lab can read; the number of epochs is not a number/);
  assert.match(ignored[1].why, /the learning rate is not a number/);
  assert.equal(config.lr, undefined);
});

test('the CLI refuses a snippet too long to read with exit 2 and the reason', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flatline-keras-'));
  const path = join(dir, 'long.py');
  writeFileSync(path, Array(5000).fill('model.fit(x, y)').join('\n'));
  const r = spawnSync(process.execPath, [join(ROOT, 'tools', 'train.mjs'), '--from-keras', path], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /from-keras: .*long\.py: the code is 5000 lines; the reader takes snippets of up to 3000 lines/);
});

test('a snippet with no model the lab can read is refused, never trained as the lab\'s own network', () => {
  const cases = {
    functional: 'inputs = keras.Input(shape=(10,))\nx = layers.Dense(32, activation="relu")(inputs)\noutputs = layers.Dense(3, activation="softmax")(x)\nmodel = keras.Model(inputs, outputs)\nmodel.compile(optimizer="adam", loss="sparse_categorical_crossentropy")',
    loop: 'model = Sequential()\nfor u in [64, 32]:\n    model.add(Dense(u, activation="relu"))\nmodel.compile("adam", "sparse_categorical_crossentropy")',
    unclosed: 'model = Sequential([\n  Dense(32, activation="relu", input_shape=(10,)),\n  Dense(3, activation="softmax")\nmodel.compile(optimizer="adam", loss="sparse_categorical_crossentropy")',
    compileOnly: 'model.compile(optimizer=Adam(learning_rate=0.01), loss="sparse_categorical_crossentropy")\nmodel.fit(x, y, epochs=5)',
  };
  for (const [name, code] of Object.entries(cases)) {
    const read = importKeras(code);
    assert.equal(read.model, false, name);
    assert.match(noModelReason(read), /^no model read: Flatline reads Dense layers from Sequential\(\[\.\.\.\]\) or model\.add\(Dense\(\.\.\.\)\)/, name);
  }
  assert.match(noModelReason(importKeras(cases.loop)), /line 3: the units are not a number/);
  assert.equal(noModelReason(importKeras('m = Sequential([Dense(3, activation="softmax", input_shape=(4,))])')), null);
  // The CLI says so and exits 2.
  const dir = mkdtempSync(join(tmpdir(), 'flatline-keras-'));
  const path = join(dir, 'functional.py');
  writeFileSync(path, cases.functional);
  const r = spawnSync(process.execPath, [join(ROOT, 'tools', 'train.mjs'), '--from-keras', path], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /from-keras: .*functional\.py: no model read: .*\(line 1: not a statement Flatline reads; line 2: /);
  assert.equal(r.stdout, '');
});

test('Keras 1\'s Dense(input_dim, output_dim), compile by position, and callbacks are read for what they are', () => {
  const keras1 = importKeras('model = Sequential()\nmodel.add(Dense(64, 32, activation="relu"))\nmodel.add(Dense(3, activation="softmax"))');
  assert.equal(keras1.ignored[0].line, 2);
  assert.match(keras1.ignored[0].why, /Dense\(64, 32\) reads as Keras 1's Dense\(input_dim, output_dim\); .*write Dense\(32, input_dim=64\)/);
  assert.equal(keras1.config.depth, 0, 'the misread layer is not trained as 64 units');
  const positional = importKeras('m = Sequential([Dense(32, activation="relu", input_shape=(10,)), Dense(3, activation="softmax")])\n' +
    'm.compile(Adam(lr=0.06), "sparse_categorical_crossentropy")');
  assert.deepEqual([positional.config.optimizer, positional.config.lr], ['adam', 0.06]);
  assert.deepEqual(positional.ignored, []);
  // A softmax under mse is trained as written: the loss, the output and its units.
  const mse = importKeras('m = Sequential([Dense(3, activation="softmax", input_shape=(4,))])\nm.compile("sgd", "mse")');
  assert.deepEqual(mse.ignored, []);
  assert.deepEqual([mse.config.loss, mse.config.output, mse.config.outputs], ['mse', 'softmax', 3]);
  const early = importKeras('m = Sequential([Dense(3, activation="softmax", input_shape=(4,))])\n' +
    'm.fit(x, y, epochs=50, batch_size=16, callbacks=[EarlyStopping(monitor="val_loss", patience=3)])');
  assert.deepEqual([early.config.epochs, early.config.batch], [50, 16], 'the fit line is read');
  assert.match(early.ignored[0].why, /the lab runs no callbacks \(EarlyStopping\): it trains every epoch; the doctor names the epoch where validation was best/);
});

test('Keras 1 and 2 spellings, positional fit, validation_split, Activation layers and one-hot labels are read', () => {
  const old = importKeras([
    'x = np.random.random((1000, 8))', 'y = np.random.randint(0, 3, 1000)',
    'model = Sequential()', 'model.add(Dense(output_dim=16, input_dim=8, init="he_uniform"))', 'model.add(Activation("tanh"))',
    'model.add(Dense(3, init="he_uniform"))', 'model.add(Activation("softmax"))',
    'model.compile(loss="categorical_crossentropy", optimizer=SGD(lr=0.05))', 'y1 = to_categorical(y)',
    'model.fit(x, y1, nb_epoch=12, batch_size=50, validation_split=0.25)',
  ].join('\n'));
  assert.deepEqual(old.ignored, []);
  assert.deepEqual(old.config, { dataset: 'random', n_train: 750, n_val: 250, features: 8, input_scale: 1, classes: 3, depth: 1, width: 16,
    activation: 'tanh', init: 'he_uniform', optimizer: 'sgd', lr: 0.05, batch: 50, epochs: 12 });
  const positional = importKeras('m = Sequential([Dense(3, activation="softmax", input_shape=(4,))])\nm.fit(x, y, 16, 30)');
  assert.deepEqual([positional.config.batch, positional.config.epochs], [16, 30]);
  // On your CSV, validation_split is the share held out; one out of range is listed.
  assert.equal(importKeras('m = Sequential([Dense(3, activation="softmax")])\nm.fit(x, y, validation_split=0.3)').config.val_share, 0.3);
  const far = importKeras('m = Sequential([Dense(3, activation="softmax")])\nm.fit(x, y, validation_split=0.9)');
  assert.match(far.ignored[0].why, /validation_split 0\.9: the lab holds out between 0\.05 and 0\.5/);
  // categorical_crossentropy without to_categorical is listed; an Activation with nothing to fold into too.
  assert.match(importKeras('m = Sequential([Dense(3, activation="softmax")])\nm.compile(loss="categorical_crossentropy")').ignored[0].why, /needs one-hot labels/);
  assert.match(importKeras('m = Sequential([Dense(3, activation="relu"), Activation("softmax")])').ignored[0].why, /an Activation layer is read only right after a Dense without an activation/);
});

test('the output and its loss, as real snippets end: binary, regression, and pairs that do not fit, trained as written', () => {
  const model = (last, compile) => importKeras(`model = Sequential()\nmodel.add(Dense(16, activation="relu", input_dim=8))\n${last}\nmodel.compile(optimizer="adam", ${compile})`);
  const read = (last, compile) => {
    const r = model(last, compile);
    const { loss, output, outputs, from_logits: logits, classes } = r.config;
    return { loss, output, outputs, from_logits: logits, classes, why: r.ignored.map((g) => g.why).join(' | ') || undefined };
  };
  const strip = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  const cases = [
    // The pairs Keras means: nothing to say.
    ['model.add(Dense(1, activation="sigmoid"))', 'loss="binary_crossentropy"', { loss: 'binary_crossentropy', classes: 2 }],
    ['model.add(Dense(1))\nmodel.add(Activation("sigmoid"))', 'loss="binary_crossentropy"', { loss: 'binary_crossentropy', classes: 2 }],
    ['model.add(Dense(1))', 'loss=keras.losses.BinaryCrossentropy(from_logits=True)', { loss: 'binary_crossentropy', classes: 2 }],
    ['model.add(Dense(1))', 'loss="mse"', { loss: 'mse', outputs: 1 }],
    ['model.add(Dense(1, activation="linear"))', 'loss="mean_absolute_error"', { loss: 'mae', outputs: 1 }],
    ['model.add(Dense(2))', 'loss=tf.keras.losses.MeanSquaredError()', { loss: 'mse', outputs: 2 }],
    ['model.add(Dense(4, activation="softmax"))', 'loss="sparse_categorical_crossentropy"', { classes: 4 }],
    // Pairs that do not fit: trained as written, so the doctor can name them.
    ['model.add(Dense(1, activation="softmax"))', 'loss="binary_crossentropy"', { loss: 'binary_crossentropy', output: 'softmax', outputs: 1, classes: 2 }],
    ['model.add(Dense(1))', 'loss="binary_crossentropy"', { loss: 'binary_crossentropy', output: 'linear', classes: 2 }],
    ['model.add(Dense(3, activation="sigmoid"))', 'loss="sparse_categorical_crossentropy"', { output: 'sigmoid', classes: 3 }],
    ['model.add(Dense(1, activation="sigmoid"))', 'loss="mse"', { loss: 'mse', output: 'sigmoid', outputs: 1 }],
    ['model.add(Dense(3, activation="relu"))', 'loss="sparse_categorical_crossentropy"', { output: 'relu', classes: 3 }],
    // Keras reads a softmax's logits whatever from_logits says: so does the lab, and says so.
    ['model.add(Dense(3, activation="softmax"))', 'loss=SparseCategoricalCrossentropy(from_logits=True)',
      { classes: 3, why: 'from_logits=True after a softmax layer: Keras uses the layer\'s logits anyway (and warns), so the lab does too' }],
    ['model.add(Dense(1, activation="tanh"))', 'loss=BinaryCrossentropy(from_logits=True)', { loss: 'binary_crossentropy', output: 'tanh', from_logits: 1, classes: 2 }],
    // A loss the lab does not have is named, and the default kept.
    ['model.add(Dense(3, activation="softmax"))', 'loss="hinge"',
      { classes: 3, why: "the loss 'hinge' is not one Flatline has (sparse_categorical_crossentropy, categorical_crossentropy with to_categorical, binary_crossentropy, mse, mae)" }],
  ];
  for (const [last, compile, want] of cases) assert.deepEqual(strip(read(last, compile)), want, `${last} / ${compile}`);
});

test('--from-keras trains a binary snippet and a mismatched one as written; the doctor names the mismatch', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flatline-keras-'));
  const run = (last, loss) => {
    const file = join(dir, 'binary.py');
    writeFileSync(file, ['import numpy as np', 'X = np.random.rand(600, 2)', 'y = np.random.randint(0, 2, 600)',
      'model = Sequential()', 'model.add(Dense(16, activation="relu", input_dim=2))', last,
      `model.compile(optimizer="adam", loss="${loss}", metrics=["accuracy"])`, 'model.fit(X, y, epochs=4, batch_size=32)'].join('\n'));
    const r = spawnSync(process.execPath, [join(ROOT, 'tools', 'train.mjs'), '--from-keras', file], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  };
  const ok = run('model.add(Dense(1, activation="sigmoid"))', 'binary_crossentropy');
  assert.equal(ok.length, 4);
  assert.ok(Math.abs(ok[0].chance_loss - Math.log(2)) < 0.01, 'chance: the base rate\'s entropy, about ln 2');
  assert.ok(ok.every((r) => r.diagnosis.every((f) => f.cause !== 'output_loss_mismatch')));
  const stuck = run('model.add(Dense(1, activation="softmax"))', 'binary_crossentropy');
  assert.equal(stuck.at(-1).diagnosis[0].cause, 'output_loss_mismatch');
  assert.match(stuck.at(-1).diagnosis[0].text, /softmax over one unit/);
  assert.match(stuck.at(-1).diagnosis[0].fixText, /Dense\(1, activation="sigmoid"\) with loss="binary_crossentropy"/);
});

test('Dropout after hidden layers is read as the dropout key: one rate, or one per layer; elsewhere it is named', () => {
  const model = (...layers) => importKeras(`model = Sequential([${layers.join(', ')}])`);
  const same = model('Dense(64, activation="relu", input_dim=8)', 'Dropout(0.5)', 'Dense(32, activation="relu")', 'Dropout(rate=0.5)', 'Dense(3, activation="softmax")');
  assert.deepEqual([same.config.dropout, same.ignored], ['0.5', []]);
  const each = model('Dense(64, activation="relu", input_dim=8)', 'Dropout(0.3)', 'Dense(32, activation="relu")', 'Dense(3, activation="softmax")');
  assert.equal(each.config.dropout, '0.3,0');
  const after = model('Dense(64, activation="relu", input_dim=8)', 'Dense(3, activation="softmax")', 'Dropout(0.2)');
  assert.equal(after.config.dropout, undefined);
  assert.match(after.ignored[0].why, /Dropout after the output layer/);
  const inputs = model('Dropout(0.2, input_shape=(8,))', 'Dense(3, activation="softmax")');
  assert.match(inputs.ignored[0].why, /Dropout on the inputs/);
});

test('BatchNormalization is read after or before the activation, per layer; what the lab holds fixed is named', () => {
  const model = (...layers) => importKeras(`model = Sequential([${layers.join(', ')}])`);
  // After: Dense with its activation, then BatchNormalization; before: Dense, BatchNormalization, Activation.
  const after = model('Dense(64, activation="relu", input_dim=8)', 'BatchNormalization()', 'Dense(3, activation="softmax")');
  assert.deepEqual([after.config.batchnorm, after.config.activation, after.ignored], ['after', 'relu', []]);
  const before = model('Dense(64, input_dim=8)', 'BatchNormalization()', 'Activation("tanh")', 'Dense(3, activation="softmax")');
  assert.deepEqual([before.config.batchnorm, before.config.activation, before.ignored], ['before', 'tanh', []]);
  const mixed = model('Dense(64, input_dim=8)', 'keras.layers.BatchNormalization(momentum=0.99, epsilon=0.001)', 'Activation("relu")',
    'Dropout(0.2)', 'Dense(32, activation="relu")', 'Dense(16, activation="relu")', 'BatchNormalization()', 'Dense(3, activation="softmax")');
  assert.deepEqual([mixed.config.batchnorm, mixed.config.dropout, mixed.config.widths, mixed.ignored], ['before,none,after', '0.2,0,0', '64,32,16', []]);
  // Named, never guessed: other settings, the inputs, the output, a second one, one after Dropout.
  const held = model('Dense(64, activation="relu", input_dim=8)', 'BatchNormalization(momentum=0.9, center=False)', 'Dense(3, activation="softmax")');
  assert.equal(held.config.batchnorm, undefined);
  assert.match(held.ignored[0].why, /momentum is held at Keras's default 0\.99; BatchNormalization's center is held at Keras's default True/);
  const inputs = model('BatchNormalization(input_shape=(8,))', 'Dense(3, activation="softmax")');
  assert.match(inputs.ignored[0].why, /BatchNormalization on the inputs: .*standardize/);
  const out = model('Dense(8, activation="relu", input_dim=8)', 'Dense(3, activation="softmax")', 'BatchNormalization()');
  assert.deepEqual([out.config.batchnorm, out.ignored[0].why], [undefined, 'BatchNormalization after the output layer: the lab normalizes hidden layers only']);
  const twice = model('Dense(8, activation="relu", input_dim=8)', 'BatchNormalization()', 'BatchNormalization()', 'Dense(3, activation="softmax")');
  assert.deepEqual([twice.config.batchnorm, twice.ignored.length], ['after', 1]);
  const late = model('Dense(8, activation="relu", input_dim=8)', 'Dropout(0.5)', 'BatchNormalization()', 'Dense(3, activation="softmax")');
  assert.match(late.ignored[0].why, /BatchNormalization after Dropout/);
});

test('a snippet with BatchNormalization trains, and its exported script keeps the layers as written', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flatline-bn-'));
  const file = join(dir, 'bn.py');
  writeFileSync(file, ['from keras.models import Sequential', 'from keras.layers import Dense, BatchNormalization, Activation, Dropout',
    'model = Sequential()', 'model.add(Dense(16, input_dim=10))', 'model.add(BatchNormalization())', "model.add(Activation('sigmoid'))",
    "model.add(Dense(8, activation='relu'))", 'model.add(BatchNormalization())', 'model.add(Dropout(0.3))',
    "model.add(Dense(3, activation='softmax'))", "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')",
    'model.fit(X, y, epochs=2, batch_size=32)', ''].join('\n'));
  const train = spawnSync(process.execPath, [join(ROOT, 'tools', 'train.mjs'), '--from-keras', file], { encoding: 'utf8' });
  assert.equal(train.status, 0, train.stderr);
  assert.deepEqual(train.stdout.trim().split('\n').map((l) => JSON.parse(l).epoch), [1, 2]);
  const script = spawnSync(process.execPath, [join(ROOT, 'tools', 'train.mjs'), '--from-keras', file, '--export', 'keras'], { encoding: 'utf8' });
  assert.equal(script.status, 0, script.stderr);
  const layers = script.stdout.split('\n').filter((l) => /keras\.layers\.(Dense|BatchNormalization|Activation|Dropout)/.test(l)).map((l) => l.trim().replace(/\(.*/, ''));
  assert.deepEqual(layers, ['keras.layers.Dense', 'keras.layers.BatchNormalization', 'keras.layers.Activation', 'keras.layers.Dense',
    'keras.layers.BatchNormalization', 'keras.layers.Dropout', 'keras.layers.Dense']);
});

test('a different activation per layer is read as the activations key', () => {
  const r = importKeras('model = Sequential([Dense(64, activation="relu", input_dim=8), Dense(32, activation="tanh"), Dense(3, activation="softmax")])');
  assert.deepEqual([r.config.activation, r.config.activations, r.ignored], ['relu', 'relu,tanh', []]);
  const same = importKeras('model = Sequential([Dense(64, activation="tanh", input_dim=8), Dense(32, activation="tanh"), Dense(3, activation="softmax")])');
  assert.equal(same.config.activations, undefined, 'one activation needs no list');
  const gelu = importKeras('model = Sequential([Dense(64, activation="gelu", input_dim=8), Dense(3, activation="softmax")])');
  assert.match(gelu.ignored[0].why, /the activation 'gelu' is not one Flatline has/);
});
