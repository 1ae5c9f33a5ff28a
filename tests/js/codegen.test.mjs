// codegen.test.mjs: the scripts a reader takes home (issue 11). The PyTorch
// exact replica, run by Debian's /usr/bin/python3 with python3-torch, gives
// the CLI's per-epoch losses within 1e-4 on configs that between them use
// every optimizer and activation (and widths, L2, lr_growth, train_subset,
// label noise, no shuffle, engineered inputs and a CSV of one's own). The
// equivalent scripts compile, name every key's value, and the Keras one reads
// back (keras-import.js) to the same config; the PyTorch one runs and lands
// within seed noise of the lab.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { script } from '../../web/code/codegen.js';
import { importKeras } from '../../web/code/keras-import.js';
import { defaults } from '../../web/engine/settings.js';
import { ROOT, engine } from './helpers.mjs';

const PYTHON = '/usr/bin/python3'; // Debian's: another python3 on PATH may lack torch
const TMP = mkdtempSync(join(tmpdir(), 'flatline-codegen-'));

function cli(...args) {
  const r = spawnSync(process.execPath, [join(ROOT, 'tools', 'train.mjs'), ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}
const jsonLines = (text) => text.trim().split('\n').map((l) => JSON.parse(l));

function python(args, cwd) {
  const r = spawnSync(PYTHON, args, { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

// A CSV whose label is learnable: class by the sign of two sums.
function csvFile() {
  const rows = ['a,b,c,label'];
  for (let k = 0; k < 300; k++) {
    const x = [Math.sin(k * 1.3), Math.cos(k * 0.7), ((k * 37) % 101) / 50 - 1];
    rows.push(`${x.map((v) => v.toFixed(4)).join(',')},${(x[0] + x[1] > 0 ? 1 : 0) + (x[2] > 0.3 ? 1 : 0)}`);
  }
  const path = join(TMP, 'mine.csv');
  writeFileSync(path, `${rows.join('\n')}\n`);
  return path;
}

// A CSV whose label is a real number: a regression.
function regressionCsv() {
  const rows = ['size,rooms,price'];
  for (let k = 0; k < 200; k++) {
    const size = 40 + ((k * 53) % 160);
    const rooms = 1 + (k % 5);
    rows.push(`${size},${rooms},${((1500 * size + 20000 * rooms + ((k * 7919) % 30000)) / 1e5).toFixed(4)}`); // in 100,000s
  }
  const path = join(TMP, 'prices.csv');
  writeFileSync(path, `${rows.join('\n')}\n`);
  return path;
}

const PARITY = {
  'adam, relu (example-1)': ['--preset', 'example-1'],
  'sgd, tanh, widths 16,8, l2, standardize': ['--dataset', 'linear', '--optimizer', 'sgd', '--activation', 'tanh', '--lr', '0.1',
    '--l2', '0.001', '--batch', '50', '--epochs', '10', '--widths', '16,8', '--standardize', '1'],
  'momentum, sigmoid, he_normal, x1², train_subset': ['--dataset', 'spiral', '--optimizer', 'momentum', '--activation', 'sigmoid',
    '--lr', '0.05', '--init', 'he_normal', '--x1_sq', '1', '--epochs', '10', '--batch', '20', '--train_subset', '300'],
  'rmsprop, leaky_relu, lr_growth, glorot_normal': ['--dataset', 'teacher', '--optimizer', 'rmsprop', '--activation', 'leaky_relu',
    '--lr', '0.003', '--lr_growth', '1.001', '--depth', '2', '--init', 'glorot_normal', '--epochs', '8'],
  'adam, linear, no shuffle, label noise, input scale': ['--dataset', 'circles', '--classes', '2', '--activation', 'linear',
    '--shuffle', '0', '--label_noise', '0.1', '--epochs', '10', '--input_scale', '7', '--init', 'lecun_uniform'],
  'your own CSV': ['--data', csvFile(), '--val_share', '0.25', '--epochs', '6', '--batch', '16'],
  // The losses and outputs of issue 22.
  'binary cross-entropy on one sigmoid unit': ['--dataset', 'circles', '--classes', '2', '--loss', 'binary_crossentropy',
    '--epochs', '8', '--lr', '0.01'],
  'binary cross-entropy from logits, linear output, sgd': ['--dataset', 'xor', '--classes', '2', '--loss', 'binary_crossentropy',
    '--output', 'linear', '--from_logits', '1', '--optimizer', 'sgd', '--lr', '0.1', '--epochs', '6'],
  'binary cross-entropy over a linear output (clipped probabilities)': ['--dataset', 'circles', '--classes', '2',
    '--loss', 'binary_crossentropy', '--output', 'linear', '--epochs', '6'],
  'a softmax over one unit (stuck)': ['--dataset', 'circles', '--classes', '2', '--loss', 'binary_crossentropy', '--output', 'softmax', '--epochs', '3'],
  'mse on the linear regression set, 2 outputs': ['--dataset', 'linear_reg', '--loss', 'mse', '--outputs', '2', '--label_noise', '0.2',
    '--epochs', '8', '--lr', '0.003', '--target_scale', '10'],
  'mae on the tanh regression set, rmsprop, tanh': ['--dataset', 'teacher_reg', '--loss', 'mae', '--optimizer', 'rmsprop',
    '--activation', 'tanh', '--depth', '2', '--epochs', '6'],
  'mse on one-hot labels with a sigmoid output': ['--dataset', 'spiral', '--loss', 'mse', '--output', 'sigmoid', '--epochs', '6'],
  // Three epochs: relu outputs clipped at 1e-7 amplify float rounding (the two agree within 1e-5
  // for three epochs, then drift apart as any chaotic run does: 5e-4 at epoch 4, 4e-2 at 6).
  'sparse cross-entropy over relu outputs': ['--dataset', 'gauss', '--output', 'relu', '--epochs', '3'],
  'sparse cross-entropy from logits after a softmax': ['--dataset', 'spiral', '--from_logits', '1', '--epochs', '6'],
  'mse on a CSV of real targets': ['--data', regressionCsv(), '--loss', 'mse', '--standardize', '1', '--epochs', '6', '--batch', '16'],
  // Dropout: the replica draws the lab's own masks (each a function of the step, the row, the layer and the unit).
  'dropout 0.3 and 0.5 after two tanh layers, batch 20': ['--dataset', 'spiral', '--depth', '2', '--width', '32', '--activation', 'tanh',
    '--dropout', '0.3,0.5', '--epochs', '6', '--batch', '20'],
  'an activation per layer (relu, tanh, sigmoid)': ['--dataset', 'spiral', '--depth', '3', '--width', '24', '--activations', 'relu,tanh,sigmoid',
    '--epochs', '5'],
  'dropout 0.2 on every layer, sgd, a regression': ['--dataset', 'teacher_reg', '--loss', 'mse', '--depth', '3', '--dropout', '0.2',
    '--optimizer', 'sgd', '--lr', '0.05', '--epochs', '5'],
  // Batch normalization: the replica's KerasBatchNorm keeps Keras's biased moving variance.
  'batch normalization after relu, adam': ['--dataset', 'circles', '--depth', '2', '--width', '32', '--batchnorm', 'after',
    '--epochs', '6', '--lr', '0.01'],
  'batch normalization before sigmoid, sgd, 5 layers, a partial last batch': ['--dataset', 'teacher', '--depth', '5', '--width', '16',
    '--activation', 'sigmoid', '--batchnorm', 'before', '--optimizer', 'sgd', '--lr', '0.1', '--batch', '48', '--epochs', '6'],
  'batch normalization per layer with dropout, a regression': ['--dataset', 'teacher_reg', '--loss', 'mse', '--depth', '2',
    '--batchnorm', 'before,after', '--dropout', '0.2', '--activation', 'tanh', '--epochs', '5'],
};

for (const [name, args] of Object.entries(PARITY)) {
  test(`PyTorch exact replica: ${name}, within 1e-4 of the lab`, (t) => {
    const dir = join(TMP, name.replace(/\W+/g, '-'));
    cli(...args, '--export-exact', dir);
    const lab = jsonLines(cli(...args));
    const torch = jsonLines(python(['flatline_pytorch_exact.py'], dir));
    assert.equal(torch.length, lab.length, 'one line per epoch');
    let worst = 0;
    for (const [i, rec] of torch.entries()) {
      assert.deepEqual(Object.keys(rec), ['epoch', 'train_loss', 'val_loss']);
      assert.equal(rec.epoch, lab[i].epoch);
      worst = Math.max(worst, Math.abs(rec.train_loss - lab[i].train_loss), Math.abs(rec.val_loss - lab[i].val_loss));
    }
    t.diagnostic(`largest difference over ${lab.length} epochs: ${worst.toExponential(2)}`);
    assert.ok(worst < 1e-4, `largest difference ${worst}`);
    // The Keras replica cannot run here (no Keras): it compiles, and loads the same file.
    python(['-m', 'py_compile', join(dir, 'flatline_keras_exact.py')], dir);
    assert.match(readFileSync(join(dir, 'flatline_keras_exact.py'), 'utf8'), /flatline_run\.json/);
  });
}

const EQUIVALENT = {
  'example-1': { preset: 'example-1' },
  'spiral with sin 5x, widths, L2, lr_growth': { dataset: 'spiral', classes: 3, widths: '24,12', depth: 2, sin_x1: 1, sin_x2: 1,
    l2: 0.0001, lr_growth: 1.0005, optimizer: 'rmsprop', init: 'he_uniform', activation: 'tanh', epochs: 40 },
  'teacher, standardized, momentum': { dataset: 'teacher', standardize: 1, input_scale: 50, optimizer: 'momentum', lr: 0.02,
    label_noise: 0.05, shuffle: 0, train_subset: 500, shuffle_labels: 1, zero_inputs: 1, seed: 7 },
};

test('equivalent scripts compile, name every key, and the Keras one reads back to the same config', async () => {
  const eng = await engine('simd');
  const keys = eng.keys.map((k) => k.name);
  const { findPreset } = await import('../../web/engine/presets.js');
  for (const [name, given] of Object.entries(EQUIVALENT)) {
    const { preset, ...rest } = given;
    const t = eng.createTrainer({ ...(preset ? findPreset(preset).keys : {}), ...rest });
    const config = t.config();
    t.free();
    for (const framework of ['keras', 'pytorch']) {
      const text = script(framework, config, { keys: eng.keys });
      const file = join(TMP, `${framework}-${name.replace(/\W+/g, '-')}.py`);
      writeFileSync(file, text);
      python(['-m', 'py_compile', file], TMP);
      for (const k of keys.filter((k) => k !== 'step_log')) {
        assert.ok(text.includes(` ${k}=${config[k] === '' ? '""' : config[k]}`), `${name}, ${framework}: names ${k}=${config[k]}`);
      }
      if (framework === 'pytorch') { // runs, every branch of make_data included
        const rows = jsonLines(python([file], TMP));
        assert.equal(rows.length, config.epochs, `${name}: one line per epoch`);
        assert.ok(rows.every((r) => Number.isFinite(r.train_loss) && Number.isFinite(r.val_loss)));
        continue;
      }
      const { config: read, ignored } = importKeras(text);
      assert.deepEqual(ignored, [], `${name}: every line of the Keras script is read`);
      const back = { ...defaults(eng.keys), ...read };
      for (const k of keys.filter((k) => !['step_log', 'val_share'].includes(k))) {
        assert.equal(String(back[k]), String(config[k]), `${name}: ${k} reads back`);
      }
    }
  }
});

test('a CSV of your own: the equivalent PyTorch script reads the file itself', () => {
  const data = csvFile();
  const text = cli('--data', data, '--epochs', '30', '--lr', '0.01', '--export', 'pytorch');
  // The core's reading of the file comes along (the header line to skip, the label found by its name).
  assert.match(text, new RegExp(`make_data\\("csv", .*path="${data.replace(/[/.]/g, '\\$&')}", val_share=0.2, reading=dict\\(label=3, skip=1\\)\\)`));
  const file = join(TMP, 'csv-equivalent.py');
  writeFileSync(file, text);
  const torch = jsonLines(python([file], TMP)).at(-1);
  const lab = jsonLines(cli('--data', data, '--epochs', '30', '--lr', '0.01')).at(-1);
  assert.ok(Math.abs(torch.val_loss - lab.val_loss) < 0.15, `PyTorch ${torch.val_loss}, the lab ${lab.val_loss}`);
});

test('the PyTorch equivalent script lands within seed noise of the lab', () => {
  const text = cli('--preset', 'example-1-learnable', '--export', 'pytorch');
  const file = join(TMP, 'equivalent.py');
  writeFileSync(file, text);
  const torch = jsonLines(python([file], TMP)).at(-1);
  const lab = [1, 2, 3].map((seed) => jsonLines(cli('--preset', 'example-1-learnable', '--seed', String(seed))).at(-1));
  const lo = Math.min(...lab.map((r) => r.val_loss));
  const hi = Math.max(...lab.map((r) => r.val_loss));
  assert.equal(torch.epoch, 20);
  assert.ok(torch.val_loss > lo - 0.05 && torch.val_loss < hi + 0.05,
    `PyTorch's val_loss ${torch.val_loss} against the lab's ${lo}..${hi} on seeds 1-3`);
  // Far below chance (ln 3 = 1.0986): it learns, as the lab does.
  assert.ok(torch.val_loss < 0.9);
});

test('the equivalent PyTorch scripts of the other losses learn as the lab does', () => {
  const cases = [
    ['mse, linear_reg', ['--dataset', 'linear_reg', '--loss', 'mse', '--lr', '0.01', '--epochs', '10']],
    ['binary, circles', ['--dataset', 'circles', '--classes', '2', '--loss', 'binary_crossentropy', '--lr', '0.01', '--epochs', '10']],
    ['mae, 2 targets', ['--dataset', 'teacher_reg', '--loss', 'mae', '--outputs', '2', '--epochs', '30', '--depth', '2', '--width', '64']],
    ['mse, a CSV of prices', ['--data', regressionCsv(), '--loss', 'mse', '--standardize', '1', '--epochs', '30', '--batch', '16', '--lr', '0.01']],
  ];
  for (const [name, args] of cases) {
    const file = join(TMP, `equivalent-${name.replace(/\W+/g, '-')}.py`);
    writeFileSync(file, cli(...args, '--export', 'pytorch'));
    const torch = jsonLines(python([file], TMP));
    const lab = jsonLines(cli(...args));
    const [first, last] = [lab[0].chance_loss, lab.at(-1).val_loss];
    // Both far below the best constant prediction's loss, and near each other.
    assert.ok(torch.at(-1).val_loss < 0.5 * first && last < 0.5 * first, `${name}: PyTorch ${torch.at(-1).val_loss}, lab ${last}, chance ${first}`);
    assert.ok(Math.abs(torch.at(-1).val_loss - last) < 0.1 + 0.5 * last, `${name}: PyTorch ${torch.at(-1).val_loss}, lab ${last}`);
  }
});

test('export arguments: a framework it does not have, or a folder it cannot write, exit 2 with a message', () => {
  const run = (...args) => spawnSync(process.execPath, [join(ROOT, 'tools', 'train.mjs'), ...args], { encoding: 'utf8' });
  const bad = run('--export', 'jax');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^train\.mjs: export: 'jax' is not one of keras, pytorch, fixed\n/);
  const nowhere = run('--preset', 'example-1', '--export-exact', '/etc/passwd/x');
  assert.equal(nowhere.status, 2);
  assert.equal(nowhere.stderr, "train.mjs: export-exact: cannot write in '/etc/passwd/x' (ENOTDIR)\n");
  const big = run('--dataset', 'teacher', '--n_train', '100000', '--epochs', '30', '--export-exact', join(TMP, 'big'));
  assert.equal(big.status, 2);
  assert.match(big.stderr, /export: an exact replica of this run holds 4\.1 million numbers .* over 4 million; fewer samples or epochs fit/);
  assert.ok(!existsSync(join(TMP, 'big')), 'nothing written');
});

// No code from data: a file name reaches a script only as a literal. Names
// with quotes, backslashes, newlines and triple quotes, given to --data and
// exported, make scripts that read that very file and run nothing from the
// name; the PyTorch one is run by Python. (Linux allows all but / and NUL in
// a file name.)
test('hostile file names become string literals: the scripts read the file and run nothing from the name', () => {
  const rows = ['a,b,label'];
  for (let k = 0; k < 60; k++) rows.push(`${Math.sin(k).toFixed(3)},${Math.cos(k * 2).toFixed(3)},${k % 2}`);
  const dir = mkdtempSync(join(TMP, 'hostile-'));
  const names = [
    'a"); open("PWNED", "w"); ("x.csv',
    "b'); open('PWNED', 'w'); ('x.csv",
    'c"""; open("PWNED", "w"); """.csv',
    'd\\"); open("PWNED", "w") #.csv',
    'e\nopen("PWNED", "w")\n.csv',
    'f \u2028 é 😀 \u0000x.csv'.replace('\u0000', ''),
  ];
  for (const [i, name] of names.entries()) {
    const path = join(dir, name);
    writeFileSync(path, `${rows.join('\n')}\n`);
    for (const framework of ['keras', 'pytorch']) {
      const text = cli('--data', path, '--epochs', '1', '--batch', '8', '--export', framework);
      const file = join(dir, `s${i}_${framework}.py`);
      writeFileSync(file, text);
      python(['-m', 'py_compile', file], dir);
      // The path argument, as Python reads the literal, is the file's name exactly.
      const literal = text.match(/path=("(?:[^"\\]|\\.)*")/)[1];
      const r = spawnSync(PYTHON, ['-c', 'import ast, sys; sys.stdout.write(ast.literal_eval(sys.stdin.read()))'],
        { input: literal, encoding: 'utf8' });
      assert.equal(r.stdout, path, `${JSON.stringify(name)}: the literal is the path`);
    }
    if (i === 0 || i === 4) { // run two with PyTorch: they train on the file
      const out = python([join(dir, `s${i}_pytorch.py`)], dir);
      assert.equal(jsonLines(out).length, 1, `${JSON.stringify(name)}: one epoch trained`);
    }
  }
  assert.equal(existsSync(join(dir, 'PWNED')), false, 'no code from a name ran');
});

// The same file gives the same rows in the core and in the scripts' reader:
// a byte-order mark without a header (Excel's "CSV UTF-8"), UTF-16 with and
// without its mark, and no-break spaces.
test('the scripts read a CSV as the core does: BOM, UTF-16, no-break spaces', async () => {
  const eng = await engine('simd');
  const lines = [];
  for (let k = 0; k < 40; k++) lines.push(`${(k / 7).toFixed(3)},\u00a0${(k % 5) - 2},${k % 3}`);
  const text = `${lines.join('\r\n')}\r\n`;
  const utf16 = (t, big) => {
    const b = Buffer.from(t, 'utf16le');
    if (big) b.swap16();
    return b;
  };
  const forms = {
    bom: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
    utf16le: Buffer.concat([Buffer.from([0xff, 0xfe]), utf16(text, false)]),
    utf16be: Buffer.concat([Buffer.from([0xfe, 0xff]), utf16(text, true)]),
    'utf16le-no-mark': utf16(text, false),
  };
  const reader = script('pytorch', { ...defaults(eng.keys), dataset: 'csv' }, { keys: eng.keys }).match(/def read_csv_rows[\s\S]*?return rows\n/)[0];
  for (const [form, bytes] of Object.entries(forms)) {
    const path = join(TMP, `${form}.csv`);
    writeFileSync(path, bytes);
    const core = eng.parseCsv(bytes);
    assert.equal(core.rows, 40, `${form}: the core keeps every row`);
    assert.equal(core.header, false);
    const rows = JSON.parse(python(['-c', `import json\n${reader}\nprint(json.dumps([[float(c) for c in r] for r in read_csv_rows(${JSON.stringify(path)})]))`], TMP));
    assert.equal(rows.length, 40, `${form}: the script keeps every row`);
    rows.forEach((r, k) => {
      assert.equal(Math.fround(r[0]), core.x[2 * k]);
      assert.equal(r[2], core.y[k]);
    });
  }
});
