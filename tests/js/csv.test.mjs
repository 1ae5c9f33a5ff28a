// csv.test.mjs: training on a CSV of one's own (issue 11) from the CLI and
// the engine the page uses: the same numbers from both, a seeded split at
// val_share, standardize and the doctor on it, and every kind of bad file
// refused with its own message naming the line and column, exit status 2,
// and the data loaded before kept.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { script } from '../../web/code/codegen.js';
import { diagnose } from '../../web/doctor/doctor.js';
import { defaults } from '../../web/engine/settings.js';
import { ROOT, engine } from './helpers.mjs';

const TMP = mkdtempSync(join(tmpdir(), 'flatline-csv-'));

// n rows of two features (far from unit scale) and a label by a line.
export function learnable(n = 400, scale = 1) {
  const rows = ['x1,x2,label'];
  for (let k = 0; k < n; k++) {
    const a = Math.sin(k * 2.1);
    const b = Math.cos(k * 1.7);
    rows.push(`${(a * scale).toFixed(5)},${(b * scale).toFixed(5)},${a + 0.5 * b > 0.1 ? 1 : 0}`);
  }
  return `${rows.join('\n')}\n`;
}

function cli(...args) {
  const r = spawnSync(process.execPath, [join(ROOT, 'tools', 'train.mjs'), ...args], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr, lines: r.stdout.trim() ? r.stdout.trim().split('\n').map((l) => JSON.parse(l)) : [] };
}

