// reliability.test.mjs: the page in Chromium under what users and hosts do
// to it: stored state of every wrong shape, hashes that change while the
// page loads, Play pressed while a failed worker is replaced, a host that
// floods the embed or talks before it is ready, kept data and who may use
// it, a refused file that must lose nothing, an experiment worker that dies
// without a word, and a seeded random walk over all of it. Every wait is for
// a state, never for a time.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';

import { chromium } from 'playwright-core';

import { serve } from '../../tools/serve.mjs';
import { DIST, rng, trainingWorker } from './helpers.mjs';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];
const LONG = { timeout: 120000 }; // a state can take long on a loaded machine; it is still a state
let browser;
let server;
let base;
let host;
let hostBase;

// A post on another origin of the same site (127.0.0.1, another port), framing the lab.
const hostPage = (src) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A post</title></head>
<body><iframe id="lab" src="${src}" title="Flatline" style="width:100%;height:600px;border:0"></iframe>
<script>
window.msgs = [];
addEventListener('message', (e) => { if (e.data && e.data.context === 'flatline') msgs.push(e.data); });
window.send = (method, value) => document.getElementById('lab').contentWindow.postMessage({ context: 'flatline', version: 1, method, value }, '*');
</script></body></html>`;

before(async () => {
  ({ server, url: base } = await serve(DIST, 0));
  host = createServer((req, res) => {
    const src = decodeURIComponent(new URL(req.url, 'http://x').searchParams.get('src') ?? '');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(hostPage(src));
  });
  await new Promise((resolve) => host.listen(0, '127.0.0.1', resolve));
  hostBase = `http://127.0.0.1:${host.address().port}/`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
});

after(async () => {
  await browser?.close();
  server?.close();
  host?.close();
});

/** A page whose errors are collected; init(page) runs before the page's own scripts. */
async function newPage(context, { viewport = { width: 1280, height: 800 } } = {}) {
  const page = await context.newPage({ viewport });
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  return { page, problems };
}

const ready = (page) => page.waitForFunction(() => window.flatline?.history().length > 0, null, LONG);
const history = (page) => page.evaluate(() => window.flatline.history());
const notices = (page) => page.textContent('#notices');

test('stored state of any shape is data: each is dropped with a notice naming it, and the page loads and trains', async () => {
  const cases = [
    ['flatline-data', '{}', /kept data stored in this browser could not be read/],
    ['flatline-data', '{"text": null, "name": "x.csv"}', /kept data .* could not be read \(it holds no file\)/],
    ['flatline-data', 'not json', /kept data .* \(it is not JSON\)/],
    ['flatline.lessons', '5', /lesson progress .* could not be read/],
    ['flatline.lessons', '"abc"', /lesson progress .* could not be read/],
    ['flatline.lessons', '{"example-1": {"step": "x", "done": false}}', /Part of the lesson progress/],
    ['flatline-intro-dismissed', '[[[', /introduction setting .* could not be read/],
  ];
  for (const [key, value, said] of cases) {
    const context = await browser.newContext();
    const { page, problems } = await newPage(context);
    await page.addInitScript(([k, v]) => { if (!sessionStorage.getItem('seeded')) { localStorage.setItem(k, v); sessionStorage.setItem('seeded', '1'); } }, [key, value]);
    await page.goto(`${base}#dataset=csv`);
    await ready(page);
    assert.match(await notices(page), said, `${key}=${value}`);
    assert.equal(await page.evaluate((k) => localStorage.getItem(k), key) === value, false, 'the bad value is gone');
    // The lessons open.
    await page.selectOption('#preset', 'lesson:example-1');
    await page.waitForFunction(() => !document.getElementById('lesson-card').hidden, null, LONG);
    assert.deepEqual(problems, [], `${key}=${value}`);
    await context.close();
  }
  // Storage whose every call throws: the page loads, and keeps things in memory.
  const context = await browser.newContext();
  const { page, problems } = await newPage(context);
  await page.addInitScript(() => {
    const fail = () => { throw new DOMException('blocked', 'SecurityError'); };
    Object.defineProperty(window, 'localStorage', { get: () => ({ getItem: fail, setItem: fail, removeItem: fail }) });
  });
  await page.goto(base);
  await ready(page);
  await page.selectOption('#preset', 'lesson:example-1');
  await page.waitForFunction(() => !document.getElementById('lesson-card').hidden, null, LONG);
  assert.deepEqual(problems, []);
  await context.close();
});

