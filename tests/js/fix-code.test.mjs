// fix-code.test.mjs: your snippet back with the doctor's fix (issue 22, part 7).
// The CLI's --export fixed trains a pasted snippet, applies the lead finding's
// fix as line edits and prints the diff; the fixed snippet, read and trained
// again, no longer shows the cause and does better. Each kind of edit is
// checked on its own, and every edited file still compiles as Python.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { importKeras } from '../../web/code/keras-import.js';
import { fixedSnippet, unifiedDiff } from '../../web/code/fix-code.js';
import { ROOT } from './helpers.mjs';

const TMP = mkdtempSync(join(tmpdir(), 'flatline-fix-'));

function cli(...args) {
  const r = spawnSync(process.execPath, [join(ROOT, 'tools', 'train.mjs'), ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const lines = (text) => text.trim().split('\n').map((l) => JSON.parse(l));

// Applies a unified diff made by unifiedDiff to its source (a check that the diff says the edit).
function patch(source, diff) {
  const src = source.split('\n');
  const out = [];
  let at = 0;
  for (const hunk of diff.split(/^@@ /m).slice(1)) {
    const [, from] = hunk.match(/^-(\d+)/);
    while (at < Number(from) - 1) out.push(src[at++]);
    for (const l of hunk.split('\n').slice(1)) {
      if (l.startsWith(' ')) { out.push(src[at++]); } else if (l.startsWith('-')) { at++; } else if (l.startsWith('+')) out.push(l.slice(1));
    }
  }
  while (at < src.length) out.push(src[at++]);
  return out.join('\n');
}

function binaryCsv() {
  const rows = ['x1,x2,label'];
  for (let k = 0; k < 400; k++) {
    const a = Math.sin(k * 1.7);
    const b = Math.cos(k * 2.3);
    rows.push(`${a.toFixed(4)},${b.toFixed(4)},${a * a + b * b < 0.5 ? 1 : 0}`);
  }
  const path = join(TMP, 'rings.csv');
  writeFileSync(path, `${rows.join('\n')}\n`);
  return path;
}

test('--export fixed: a softmax over one unit, fixed in the snippet, trains when read back', () => {
  const data = binaryCsv();
  const source = ['from keras.models import Sequential', 'from keras.layers import Dense',
    'model = Sequential()', "model.add(Dense(32, activation='relu', input_dim=2))", "model.add(Dense(1, activation='softmax'))",
    "model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])", 'model.fit(X, y, epochs=15, batch_size=16)', ''].join('\n');
  const file = join(TMP, 'stuck.py');
  writeFileSync(file, source);
  const r = cli('--from-keras', file, '--data', data, '--export', 'fixed');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /export fixed: The output and the loss do not fit each other/);
  assert.match(r.stdout, /^--- stuck\.py\n\+\+\+ stuck\.py \(with the doctor's fix\)\n@@ /);
  assert.match(r.stdout, /^-model\.add\(Dense\(1, activation='softmax'\)\)$/m);
  assert.match(r.stdout, /^\+model\.add\(Dense\(1, activation='sigmoid'\)\)$/m);
  const fixed = join(TMP, 'fixed.py');
  writeFileSync(fixed, patch(source, r.stdout));
  const before = lines(cli('--from-keras', file, '--data', data).stdout).at(-1);
  const after = lines(cli('--from-keras', fixed, '--data', data).stdout).at(-1);
  assert.equal(before.diagnosis[0].cause, 'output_loss_mismatch');
  assert.ok(after.diagnosis.every((f) => f.cause !== 'output_loss_mismatch'), 'the fixed snippet no longer shows the cause');
  assert.ok(after.val_loss < before.val_loss - 1, `it learns: ${before.val_loss} -> ${after.val_loss}`);
  const py = spawnSync('/usr/bin/python3', ['-m', 'py_compile', fixed], { encoding: 'utf8' });
  assert.equal(py.status, 0, py.stderr);
});

test('--export fixed: a rate too low is raised on its own line, measured; without a snippet it is refused', () => {
  const source = ['import keras', 'x_train, y_train, x_val, y_val = make_data("linear", n_train=1000, n_val=200, seed=1)',
    'model = keras.Sequential([keras.Input(shape=(10,)), keras.layers.Dense(32, activation="relu"), keras.layers.Dense(3, activation="softmax")])',
    'model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.00001), loss="sparse_categorical_crossentropy")',
    'model.fit(x_train, y_train, batch_size=32, epochs=20, validation_data=(x_val, y_val))', ''].join('\n');
  const file = join(TMP, 'slow.py');
  writeFileSync(file, source);
  const r = cli('--from-keras', file, '--export', 'fixed');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /export fixed: Learning rate too low/);
  const [, rate] = r.stdout.match(/^\+.*Adam\(learning_rate=([0-9.e-]+)\)/m);
  assert.ok(Number(rate) > 1e-5, `raised to ${rate}`);
  const fixed = join(TMP, 'slow-fixed.py');
  writeFileSync(fixed, patch(source, r.stdout));
  const before = lines(cli('--from-keras', file).stdout).at(-1);
  const after = lines(cli('--from-keras', fixed).stdout).at(-1);
  assert.ok(after.val_loss < before.val_loss - 0.1, `better: ${before.val_loss} -> ${after.val_loss}`);
  const none = cli('--preset', 'example-1', '--export', 'fixed');
  assert.equal(none.status, 2);
  assert.match(none.stderr, /export fixed: it edits your snippet: give it with --from-keras FILE/);
});

test('each kind of fix as the fewest line edits, in the line\'s own style; what no line says is said', () => {
  const source = ['X_train = np.random.rand(1000, 10) * 100', 'X_val = np.random.rand(200, 10) * 100',
    'model = Sequential()', "model.add(Dense(8, activation='sigmoid', input_shape=(10,)))", "model.add(Dense(3, activation='softmax'))",
    "model.compile(optimizer='sgd', loss='sparse_categorical_crossentropy')", 'model.fit(X_train, y_train, epochs=20, validation_data=(X_val, y_val))', ''].join('\n');
  const config = { optimizer: 'sgd', loss: 'sparse_categorical_crossentropy', width: 8 };
  const check = (fix, added, removed = []) => {
    const r = fixedSnippet(source, fix, config);
    for (const a of added) assert.ok(r.text.split('\n').includes(a), `${JSON.stringify(fix)}: ${a}\n${r.text}`);
    for (const a of removed) assert.ok(!r.text.split('\n').includes(a), `${JSON.stringify(fix)}: still ${a}`);
    assert.equal(patch(source, r.diff), r.text, 'the diff says the edit');
    return r;
  };
  check({ lr: 0.1 }, ["model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss='sparse_categorical_crossentropy')"]);
  check({ width: 32 }, ["model.add(Dense(32, activation='sigmoid', input_shape=(10,)))"]);
  check({ epochs: 60, batch: 32 }, ['model.fit(X_train, y_train, epochs=60, validation_data=(X_val, y_val), batch_size=32)']);
  check({ activation: 'relu', init: 'he_uniform' }, ["model.add(Dense(8, activation='relu', input_shape=(10,), kernel_initializer='he_uniform'))"]);
  check({ standardize: 1 }, ['mean, sd = X_train.mean(axis=0), X_train.std(axis=0) + 1e-12', 'X_train = (X_train - mean) / sd', 'X_val = (X_val - mean) / sd']);
  const dropped = ['model = Sequential()', "model.add(Dense(32, activation='relu', input_dim=2))", 'model.add(Dropout(0.8))',
    "model.add(Dense(32, activation='relu'))", 'model.add(Dropout(rate=0.8))', "model.add(Dense(3, activation='softmax'))"].join('\n');
  const lighter = fixedSnippet(dropped, { dropout: '0.2' }, config);
  assert.deepEqual(lighter.text.split('\n').filter((l) => /Dropout/.test(l)), ['model.add(Dropout(0.2))', 'model.add(Dropout(rate=0.2))']);
  const noop = fixedSnippet(source, { output: 'auto' }, config);
  assert.deepEqual(noop.edits, [], 'the output is already the loss\'s own: nothing to edit');
  const l2 = fixedSnippet(source, { l2: 0.001 }, config);
  assert.deepEqual(l2.edits, []);
  assert.match(l2.unsaid[0], /l2 0\.001: the lab's setting, with no line of the snippet to say it/);
  assert.equal(unifiedDiff('a\nb\nc', 'a\nb\nc'), '--- snippet.py\n+++ snippet.py (with the doctor\'s fix)\n');
});

test('a batch normalization fix becomes a BatchNormalization line after each hidden Dense, written as the Dense is, imported where Dense is', () => {
  const added = ['from keras.models import Sequential', 'from keras.layers import Dense', '', 'model = Sequential()',
    "model.add(Dense(32, activation='sigmoid', input_dim=10))", "model.add(Dense(32, activation='sigmoid'))",
    "model.add(Dense(3, activation='softmax'))", "model.compile(optimizer='sgd', loss='sparse_categorical_crossentropy')",
    'model.fit(X, y, epochs=20)'].join('\n');
  const r = fixedSnippet(added, { batchnorm: 'after' }, { optimizer: 'sgd', lr: 0.01 });
  assert.deepEqual(r.unsaid, []);
  assert.deepEqual(r.text.split('\n').slice(1, 9), ['from keras.layers import Dense, BatchNormalization', '', 'model = Sequential()',
    "model.add(Dense(32, activation='sigmoid', input_dim=10))", 'model.add(BatchNormalization())',
    "model.add(Dense(32, activation='sigmoid'))", 'model.add(BatchNormalization())', "model.add(Dense(3, activation='softmax'))"]);
  // Read back, the fixed snippet is the fixed config.
  assert.deepEqual([importKeras(r.text).config.batchnorm, importKeras(r.text).ignored], ['after', []]);
  // A list of qualified layers: the new line is a list item, after the Activation layer and before the Dropout.
  const list = ['import keras', 'model = keras.Sequential([', "    keras.layers.Dense(16, input_shape=(4,)),", "    keras.layers.Activation('tanh'),",
    '    keras.layers.Dropout(0.2),', "    keras.layers.Dense(3, activation='softmax'),", '])'].join('\n');
  const q = fixedSnippet(list, { batchnorm: 'after' }, {});
  assert.deepEqual(q.text.split('\n').slice(2, 6), ['    keras.layers.Dense(16, input_shape=(4,)),', "    keras.layers.Activation('tanh'),",
    '    keras.layers.BatchNormalization(),', '    keras.layers.Dropout(0.2),']);
  assert.deepEqual([importKeras(q.text).config.batchnorm, importKeras(q.text).config.dropout], ['after', '0.2']);
  // Two layers on one line cannot take a line between them: said, not dropped.
  const one = fixedSnippet("from keras.layers import Dense\nmodel = Sequential([Dense(8, activation='relu', input_dim=3), Dense(2, activation='softmax')])", { batchnorm: 'after' }, {});
  assert.deepEqual(one.unsaid, ['BatchNormalization after the activation of hidden layer 1']);
});
