// embed.test.mjs: the lab inside a blog post. A host page on another origin
// iframes the embed in the sandbox CodePen and YouTube embeds use, with the
// frame's storage blocked; the two talk with postMessage (web/embed/embed-protocol.js).
// It trains only while in view, and costs nothing when it is not.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { chromium } from 'playwright-core';

import { readMethod } from '../../web/embed/embed-protocol.js';
import { serve } from '../../tools/serve.mjs';
import { DIST, ROOT } from './helpers.mjs';

const OUT = join(ROOT, 'test-output');

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];
// Waits in the frame poll on a timer: a frame out of view runs no animation frames.
const POLL = { polling: 100 };
let browser;
let lab;
let host;
let hostUrl;

// The host: a tall post with the frame below the fold, collecting the embed's messages.
const hostPage = (src) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A post</title></head>
<body style="margin:0;font:16px serif"><article style="max-width:640px;margin:0 auto">
<div id="above" style="height:1600px">Text above the lab.</div>
<iframe id="lab" src="${src}" title="Flatline: why won't my losses move?" sandbox="allow-scripts allow-same-origin"
  style="width:100%;height:520px;border:0"></iframe>
<div style="height:1600px">Text below the lab.</div></article>
<script>
window.msgs = [];
addEventListener('message', (e) => { if (e.data && e.data.context === 'flatline') msgs.push(e.data); });
window.send = (m) => document.getElementById('lab').contentWindow.postMessage(m, '*');
</script></body></html>`;

before(async () => {
  ({ server: lab } = await serve(DIST, 0));
  host = createServer((req, res) => {
    const src = decodeURIComponent(new URL(req.url, 'http://x').searchParams.get('src') ?? '');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(hostPage(src));
  });
  await new Promise((resolve) => host.listen(0, 'localhost', resolve));
  hostUrl = `http://localhost:${host.address().port}/`; // another origin than the lab's 127.0.0.1
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
});

after(async () => {
  await browser?.close();
  lab?.close();
  host?.close();
});

async function openHost(embedHash, viewport = { width: 800, height: 700 }) {
  const page = await browser.newPage({ viewport });
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  // Storage is blocked in the frame, as a browser that blocks third-party storage does.
  await page.addInitScript(() => {
    if (window === window.top) return;
    for (const name of ['localStorage', 'sessionStorage']) {
      Object.defineProperty(window, name, { get() { throw new DOMException('blocked', 'SecurityError'); } });
    }
  });
  const src = `http://127.0.0.1:${lab.address().port}/?embed${embedHash}`;
  await page.goto(`${hostUrl}?src=${encodeURIComponent(src)}`);
  const frame = await (await page.waitForSelector('#lab')).contentFrame();
  await frame.waitForFunction(() => window.flatline?.history().length > 0, null, POLL);
  return { page, frame, problems };
}

const msgs = (page, name) => page.evaluate((n) => window.msgs.filter((m) => !n || m.event === n), name);
const epochs = (frame) => frame.evaluate(() => window.flatline.history().length - 1);

test('the protocol reads only its own messages', () => {
  assert.deepEqual(readMethod({ context: 'flatline', version: 1, method: 'pause' }), { method: 'pause', value: null });
  assert.deepEqual(readMethod({ context: 'flatline', version: 1, method: 'set', value: { lr: 0.01 } }), { method: 'set', value: { lr: '0.01' } });
  for (const bad of [null, 7, 'pause', [], { method: 'pause' }, { context: 'flatline', version: 2, method: 'pause' },
    { context: 'flatline', version: 1, method: 'destroy' }, { context: 'flatline', version: 1, method: 'set', value: [1] },
    { context: 'flatline', version: 1, method: 'set', value: { lr: { x: 1 } } }, { context: 'flatline', version: 1, method: 'set', value: {} }]) {
    assert.equal(readMethod(bad), null, JSON.stringify(bad));
  }
});