function python(args) {
  const r = spawnSync('/usr/bin/python3', args, { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

function file(name, text) {
  const path = join(TMP, name);
  writeFileSync(path, text);
  return path;
}

test('a good CSV trains the same in the CLI and in the engine the page uses', async () => {
  const text = learnable(400, 30);
  const path = file('good.csv', text);
  const r = cli('--data', path, '--epochs', '15', '--lr', '0.01', '--standardize', '1');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.lines.length, 15);
  assert.ok(r.lines.at(-1).val_acc > 0.9, `val_acc ${r.lines.at(-1).val_acc}`);
  const eng = await engine('scalar');
  const summary = eng.useData(text, 0.2);
  const picked = Object.fromEntries(['rows', 'features', 'classes', 'regression', 'header', 'encoding', 'separator', 'n_train', 'n_val'].map((k) => [k, summary[k]]));
  assert.deepEqual(picked, { rows: 400, features: 2, classes: 2, regression: false, header: true, encoding: 'UTF-8', separator: ',', n_train: 320, n_val: 80 });
  assert.deepEqual(summary.label, { column: 2, from: 'named', name: 'label' });
  assert.deepEqual([summary.n_train, summary.n_val], [320, 80], 'val_share 0.2 of 400 rows');
  const t = eng.createTrainer({ dataset: 'csv', epochs: 15, lr: 0.01, standardize: 1 });
  t.runAll();
  const h = t.history().slice(1);
  h.forEach((rec, i) => {
    assert.equal(rec.train_loss, r.lines[i].train_loss, `epoch ${i + 1}: the CLI's numbers to the bit`);
    assert.equal(rec.val_loss, r.lines[i].val_loss);
  });
  // The doctor reads it: unscaled inputs (x30) are named, standardized ones are not.
  const raw = eng.createTrainer({ dataset: 'csv', epochs: 3 });
  raw.runAll();
  const causes = diagnose(raw.config(), raw.history()).map((f) => f.cause);
  assert.ok(causes.includes('unscaled_inputs'), causes.join(', '));
  raw.free();
  t.free();
  eng.dropData();
});

test('the seed draws the split; val_share sets its size', async () => {
  const path = file('split.csv', learnable(200));
  const a = cli('--data', path, '--epochs', '1', '--val_share', '0.3', '--initial');
  const b = cli('--data', path, '--epochs', '1', '--val_share', '0.3', '--initial', '--seed', '2');
  assert.equal(a.status, 0, a.stderr);
  assert.notEqual(a.lines[0].val_loss, b.lines[0].val_loss, 'another seed, another split');
  const eng = await engine('simd');
  const s = eng.useData(learnable(200), 0.3);
  assert.deepEqual([s.n_train, s.n_val], [140, 60]);
  eng.dropData();
});

const BAD = [
  ['ragged.csv', '1,2,0\n1,0\n', /^train\.mjs: data: line 2: 2 columns, where the first line has 3\n/],
  ['word.csv', `${'1,2,0\n'.repeat(5)}1,abc,1\n`, /^train\.mjs: data: line 6, column 2: 'abc' is not a number \(only the label column may hold words\)\n/],
  ['nan.csv', `${'1,2,0\n'.repeat(25)}1,nan,0\n`, /^train\.mjs: data: 1 row has an empty or NA cell \(the first: line 26, column 2\); fill them in, or drop those rows \(--drop-missing\)\n/],
  ['inf.csv', '1,1e39,0\n', /^train\.mjs: data: line 1, column 2: '1e39' is too large for a float\n/],
  // Labels that are no class are real targets: a classification loss refuses them, naming the line.
  ['label.csv', `${'1,2,0\n1,2,1\n'.repeat(10)}1,2,150\n`, /train\.mjs: loss: sparse_categorical_crossentropy needs classes, whole numbers 0 to 99 or names, but the data's label on line 21 is not one; for a regression use loss mse or mae\n/],
  ['fraction.csv', `${'1,2,0\n'.repeat(20)}1,2,0.5\n`, /train\.mjs: loss: .* on line 21 is not one; for a regression use loss mse or mae\n/],
  ['few.csv', '1,2,0\n1,2,1\n', /^train\.mjs: data: 2 data rows; at least 20 are needed/],
  ['wide.csv', `${Array.from({ length: 70 }, (_, i) => i % 2).join(',')}\n`, /^train\.mjs: data: line 1: 70 columns; at most 65/],
  ['empty.csv', '', /^train\.mjs: data: 0 data rows; at least 20 are needed/],
];

test('every kind of bad file: its own message with line and column, exit 2', async () => {
  for (const [name, text, message] of BAD) {
    const r = cli('--data', file(name, text), '--epochs', '1');
    assert.equal(r.status, 2, `${name}: ${r.stderr}`);
    assert.match(r.stderr, message, name);
    assert.deepEqual(r.lines, []);
  }
  const given = cli('--data', file('ok.csv', learnable(50)), '--n_train', '30');
  assert.equal(given.status, 2);
  assert.match(given.stderr, /n_train: set by --data/);
  const missing = cli('--data', join(TMP, 'none.csv'));
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /data: cannot read '.*none\.csv' \(ENOENT\)/);
});

test('a refused file keeps the data loaded before', async () => {
  const eng = await engine('simd');
  const good = eng.useData(learnable(100));
  assert.throws(() => eng.useData('1,2,0\n1,2\n'), /data: line 2: 2 columns, where the first line has 3/);
  assert.deepEqual(eng.dataSummary(), good, 'the earlier rows are still there');
  const t = eng.createTrainer({ dataset: 'csv', epochs: 1 });
  assert.equal(t.config().n_train + t.config().n_val, 100);
  t.free();
  eng.dropData();
  assert.throws(() => eng.createTrainer({ dataset: 'csv' }), /dataset: csv needs rows of data/);
});

// Two features in a ring: class by the radius, which x1² and x2² make linear.
function ring(n = 400) {
  const rows = ['x1,x2,label'];
  for (let k = 0; k < n; k++) {
    const x = Math.sin(k * 2.1) * 2;
    const y = Math.cos(k * 1.7) * 2;
    rows.push(`${x.toFixed(4)},${y.toFixed(4)},${x * x + y * y > 2 ? 1 : 0}`);
  }
  return `${rows.join('\n')}\n`;
}

test('rows of two features are a plane: engineered inputs, a decision map, and the equivalent script applies them too', async () => {
  const eng = await engine('simd');
  eng.useData(ring());
  const t = eng.createTrainer({ dataset: 'csv', depth: 0, x1_sq: 1, x2_sq: 1, lr: 0.05, epochs: 30 });
  assert.equal(t.plane, true);
  assert.equal(t.layers()[0].in, 4);
  assert.ok(t.grid(16), 'a decision map');
  t.runAll();
  assert.ok(t.history().at(-1).val_acc > 0.9, 'no hidden layer, yet the ring is learnt through x1² and x2²');
  t.free();
  eng.dropData();
  const path = file('ring.csv', ring());
  const args = ['--data', path, '--depth', '0', '--x1_sq', '1', '--x2_sq', '1', '--lr', '0.05', '--epochs', '30'];
  const lab = cli(...args);
  const script = spawnSync(process.execPath, [join(ROOT, 'tools', 'train.mjs'), ...args, '--export', 'pytorch'], { encoding: 'utf8' });
  const py = join(TMP, 'ring.py');
  writeFileSync(py, script.stdout);
  const run = spawnSync('/usr/bin/python3', [py], { encoding: 'utf8', cwd: TMP });
  assert.equal(run.status, 0, run.stderr);
  const torch = JSON.parse(run.stdout.trim().split('\n').at(-1));
  assert.ok(Math.abs(torch.val_loss - lab.lines.at(-1).val_loss) < 0.15, `PyTorch ${torch.val_loss}, the lab ${lab.lines.at(-1).val_loss}`);
});

test('the experiments CLI runs on a CSV too', () => {
  const path = file('experiment.csv', learnable(300, 30));
  const r = spawnSync(process.execPath, [join(ROOT, 'tools', 'experiment.mjs'), 'zero-inputs', '--data', path], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.config.dataset, 'csv');
  assert.equal(out.config.n_train + out.config.n_val, 300);
  assert.equal(out.same, false, out.conclusion);
});

// One file, the same rows in the CLI, the page's engine and the scripts
// (codegen.test.mjs): a byte-order mark without a header (Excel's "CSV
// UTF-8") keeps its first row; UTF-16 is read in both; the core says how it
// decoded the file.
test('a BOM without a header and UTF-16 give the CLI the same rows as the engine', async () => {
  const eng = await engine('simd');
  const body = learnable(100).split('\n').slice(1).join('\n'); // no header
  const plain = eng.useData(body);
  const forms = {
    'UTF-8 with a byte-order mark': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body)]),
    'UTF-16 (little-endian)': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body, 'utf16le')]),
  };
  const base = cli('--data', file('plain.csv', body), '--epochs', '2');
  for (const [encoding, bytes] of Object.entries(forms)) {
    const s = eng.useData(bytes);
    assert.deepEqual({ ...s, encoding: 'UTF-8' }, plain, `${encoding}: the same rows, none taken for a header`);
    assert.equal(s.encoding, encoding);
    const r = cli('--data', file(`${s.encoding.length}.csv`, bytes), '--epochs', '2');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.lines.map((l) => l.val_loss), base.lines.map((l) => l.val_loss), `${encoding}: the CLI trains the same`);
  }
  eng.dropData();
});

