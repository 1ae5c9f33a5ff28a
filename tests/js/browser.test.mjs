// browser.test.mjs: the built site in Debian's Chromium, driven by
// playwright-core, served from dist/ on localhost. Screenshots go to
// test-output/ (desktop 1280x800, phone 390x844).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { chromium } from 'playwright-core';

import { serve } from '../../tools/serve.mjs';
import { SETTINGS } from '../../web/engine/settings.js';
import { SHOW_PLACES } from '../../web/lessons/lesson.js';
import { DIST, ROOT, trainingWorker } from './helpers.mjs';

const OUT = join(ROOT, 'test-output');
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

let browser;
let server;
let base;

before(async () => {
  mkdirSync(OUT, { recursive: true });
  ({ server, url: base } = await serve(DIST, 0));
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** A page with its console errors and foreign requests collected. */
async function open(path, viewport = { width: 1280, height: 800 }, { touch = false, init = null } = {}) {
  const page = await browser.newPage({ viewport, ...(touch ? { hasTouch: true, isMobile: true } : {}) });
  if (init) await page.addInitScript(init);
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => { if (!r.url().startsWith(base)) problems.push(`request to another origin: ${r.url()}`); });
  await page.goto(base + path);
  await page.waitForFunction(() => window.flatline?.history().length > 0);
  return { page, problems };
}

const history = (page) => page.evaluate(() => window.flatline.history());

async function playToEnd(page) {
  await page.selectOption('#speed', 'Infinity');
  await page.click('#play');
  await page.waitForFunction(() => window.flatline.done, null, { timeout: 60000 });
}

function cli(args) {
  const r = spawnSync(process.execPath, [join(ROOT, 'tools', 'train.mjs'), ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n').map((l) => JSON.parse(l));
}

// Counts the page's uses of Intl's number formatting (toLocaleString included).
function countIntl() {
  window.intlUses = 0;
  const NumberFormat = Intl.NumberFormat;
  Intl.NumberFormat = function (...args) { window.intlUses += 1; return new NumberFormat(...args); };
  const toLocale = Number.prototype.toLocaleString;
  Number.prototype.toLocaleString = function (...args) { window.intlUses += 1; return toLocale.apply(this, args); };
}

test('the page loads with no console error and no request to another origin', async () => {
  const { page, problems } = await open('', undefined, { init: countIntl });
  assert.equal(await page.evaluate(() => window.flatline.engine), 'simd');
  await page.waitForFunction(() => /Epoch 0 of 20/.test(document.getElementById('status').textContent)); // the next frame
  // Nothing on the way to the first drawn epoch starts Intl: its first use costs about 50 ms
  // of ICU start-up (the charts' tick labels, grouped numbers: charts.js, settings.js).
  assert.equal(await page.evaluate(() => window.intlUses), 0, 'Intl number formatting used before the first epoch was drawn');
  for (const label of ['Learning rate', 'Batch size', 'Width', 'Input scale', 'Depth (hidden layers)', 'Epochs',
    'Label noise', 'Seed', 'Data set', 'Activation', 'Optimizer', 'Initializer', 'Standardize inputs']) {
    assert.equal(await page.getByLabel(label, { exact: true }).count(), 1, `a control labelled ${label}`);
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('Play pressed before the page is built is kept: the run plays once the core is there', async () => {
  // The worker's script is held back, so the page is not built yet (it builds when the worker first speaks).
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  let release;
  let asked;
  const held = new Promise((resolve) => { release = resolve; });
  const requested = new Promise((resolve) => { asked = resolve; });
  await context.route('**/worker.js', async (route) => {
    asked();
    await held;
    await route.continue();
  });
  const page = await context.newPage();
  await page.goto(`${base}#preset=example-1`);
  await requested; // main.js has run and started the worker, which waits for its script
  assert.equal(await page.evaluate(() => typeof window.flatline), 'undefined', 'the page is not built yet');
  await page.click('#play');
  release();
  await page.waitForFunction(() => window.flatline?.history().length > 3, null, { timeout: 60000 });
  assert.equal(await page.evaluate(() => window.flatline.playing), true);
  await context.close();
});

test('Play trains: the status line and the chart advance past epoch 5, with no layout shift', async () => {
  const { page, problems } = await open('#preset=example-1');
  await page.evaluate(() => {
    window.shifts = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.shifts += e.value;
    }).observe({ type: 'layout-shift' });
  });
  await page.click('#play');
  await page.waitForFunction(() => Number(document.querySelector('#status').textContent.match(/Epoch (\d+)/)?.[1]) > 5,
    null, { timeout: 60000 });
  const status = await page.textContent('#status');
  const epoch = Number(status.match(/Epoch (\d+)/)[1]);
  assert.ok(epoch > 5, status);
  assert.ok((await history(page)).length > 6);
  await page.waitForFunction(() => window.flatline.done, null, { timeout: 60000 });
  const shifts = await page.evaluate(() => window.shifts);
  assert.ok(shifts < 0.001, `layout shift while training: ${shifts}`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the learning-rate slider, moved by keyboard, changes the hash and the running network', async () => {
  const { page, problems } = await open('#preset=example-1-learnable&epochs=200');
  await page.selectOption('#speed', '10');
  await page.click('#play');
  await page.waitForFunction(() => window.flatline.history().length > 3);
  const before = await history(page);
  await page.focus('#set-lr');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => window.location.hash.includes('lr=0.002'));
  const changedAt = (await history(page)).length - 1;
  await page.waitForFunction((n) => window.flatline.history().length > n + 3, changedAt);
  const after = await history(page);
  // No reset: the earlier epochs are still there, unchanged, and the epochs go on.
  assert.deepEqual(after.slice(0, before.length), before);
  assert.deepEqual(after.map((r) => r.epoch), after.map((_, i) => i));
  assert.equal(after[1].lr, Math.fround(0.001));
  assert.equal(after.at(-1).lr, Math.fround(0.002));
  const markers = await page.evaluate(() => window.flatline.markers());
  assert.equal(markers.length, 1);
  assert.equal(markers[0].key, 'lr');
  assert.equal(markers[0].label, 'Learning rate 0.001 → 0.002', 'a marker reads old → new');
  assert.ok(markers[0].epoch >= before.length - 1 && markers[0].epoch <= changedAt + 1);
  assert.equal(await page.getAttribute('#set-lr', 'aria-valuetext'), '0.002');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a URL with a preset and a seed gives the losses of the CLI, epoch by epoch', async () => {
  const { page, problems } = await open('#preset=example-3&seed=7');
  await playToEnd(page);
  const ours = (await history(page)).slice(1);
  const theirs = cli(['--preset', 'example-3', '--seed', '7']);
  assert.equal(ours.length, 20);
  assert.deepEqual(ours.map((r) => [r.epoch, r.train_loss, r.val_loss]), theirs.map((r) => [r.epoch, r.train_loss, r.val_loss]));
  assert.deepEqual(problems, []);
  await page.close();
});

test('garbage in the hash is clamped and reported, written back, and the page keeps working', async () => {
  const { page, problems } = await open('#lr=50&batch=abc&width=-3&activation=gelu&colour=red&epochs=3');
  const notices = await page.textContent('#notices');
  assert.match(notices, /Learning rate: 50 is outside its range 1e-6 to 10; using 10/);
  assert.match(notices, /Batch size: 'abc' is not a number; using 32/);
  assert.match(notices, /Width: -3 is outside its range 1 to 1024; using 1/);
  assert.match(notices, /Activation: 'gelu' is not one of relu/);
  assert.match(notices, /unknown setting 'colour'/);
  const hash = await page.evaluate(() => window.location.hash);
  assert.equal(hash, '#width=1&lr=10&epochs=3');
  assert.equal(await page.inputValue('#set-activation'), 'relu');
  await playToEnd(page);
  assert.equal((await history(page)).length, 4);
  assert.deepEqual(problems, []);
  await page.close();
});

test('?engine=scalar gives the same losses as the SIMD build', async () => {
  const runs = [];
  for (const query of ['', '?engine=scalar']) {
    const { page, problems } = await open(`${query}#preset=spiral&epochs=15`);
    await playToEnd(page);
    runs.push({ engine: await page.evaluate(() => window.flatline.engine), history: await history(page) });
    assert.deepEqual(problems, []);
    await page.close();
  }
  assert.deepEqual(runs.map((r) => r.engine), ['simd', 'scalar']);
  assert.deepEqual(runs[1].history, runs[0].history);
});

test('the newcomer flow: the first example flatlines, its learnable counterpart falls beside it', async () => {
  const { page, problems } = await open('');
  await page.selectOption('#speed', 'Infinity');
  await page.click('#intro-try');
  await page.waitForFunction(() => window.flatline.done);
  assert.equal(await page.isHidden('#intro'), true);
  const flat = await history(page);
  assert.ok(flat.slice(1).every((r) => Math.abs(r.val_loss - Math.log(3)) < 0.08));
  await page.selectOption('#preset', 'example-1-learnable');
  await page.click('#play');
  await page.waitForFunction(() => window.flatline.done && window.flatline.history().length === 21);
  const falling = await history(page);
  assert.ok(falling.at(-1).val_loss < Math.log(3) - 0.3, `val loss ${falling.at(-1).val_loss}`);
  assert.equal(await page.evaluate(() => window.flatline.previousRun()), 21, 'example 1 stays as the previous run');
  assert.match(await page.evaluate(() => window.location.hash), /^#preset=example-1-learnable$/);
  await page.waitForFunction(() => window.flatline.findings()[0]?.cause === 'still_learning');
  assert.match(await page.textContent('#findings'), /slow, not stuck/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the doctor: each of the post\'s examples shows no_signal by epoch 5, with its evidence', async () => {
  for (const preset of ['example-1', 'example-2', 'example-3']) {
    const { page, problems } = await open(`#preset=${preset}`);
    for (let e = 0; e < 5; e++) {
      await page.click('#step');
      await page.waitForFunction((n) => window.flatline.history().length === n && !window.flatline.playing, e + 2);
    }
    // The panel is redrawn at the next frame: wait for epoch 5's evidence.
    await page.waitForFunction(() => window.flatline.findings()[0]?.cause === 'no_signal' &&
      /at epoch 5 /.test(document.querySelector('#findings > li')?.textContent));
    const first = page.locator('#findings > li').first();
    assert.match(await first.textContent(), /Nothing to learn: the labels are random/);
    assert.match(await first.textContent(), /validation loss [\d.]+ (within \[[\d.]+, [\d.]+\]|> [\d.]+|< [\d.]+) at epoch 5/);
    assert.match(await first.textContent(), /±0\.\d+ for 200 validation samples/);
    if (preset === 'example-3') assert.match(await page.textContent('#findings'), /Inputs far from unit scale/);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test('the doctor: example 2 shows its dead layers one by one, marked on the loss chart', async () => {
  const { page, problems } = await open('#preset=example-2');
  await playToEnd(page);
  await page.waitForFunction(() => window.flatline.findings().some((f) => f.cause === 'dead_units'));
  const dead = page.locator('#findings > li[data-cause="dead_units"]');
  const text = await dead.textContent();
  assert.match(text, /Dead ReLUs/);
  assert.match(text, /layer 1: \d+ of 32 units dead \(\d+%; over 50% flags the layer\)/);
  assert.match(text, /layer 2: \d+ of 32 units dead/);
  assert.match(text, /Lower the learning rate to 0\.01/);
  const h = await history(page);
  assert.ok(h.at(-1).layers[0].dead_frac > 0.5 && h.at(-1).layers.length === 3, 'the page has the layers\' records');
  assert.deepEqual(await page.evaluate(() => window.flatline.findingMarks()), [{ x: 1, label: '1' }, { x: 1, label: '2' }]);
  assert.deepEqual(await page.evaluate(() => window.flatline.healthSeries()),
    ['update / weight', 'dead units', 'grad norm, layer 1', 'grad norm, layer 2', 'grad norm, output layer']);
  // The dead layers' gradient, exactly 0, lies on the log axis's floor instead of leaving the chart.
  const norms = h.at(-1).layers.map((l) => l.grad_norm);
  assert.deepEqual(norms.map((g) => g === 0), [true, true, false]);
  const floor = await page.evaluate(() => window.flatline.healthFloor());
  assert.ok(floor.min > 0 && floor.min < norms[2], JSON.stringify(floor));
  assert.deepEqual(floor.last, [{ y: floor.min, zero: true }, { y: floor.min, zero: true }, { y: norms[2], zero: false }]);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the doctor: "Try this fix" on inputs x100 over learnable labels runs the standardized config and confirms it', async () => {
  const { page, problems } = await open('#preset=example-3-learnable&standardize=0');
  await playToEnd(page);
  await page.waitForFunction(() => window.flatline.findings()[0]?.cause === 'unscaled_inputs');
  await page.locator('#findings > li[data-cause="unscaled_inputs"] .try-fix').click();
  await page.waitForFunction(() => window.flatline.trial()?.verdict, null, { timeout: 60000 });
  assert.equal(await page.evaluate(() => window.flatline.config.standardize), 1);
  assert.equal(await page.evaluate(() => window.flatline.previousRun()), 21, 'the run before is the faint curve');
  const trial = await page.textContent('#trial');
  assert.match(trial, /Fix for "Inputs far from unit scale": Validation loss 0\.\d+ → 0\.1\d+ with standardize 0 → 1: confirmed\./);
  // The loss axis follows the fixed run, not the earlier one's losses in the tens; that one is said to go above.
  const axis = await page.evaluate(() => window.flatline.lossAxis());
  const before = await page.evaluate(() => window.flatline.earlierRuns()[0].id);
  assert.ok(axis.type === 'linear' && axis.max <= 1.5, JSON.stringify(axis));
  assert.equal(axis.clipped, `↑ earlier run ${before} goes above this scale`);
  assert.equal(new Set(axis.ticks).size, axis.ticks.length, `tick labels never repeat: ${axis.ticks}`);
  assert.match(axis.chance, /^chance: (ln 3 = )?1\.0\d\d$/);
  assert.equal(await page.getAttribute('#trial', 'class'), 'trial confirmed');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the doctor measures its rate fix: trials in the pool after the run, the CLI\'s rate, and "Try this fix" runs it', async () => {
  const { page, problems } = await open('#dataset=linear&optimizer=rmsprop&lr=0.1&seed=1');
  await playToEnd(page);
  await page.waitForFunction(() => window.flatline.findings()[0]?.cause === 'lr_too_high' && window.flatline.findings()[0].measured,
    null, { timeout: 120000 });
  const li = page.locator('#findings > li[data-cause="lr_too_high"]');
  // The same trials as `train.mjs --dataset linear --optimizer rmsprop --lr 0.1`: lr 0.003 did best.
  assert.match(await li.locator('.fix-text').textContent(), /^Lower the learning rate to 0\.003: the best of short trials of 20 epochs \(validation loss by rate: 0\.03: .*; this run: 1\.\d+\)\.$/);
  await li.locator('.try-fix').click();
  await page.waitForFunction(() => window.flatline.config.lr === 0.003);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a loss that spans more than a factor of 100 gets a log axis by itself, and says so; ticks never repeat', async () => {
  const { page, problems } = await open('#dataset=teacher&n_train=100&depth=2&width=256&epochs=150&batch=10&label_noise=0.2');
  await playToEnd(page);
  await page.waitForFunction(() => /^loss \(log scale: the run spans ×\d/.test(window.flatline.lossAxis().title));
  const axis = await page.evaluate(() => window.flatline.lossAxis());
  assert.equal(axis.type, 'logarithmic');
  assert.equal(new Set(axis.ticks).size, axis.ticks.length, `${axis.ticks}`);
  // Asked for, the log axis is the user's: its title drops the explanation.
  await page.check('#logscale');
  await page.waitForFunction(() => window.flatline.lossAxis().title === 'loss (log)');
  assert.deepEqual(problems, []);
  await page.close();
});

test('divergence is a state: the place is shown and marked, live changes say only Reset helps, Reset recovers', async () => {
  const { page, problems } = await open('#dataset=linear&optimizer=sgd&lr=10&input_scale=1000&activation=linear');
  await playToEnd(page);
  const d = await page.evaluate(() => window.flatline.diverged);
  assert.ok(d && d.epoch === 1 && d.step >= 1, JSON.stringify(d));
  await page.waitForFunction(() => /^Diverged/.test(document.getElementById('status').textContent));
  assert.match(await page.textContent('#status'), new RegExp(`^Diverged at epoch 1, step ${d.step}: .* only Reset can help`));
  await page.waitForFunction(() => window.flatline.findings()[0]?.cause === 'diverged');
  assert.match(await page.textContent('#findings'), /Diverged at epoch 1, step \d+/);
  const h = await history(page);
  assert.ok(h.every((r) => Number.isFinite(r.train_loss) && Number.isFinite(r.val_loss)), 'the curve holds only numbers');
  // A live change to a diverged network: the core refuses it and says why.
  await page.evaluate(() => { location.hash = location.hash.replace('lr=10', 'lr=0.001'); });
  await page.waitForFunction(() => window.flatline.config.lr === 0.001);
  assert.equal(await page.evaluate(() => window.flatline.diverged), null, 'an edited hash starts a new run');
  await page.goto(`${base}#dataset=linear&optimizer=sgd&lr=10&input_scale=1000&activation=linear`);
  await page.waitForFunction(() => window.flatline?.history().length > 0);
  await playToEnd(page);
  await page.focus('#set-lr');
  await page.keyboard.press('ArrowLeft');
  await page.waitForSelector('#notices:not([hidden])');
  assert.match(await page.textContent('#notices'), /diverged at epoch 1: .* Only a new run can help; this change started one/);
  await page.waitForFunction(() => window.flatline.config.lr === 5);
  await page.click('#reset');
  await page.waitForFunction(() => window.flatline.diverged === null && window.flatline.history().length === 1);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the CSP header covers the worker: a fetch from it to another origin is blocked', async () => {
  const { server: other, url: otherUrl } = await serve(DIST, 0);
  let hits = 0;
  other.on('request', () => { hits++; });
  const { page } = await open('#preset=example-1');
  try {
    const worker = trainingWorker(page);
    assert.ok(worker, 'the training worker runs');
    const outcome = await worker.evaluate((url) => fetch(url).then(() => 'fetched', (e) => `blocked: ${e.name}`), otherUrl);
    assert.match(outcome, /^blocked/);
    assert.equal(hits, 0, 'the other origin saw no request');
  } finally {
    other.closeAllConnections();
    other.close();
    await page.close();
  }
});

test('long or strange hash values never break the layout', async () => {
  for (const n of [120, 100000]) {
    const junk = 'W'.repeat(n);
    const { page, problems } = await open(`#preset=${junk}&lr=${junk}&${junk}=1&dataset=${junk}`);
    await page.waitForSelector('#notices:not([hidden])');
    const { width, inner, drawn, notice } = await page.evaluate(() => ({
      width: document.documentElement.scrollWidth, inner: window.innerWidth,
      drawn: document.getElementById('loss-chart').getBoundingClientRect().height,
      notice: document.getElementById('notices').textContent.length,
    }));
    assert.ok(width <= inner, `${n} characters: page ${width} px wide in a ${inner} px window`);
    assert.ok(drawn > 100, `${n} characters: the loss chart is drawn (${drawn} px)`);
    assert.ok(notice < 1200, `${n} characters: the notices quote a short part (${notice} characters)`);
    await playToEnd(page);
    assert.equal((await history(page)).length, 21);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test('forged messages from the worker are ignored, and the lab goes on', async () => {
  const { page, problems } = await open('#preset=example-1');
  const worker = trainingWorker(page);
  await worker.evaluate(() => {
    const forged = [null, 1, 'metrics', {}, { type: 'metrics' }, { type: 'metrics', run: 1, records: 'x' },
      { type: 'started', run: 1, layers: 'no' }, { type: 'grid', run: 1, res: 5, cls: [1], conf: [] },
      { type: 'changed', run: 1 }, { type: 'error' }, { type: 'ready', keys: 3 }, { type: '__proto__' },
      { type: 'metrics', run: 1, records: new Float64Array(3), layerRecords: new Float64Array(1), layerCount: 2,
        epochsDone: 0, done: false, playing: false, diverged: 5 }];
    for (const m of forged) postMessage(m);
  });
  await page.waitForTimeout(200);
  await playToEnd(page);
  assert.equal((await history(page)).length, 21);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the worker can fail: a crash or a silent death is noticed, a new worker restores the run', async () => {
  const { page, problems } = await open('#preset=example-1-learnable&seed=5');
  // A crash: an error thrown outside the message handler.
  await trainingWorker(page).evaluate(() => setTimeout(() => { throw new Error('boom'); }, 0));
  await page.waitForFunction(() => window.flatline.workerFailures === 1);
  await page.waitForSelector('#notices:not([hidden])');
  assert.match(await page.textContent('#notices'), /The training worker failed \(.*boom.*\); a new one was started with the same settings/);
  await page.waitForFunction(() => window.flatline.history().length > 0);
  assert.equal(await page.evaluate(() => window.flatline.config.seed), 5, 'the settings are restored');
  // A silent death while training: the worker closes itself; the watchdog notices.
  await page.selectOption('#speed', '1');
  await page.click('#play');
  await page.waitForFunction(() => window.flatline.playing);
  await trainingWorker(page).evaluate(() => self.close());
  await page.waitForFunction(() => window.flatline.workerFailures === 2, null, { timeout: 60000 });
  assert.match(await page.textContent('#notices'), /stopped answering/);
  await playToEnd(page);
  const h = await history(page);
  assert.equal(h.length, 21);
  assert.ok(h.at(-1).val_loss < 0.9, 'the new worker trains');
  assert.deepEqual(problems.filter((p) => !/boom/.test(p)), []);
  await page.close();
});

test('a slow epoch shows how far it is and the time per epoch; Step says it is stepping', async () => {
  const { page, problems } = await open('#depth=4&width=512&n_train=20000&batch=8&epochs=3');
  await page.click('#step');
  assert.equal(await page.isDisabled('#step'), true, 'Step waits for its epoch');
  await page.waitForFunction(() => /\(stepping\)/.test(document.getElementById('status').textContent));
  // The state, not the time it takes: how soon it shows is npm run bench:page's to measure.
  await page.waitForFunction(() => /epoch 1: \d+% done, about [\d.]+ s per epoch/.test(document.getElementById('status').textContent),
    null, { timeout: 60000 });
  assert.equal(await page.isHidden('#epoch-progress'), false);
  await page.click('#reset');
  await page.waitForFunction(() => /\(paused\)/.test(document.getElementById('status').textContent));
  assert.equal(await page.isHidden('#epoch-progress'), true);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a run the core refuses (over the memory budget) leaves the previous run in place, usable', async () => {
  const { page, problems } = await open('#preset=example-1-learnable');
  await playToEnd(page);
  const before = await history(page);
  await page.evaluate(() => { location.hash = '#n_train=100000&n_val=100000&features=64&depth=6&width=1024&epochs=100000'; });
  await page.waitForSelector('#notices:not([hidden])');
  await page.waitForFunction(() => /The previous run is kept/.test(document.getElementById('notices').textContent));
  assert.match(await page.textContent('#notices'), /too big: this network, data set and history need 30\d\.\d+ MB, over the budget of 256 MB/);
  assert.equal(await page.evaluate(() => location.hash), '#preset=example-1-learnable');
  assert.equal(await page.evaluate(() => window.flatline.config.width), 8);
  assert.deepEqual((await history(page)).map((r) => r.val_loss), before.map((r) => r.val_loss));
  // Still usable: more epochs continue the kept run.
  await page.evaluate(() => { location.hash = '#preset=example-1-learnable&seed=2'; });
  await page.waitForFunction(() => window.flatline.config.seed === 2 && window.flatline.history().length === 1);
  await playToEnd(page);
  assert.equal((await history(page)).length, 21);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the lowest learning rate works in the page; a big network shows its evaluation progressing', async () => {
  for (const lr of ['1e-6', '0', '-1', '1e-9']) {
    const { page, problems } = await open(`#dataset=linear&lr=${lr}`);
    assert.equal(await page.evaluate(() => window.flatline.config.lr), 1e-6, lr);
    assert.ok(Math.abs((await history(page))[0].lr - 1e-6) < 1e-12, 'the network runs at 1e-6');
    await playToEnd(page);
    assert.equal((await history(page)).length, 21);
    assert.deepEqual(problems, []);
    await page.close();
  }
  const page = await browser.newPage();
  await page.goto(`${base}#depth=6&width=1024&n_train=20000&n_val=20000`);
  await page.waitForFunction(() => /evaluating it untrained, \d+% done/.test(document.getElementById('status').textContent),
    null, { timeout: 60000 });
  await page.close();
});

test('on a phone the knobs sit under the loss chart, with touch targets of 24 px; a unit is tapped, not hovered', async () => {
  const { page, problems } = await open('#preset=example-1', { width: 390, height: 844 }, { touch: true });
  // The network view asks for a tap on a touch screen, and a tap chooses the unit nearest the finger.
  assert.equal(await page.textContent('#unit-text'), 'Tap a unit to see what it computes.');
  await page.waitForFunction(() => window.flatline.network());
  const net = await page.$eval('#network', (c) => {
    c.scrollIntoView({ block: 'center' });
    const r = c.getBoundingClientRect();
    const { inputs, drawn } = window.flatline.network();
    return { x: r.left, y: r.top, w: r.width, columns: drawn.length, inputs };
  });
  // 5 px right of and 4 px below layer 1's top unit (network.js's layout), outside its circle.
  const left = 18 + Math.min(56, 7 * Math.max(...net.inputs.map((s) => s.length)));
  await page.touchscreen.tap(net.x + left + (net.w - left - 18) / (net.columns - 1) + 5, net.y + 14 + 4);
  await page.waitForFunction(() => /^Layer 1, unit 1 \(/.test(document.getElementById('unit-text').textContent));
  const gap = await page.evaluate(() => document.getElementById('set-lr').getBoundingClientRect().top -
    document.getElementById('loss-chart').getBoundingClientRect().bottom);
  assert.ok(gap >= 0 && gap < 300, `learning-rate slider ${gap} px under the loss chart`);
  const sizes = await page.evaluate(() => [...document.querySelectorAll('input[type=range], input[type=checkbox]')]
    .filter((e) => e.offsetParent).map((e) => e.getBoundingClientRect().height));
  assert.ok(sizes.every((h) => h >= 24), `control heights ${sizes}`);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.waitForFunction(() => document.querySelector('#knobs-home .group-knobs'));
  // Every lesson's and preset's title fits the lesson list at 360 px.
  await page.setViewportSize({ width: 360, height: 740 });
  await page.waitForFunction(() => document.querySelectorAll('#preset optgroup').length === 2);
  const clipped = await page.evaluate(() => {
    const s = document.getElementById('preset');
    const ctx = document.createElement('canvas').getContext('2d');
    ctx.font = getComputedStyle(s).font;
    return [...s.options].map((o) => o.text).filter((t) => ctx.measureText(t).width > s.clientWidth - 32);
  });
  assert.deepEqual(clipped, [], 'titles wider than the list at 360 px');
  await page.setViewportSize({ width: 320, height: 700 });
  await page.waitForFunction(() => document.querySelector('#knobs-slot .group-knobs'));
  // The charts resize on their own schedule (ResizeObserver): wait for the layout to settle.
  await page.waitForFunction(() => document.documentElement.scrollWidth <= 320, null, { timeout: 60000 });
  assert.deepEqual(problems, []);
  await page.close();
});

test('holding an arrow key on Width or on the lesson list starts one run, not one per press', async () => {
  const { page, problems } = await open('#preset=example-1');
  const runs = () => page.evaluate(() => window.flatline.runs);
  let before = await runs();
  await page.focus('#set-width');
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
  await page.waitForFunction((n) => window.flatline.runs === n + 1, before);
  await page.waitForTimeout(600);
  assert.equal(await runs(), before + 1);
  assert.equal(await page.evaluate(() => window.flatline.config.width), 48, 'five stops up from 8: 12, 16, 24, 32, 48');
  before = await runs();
  await page.focus('#preset');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  await page.waitForFunction((n) => window.flatline.runs === n + 1, before);
  await page.waitForTimeout(600);
  assert.equal(await runs(), before + 1);
  assert.deepEqual(problems, []);
  await page.close();
});

test('small things: focus follows Play and Pause, "1 step per epoch", a seed in whole digits, a live change in epoch 1', async () => {
  const { page, problems } = await open('#preset=big-batch&seed=4294967296');
  assert.match(await page.textContent('#params'), /, 1 step per epoch/);
  assert.match(await page.textContent('#notices'), /Seed: 4294967296 is outside its range 0 to 4294967295; using 4294967295\./);
  await page.focus('#play');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.flatline.playing);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'pause', 'focus moves to Pause');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => !window.flatline.playing);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'play', 'and back to Play');
  await page.close();
  // A learning-rate change during the first epoch of a slow run reaches it without a restart.
  const slow = await open('#depth=4&width=512&n_train=20000&batch=8&epochs=3');
  const runs = await slow.page.evaluate(() => window.flatline.runs);
  await slow.page.click('#play');
  await slow.page.waitForFunction(() => /epoch 1: \d+% done/.test(document.getElementById('status').textContent), null, { timeout: 60000 });
  await slow.page.focus('#set-lr');
  await slow.page.keyboard.press('ArrowRight');
  await slow.page.waitForFunction(() => window.flatline.markers().some((m) => m.key === 'lr'));
  assert.equal(await slow.page.evaluate(() => window.flatline.runs), runs, 'no new run');
  assert.deepEqual([...problems, ...slow.problems], []);
  await slow.page.close();
});

test('every control and health metric has words a learner can open by keyboard; the intro folds for shared links and reopens', async () => {
  const { page, problems } = await open('#preset=spiral');
  assert.equal(await page.isHidden('#intro'), true, 'a link that names a lesson opens on it');
  const toggles = await page.$$('.help-toggle');
  assert.equal(toggles.length, SETTINGS.length, 'one per setting (settings.test: one setting per config key)');
  for (const t of toggles) {
    await t.focus();
    await page.keyboard.press('Enter');
    const { expanded, text, hidden } = await t.evaluate((b) => {
      const help = document.getElementById(b.getAttribute('aria-controls'));
      return { expanded: b.getAttribute('aria-expanded'), text: help.textContent, hidden: help.hidden };
    });
    assert.equal(expanded, 'true');
    assert.ok(!hidden && text.length > 20, text);
  }
  for (const summary of await page.$$('details.terms summary')) {
    await summary.focus();
    await page.keyboard.press('Enter');
  }
  const terms = await page.$$eval('details.terms[open] dt', (dts) => dts.map((d) => d.textContent));
  assert.deepEqual(terms, ['Training loss', 'Validation loss', 'Chance', 'Numbered triangles', 'Dotted lines', 'Faint curves',
    'A cross at the top', 'Gradient norm', 'Update / weight', 'Dead units']);
  await page.focus('#intro-open');
  await page.keyboard.press('Enter');
  assert.equal(await page.isHidden('#intro'), false, 'the intro can be reopened');
  assert.equal(await page.evaluate(() => window.flatline.config.dataset), 'spiral', 'and the lesson stays');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the network view: example 2\'s dead units drawn dead, live while training; a unit on spiral shows its output', async () => {
  const { page, problems } = await open('#preset=example-2');
  await page.selectOption('#speed', '3');
  await page.click('#play');
  await page.waitForFunction(() => window.flatline.history().length >= 3 && window.flatline.network());
  const early = (await page.evaluate(() => window.flatline.network())).updates;
  await page.waitForFunction(() => window.flatline.done, null, { timeout: 60000 });
  assert.ok((await page.evaluate(() => window.flatline.network())).updates >= early + 3, 'the view follows the training');
  const summary = await page.evaluate(() => window.flatline.networkSummary());
  assert.match(summary, /^Network: 10 inputs, 2 hidden layers \(32, 32\), 3 outputs\. Output: softmax under sparse_categorical_crossentropy\. Layer 1: \d+ of 32 units dead; Layer 2: \d+ of 32 units dead\.$/);
  assert.equal(await page.getAttribute('#network', 'aria-label'), summary);
  const { flags } = await page.evaluate(() => window.flatline.network());
  const h = await history(page);
  assert.equal(flags.filter((f) => f & 1).length / 64, h.at(-1).dead_frac, 'the drawn flags are the core\'s');
  // Keyboard: focus the diagram, move to a unit, read what it computes (a histogram on 10-D data).
  await page.focus('#network');
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => /^Layer 1, unit 2 \(.*\): its outputs over the validation set/.test(document.getElementById('unit-text').textContent));
  await page.close();
  const spiral = await open('#preset=spiral&epochs=10');
  await playToEnd(spiral.page);
  await spiral.page.waitForFunction(() => window.flatline.network());
  const box = await spiral.page.$eval('#network', (c) => {
    c.scrollIntoView({ block: 'center' });
    const r = c.getBoundingClientRect();
    const { inputs, drawn } = window.flatline.network();
    return { x: r.left, y: r.top, w: r.width, h: r.height, inputs, columns: drawn.length };
  });
  // The first hidden column's top unit (network.js's layout: named inputs leave room on the left).
  const left = 18 + Math.min(56, 7 * Math.max(...box.inputs.map((s) => s.length)));
  await spiral.page.mouse.move(box.x + left + (box.w - left - 18) / (box.columns - 1), box.y + 14);
  await spiral.page.waitForFunction(() => /^Layer 1, unit 1 \(.*\): its output over the input plane, from/.test(document.getElementById('unit-text').textContent));
  const painted = await spiral.page.$eval('#unit-view', (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let k = 3; k < d.length; k += 4) n += d[k] > 0;
    return n / (d.length / 4);
  });
  assert.ok(painted > 0.9, `the unit's plane is drawn (${painted})`);
  assert.deepEqual([...problems, ...spiral.problems], []);
  await spiral.page.close();
  // A small network on a plane: every hidden unit draws its own output over the plane on the
  // diagram, and the inputs carry their names (the engineered x₁² among them).
  const small = await open('#preset=spiral&width=6&depth=2&x1_sq=1&epochs=3');
  await playToEnd(small.page);
  await small.page.waitForFunction(() => window.flatline.network()?.maps);
  const net = await small.page.evaluate(() => window.flatline.network());
  assert.deepEqual([net.inputs, net.maps], [['x₁', 'x₂', 'x₁²'], [6, 6]]);
  assert.match(await small.page.evaluate(() => window.flatline.networkSummary()),
    /^Network: 3 inputs \(x₁, x₂, x₁²\), 2 hidden layers \(6, 6\), 3 outputs\. .* Each hidden unit draws its output over the plane \(blue positive, orange negative\)\.$/);
  const colored = await small.page.$eval('#network', (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let blue = 0;
    for (let k = 0; k < d.length; k += 4) blue += d[k + 2] > 200 && d[k] < 120 && d[k + 3] > 100; // the maps' positive blue
    return blue;
  });
  assert.ok(colored > 200, `the units' maps are drawn (${colored} blue pixels)`);
  assert.deepEqual(small.problems, []);
  await small.page.close();
});

test('comparisons: a new lesson starts clean, close markers never overlap, a run that carries changes says so', async () => {
  // Long enough that three key presses land mid-run (a change to a finished run starts a new one).
  const { page, problems } = await open('#preset=example-1-learnable&epochs=300');
  await page.selectOption('#speed', '30');
  await page.click('#play');
  await page.waitForFunction(() => window.flatline.history().length > 3);
  // Three changes in quick succession: their labels stack instead of printing over each other.
  await page.focus('#set-lr');
  // Each press lands in its own epoch (two in one epoch make one marker), however slow the machine.
  for (const key of ['ArrowRight', 'ArrowRight', 'ArrowRight']) {
    const n = await page.evaluate(() => window.flatline.markers().length);
    await page.keyboard.press(key);
    await page.waitForFunction((k) => window.flatline.markers().length > k, n);
    const at = await page.evaluate(() => window.flatline.history().length);
    await page.waitForFunction((a) => window.flatline.history().length > a, at);
  }
  await page.waitForFunction(() => window.flatline.markerBoxes().length === 3);
  const boxes = await page.evaluate(() => window.flatline.markerBoxes());
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      assert.ok(!overlap, `labels ${i} and ${j} overlap: ${JSON.stringify([a, b])}`);
    }
  }
  await page.click('#reset');
  await page.waitForSelector('#notices:not([hidden])');
  assert.match(await page.textContent('#notices'),
    /This run starts from epoch 0 with the settings as changed during the last one \(Learning rate 0\.001 → 0\.002 at epoch \d+; .*\)/);
  // Another lesson: no faint curve from the one left behind.
  await page.click('#play');
  await page.waitForFunction(() => window.flatline.history().length > 5);
  await page.selectOption('#preset', 'memorize');
  await page.waitForFunction(() => window.flatline.config.width === 128);
  assert.equal(await page.evaluate(() => window.flatline.previousRun()), 0);
  assert.doesNotMatch(await page.textContent('#notices'), /This run starts from epoch 0/, 'a lesson\'s own settings carry nothing');
  assert.deepEqual(problems, []);
  await page.close();
});

test('earlier runs: four kept and labelled by what differs, each shown, hidden or pinned; a pin outlives the lesson', async () => {
  const { page, problems } = await open('#preset=example-1-learnable');
  await playToEnd(page);
  const L = '#preset=example-1-learnable';
  for (const hash of [`${L}&width=32`, `${L}&width=32&lr=0.01`, `${L}&width=2&lr=0.01`, `${L}&lr=0.01&batch=256`]) {
    const runs = await page.evaluate(() => window.flatline.runs);
    await page.evaluate((h) => { window.location.hash = h; }, hash);
    await page.waitForFunction((n) => window.flatline.runs > n && window.flatline.history().length > 0, runs);
    await page.click('#play');
    await page.waitForFunction(() => window.flatline.done, null, { timeout: 60000 });
  }
  await page.waitForFunction(() => document.querySelectorAll('#run-list li').length === 4);
  // Labels compare each earlier run with the current one (lr 0.01, batch 256, width 8), its value first.
  const labels = await page.$$eval('#run-list label', (ls) => ls.map((l) => l.textContent));
  assert.deepEqual(labels, ['batch 32 → 256, width 2 → 8', 'batch 32 → 256, width 32 → 8',
    'lr 0.001 → 0.01, batch 32 → 256 +1 more', 'lr 0.001 → 0.01, batch 32 → 256']);
  assert.equal((await page.evaluate(() => window.flatline.lossSeries())).length, 2 + 2 * 4, 'two faint curves per earlier run');
  // Hide one: its curves leave the chart, its row stays.
  await page.uncheck('#run-list li:nth-child(1) input');
  await page.waitForFunction(() => window.flatline.lossSeries().length === 2 + 2 * 3);
  // Pin another, then change lessons: only the pinned run stays, now compared with the new lesson.
  await page.click('#run-list li:nth-child(2) button.pin');
  await page.waitForSelector('#run-list li:nth-child(2) button.pin[aria-pressed="true"]');
  assert.deepEqual((await page.evaluate(() => window.flatline.earlierRuns())).map((r) => r.pinned), [false, true, false, false]);
  await page.selectOption('#preset', 'big-batch');
  await page.waitForFunction(() => window.flatline.config.batch === 1000 && window.flatline.earlierRuns().length === 1);
  assert.deepEqual((await page.evaluate(() => window.flatline.earlierRuns())).map((r) => [r.lesson, r.pinned]), [['example-1-learnable', true]]);
  await page.waitForFunction(() => /^lr 0\.001 → 0\.001|batch 32 → 1000/.test(document.querySelector('#run-list label')?.textContent ?? ''));
  // Unpinned, it goes with the next lesson.
  await page.click('#run-list button.pin');
  await page.selectOption('#preset', 'memorize');
  await page.waitForFunction(() => window.flatline.config.width === 128);
  assert.equal(await page.isVisible('#runs'), false, 'no earlier runs: the list hides');
  assert.deepEqual(problems, []);
  await page.close();
});

test('experiments: each runs from its button beside the lab\'s run, says what the CLI says, and can be cancelled or applied', async () => {
  // The lab trains at 3 epochs a second while the experiments run on its 20-epoch settings.
  const { page, problems } = await open('#preset=example-1-learnable');
  await page.selectOption('#speed', '3');
  await page.click('#play');
  const result = async (name) => {
    const before = await page.evaluate(() => window.flatline.experimentsEnded());
    await page.click(`button[data-experiment="${name}"]`);
    await page.waitForFunction((b) => window.flatline.experimentsEnded() > b, before, { timeout: 60000 });
    return page.evaluate(() => window.flatline.experiment());
  };
  const epochsBefore = (await history(page)).length;
  for (const name of ['overfit-tiny', 'shuffled-labels', 'zero-inputs', 'lr-range', 'sweep', 'seeds']) {
    const ours = await result(name);
    const keys = Object.entries(ours.config).flatMap(([k, v]) => [`--${k}`, String(v)]);
    const cli = spawnSync(process.execPath, [join(ROOT, 'tools', 'experiment.mjs'), name, ...keys], { encoding: 'utf8' });
    assert.equal(cli.status, 0, cli.stderr);
    const theirs = JSON.parse(cli.stdout);
    assert.equal(ours.conclusion, theirs.conclusion, `${name}: the page and the CLI agree`);
    assert.equal(await page.textContent('#exp-conclusion'), ours.conclusion);
    assert.equal(await page.isVisible('#exp-running'), false, 'the progress bar goes when it is done');
  }
  assert.ok((await history(page)).length > epochsBefore, 'the lab\'s own run went on meanwhile');
  // The seeds' band is drawn on the loss chart.
  assert.equal(await page.evaluate(() => window.flatline.band()), 20);
  // Cancel: a long sweep stops at once, and the buttons come back.
  await page.evaluate(() => { window.location.hash = '#preset=capacity&epochs=300'; });
  await page.waitForFunction(() => window.flatline.config.epochs === 300);
  await page.click('button[data-experiment="sweep"]');
  await page.waitForFunction(() => document.getElementById('exp-progress').value > 0);
  await page.click('#exp-cancel');
  await page.waitForFunction(() => /cancelled/.test(document.getElementById('exp-status').textContent));
  assert.equal(await page.isDisabled('button[data-experiment="sweep"]'), false);
  // Use it: the range test's rate becomes the lab's.
  await page.evaluate(() => { window.location.hash = '#preset=example-1-learnable'; });
  await page.waitForFunction(() => window.flatline.config.epochs === 20 && !document.getElementById('exp-buttons').querySelector(':disabled'));
  const range = await result('lr-range');
  await page.click('#exp-apply');
  await page.waitForFunction((lr) => window.flatline.config.lr === lr, range.apply.lr);
  assert.deepEqual(problems, []);
  await page.close();
});

// Sets a control as a learner would: a slider moved to the stop that shows
// the value, a box ticked, an option chosen.
async function setControl(page, key, value) {
  const id = `#set-${key}`;
  const type = await page.getAttribute(id, 'type');
  if (type === 'checkbox') return value ? page.check(id) : page.uncheck(id);
  if (type !== 'range') return page.selectOption(id, String(value));
  const found = await page.evaluate(([sel, want]) => {
    const input = document.querySelector(sel);
    for (let i = Number(input.min); i <= Number(input.max); i++) {
      input.value = String(i);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      if (Number(input.getAttribute('aria-valuetext')) === want) {
        input.dispatchEvent(new Event('change', { bubbles: true }));
        return true;
      }
    }
    return false;
  }, [id, value]);
  assert.ok(found, `${key}: no stop shows ${value}`);
}

test('every guided lesson can be walked to its end by doing what each step asks; a wrong prediction is explained', async () => {
  const { LESSON_NAMES } = await import('../../web/lessons/lesson.js');
  const { page, problems } = await open('#lesson=example-1&step=1');
  for (const name of LESSON_NAMES) {
    await page.evaluate((n) => { window.location.hash = `#lesson=${n}&step=1`; }, name);
    const lesson = JSON.parse(readFileSync(join(ROOT, 'web', 'lessons', `${name}.json`), 'utf8')); // with its walk
    for (let i = 0; i < lesson.steps.length - 1; i++) {
      const step = lesson.steps[i];
      await page.waitForFunction(([n, k]) => window.location.hash.startsWith(`#lesson=${n}&step=${k}`) &&
        document.querySelector('.lesson-count')?.textContent.startsWith(`Step ${k} `), [name, i + 1]);
      await page.waitForFunction(() => window.flatline.history().length > 0);
      if (step.predict) await page.check('#predict-0');
      await page.selectOption('#speed', step.walk.speed ?? 'Infinity');
      if (name === 'example-1' && i === 1) {
        // A run that misses the goal (width still 8) brings the first hint; the data set is locked.
        assert.equal(await page.isDisabled('#set-dataset'), true, 'a step locks what it is about');
        assert.equal(await page.$$eval('.lesson-hints li', (li) => li.length), 0);
        assert.equal(await page.textContent('.lesson-goal'), '', 'no "Not yet" before anything was tried');
        await page.click('#play');
        await page.waitForFunction(() => window.flatline.done && document.querySelectorAll('.lesson-hints li').length === 1);
        assert.equal(await page.textContent('.lesson-goal'), 'Not yet: the run ended without it.');
      }
      // A live key (the rate, the batch) changes the run in place; any other starts a new one.
      for (const [key, value] of Object.entries(step.walk.set ?? {})) {
        await setControl(page, key, value);
        await page.waitForFunction(([k, v]) => window.flatline.config[k] === v, [key, value]);
      }
      await page.waitForTimeout(400); // a restart waits 350 ms for more changes
      if (step.walk.experiment) {
        const ended = await page.evaluate(() => window.flatline.experimentsEnded());
        await page.click(`button[data-experiment="${step.walk.experiment}"]`);
        await page.waitForFunction((e) => window.flatline.experimentsEnded() > e, ended, { timeout: 60000 });
      }
      if (step.walk.apply) {
        const runs = await page.evaluate(() => window.flatline.runs);
        await page.click('#exp-apply');
        await page.waitForFunction((r) => window.flatline.runs > r, runs);
      }
      if (step.walk.play) {
        await page.waitForTimeout(50);
        if (await page.isEnabled('#play') && !(await page.evaluate(() => window.flatline.done))) await page.click('#play');
        await page.waitForFunction(() => window.flatline.done, null, { timeout: 60000 });
      }
      await page.waitForFunction(() => !document.querySelector('.lesson-next').disabled, null, { timeout: 60000 })
        .catch(() => assert.fail(`${name} step ${i + 1}: the goal is not met after its task`));
      assert.equal(await page.isVisible('.lesson-hint'), false, `${name} step ${i + 1}: no hint offered once the step is done`);
      if (step.predict) {
        const verdict = await page.textContent('.lesson-verdict');
        assert.match(verdict, /^(Right\.|Not this time: the run says (yes|no)\.) \S/, `${name} step ${i + 1}: ${verdict}`);
        if (name === 'example-1' && i === 0) {
          assert.match(verdict, /^Not this time: the run says no\. The lowest validation loss was 1\.\d{3}, against 1\.09\d for guessing by the class shares\.$/);
        }
      }
      await page.click('.lesson-next');
    }
    await page.waitForFunction((n) => /Your turn/.test(document.getElementById('lesson-card').textContent) &&
      JSON.parse(localStorage.getItem('flatline.lessons'))[n].done, name);
    assert.equal(await page.isDisabled('#set-dataset'), false, 'the sandbox unlocks everything');
  }
  // Leave, and come back from the lesson list: it resumes where the learner was.
  await page.click('.lesson-leave');
  await page.waitForFunction(() => !window.location.hash.includes('lesson=') && document.getElementById('lesson-card').hidden);
  await page.selectOption('#preset', 'lesson:example-2');
  await page.waitForFunction(() => window.location.hash.startsWith('#lesson=example-2&step=5'));
  assert.deepEqual(problems, []);
  await page.close();
});

test('export: the curves as CSV with the CLI\'s numbers, the run as JSON, the charts as PNG, the link', async () => {
  const { page, problems } = await open('#preset=example-1-learnable&seed=3&epochs=8');
  await playToEnd(page);
  const download = async (button) => {
    await page.click('.export-menu summary');
    const [file] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
    return readFileSync(await file.path());
  };
  const csv = (await download('#export-csv')).toString('utf8').trim().split('\r\n').map((l) => l.split(','));
  const theirs = cli(['--preset', 'example-1-learnable', '--seed', '3', '--epochs', '8']);
  const columns = csv[0];
  assert.deepEqual(columns, ['epoch', 'chance_acc', 'chance_loss', 'dead_frac', 'empty_classes', 'grad_norm', 'grad_ratio',
    'input_max', 'input_mean', 'input_rms', 'train_acc', 'train_loss', 'update_ratio', 'val_acc', 'val_loss', 'val_loss_sd']);
  assert.equal(csv.length - 1, theirs.length);
  csv.slice(1).forEach((row, i) => columns.forEach((c, j) => assert.equal(row[j], String(theirs[i][c]), `epoch ${i + 1} ${c}`)));
  const record = JSON.parse((await download('#export-json')).toString('utf8'));
  assert.equal(record.flatline, 1);
  assert.equal(record.config.seed, 3);
  assert.equal(record.history.length, 9);
  assert.equal(record.history[8].val_loss, theirs[7].val_loss);
  const png = await download('#export-png');
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.click('.export-menu summary');
  await page.click('#export-link');
  await page.waitForFunction(() => /^Copied the link: http/.test(document.getElementById('export-status').textContent));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await page.evaluate(() => window.location.href));
  assert.deepEqual(problems, []);
  await page.close();
});

test('served from a sub-folder (/posts/lab/), the lab loads, trains, runs an experiment and opens a lesson', async () => {
  // A host that serves the site under /posts/lab/ and nothing at its root.
  const proxy = createServer(async (req, res) => {
    if (!req.url.startsWith('/posts/lab/')) {
      res.writeHead(404).end();
      return;
    }
    const r = await fetch(base + req.url.slice('/posts/lab/'.length));
    res.writeHead(r.status, Object.fromEntries([...r.headers].filter(([k]) => k !== 'content-encoding' && k !== 'content-length')));
    res.end(Buffer.from(await r.arrayBuffer()));
  });
  await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`); });
  await page.goto(`http://127.0.0.1:${proxy.address().port}/posts/lab/#preset=example-1&epochs=5`);
  await page.waitForFunction(() => window.flatline?.history().length > 0);
  await playToEnd(page);
  assert.equal((await history(page)).length, 6);
  const ended = await page.evaluate(() => window.flatline.experimentsEnded());
  await page.click('button[data-experiment="lr-range"]');
  await page.waitForFunction((e) => window.flatline.experimentsEnded() > e, ended);
  assert.ok(await page.evaluate(() => window.flatline.experiment().suggested_lr > 0));
  await page.selectOption('#preset', 'lesson:memorize');
  await page.waitForFunction(() => /Random labels: memorizing/.test(document.getElementById('lesson-card').textContent));
  assert.deepEqual(problems, []);
  await page.close();
  proxy.close();
});

test('the offline file trains from file:// with the network off: the CLI\'s losses, an experiment, a lesson', async () => {
  const context = await browser.newContext({ offline: true });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('request', (r) => { if (!/^(file|data|blob):/.test(r.url())) problems.push(`request: ${r.url()}`); });
  await page.goto(`file://${join(DIST, 'flatline-offline.html')}#preset=example-1&seed=4&epochs=5`);
  await page.waitForFunction(() => window.flatline?.history().length > 0);
  await playToEnd(page);
  const ours = (await history(page)).slice(1).map((r) => r.val_loss);
  assert.deepEqual(ours, cli(['--preset', 'example-1', '--seed', '4', '--epochs', '5']).map((r) => r.val_loss));
  await page.click('button[data-experiment="lr-range"]');
  await page.waitForFunction(() => window.flatline.experimentsEnded() > 0);
  assert.ok(await page.evaluate(() => window.flatline.experiment()?.suggested_lr > 0));
  await page.selectOption('#preset', 'lesson:memorize');
  await page.waitForFunction(() => /Random labels: memorizing/.test(document.getElementById('lesson-card').textContent));
  // The Keras reader and the CSV reader work offline too.
  await page.fill('#keras-code', POST_BLOCKS[2]);
  await page.click('#keras-read');
  await page.waitForFunction(() => window.flatline.config.input_scale === 100);
  await page.fill('#data-paste', markedCsv(40));
  await page.click('#data-use');
  await page.waitForFunction(() => window.flatline.config.dataset === 'csv');
  assert.deepEqual(problems, []);
  await context.close();
});

test('"Embed this": a snippet for the settings and choices, a live preview at column width, copied; no axe violation', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 }, colorScheme });
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const page = await context.newPage();
    await page.goto(`${base}#preset=example-2&width=16`);
    await page.waitForFunction(() => window.flatline?.history().length > 0);
    await page.click('#embed-open');
    await page.waitForSelector('#embed-dialog[open]');
    await page.uncheck('#embed-controls-width');
    await page.uncheck('#embed-controls-input_scale');
    await page.check('#embed-charts-health');
    await page.selectOption('#embed-autoplay', 'click');
    await page.fill('#embed-stop', '12');
    let code = await page.inputValue('#embed-code');
    assert.match(code, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?embed#preset=example-2&amp;width=16&amp;controls=lr,batch&amp;charts=loss,health&amp;autoplay=click&amp;stop=12"/);
    assert.match(code, /sandbox="allow-scripts allow-same-origin"/);
    // The preview is that embed, at a column's width, showing only what was chosen.
    const src = code.match(/src="([^"]+)"/)[1].replace(/&amp;/g, '&');
    await page.waitForFunction((s) => document.querySelector('.embed-preview').src === s, src);
    const preview = await (await page.$('.embed-preview')).contentFrame();
    await preview.waitForFunction(() => window.flatline?.history().length > 0 && window.flatline.config.epochs === 12 &&
      [...document.querySelectorAll('.setting [name]')].filter((e) => e.offsetParent).map((e) => e.name).join() === 'lr,batch');
    assert.equal(await preview.isVisible('[data-chart="health"]'), true);
    assert.ok((await page.$eval('.embed-preview', (f) => f.getBoundingClientRect().width)) <= 640);
    // The snippet's height is the preview's content, measured: the frame shows it all, with no gap.
    await page.waitForFunction(() => /^Height \d+ px/.test(document.getElementById('embed-height').textContent));
    const written = Number((await page.inputValue('#embed-code')).match(/height="(\d+)"/)[1]);
    const content = await preview.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
    assert.equal(written, content);
    assert.equal(await page.$eval('.embed-preview', (f) => f.clientHeight), content);
    assert.ok(await preview.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight));
    // Another chart makes it taller, and the snippet says so.
    await page.check('#embed-charts-accuracy');
    await page.waitForFunction((h) => Number(document.getElementById('embed-code').value.match(/height="(\d+)"/)[1]) > h + 100, written);
    code = await page.inputValue('#embed-code');
    await page.click('text=Copy the snippet');
    await page.waitForFunction(() => document.querySelector('.embed-status').textContent === 'Copied.');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), code);
    await page.addScriptTag({ path: join(ROOT, 'node_modules', 'axe-core', 'axe.min.js') });
    const { violations } = await page.evaluate(() => window.axe.run(document.getElementById('embed-dialog'), { resultTypes: ['violations'] }));
    assert.deepEqual(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], colorScheme);
    if (colorScheme === 'light') await page.screenshot({ path: join(OUT, 'embed-dialog.png') });
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.getElementById('embed-dialog').open);
    await context.close();
  }
});