test('a host on another origin: ready and epoch arrive, set and pause take effect, resize is sent, junk is ignored', async () => {
  const { page, frame, problems } = await openHost('#preset=example-1-learnable&epochs=300&controls=lr,batch&autoplay=click');
  await page.waitForFunction(() => window.msgs.some((m) => m.event === 'ready'));
  const [ready] = await msgs(page, 'ready');
  assert.deepEqual(ready.value.methods, ['play', 'pause', 'reset', 'set', 'get']);
  assert.ok(ready.value.events.includes('epoch') && ready.value.events.includes('resize'));
  const resize = await msgs(page, 'resize');
  // In a 640 px column, with two controls and the doctor's box, it fits about 500 to 650 px of height.
  assert.ok(resize.length >= 1 && resize.at(-1).value.height >= 500 && resize.at(-1).value.height <= 650, JSON.stringify(resize.at(-1)));
  // Only the controls the post is about.
  assert.deepEqual(await frame.$$eval('.setting [name]', (els) => els.filter((e) => e.offsetParent).map((e) => e.name)), ['lr', 'batch']);
  await page.evaluate(() => document.getElementById('lab').scrollIntoView());
  assert.equal(await epochs(frame), 0, 'autoplay=click waits for the reader');
  await page.evaluate(() => window.send({ context: 'flatline', version: 1, method: 'play' }));
  await page.waitForFunction(() => window.msgs.filter((m) => m.event === 'epoch').length >= 3);
  const epoch = (await msgs(page, 'epoch')).at(-1).value;
  assert.ok(epoch.epoch >= 1 && Number.isFinite(epoch.val_loss) && !('layers' in epoch), JSON.stringify(epoch));
  await page.evaluate(() => window.send({ context: 'flatline', version: 1, method: 'set', value: { lr: 0.003 } }));
  await frame.waitForFunction(() => window.flatline.config.lr === 0.003, null, POLL);
  // A value the lab refuses comes back as an error event, and the lab keeps its setting.
  await page.evaluate(() => window.send({ context: 'flatline', version: 1, method: 'set', value: { lr: 'fast' } }));
  await page.waitForFunction(() => window.msgs.some((m) => m.event === 'error' && /Learning rate: 'fast' is not a number/.test(m.value.message)));
  assert.equal(await frame.evaluate(() => window.flatline.config.lr), 0.003);
  // The doctor's findings come as they change.
  await page.waitForFunction(() => window.msgs.some((m) => m.event === 'diagnosis' && m.value.length > 0));
  assert.ok((await msgs(page, 'diagnosis')).at(-1).value.every((f) => typeof f.cause === 'string' && typeof f.title === 'string'));
  await page.evaluate(() => window.send({ context: 'flatline', version: 1, method: 'pause' }));
  await frame.waitForFunction(() => !window.flatline.playing, null, POLL);
  const paused = await epochs(frame);
  // Junk of every shape, then a get: nothing throws on either side, and the embed still answers.
  await page.evaluate(() => {
    for (const m of [null, 'play', 42, [1, 2], { context: 'flatline' }, { context: 'flatline', version: 1, method: 'set', value: 'lr=1' },
      { context: 'other', version: 1, method: 'play' }, { context: 'flatline', version: 1, method: '__proto__' }]) window.send(m);
    window.send({ context: 'flatline', version: 1, method: 'get' });
  });
  await page.waitForFunction(() => window.msgs.some((m) => m.event === 'get'));
  const [got] = await msgs(page, 'get');
  assert.equal(got.value.playing, false);
  assert.equal(got.value.config.lr, 0.003);
  await page.waitForTimeout(500);
  assert.ok(await epochs(frame) <= paused + 1, 'junk did not start it again');
  // The embed in a 640 px blog column, for a person to look at.
  mkdirSync(OUT, { recursive: true });
  await (await page.$('#lab')).screenshot({ path: join(OUT, 'embed-column.png') });
  // The link to the full lab carries the same settings.
  assert.match(await frame.getAttribute('#full-lab', 'href'), /^\.\/#preset=example-1-learnable&.*lr=0\.003/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('it fits its post: one resize for a host with the resize script, no layout shift over a run, nothing overlapping at 320 px', async () => {
  for (const width of [640, 320]) {
    const { page, frame, problems } = await openHost('#preset=example-2&epochs=12', { width, height: 800 });
    await page.evaluate(() => {
      // The README's resize script, as a host runs it (the messages so far were collected from the start).
      const lab = document.getElementById('lab');
      const size = (m) => { if (m?.context === 'flatline' && m.event === 'resize') lab.style.height = `${m.value.height}px`; };
      window.msgs.forEach(size);
      addEventListener('message', (e) => size(e.data));
    });
    // The browser's own measure, inside the frame, from its first paint.
    await frame.evaluate(() => {
      window.shift = 0;
      new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.shift += e.value; })
        .observe({ type: 'layout-shift', buffered: true });
    });
    await page.evaluate(() => document.getElementById('lab').scrollIntoView({ block: 'start' }));
    await frame.waitForFunction(() => window.flatline.done, null, { ...POLL, timeout: 120000 });
    await frame.waitForFunction(() => document.querySelector('#findings .finding-title'), null, POLL);
    const resizes = (await msgs(page, 'resize')).map((m) => m.value.height);
    assert.equal(resizes.length, 1, `${width} px: resizes ${resizes}`);
    const shift = await frame.evaluate(() => window.shift);
    assert.ok(shift <= 0.01, `${width} px: layout shift ${shift}`);
    // The frame holds its content: no scrolling inside it, the doctor's box not cut.
    assert.ok(await frame.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight + 1));
    const cut = await frame.evaluate(() => {
      const box = document.querySelector('.words').getBoundingClientRect();
      return [...document.querySelectorAll('.words .finding:first-child > *')].filter((e) => e.offsetParent && e.getBoundingClientRect().bottom > box.bottom + 0.5).length;
    });
    assert.equal(cut, 0, `${width} px: the first finding is cut`);
    // No two things a reader reads or presses overlap.
    const overlaps = await frame.evaluate(() => {
      const els = [...document.querySelectorAll('h1, a, button, label, output, select, input, .status, .finding-title')]
        .filter((e) => e.offsetParent && getComputedStyle(e).visibility !== 'hidden');
      const out = [];
      for (let i = 0; i < els.length; i++) {
        for (let j = i + 1; j < els.length; j++) {
          const [a, b] = [els[i], els[j]];
          if (a.contains(b) || b.contains(a)) continue;
          const r = a.getBoundingClientRect();
          const q = b.getBoundingClientRect();
          const w = Math.min(r.right, q.right) - Math.max(r.left, q.left);
          const h = Math.min(r.bottom, q.bottom) - Math.max(r.top, q.top);
          if (w > 1 && h > 1) out.push(`${a.id || a.className || a.tagName} / ${b.id || b.className || b.tagName}`);
        }
      }
      return out;
    });
    assert.deepEqual(overlaps, [], `${width} px`);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test('autoplay=visible: nothing trains below the fold; it plays in view, pauses out of view, and then costs nothing', async () => {
  const { page, frame, problems } = await openHost('#preset=example-1-learnable&epochs=100000');
  await page.waitForTimeout(1200);
  assert.equal(await epochs(frame), 0, 'below the fold: nothing trained');
  await page.evaluate(() => document.getElementById('lab').scrollIntoView({ block: 'center' }));
  await frame.waitForFunction(() => window.flatline.playing && window.flatline.history().length > 3, null, POLL);
  await page.evaluate(() => window.scrollTo(0, 0));
  await frame.waitForFunction(() => !window.flatline.playing, null, POLL);
  // Paused off screen: over 3 s the frame's main thread runs (almost) no tasks.
  const session = await page.context().newCDPSession(frame);
  await session.send('Performance.enable');
  const task = async () => (await session.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
  const before = await epochs(frame);
  const t0 = await task();
  await page.waitForTimeout(3000);
  const busy = (await task()) - t0;
  console.log(`# the frame's main thread over 3 s, paused off screen: ${(busy * 1000).toFixed(1)} ms of tasks`);
  assert.ok(busy < 0.03, `the frame worked ${(busy * 1000).toFixed(1)} ms in 3 s while paused off screen`);
  assert.ok(await epochs(frame) <= before + 1, 'and trained nothing');
  // Back in view it goes on.
  await page.evaluate(() => document.getElementById('lab').scrollIntoView({ block: 'center' }));
  await frame.waitForFunction((b) => window.flatline.playing && window.flatline.history().length > b + 2, before, POLL);
  assert.deepEqual(problems, []);
  await page.close();
});

test('stop=N ends the run at epoch N; under prefers-reduced-motion nothing autoplays', async () => {
  const { page, frame } = await openHost('#preset=example-1&stop=5&charts=loss,accuracy&doctor=0');
  await page.evaluate(() => document.getElementById('lab').scrollIntoView({ block: 'center' }));
  await frame.waitForFunction(() => window.flatline.done, null, POLL);
  assert.equal(await epochs(frame), 5);
  assert.ok((await msgs(page, 'done')).length === 1);
  assert.equal(await frame.isVisible('[data-chart="accuracy"]'), true);
  assert.equal(await frame.isVisible('[data-chart="health"]'), false);
  assert.equal(await frame.isVisible('.words'), false);
  await page.close();
  const calm = await browser.newContext({ reducedMotion: 'reduce' });
  const p2 = await calm.newPage();
  const src = `http://127.0.0.1:${lab.address().port}/?embed#preset=example-1`;
  await p2.goto(`${hostUrl}?src=${encodeURIComponent(src)}`);
  const f2 = await (await p2.waitForSelector('#lab')).contentFrame();
  await f2.waitForFunction(() => window.flatline?.history().length > 0, null, POLL);
  await p2.evaluate(() => document.getElementById('lab').scrollIntoView({ block: 'center' }));
  await p2.waitForTimeout(1200);
  assert.equal(await epochs(f2), 0, 'reduced motion: it waits for Play');
  await calm.close();
});

test('in the dark: the embed follows the reader\'s colour scheme (a screenshot to look at)', async () => {
  const context = await browser.newContext({ viewport: { width: 800, height: 700 }, colorScheme: 'dark' });
  const page = await context.newPage();
  const src = `http://127.0.0.1:${lab.address().port}/?embed#preset=example-1-learnable&stop=15&charts=loss`;
  await page.goto(`${hostUrl}?src=${encodeURIComponent(src)}`);
  const frame = await (await page.waitForSelector('#lab')).contentFrame();
  await page.evaluate(() => document.getElementById('lab').scrollIntoView({ block: 'center' }));
  await frame.waitForFunction(() => window.flatline?.done, null, POLL);
  const background = await frame.evaluate(() => getComputedStyle(document.querySelector('.chart')).backgroundColor);
  assert.equal(background, 'rgb(17, 24, 39)', 'a dark card');
  mkdirSync(OUT, { recursive: true });
  await page.waitForTimeout(300);
  await (await page.$('#lab')).screenshot({ path: join(OUT, 'embed-column-dark.png') });
  await context.close();
});