test('hashes that change while the page loads: no error, and the page ends on the last one', async () => {
  const context = await browser.newContext();
  const hashes = ['#preset=example-2', '#lr=0.01&width=8', '#preset=spiral&seed=3', '#lesson=example-3', '#dataset=xor&depth=2'];
  for (const gap of [0, 50, 120, 250, 400]) {
    const { page, problems } = await newPage(context);
    await page.goto(`${base}#preset=example-1`, { waitUntil: 'commit' });
    for (const h of hashes) {
      await page.evaluate((x) => { location.hash = x; }, h);
      if (gap) await page.waitForTimeout(gap); // the pace of a user's clicks, not a wait for a state
    }
    await page.waitForFunction(() => window.flatline?.config?.dataset === 'xor' && window.flatline.config.depth === 2 &&
      window.flatline.history().length > 0, null, LONG);
    assert.deepEqual(problems, [], `hashes ${gap} ms apart`);
    await page.close();
  }
  await context.close();
});

test('a hash changed while a lesson opens at load wins over the lesson, whenever its file arrives', async () => {
  // The lesson's file is held until the user has gone elsewhere: the page must
  // end where the user went, not where the lesson, arriving late, would write.
  const context = await browser.newContext();
  const { page, problems } = await newPage(context);
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  let asked;
  const requested = new Promise((resolve) => { asked = resolve; });
  await page.route('**/lessons/example-3.json', async (route) => {
    asked();
    await held;
    await route.continue();
  });
  await page.goto(`${base}#lesson=example-3`, { waitUntil: 'commit' });
  await requested;
  await page.evaluate(() => { location.hash = '#dataset=xor&depth=2'; });
  release();
  await page.waitForFunction(() => window.flatline?.config?.dataset === 'xor' && window.flatline.config.depth === 2 &&
    window.flatline.history().length > 0, null, LONG);
  assert.match(await page.evaluate(() => location.hash), /dataset=xor/);
  assert.equal(await page.evaluate(() => document.getElementById('lesson-card').hidden), true, 'no lesson open');
  assert.deepEqual(problems, []);
  await context.close();
});

test('Play and Step pressed while a failed worker is replaced are carried out, not dropped', async () => {
  const context = await browser.newContext();
  const { page, problems } = await newPage(context);
  await page.goto(`${base}#preset=example-1-learnable&seed=5`);
  await ready(page);
  await page.selectOption('#speed', 'Infinity');
  for (let round = 1; round <= 3; round++) {
    // The worker dies; Play is pressed at once, before the new worker has its core.
    await trainingWorker(page).evaluate(() => setTimeout(() => { throw new Error('boom'); }, 0));
    await page.waitForFunction((n) => window.flatline.workerFailures === n, round, LONG);
    await page.click('#play');
    await page.waitForFunction(() => window.flatline.done && window.flatline.history().length === 21, null, LONG);
    assert.equal(await page.evaluate(() => window.flatline.config.seed), 5);
  }
  // A worker that dies while playing comes back playing.
  await page.click('#reset');
  await page.selectOption('#speed', '1');
  await page.click('#play');
  await page.waitForFunction(() => window.flatline.playing && window.flatline.history().length > 1, null, LONG);
  await trainingWorker(page).evaluate(() => setTimeout(() => { throw new Error('boom'); }, 0));
  await page.waitForFunction(() => window.flatline.workerFailures === 4, null, LONG);
  await page.selectOption('#speed', 'Infinity');
  await page.waitForFunction(() => window.flatline.done && window.flatline.history().length === 21, null, LONG);
  assert.deepEqual(problems.filter((p) => !/boom/.test(p)), []);
  await context.close();
});