test('Step trains one epoch; Pause stops; Reset starts over; an edited hash starts a new run', async () => {
  const { page, problems } = await open('#preset=example-1');
  await page.click('#step');
  await page.waitForFunction(() => window.flatline.history().length === 2 && !window.flatline.playing);
  await page.waitForTimeout(300);
  assert.equal((await history(page)).length, 2, 'one epoch, then it waits');
  await page.selectOption('#speed', '3');
  await page.click('#play');
  await page.waitForFunction(() => window.flatline.history().length >= 4);
  await page.click('#pause');
  await page.waitForFunction(() => !window.flatline.playing);
  const paused = (await history(page)).length;
  assert.ok(paused < 10, `3 epochs/s, paused at ${paused} records: the speed limit holds`);
  await page.waitForTimeout(800);
  assert.ok((await history(page)).length <= paused + 1, 'paused stays paused');
  await page.click('#reset');
  await page.waitForFunction(() => window.flatline.history().length === 1);
  assert.equal(await page.evaluate(() => window.flatline.previousRun()), 0);
  await page.evaluate(() => { window.location.hash = '#preset=spiral&width=2'; });
  await page.waitForFunction(() => window.flatline.config.dataset === 'spiral' && window.flatline.config.width === 2);
  assert.equal(await page.inputValue('#set-dataset'), 'spiral');
  await page.waitForSelector('#map-figure', { state: 'visible' }); // the decision map shows for 2-D data once the run has started
  assert.deepEqual(problems, []);
  await page.close();
});

