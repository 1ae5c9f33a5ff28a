// cli.test.mjs: tools/train.mjs prints one JSON object per epoch, both engines
// agree, presets and overrides combine, and every kind of bad argument exits 2
// with a message on stderr that names what was wrong.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

import { ROOT } from './helpers.mjs';

function cli(...args) {
  const r = spawnSync(process.execPath, [join(ROOT, 'tools', 'train.mjs'), ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function lines(stdout) {
  return stdout.trim().split('\n').map((l) => JSON.parse(l));
}

test('one JSON object per epoch with the documented fields', () => {
  const r = cli('--preset', 'example-1', '--epochs', '3');
  assert.equal(r.status, 0, r.stderr);
  const recs = lines(r.stdout);
  assert.deepEqual(recs.map((x) => x.epoch), [1, 2, 3]);
  for (const rec of recs) {
    assert.deepEqual(Object.keys(rec), ['epoch', 'train_loss', 'val_loss', 'train_acc', 'val_acc',
      'grad_norm', 'update_ratio', 'dead_frac', 'grad_ratio', 'val_loss_sd', 'input_rms', 'input_max',
      'input_mean', 'chance_loss', 'chance_acc', 'empty_classes', 'layers', 'diagnosis']);
    assert.ok(rec.val_loss > 1 && rec.val_loss < 1.2);
    assert.equal(rec.layers.length, 2, 'one hidden layer and the output layer');
    assert.deepEqual(Object.keys(rec.layers[0]), ['grad_norm', 'update_ratio', 'dead_frac', 'sat_frac',
      'sat_share', 'act_mean', 'act_std']);
    assert.equal(rec.diagnosis[0].cause, 'no_signal', 'random labels, from epoch 1');
    assert.deepEqual(Object.keys(rec.diagnosis[0]), ['cause', 'confidence', 'epoch', 'title', 'text', 'evidence',
      'fix', 'fixText', 'lead']);
  }
});

test('--initial adds epoch 0; --KEY=VALUE works; a key beside a preset wins', () => {
  const a = lines(cli('--preset', 'example-1', '--epochs=2', '--initial').stdout);
  assert.deepEqual(a.map((x) => x.epoch), [0, 1, 2]);
  assert.equal(a[0].grad_norm, null);
  const wide = lines(cli('--preset', 'example-1', '--width', '64', '--epochs', '2').stdout);
  assert.notDeepEqual(wide[1], a[2], 'width 64 is not the preset width 8');
});

test('--verify runs the fix on seeds 1-3 and reports it confirmed', () => {
  const r = cli('--preset', 'example-3-learnable', '--standardize', '0', '--epochs', '10', '--verify');
  assert.equal(r.status, 0, r.stderr);
  const out = lines(r.stdout);
  assert.equal(out.length, 11, 'ten epochs, then the verification');
  assert.equal(out[9].diagnosis[0].cause, 'unscaled_inputs');
  const { verify, diagnosis } = out[10];
  const v = verify.find((x) => x.cause === 'unscaled_inputs');
  assert.deepEqual(v.fix, { standardize: 1 });
  assert.deepEqual(v.seeds.map((s) => s.seed), [1, 2, 3]);
  assert.equal(v.outcome, 'confirmed');
  for (const s of v.seeds) assert.ok(s.after.val_loss < s.before.val_loss, JSON.stringify(s));
  assert.equal(diagnosis[0].cause, 'unscaled_inputs');
  assert.equal(diagnosis[0].verified, 'confirmed');
});

test('the documented ends of a range are accepted, just outside is refused in the same words', () => {
  for (const args of [['--lr', '1e-6'], ['--lr', '10'], ['--input_scale', '0.001'], ['--input_scale', '1000']]) {
    const r = cli(...args, '--epochs', '1');
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
  }
  const r = cli('--lr', '10.00000001');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /lr: 10\.00000001 is outside its range 1e-06 to 10/);
});

test('a run that diverges ends with where it did, never a null loss, and exits 0', () => {
  const r = cli('--dataset', 'linear', '--optimizer', 'sgd', '--lr', '10', '--input_scale', '1000', '--activation', 'linear');
  assert.equal(r.status, 0, r.stderr);
  const out = lines(r.stdout);
  const last = out.at(-1);
  assert.equal(last.diverged, true);
  assert.deepEqual(Object.keys(last), ['epoch', 'step', 'layer', 'where', 'kind', 'diverged', 'diagnosis']);
  assert.ok(last.epoch === 1 && last.step >= 1 && ['NaN', 'Infinity', 'overflow'].includes(last.kind), JSON.stringify(last));
  assert.equal(last.diagnosis[0].cause, 'diverged');
  assert.match(last.diagnosis[0].title, /^Diverged at epoch 1, step \d+$/);
  for (const rec of out.slice(0, -1)) assert.ok(Number.isFinite(rec.train_loss) && Number.isFinite(rec.val_loss));
  assert.doesNotMatch(r.stdout, /"(train|val)_loss":null/);
});

test('past epoch 200 the diagnosis is made on a stride, says when, and is fresh on the last line', () => {
  const r = cli('--dataset', 'linear', '--n_train', '100', '--n_val', '50', '--epochs', '303');
  assert.equal(r.status, 0, r.stderr);
  const out = lines(r.stdout);
  assert.ok(out.slice(0, 200).every((x) => !('diagnosis_epoch' in x)), 'every epoch up to 200');
  assert.equal(out[200].epoch, 201);
  assert.equal(out[200].diagnosis_epoch, 200);
  assert.ok(!('diagnosis_epoch' in out[201]), 'epoch 202 is diagnosed');
  assert.ok(!('diagnosis_epoch' in out.at(-1)) && out.at(-1).epoch === 303, 'the last line is fresh');
  assert.ok(out.at(-1).diagnosis.length > 0);
});

test('--quiet prints only the last line and --fields only the fields asked for, with the full lines\' numbers', () => {
  const full = lines(cli('--preset', 'example-1', '--epochs', '4').stdout);
  assert.deepEqual(lines(cli('--preset', 'example-1', '--epochs', '4', '--quiet').stdout), [full.at(-1)]);
  const some = lines(cli('--preset', 'example-1', '--epochs', '4', '--fields', 'val_loss,train_loss').stdout);
  assert.deepEqual(some, full.map((r) => ({ epoch: r.epoch, train_loss: r.train_loss, val_loss: r.val_loss })));
  const told = lines(cli('--preset', 'example-1', '--epochs', '4', '--quiet', '--fields', 'diagnosis').stdout);
  assert.deepEqual(told, [{ epoch: 4, diagnosis: full.at(-1).diagnosis }]);
  const bad = cli('--preset', 'example-1', '--fields', 'loss');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /fields: 'loss' is not a field of an epoch's line; the fields are train_loss, val_loss, .*, layers, diagnosis/);
  // A run that diverges still ends with where it did.
  const gone = lines(cli('--dataset', 'linear', '--optimizer', 'sgd', '--lr', '10', '--input_scale', '1000', '--activation', 'linear', '--quiet').stdout);
  assert.equal(gone.at(-1).diverged, true);
});

test('a closed pipe ends the CLI quietly', () => {
  const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" tools/train.mjs --epochs 300 | head -1`],
    { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.equal(JSON.parse(r.stdout).epoch, 1);
});

test('the scalar engine prints exactly what the SIMD engine prints', () => {
  const args = ['--preset', 'example-3', '--epochs', '4'];
  const a = cli(...args, '--engine', 'simd');
  const b = cli(...args, '--engine', 'scalar');
  assert.equal(a.status, 0);
  assert.equal(a.stdout, b.stdout);
});

test('bad arguments exit 2 and say what was wrong', () => {
  const cases = [
    [['--lr', '50'], /lr: 50 is outside its range 1e-06 to 10/],
    [['--lr', 'fast'], /lr: 'fast' is not a number/],
    [['--colour', 'red'], /colour: unknown key/],
    [['--preset', 'example-9'], /preset: 'example-9' is not one of example-1,/],
    [['--engine', 'gpu'], /engine: 'gpu' is not one of simd, scalar/],
    [['--lr'], /--lr needs a value/],
    [['--lr', '0.1', '--lr', '0.2'], /lr: given twice/],
    [['lr', '0.1'], /unexpected argument 'lr'/],
    [['--dataset', 'xor', '--classes', '3'], /classes: the xor data set has 2 classes, not 3/],
    [['--toString', '1'], /toString: unknown key/],
    [['--__proto__', '1'], /__proto__: unknown key/],
    [['--lr', '0x1p3'], /lr: '0x1p3' is not a number/],
    [['--n_train', '10', '--batch', '32'], /batch: 32 is larger than n_train \(10\)/],
    [['--batch', '2000'], /batch: 2000 is larger than n_train \(1000\)/],
  ];
  for (const [args, message] of cases) {
    const r = cli(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: status ${r.status}`);
    assert.match(r.stderr, message, args.join(' '));
    assert.equal(r.stdout, '', 'nothing on stdout');
  }
});

test('keys the user did not give follow the rules between keys, as in the page', () => {
  const xor = cli('--dataset', 'xor', '--epochs', '1');
  assert.equal(xor.status, 0, xor.stderr);
  assert.match(xor.stderr, /Classes: the xor data set has 2 classes; using 2\./);
  const small = cli('--n_train', '10', '--epochs', '1');
  assert.equal(small.status, 0, small.stderr);
  assert.match(small.stderr, /Batch size: 32 is larger than the 10 training samples; using 10\./);
});

test('--help prints usage and exits 0', () => {
  const r = cli('--help');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /usage: node tools\/train.mjs/);
});