test('an embed heard only from its host: a flood of settings costs a frame each, get is answered, messages before ready wait', async () => {
  const context = await browser.newContext();
  const { page, problems } = await newPage(context);
  const src = `${base}?embed#preset=example-1-learnable&autoplay=off&controls=lr,batch`;
  await page.goto(`${hostBase}?src=${encodeURIComponent(src)}`, { waitUntil: 'commit' });
  // Before ready (the frame's script runs, no run exists yet): a setting and a
  // get wait, and are carried out once the run exists.
  const opening = await (await page.waitForSelector('#lab')).contentFrame();
  await opening.waitForFunction(() => window.flatline !== undefined, null, { ...LONG, polling: 5 });
  await page.evaluate(() => { window.send('set', { lr: 0.004 }); window.send('get'); });
  await page.waitForFunction(() => window.msgs.some((m) => m.event === 'get'), null, LONG);
  const early = await page.evaluate(() => window.msgs.find((m) => m.event === 'get').value);
  assert.equal(early.config.lr, 0.004, 'the setting sent before ready was applied before the get');
  const frame = await (await page.$('#lab')).contentFrame();
  // A page that is not the host (a popup the frame did not come from) is ignored.
  await frame.evaluate(() => window.postMessage({ context: 'flatline', version: 1, method: 'set', value: { lr: 0.5 } }, '*'));
  // The flood: 25,000 settings in bursts, then get, pause and reset.
  await page.evaluate(async () => {
    window.send('play');
    for (let burst = 0; burst < 50; burst++) {
      for (let i = 0; i < 500; i++) window.send('set', { lr: [0.001, 0.002, 0.003][i % 3] });
      await new Promise((r) => setTimeout(r, 20));
    }
    window.send('set', { lr: 0.002 });
    window.send('get');
  });
  await page.waitForFunction(() => window.msgs.filter((m) => m.event === 'get').length === 2, null, LONG);
  const got = await page.evaluate(() => window.msgs.filter((m) => m.event === 'get')[1].value);
  assert.equal(got.config.lr, 0.002, 'the value the flood settled on');
  assert.notEqual(await frame.evaluate(() => window.flatline.config.lr), 0.5, 'a message not from the host changed nothing');
  const markers = await frame.evaluate(() => window.flatline.markers());
  const epochs = await frame.evaluate(() => window.flatline.history().length);
  assert.ok(markers.length <= epochs, `${markers.length} markers over ${epochs} epochs: at most one per epoch and key`);
  // The frame still answers at once.
  await page.evaluate(() => { window.send('pause'); window.send('get'); });
  await page.waitForFunction(() => window.msgs.filter((m) => m.event === 'get').length === 3 &&
    window.msgs.filter((m) => m.event === 'get')[2].value.playing === false, null, LONG);
  assert.deepEqual(problems, []);
  await context.close();
});

// Kept rows of a file: a learnable CSV, as pasted.
const csvText = (n, offset = 0) => ['x1,x2,label', ...Array.from({ length: n }, (_, k) => {
  const a = Math.sin((k + offset) * 2.1);
  const b = Math.cos((k + offset) * 1.7);
  return `${a.toFixed(4)},${b.toFixed(4)},${a + b > 0 ? 1 : 0}`;
})].join('\n');

async function pasteCsv(page, text) {
  await page.evaluate((t) => {
    const box = document.getElementById('data-paste');
    box.value = t;
    document.getElementById('data-use').click();
  }, text);
}