test('the decision map: axes, a class legend, validation rings on request; engineered inputs make circles linear', async () => {
  const { page, problems } = await open('#preset=features');
  assert.equal(await page.isDisabled('#set-x1_sq'), false, 'engineered inputs apply to a 2-D set');
  assert.deepEqual(await page.$$eval('#map-legend li', (li) => li.map((l) => l.textContent)), ['class 0', 'class 1']);
  await playToEnd(page);
  const flat = (await history(page)).at(-1);
  assert.ok(flat.val_acc < 0.75, `no hidden layer on circles: val_acc ${flat.val_acc}`);
  const map = () => page.evaluate(() => document.getElementById('map').toDataURL());
  await page.waitForTimeout(300); // the last grid arrives after the last record
  const trainOnly = await map();
  await page.check('#map-val');
  await page.waitForFunction((before) => document.getElementById('map').toDataURL() !== before, trainOnly);
  await page.uncheck('#map-val');
  await page.waitForFunction((before) => document.getElementById('map').toDataURL() === before, trainOnly);
  // Turn on x1^2 and x2^2: a new run whose network takes 4 inputs, and separates the rings.
  await page.check('#set-x1_sq');
  await page.check('#set-x2_sq');
  await page.waitForFunction(() => window.flatline.config.x2_sq === 1 && window.flatline.runs >= 2 &&
    /^Network: 4 inputs/.test(window.flatline.networkSummary()));
  assert.match(await page.evaluate(() => window.location.hash), /x1_sq=1&x2_sq=1/);
  // The finished run's successor plays on its own.
  await page.waitForFunction(() => window.flatline.done && window.flatline.history().length === 31, null, { timeout: 60000 });
  const fed = (await history(page)).at(-1);
  assert.ok(fed.val_acc > 0.95, `with x1^2 and x2^2: val_acc ${fed.val_acc}`);
  await page.evaluate(() => { window.location.hash = '#preset=example-1'; });
  await page.waitForFunction(() => window.flatline.config.dataset === 'random');
  assert.equal(await page.isDisabled('#set-x1_sq'), true, 'the 10-D sets have no engineered inputs');
  assert.equal(await page.isVisible('#map-figure'), false);
  assert.deepEqual(problems, []);
  await page.close();
});