// One limit per quantity: the parser takes no more rows than n_train can
// hold (the docs say the same number), and a file whose run the core would
// refuse is refused before the data loaded earlier is replaced (with the row
// limit no real settings lead there; settings out of range stand in for the
// memory budget and the like); a trainer outlives the rows it was made from.
test('the row limit is the trainer\'s; a file the trainer would refuse replaces nothing', async () => {
  const eng = await engine('simd');
  const { rows, bytes } = eng.csvLimits;
  assert.equal(rows, eng.keys.find((k) => k.name === 'n_train').max);
  assert.equal(bytes, 16e6);
  const docs = readFileSync(join(ROOT, 'docs', 'code-and-data.md'), 'utf8');
  assert.match(docs, new RegExp(`more than ${rows.toLocaleString('en-US')} rows`));
  const many = Array.from({ length: rows + 1 }, (_, k) => `${k % 9},${k % 2}`).join('\n');
  assert.throws(() => eng.useData(many), new RegExp(`line ${rows + 1}: more rows than the limit of ${rows}`));

  const good = eng.useData(learnable(100));
  const t = eng.createTrainer({ dataset: 'csv', epochs: 3 });
  assert.throws(() => eng.useData(learnable(2000), 0.2, { dataset: 'random', lr: 50 }),
    /data: 2000 rows read, but the lab cannot train on them with these settings: lr: 50 is outside/);
  assert.deepEqual(eng.dataSummary(), good, 'the earlier rows stay');
  eng.useData(learnable(300), 0.2, { dataset: 'random', batch: 512 }); // the batch follows the smaller data, as in the page
  t.set('lr', 0.01); // the run made from the first rows goes on after they were freed
  t.runAll();
  assert.equal(t.history().length, 4);
  t.free();
  eng.dropData();
});