test('kept data stays with its owner: an embed uses it only on a site the reader allowed; a refused file loses nothing', async () => {
  const context = await browser.newContext();
  const { page, problems } = await newPage(context);
  await page.goto(base);
  await ready(page);
  await pasteCsv(page, csvText(200));
  await page.waitForFunction(() => window.flatline.config.dataset === 'csv' && window.flatline.history().length > 0, null, LONG);
  await page.check('#data-keep');
  assert.match(await page.textContent('#data-keep-note'), /No embed may use it/);
  // A file the parser refuses (a row too many) replaces nothing: not the run, not the panel, not the kept copy.
  const kept = await page.evaluate(() => localStorage.getItem('flatline-data'));
  await pasteCsv(page, `${csvText(100001).replace(/\n/g, '\n')}`);
  await page.waitForSelector('#data-error:not([hidden])', LONG);
  assert.match(await page.textContent('#data-error'), /more rows than the limit of 100000.*The lab keeps training on pasted rows/);
  assert.equal(await page.evaluate(() => localStorage.getItem('flatline-data')), kept, 'the kept copy is the good file');
  assert.match(await page.textContent('#data-status'), /^pasted rows: 200 rows/);
  assert.equal(await page.evaluate(() => window.flatline.config.n_train + window.flatline.config.n_val), 200);
  // A live change still works on the run made from the rows held before.
  await page.evaluate(() => { location.hash = location.hash.replace(/lr=[^&]*/, '') + '&lr=0.01'; });
  await page.waitForFunction(() => window.flatline.config.lr === 0.01, null, LONG);

  // An embed on a site the reader did not allow: random labels, and it says why.
  const src = `${base}?embed#dataset=csv&autoplay=off`;
  const embed = await newPage(context);
  await embed.page.goto(`${hostBase}?src=${encodeURIComponent(src)}`);
  let frame = await (await embed.page.waitForSelector('#lab')).contentFrame();
  await frame.waitForFunction(() => window.flatline?.history().length > 0, null, LONG);
  assert.equal(await frame.evaluate(() => window.flatline.config.dataset), 'random');
  await embed.page.waitForFunction(() => window.msgs.some((m) => m.event === 'error' && /stays in the full lab/.test(m.value.message)), null, LONG);
  assert.equal(await embed.page.evaluate(() => window.msgs.some((m) => m.event === 'epoch' && m.value.n_train === 160)), false);
  await embed.page.close();

  // Allowed in the full lab: that site's embed trains on it.
  await page.fill('#data-hosts', hostBase);
  await page.dispatchEvent('#data-hosts', 'change');
  assert.match(await page.textContent('#data-keep-note'), new RegExp(`Embeds on ${hostBase.slice(0, -1)} may train on it`));
  const allowed = await newPage(context);
  await allowed.page.goto(`${hostBase}?src=${encodeURIComponent(src)}`);
  frame = await (await allowed.page.waitForSelector('#lab')).contentFrame();
  await frame.waitForFunction(() => window.flatline?.config?.dataset === 'csv' && window.flatline.history().length > 0, null, LONG);
  assert.equal(await frame.evaluate(() => window.flatline.config.n_train + window.flatline.config.n_val), 200);
  assert.deepEqual([...problems, ...embed.problems, ...allowed.problems], []);
  await context.close();
});

test('an experiment worker that dies without a word: its runs go to a new worker and the sweep ends', async () => {
  const context = await browser.newContext();
  const { page, problems } = await newPage(context);
  await page.goto(`${base}#preset=example-1&epochs=100&n_train=10000`);
  await ready(page);
  await page.click('button[data-experiment="sweep"]');
  await page.waitForFunction(() => !document.getElementById('exp-running').hidden, null, LONG);
  const pool = () => page.workers().filter((w) => /experiment-worker/.test(w.url()));
  for (let i = 0; i < 1200 && !pool().length; i++) await page.waitForTimeout(50); // polls for the pool's workers
  assert.ok(pool().length >= 1);
  await pool()[0].evaluate(() => self.close());
  await page.waitForFunction(() => window.flatline.experimentsEnded() > 0, null, { timeout: 120000 });
  const result = await page.evaluate(() => window.flatline.experiment());
  assert.ok(result?.best, 'the sweep finished with its best cell');
  assert.deepEqual(problems, []);
  await context.close();
});

// A seeded random walk over what users and hosts do: buttons, keys on the
// sliders, hashes good and bad, lessons, a crashed worker, a reload over
// broken storage, an embed's host messages. After each step the lab must have
// a run; every few steps a run played at full speed must end (nothing stuck);
// no page error, ever. FLATLINE_WALK_SEED and FLATLINE_WALK_STEPS change it.