test('at the heaviest settings the controls allow, the page still answers', async () => {
  // Evaluating the untrained net alone takes a minute here, so no record is awaited.
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(`${base}#dataset=spiral&depth=6&width=1024&n_train=100000&batch=1`);
  await page.waitForFunction(() => window.flatline?.config?.width === 1024);
  await page.click('#play');
  await page.waitForTimeout(1500);
  // The main thread never trains: a click is handled and frames keep coming.
  const t0 = Date.now();
  await page.click('#pause');
  await page.waitForFunction(() => !window.flatline.playing, null, { timeout: 60000 });
  const frames = await page.evaluate(() => new Promise((resolve) => {
    let n = 0;
    const t = performance.now();
    const f = () => (performance.now() - t < 500 ? (n++, requestAnimationFrame(f)) : resolve(n));
    requestAnimationFrame(f);
  }));
  assert.ok(Date.now() - t0 < 10000);
  assert.ok(frames > 5, `${frames} frames in 500 ms`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('no accessibility violations (axe-core), light and dark: the lab, notices on a phone, a lesson, the embed', async () => {
  const states = [['#preset=spiral', { width: 1280, height: 800 }], ['#lr=50&width=0', { width: 390, height: 844 }],
    ['#lesson=example-2&step=1', { width: 1280, height: 800 }], ['?embed#preset=example-1&charts=loss,accuracy', { width: 600, height: 520 }]];
  for (const colorScheme of ['light', 'dark']) for (const [hash, viewport] of states) {
    // axe is injected as a script, which the page's CSP would refuse: this context bypasses it.
    const context = await browser.newContext({ bypassCSP: true, viewport, colorScheme });
    const page = await context.newPage();
    await page.goto(`${base}${hash}`);
    await page.waitForFunction(() => window.flatline?.history().length > 0);
    if (hash.includes('lesson')) await page.waitForSelector('.lesson-next');
    // After an epoch, with the doctor's findings on screen (their headings count);
    // the embed plays by itself.
    if (!hash.includes('embed')) await page.click('#step');
    await page.waitForFunction(() => window.flatline.history().length >= 2);
    await page.waitForFunction(() => document.querySelector('.finding:not(.empty)'), null, { timeout: 60000 }).catch(() => {});
    await page.addScriptTag({ path: join(ROOT, 'node_modules', 'axe-core', 'axe.min.js') });
    const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    assert.deepEqual(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], `${colorScheme} ${hash}`);
    await context.close();
  }
});

// --- issue 20: the lab on one screen ---------------------------------------------

/** Which of these elements are not wholly inside the viewport (a zero-size one counts as out). */
const outOfView = (page, selectors) => page.evaluate((list) => list.filter((sel) => {
  const e = document.querySelector(sel);
  const r = e?.getBoundingClientRect();
  return !r || r.width === 0 || r.height === 0 || r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth;
}), selectors);

const KNOBS = ['#set-lr', '#set-batch', '#set-width', '#set-input_scale'];
const ONE_SCREEN = ['#play', ...KNOBS, '#loss-chart', '#findings > li:first-child .finding-title',
  '#findings > li:first-child .try-fix', '#network', '#map'];

test('one screen at 1280x800: knobs, Play, loss chart, the first finding and its fix, network and map in view; the rest in its column', async () => {
  const { page, problems } = await open('#preset=spiral&lr=0.3&epochs=30');
  await playToEnd(page);
  await page.waitForFunction(() => document.querySelector('#findings > li:first-child .try-fix:not([hidden])'), null, { timeout: 60000 });
  assert.deepEqual(await outOfView(page, ONE_SCREEN), []);
  assert.equal(await page.evaluate(() => document.documentElement.scrollHeight), 800, 'the page itself does not scroll');
  // Everything else is reached inside the settings column, and the view stays.
  for (const [jump, target] of [['exp-heading', '#exp-buttons button'], ['bring-heading', '#keras-code'], ['settings-title', '#set-dataset']]) {
    await page.click(`[data-jump="${jump}"]`);
    await page.waitForFunction((sel) => {
      const r = document.querySelector(sel).getBoundingClientRect();
      return r.top >= 0 && r.bottom <= innerHeight;
    }, target);
    assert.deepEqual(await outOfView(page, ONE_SCREEN), [], `after the jump to ${jump}`);
  }
  assert.equal(await page.evaluate(() => window.location.hash.includes('heading')), false, 'a jump leaves the hash alone');
  // At 1440x900 too.
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.waitForFunction((n) => document.documentElement.scrollHeight === n, 900);
  assert.deepEqual(await outOfView(page, ONE_SCREEN), []);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a lesson: its card beside the chart, the prediction before the words, what the step names outlined and in view; the first screen names the lessons', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(base); // a first visit: the intro offers the lessons by name
  await page.waitForFunction(() => document.querySelectorAll('#intro-lessons button').length >= 7);
  const offered = await page.$$eval('#intro-lessons button', (bs) => bs.map((b) => b.textContent));
  assert.ok(offered.includes('Example 2: rate too high?'), offered.join(' | '));
  assert.deepEqual(await outOfView(page, ['#intro-lessons button']), []);
  await page.click('#intro-lessons button:text-is("Example 2: rate too high?")');
  await page.waitForFunction(() => /Step 1 of/.test(document.getElementById('lesson-card')?.textContent ?? ''));
  assert.equal(await page.isHidden('#intro'), true, 'choosing a lesson folds the intro');
  const order = await page.$eval('#lesson-card', (c) => [...c.children].map((e) => e.className || e.tagName));
  assert.ok(order.indexOf('lesson-predict') < order.indexOf('lesson-text'), order.join(' '));
  // The card, the chart, the four knobs and what the step names (health chart, network) are in view together.
  await page.waitForFunction(() => document.querySelectorAll('.lesson-named').length === 2);
  assert.deepEqual(await outOfView(page, ['#loss-chart', '#play', ...KNOBS, '#lesson-card .lesson-predict', '#lesson-card .lesson-task',
    '[data-chart="health"] canvas', '#network']), []);
  // Every place a step may name is on the page.
  const missing = await page.evaluate((places) => places.filter((name) =>
    !document.querySelector(`[data-chart="${name}"], [data-place="${name}"]`)), SHOW_PLACES);
  assert.deepEqual(missing, []);
  // Leaving the lesson takes the outlines away.
  await page.click('.lesson-leave');
  await page.waitForFunction(() => document.querySelectorAll('.lesson-named').length === 0);
  await page.close();
});

test('the diagram adds and removes units and layers: each +/- starts the network it names, within the core\'s bounds', async () => {
  const { page, problems } = await open('#preset=spiral&epochs=3');
  const summary = (text) => page.waitForFunction((t) => document.getElementById('network-summary').textContent.includes(t), text);
  await summary('2 hidden layers (32, 32)');
  await page.click('[aria-label="One unit more in layer 1 (32)"]');
  await summary('2 hidden layers (33, 32)');
  assert.match(await page.evaluate(() => decodeURIComponent(window.location.hash)), /widths=33,32/);
  await page.click('[aria-label="Add a hidden layer"]');
  await summary('3 hidden layers (33, 32, 32)');
  await page.click('[aria-label="One unit fewer in layer 3 (32)"]');
  await summary('3 hidden layers (33, 32, 31)');
  for (const n of [3, 2, 1]) await page.click(`[aria-label="Remove hidden layer ${n}"]`).then(() => summary(n > 1 ? `${n - 1} hidden layer` : 'no hidden layer'));
  assert.equal(await page.isDisabled('[aria-label="Remove hidden layer 0"], #network-layers button:first-child'), true);
  // Each column's pair sits over its column, inside the diagram's box.
  await page.click('[aria-label="Add a hidden layer"]');
  await summary('1 hidden layer (8)');
  const inside = await page.evaluate(() => {
    const box = document.querySelector('.network-box').getBoundingClientRect();
    return [...document.querySelectorAll('#network-edit button')].every((b) => {
      const r = b.getBoundingClientRect();
      return r.left >= box.left && r.right <= box.right && r.top >= box.top;
    });
  });
  assert.ok(inside);
  assert.deepEqual(problems, []);
  await page.close();
});

test('on a phone the loss chart and the four knobs share the first screen, and the chart stays while a knob moves', async () => {
  const { page, problems } = await open('#preset=example-1', { width: 390, height: 844 }, { touch: true });
  assert.deepEqual(await outOfView(page, ['#loss-chart', '#play', ...KNOBS]), []);
  await page.focus('#set-width');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => /width=/.test(window.location.hash));
  assert.deepEqual(await outOfView(page, ['#loss-chart', ...KNOBS]), []);
  assert.deepEqual(problems, []);
  await page.close();
});

test('screenshots at 1280x800 and 390x844; nothing overflows from 360 px up', async () => {
  const sizes = [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }],
    ['narrow', { width: 360, height: 740 }]];
  for (const [name, viewport] of sizes) {
    const { page, problems } = await open('#preset=spiral', viewport);
    await playToEnd(page);
    await page.waitForTimeout(200);
    const path = join(OUT, `lab-${name}.png`);
    await page.screenshot({ path });
    // Nothing wider than the viewport.
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= viewport.width, `${name}: page is ${width}px wide`);
    assert.deepEqual(problems, []);
    console.log(`screenshot: ${path}`);
    await page.close();
  }
});