// Files as users have them: each read by the core, said by the CLI, and read the same by the scripts.
const FORMS = {
  'iris.csv': { text: ['sepal_length;sepal_width;species', ...Array.from({ length: 60 }, (_, k) =>
    `${(4.5 + (k % 7) * 0.3).toFixed(1).replace('.', ',')};"${(2 + (k % 5) * 0.4).toFixed(1).replace('.', ',')}";${['setosa', 'versicolor', 'virginica'][k % 3]}`)].join('\n'),
  notes: [/split at semicolons, and a decimal comma is read as a point/, /The label is column 3, named "species"/, /0 = setosa, 1 = versicolor, 2 = virginica/],
  summary: { separator: ';', decimalComma: true, classes: 3, features: 2, names: ['setosa', 'versicolor', 'virginica'] } },
  'pandas.csv': { text: [',a,b,target', ...Array.from({ length: 50 }, (_, k) => `${k},${(k / 10).toFixed(2)},${(k % 7) - 3},${1 + (k % 2)}`)].join('\n'),
    notes: [/counts the rows .* left out/, /The label is column 4, named "target"/, /Labels 1 to 2 are read as classes 0 to 1/],
    summary: { indexDropped: true, labelBase: 1, classes: 2, features: 2 } },
  'sklearn.csv': { text: ['40,2,no,yes', ...Array.from({ length: 40 }, (_, k) => `${k % 9},${k % 4},${k % 2}`)].join('\n'),
    notes: [/scikit-learn's header/, /Classes by name: 0 = no, 1 = yes/], summary: { sklearnHeader: true, classes: 2, rows: 40 } },
  'label-first.tsv': { text: Array.from({ length: 30 }, (_, k) => `"${k % 2 ? 'spam' : 'ham'}"\t${k}\t${k % 3}`).join('\n'),
    notes: [/split at tabs/, /The label is column 1, the one column of words/], summary: { separator: '\t', classes: 2, features: 2 } },
  'holes.csv': { text: ['a,b,label', ...Array.from({ length: 30 }, (_, k) => `${k},${k % 4 ? k % 5 : 'NA'},${k % 2}`)].join('\n'),
    options: ['--drop-missing'], dropMissing: true, notes: [/8 rows with an empty or NA cell were dropped/], summary: { rows: 22, droppedRows: 8 } },
};

test('files as users have them: separators, quotes, class names, the label by name or as the one word column, indexes, 1-based labels, missing cells', async () => {
  const eng = await engine('simd');
  const reader = script('pytorch', { ...defaults(eng.keys), dataset: 'csv' }, { keys: eng.keys }).match(/def read_csv_rows[\s\S]*?return rows\n/)[0];
  for (const [name, form] of Object.entries(FORMS)) {
    const path = file(name, `${form.text}\n`);
    const r = cli('--data', path, '--epochs', '1', ...(form.options ?? []));
    assert.equal(r.status, 0, `${name}: ${r.stderr}`);
    for (const note of form.notes) assert.match(r.stderr, note, name);
    const options = { dropMissing: Boolean(form.dropMissing) };
    const summary = eng.useData(Buffer.from(`${form.text}\n`), 0.2, null, options);
    for (const [k, v] of Object.entries(form.summary)) assert.deepEqual(summary[k], v, `${name}: ${k}`);
    // The equivalent script's reader, given the core's choices, reads the same rows.
    const args = script('pytorch', { ...defaults(eng.keys), dataset: 'csv', features: summary.features, classes: summary.classes }, { keys: eng.keys, data: summary, dataFile: path })
      .match(/reading=dict\((.*)\)\)$/m)?.[1] ?? '';
    const rows = JSON.parse(python(['-c', `import json\n${reader}\nprint(json.dumps(read_csv_rows(${JSON.stringify(path)}${args ? `, ${args}` : ''})))`]));
    const core = eng.parseCsv(Buffer.from(`${form.text}\n`), options);
    assert.equal(rows.length, core.rows, `${name}: rows`);
    rows.forEach((row, k) => {
      for (let f = 0; f < core.features; f++) assert.equal(Math.fround(row[f]), core.x[k * core.features + f], `${name}: row ${k}, feature ${f}`);
      assert.equal(row[core.features], core.y[k], `${name}: row ${k}'s label`);
    });
  }
  eng.dropData();
  // Missing cells without --drop-missing: refused with their count and how to mend the file.
  const holes = cli('--data', file('holes2.csv', `${FORMS['holes.csv'].text}\n`), '--epochs', '1');
  assert.equal(holes.status, 2);
  assert.match(holes.stderr, /data: 8 rows have an empty or NA cell \(the first: line 2, column 2\); fill them in, or drop those rows \(--drop-missing\)/);
  // The label by name or by number.
  const byName = cli('--data', file('named.csv', `x,z,w\n${Array.from({ length: 30 }, (_, k) => `${k % 2},${k},${k % 3}`).join('\n')}\n`), '--label', 'x', '--epochs', '1');
  assert.equal(byName.status, 0, byName.stderr);
  assert.match(byName.stderr, /The label is column 1 \("x"\), as you chose/);
  const byNumber = cli('--data', file('named.csv', `x,z,w\n${Array.from({ length: 30 }, (_, k) => `${k % 2},${k},${k % 3}`).join('\n')}\n`), '--label', '1', '--epochs', '1');
  assert.match(byNumber.stderr, /The label is column 1 \("x"\), as you chose/);
  const none = cli('--data', file('named.csv', 'x,z,w\n1,2,0\n'), '--label', 'species');
  assert.equal(none.status, 2);
  assert.match(none.stderr, /data: line 1: no column of the header is named 'species' in/);
});