test('a seeded random walk over controls, hashes, lessons, storage, worker failures and host messages', async () => {
  const seed = Number(process.env.FLATLINE_WALK_SEED ?? 7);
  const steps = Number(process.env.FLATLINE_WALK_STEPS ?? 60);
  const random = rng(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const context = await browser.newContext();
  const { page, problems } = await newPage(context);
  const embed = await newPage(context);
  await page.goto(`${base}#preset=example-1`);
  await ready(page);
  const src = `${base}?embed#preset=example-2&autoplay=off`;
  await embed.page.goto(`${hostBase}?src=${encodeURIComponent(src)}`);
  const frame = await (await embed.page.waitForSelector('#lab')).contentFrame();
  await frame.waitForFunction(() => window.flatline?.history().length > 0, null, LONG);
  const hashes = ['#preset=example-2', '#preset=spiral&width=4', '#lr=abc&batch=-3', '#dataset=csv', '#lesson=batch-size&step=2',
    '#lesson=nope', '#preset=example-3&epochs=5', `#width=${'9'.repeat(200)}`, '#dataset=xor&classes=7', '#widths=8,4&epochs=4',
    '#preset=memorize&epochs=3', '#optimizer=sgd&lr=10&epochs=3', '#', '#lr=1e-6&epochs=2'];
  const actions = {
    // A user's click on a disabled button does nothing; so does this one.
    click: async () => { await page.evaluate((sel) => document.querySelector(sel).click(), pick(['#play', '#pause', '#step', '#reset'])); },
    hash: async () => { await page.evaluate((h) => { location.hash = h; }, pick(hashes)); },
    keys: async () => {
      const name = pick(['lr', 'batch', 'width', 'input_scale', 'depth']);
      await page.focus(`input[name="${name}"]`);
      for (let i = Math.floor(random() * 6); i >= 0; i--) await page.keyboard.press(pick(['ArrowUp', 'ArrowDown', 'PageUp', 'End']));
    },
    lesson: async () => { await page.selectOption('#preset', pick(['lesson:example-2', 'lesson:vanishing', 'example-1-learnable', 'spiral'])); },
    speed: async () => { await page.selectOption('#speed', pick(['1', '10', 'Infinity'])); },
    crash: async () => {
      const before = await page.evaluate(() => window.flatline.workerFailures);
      await trainingWorker(page).evaluate(() => setTimeout(() => { throw new Error('walk'); }, 0)).catch(() => {});
      await page.waitForFunction((b) => window.flatline.workerFailures > b, before, LONG);
      if (random() < 0.5) await page.evaluate(() => document.getElementById('play').click()); // while the new worker starts
    },
    storage: async () => {
      await page.evaluate((v) => {
        localStorage.setItem(v[0], v[1]);
      }, pick([['flatline.lessons', '[1'], ['flatline-data', '{"version":2}'], ['flatline.lessons', '{"a":{"step":1,"done":true}}']]));
      await page.reload();
    },
    host: async () => {
      await embed.page.evaluate(([m, v]) => window.send(m, v), pick([['play'], ['pause'], ['reset'], ['get'],
        ['set', { lr: '0.01' }], ['set', { batch: 'nan' }], ['set', { width: 1e9 }], ['set', { nonsense: 1 }]]));
    },
  };
  const names = Object.keys(actions);
  const done = [];
  for (let i = 0; i < steps; i++) {
    const name = pick(names);
    done.push(name);
    try {
      await actions[name]();
      await ready(page);
      if (i % 10 === 9) { // nothing is stuck: a short run at full speed ends
        await page.evaluate(() => { location.hash = '#preset=example-1&epochs=3'; });
        await page.waitForFunction(() => window.flatline.config.epochs === 3 && window.flatline.history().length > 0, null, LONG);
        await page.selectOption('#speed', 'Infinity');
        await page.click('#play');
        await page.waitForFunction(() => window.flatline.done, null, LONG);
      }
    } catch (err) {
      const state = await page.evaluate(() => ({ hash: location.hash, status: document.getElementById('status').textContent,
        notices: document.getElementById('notices').textContent, records: window.flatline?.history().length })).catch(() => null);
      throw new Error(`seed ${seed}, step ${i + 1} (${done.join(', ')}): ${err.message.split('\n')[0]}; ${JSON.stringify(state)}`);
    }
    assert.deepEqual(problems.filter((p) => !/walk/.test(p)), [], `seed ${seed}, after ${done.join(', ')}`);
  }
  await frame.waitForFunction(() => window.flatline.history().length > 0, null, LONG);
  assert.deepEqual(embed.problems, [], `seed ${seed}: the embed`);
  await context.close();
});