// --- issue 11: your code and your data -------------------------------------------

const POST_BLOCKS = [...readFileSync(join(ROOT, 'tests', 'fixtures', 'seed-post-blocks.md'), 'utf8').matchAll(/```python\n([\s\S]*?)```/g)].map((m) => m[1]);

test('Keras code pasted in the box trains: the post\'s example 2 exactly; unread lines listed by number', async () => {
  const { page, problems } = await open('');
  await page.fill('#keras-code', POST_BLOCKS[1]);
  await page.click('#keras-read');
  await page.waitForFunction(() => window.flatline.config.lr === 0.1 && window.flatline.history().length > 0);
  // The code box is far below the chart: the page goes up to the run it started.
  await page.waitForFunction(() => {
    const r = document.querySelector('[data-chart="loss"]').getBoundingClientRect();
    return r.top >= -2 && r.bottom <= window.innerHeight + 2;
  });
  const config = await page.evaluate(() => window.flatline.config);
  assert.deepEqual([config.dataset, config.depth, config.width, config.lr, config.batch, config.epochs, config.input_scale],
    ['random', 2, 32, 0.1, 32, 20, 1]);
  assert.match(await page.textContent('#keras-result'), /^Read: optimizer adam, lr 0\.1, dataset random/);
  await page.fill('#keras-code', 'model = keras.Sequential([\n  layers.Dense(16, activation="tanh", input_shape=(10,)),\n  layers.Dropout(0.2),\n  layers.Dense(3, activation="softmax")])\nmodel.fit(x, y, epochs=5, validation_split=0.1)\n');
  await page.click('#keras-read');
  await page.waitForFunction(() => window.flatline.config.activation === 'tanh');
  const items = await page.$$eval('#keras-result li', (li) => li.map((x) => x.textContent));
  assert.deepEqual(items, [], 'Dropout is read: no line is left over');
  assert.equal((await page.evaluate(() => window.flatline.config)).dropout, '0.2');
  assert.match(await page.textContent('#keras-result'), /No data lines were read/);
  assert.match(await page.textContent('#keras-result'), /validation_split 0\.1 holds out a share of your CSV's rows; the lab's own data has its own validation rows\./);
  assert.equal((await page.evaluate(() => window.flatline.config)).epochs, 5);
  // The functional API is not read: the page says so and trains nothing in its place.
  const runs = await page.evaluate(() => window.flatline.runs);
  await page.fill('#keras-code', 'inputs = keras.Input(shape=(10,))\nx = layers.Dense(64, activation="relu")(inputs)\nmodel = keras.Model(inputs, x)\nmodel.compile(optimizer=Adam(learning_rate=0.05))\n');
  await page.click('#keras-read');
  await page.waitForFunction(() => /^Not trained: no model read/.test(document.getElementById('keras-result').textContent));
  assert.equal(await page.evaluate(() => window.flatline.runs), runs, 'no new run');
  // A layer the lab lacks: the rest would not be the snippet's training, so nothing trains, and the page says why.
  await page.fill('#keras-code', 'model = keras.Sequential([layers.Dense(16, activation="relu", input_shape=(10,)), layers.LayerNormalization(), layers.Dense(3, activation="softmax")])\n');
  await page.click('#keras-read');
  await page.waitForFunction(() => /^Not trained as written: a line changes the training in ways the lab does not read \(line 1: LayerNormalization is not a layer Flatline has/
    .test(document.getElementById('keras-result').textContent));
  assert.equal(await page.evaluate(() => window.flatline.runs), runs, 'no new run');
  assert.equal((await page.evaluate(() => window.flatline.config)).lr !== 0.05, true);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a pasted binary model that cannot learn: the doctor names the mismatch, and the code comes back with the fix as a diff', async () => {
  const { page, problems } = await open('');
  await page.fill('#keras-code', ['X = np.random.rand(500, 2)', 'y = np.random.randint(0, 2, 500)',
    'model = Sequential()', "model.add(Dense(16, activation='relu', input_dim=2))", "model.add(Dense(1, activation='softmax'))",
    "model.compile(optimizer='adam', loss='binary_crossentropy')", 'model.fit(X, y, epochs=3, batch_size=32)'].join('\n'));
  await page.click('#keras-read');
  await page.waitForFunction(() => window.flatline.config.loss === 'binary_crossentropy' && window.flatline.config.output === 'softmax');
  await page.waitForFunction(() => window.flatline.done && document.querySelector('#findings')?.textContent.includes('The output and the loss do not fit each other'),
    null, { timeout: 120000 });
  await page.click('text=Your code with the doctor\'s fix');
  await page.waitForSelector('.code-fix pre.diff');
  const diff = await page.textContent('.code-fix pre.diff');
  assert.match(diff, /^-model\.add\(Dense\(1, activation='softmax'\)\)$/m);
  assert.match(diff, /^\+model\.add\(Dense\(1, activation='sigmoid'\)\)$/m);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a CSV as people have them: missing cells refused with the way out, then dropped; class names and the label column said', async () => {
  const { page, problems } = await open('');
  const rows = ['petal;width;species', ...Array.from({ length: 40 }, (_, k) =>
    `${k % 7 ? (1 + (k % 5) * 0.5).toFixed(1).replace('.', ',') : 'NA'};${(k % 3) + 0.5};${['setosa', 'virginica'][k % 2]}`)];
  await page.fill('#data-paste', rows.join('\n'));
  await page.click('#data-use');
  await page.waitForFunction(() => !document.getElementById('data-error').hidden);
  assert.match(await page.textContent('#data-error'),
    /^data: 6 rows have an empty or NA cell \(the first: line 2, column 1\); fill them in, or drop those rows \(tick "Drop rows with empty or NA cells" and train again\)\. Nothing was loaded\.$/);
  await page.check('#data-drop');
  await page.click('#data-use');
  await page.waitForFunction(() => /6 rows with an empty or NA cell were dropped/.test(document.getElementById('data-status').textContent));
  const status = await page.textContent('#data-status');
  assert.match(status, /34 rows of 2 features and 2 classes/);
  assert.match(status, /Columns are split at semicolons, and a decimal comma is read as a point/);
  assert.match(status, /The label is column 3, named "species"\. Classes by name, in sorted order: 0 = setosa, 1 = virginica\./);
  await page.waitForFunction(() => window.flatline.config.dataset === 'csv' && window.flatline.config.classes === 2);
  // The label given by name: the words column is then a feature, which is no number: refused, the data kept.
  await page.fill('#data-label', 'width');
  await page.click('#data-use');
  await page.waitForFunction(() => /line 3, column 3: 'virginica' is not a number \(only the label column may hold words\)\. The lab keeps training on pasted rows/.test(document.getElementById('data-error').textContent));
  assert.deepEqual(problems, []);
  await page.close();
});

// A CSV whose label a line draws, with values that mark it in any request.
function markedCsv(rows = 300) {
  const lines = ['a,b,c,label'];
  for (let k = 0; k < rows; k++) {
    const x = [Math.sin(k * 1.3) * 4.12345, Math.cos(k * 0.7) * 4.12345, ((k * 37) % 101) / 50 - 1];
    lines.push(`${x.map((v) => v.toFixed(5)).join(',')},${x[0] + x[1] > 0 ? 1 : 0}`);
  }
  return `${lines.join('\n')}\n`;
}

test('your CSV: uploaded, trained to the CLI\'s numbers, never sent anywhere; a bad paste keeps it; kept across reloads only if asked', async () => {
  const text = markedCsv();
  const file = join(OUT, 'your-data.csv');
  writeFileSync(file, text);
  const { page, problems } = await open('');
  const sent = [];
  page.on('request', (r) => sent.push(`${r.method()} ${r.url()} ${r.postData() ?? ''}`));
  await page.setInputFiles('#data-file', file);
  await page.waitForFunction(() => window.flatline.config.dataset === 'csv' && window.flatline.history().length > 0);
  assert.match(await page.textContent('#data-status'), /your-data\.csv: 300 rows of 3 features and 2 classes \(a header row skipped\)\. The label is column 4, named "label"\. The seed splits them 240 to train, 60 to validate/);
  await playToEnd(page);
  const lab = cli(['--data', file]);
  const h = (await history(page)).slice(1);
  assert.equal(h.length, lab.length);
  h.forEach((r, i) => assert.equal(r.val_loss, lab[i].val_loss, `epoch ${i + 1}`));
  // Another validation share: the core splits anew, and the words follow.
  await page.focus('#set-val_share');
  await page.keyboard.press('ArrowRight'); // 0.2 → 0.25
  await page.waitForFunction(() => window.flatline.config.n_val === 75, null, { timeout: 60000 });
  assert.match(await page.textContent('#data-status'), /The seed splits them 225 to train, 75 to validate/);
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => window.flatline.config.n_val === 60);
  await playToEnd(page);
  // The experiments run on it too.
  await page.click('button[data-experiment="zero-inputs"]');
  await page.waitForFunction(() => window.flatline.experiment()?.experiment === 'zero-inputs', null, { timeout: 60000 });
  assert.equal((await page.evaluate(() => window.flatline.experiment())).config.dataset, 'csv');
  // Pasted code without data lines trains on the rows loaded, and says where they differ.
  await page.fill('#keras-code', 'model = keras.Sequential([layers.Dense(16, activation="tanh", input_shape=(10,)), layers.Dense(3, activation="softmax")])\n');
  await page.click('#keras-read');
  await page.waitForFunction(() => window.flatline.config.activation === 'tanh' && window.flatline.config.dataset === 'csv');
  const said = await page.textContent('#keras-result');
  assert.match(said, /No data lines were read, so it trains on your data \(your-data\.csv\)\./);
  assert.match(said, /The code has 10 inputs and your data 3: the lab uses your data's 3\.The code has 3 classes and your data 2: the lab uses your data's 2\./);
  assert.deepEqual(await page.evaluate(() => [window.flatline.config.features, window.flatline.config.classes, window.flatline.config.width]), [3, 2, 16]);
  // A bad paste names its line and column; the data and its run stay.
  await page.fill('#data-paste', `${text.split('\n').slice(0, 30).join('\n')}\n1,2,x,0\n`);
  await page.click('#data-use');
  await page.waitForFunction(() => !document.getElementById('data-error').hidden);
  assert.equal(await page.textContent('#data-error'), "data: line 31, column 3: 'x' is not a number (only the label column may hold words). The lab keeps training on your-data.csv.");
  assert.equal((await page.evaluate(() => window.flatline.config)).n_train, 240);
  assert.ok(!sent.some((s) => s.includes('4.12') || s.startsWith('POST')), `no request carries the data:\n${sent.join('\n')}`);
  assert.ok(!(await page.evaluate(() => window.location.href)).includes('4.12'));
  // Not kept unless asked: a reload falls back to random labels, and says so.
  await page.reload();
  await page.waitForFunction(() => window.flatline?.history().length > 0);
  assert.equal((await page.evaluate(() => window.flatline.config)).dataset, 'random');
  assert.match(await page.textContent('#notices'), /your own data is not loaded/);
  // Asked: it comes back with the page.
  await page.setInputFiles('#data-file', file);
  await page.waitForFunction(() => window.flatline.config.dataset === 'csv');
  await page.check('#data-keep');
  assert.match(await page.textContent('#data-keep-note'), /Kept in this browser only/);
  await page.reload();
  await page.waitForFunction(() => window.flatline?.history().length > 0 && window.flatline.config.dataset === 'csv');
  assert.equal((await page.evaluate(() => window.flatline.config)).n_val, 60);
  await page.uncheck('#data-keep');
  assert.equal(await page.evaluate(() => localStorage.getItem('flatline-data')), null);
  await page.screenshot({ path: join(OUT, 'your-data.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('Export: the Keras and PyTorch scripts, and an exact replica that PyTorch runs to the page\'s losses', async () => {
  const { page, problems } = await open('#dataset=linear&widths=12,6&epochs=6&optimizer=rmsprop&activation=tanh');
  await playToEnd(page);
  const layers = await page.evaluate(() => window.flatline.networkSummary());
  assert.match(layers, /12/);
  const download = async (button) => {
    await page.click('.export-menu summary');
    const [file] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
    return { name: file.suggestedFilename(), text: readFileSync(await file.path(), 'utf8') };
  };
  const keras = await download('#export-keras');
  assert.equal(keras.name, 'flatline_keras.py');
  assert.match(keras.text, /keras\.layers\.Dense\(12, activation="tanh"/);
  assert.match((await download('#export-pytorch')).text, /nn\.Linear\(12, 6\)/);
  await page.click('.export-menu summary');
  const files = [];
  page.on('download', (d) => files.push(d));
  await page.click('#export-exact');
  await page.waitForFunction(() => /Saved flatline_run\.json/.test(document.getElementById('export-status').textContent));
  await new Promise((r) => setTimeout(r, 500));
  const dir = join(OUT, 'exact-replica');
  mkdirSync(dir, { recursive: true });
  for (const f of files) await f.saveAs(join(dir, f.suggestedFilename()));
  assert.deepEqual(files.map((f) => f.suggestedFilename()).sort(), ['flatline_keras_exact.py', 'flatline_pytorch_exact.py', 'flatline_run.json']);
  const r = spawnSync('/usr/bin/python3', ['flatline_pytorch_exact.py'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const torch = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  const h = (await history(page)).slice(1);
  assert.equal(torch.length, h.length);
  torch.forEach((t, i) => assert.ok(Math.abs(t.val_loss - h[i].val_loss) < 1e-4 && Math.abs(t.train_loss - h[i].train_loss) < 1e-4, `epoch ${i + 1}`));
  assert.deepEqual(problems, []);
  await page.close();
});

test('Layer widths: 64,32 builds those layers; moving Width makes them equal again', async () => {
  const { page, problems } = await open('#preset=example-1-learnable');
  await page.fill('#set-widths', '24,6');
  await page.press('#set-widths', 'Enter');
  await page.waitForFunction(() => window.flatline.config.widths === '24,6' && window.flatline.config.depth === 2);
  await page.waitForFunction(() => /24/.test(window.flatline.networkSummary()));
  assert.equal(await page.textContent('output[for="set-width"]'), 'per layer');
  await page.fill('#set-widths', '5,nope');
  await page.press('#set-widths', 'Enter');
  await page.waitForFunction(() => /Layer widths: '5,nope' is not a list of whole numbers/.test(document.getElementById('notices').textContent));
  assert.equal((await page.evaluate(() => window.flatline.config)).widths, '24,6');
  await page.focus('#set-width');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => window.flatline.config.widths === '' && window.flatline.config.depth === 2);
  assert.deepEqual(problems, []);
  await page.close();
});

test('your rows of two features get the decision map and the engineered inputs', async () => {
  const rows = ['x1,x2,label'];
  for (let k = 0; k < 400; k++) {
    const x = Math.sin(k * 2.1) * 2;
    const y = Math.cos(k * 1.7) * 2;
    rows.push(`${x.toFixed(4)},${y.toFixed(4)},${x * x + y * y > 2 ? 1 : 0}`);
  }
  const { page, problems } = await open('');
  await page.fill('#data-paste', rows.join('\n'));
  await page.click('#data-use');
  await page.waitForFunction(() => window.flatline.config.dataset === 'csv' && !document.getElementById('map-figure').hidden);
  assert.equal(await page.isDisabled('#set-x1_sq'), false);
  // By keyboard: a click aims at coordinates, and the page below it may still move as the new run starts.
  for (const key of ['x1_sq', 'x2_sq']) {
    await page.focus(`#set-${key}`);
    await page.keyboard.press('Space');
    await page.waitForFunction((k) => window.flatline.config[k] === 1, key);
  }
  await page.waitForFunction(() => /^Network: 4 inputs/.test(window.flatline.networkSummary()));
  await playToEnd(page);
  assert.ok((await history(page)).at(-1).val_acc > 0.9);
  await page.locator('#map-figure').screenshot({ path: join(OUT, 'your-plane.png') });
  assert.deepEqual(problems, []);
  await page.close();
});
