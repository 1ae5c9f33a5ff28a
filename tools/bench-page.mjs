#!/usr/bin/env node
// bench-page.mjs: `npm run bench:page`. Serves dist/ on localhost, opens the
// lab in headless Chromium, and reports:
//   - training samples/s inside the worker (wall clock, at max speed) on the
//     seed model (10-32-32-3, batch 32), against the same .wasm in Node;
//   - the main thread's frame time, 95th percentile, while training at the
//     default settings (default speed, and max speed);
//   - the time from navigation to the first plotted epoch (epoch 0);
//   - the embed in a post: from the host page's navigation to the first
//     trained epoch drawn in the frame (its `epoch` event, heard by the host),
//     and what the embed loads by then, gzipped;
//   - the site's transfer size gzipped: what a visit loads, and all of dist/;
//   - the experiments (issue 9) on the post's model: a 36-cell sweep with the
//     pool and with one worker, the range test, and the frame time p95 while
//     sweeps run beside the lab's own training.
//   node tools/bench-page.mjs [--json]
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { chromium } from 'playwright-core';

import { loadEngine } from '../web/engine/engine.js';
import { serve } from './serve.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];
const SEED = { depth: 2, width: 32, batch: 32, n_train: 1000, n_val: 10 };

const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
// The dist/ files a visit asked for (each once; '/' is index.html), and their gzipped bytes.
const distFiles = (paths) => [...new Set(paths)].map((p) => (p === '/' ? '/index.html' : p));
const gzBytes = (files) => files.reduce((sum, p) => sum + gz(join(DIST, p)), 0);

async function nodeRate() {
  const engine = await loadEngine(readFileSync(join(DIST, 'flatline-simd.wasm')));
  const config = { ...SEED, epochs: 20 };
  const rates = [];
  const start = performance.now();
  while (performance.now() - start < 1500 || rates.length < 5) {
    const t = engine.createTrainer(config);
    const t0 = performance.now();
    t.runAll();
    rates.push((config.n_train * config.epochs) / ((performance.now() - t0) / 1e3));
    t.free();
  }
  return percentile(rates.slice(-5), 0.5);
}

async function open(browser, base, hash) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const requested = [];
  page.on('requestfinished', (r) => requested.push(new URL(r.url()).pathname));
  await page.goto(base + hash);
  await page.waitForFunction(() => window.flatline?.firstPlotAt > 0);
  return { page, requested };
}

/** rAF intervals (ms) on the main thread during `ms` of training. */
async function frameTimes(page, speed, ms) {
  await page.selectOption('#speed', speed);
  await page.click('#play');
  return page.evaluate((duration) => new Promise((resolve) => {
    const times = [];
    const t0 = performance.now();
    const frame = (t) => {
      times.push(t);
      if (t - t0 < duration) requestAnimationFrame(frame);
      else resolve(times.slice(1).map((x, i) => x - times[i]));
    };
    requestAnimationFrame(frame);
  }), ms);
}

/** Wall-clock ms of an experiment run from its button, as the page measured it: the median of n. */
async function experimentMs(page, name, n) {
  const times = [];
  for (let k = 0; k < n; k++) {
    const before = await page.evaluate(() => window.flatline.experimentsEnded());
    await page.click(`button[data-experiment="${name}"]`);
    await page.waitForFunction((b) => window.flatline.experimentsEnded() > b, before, { timeout: 120000 });
    times.push(await page.evaluate(() => window.flatline.experiment().ms));
  }
  return percentile(times, 0.5);
}

// A blog post on another origin with the README's snippet and resize script,
// and the lab in a 640 px column (docs/embedding.md), as a reader opens it.
function postHost(labUrl) {
  const page = `<!doctype html><meta charset="utf-8"><title>A post</title><body style="margin:0">
<article style="width:640px"><h1>My losses will not move</h1><p>Some words before the lab.</p>
<iframe src="${labUrl}?embed#preset=example-1" title="Flatline" width="100%" height="576" loading="lazy" style="border:0"></iframe>
<p>Some words after it.</p></article>
<script>
  window.firstEpochAt = 0;
  const lab = document.querySelector('iframe[src*="embed"]');
  addEventListener('message', (e) => {
    const m = e.data;
    if (e.source !== lab.contentWindow || m?.context !== 'flatline') return;
    if (m.event === 'resize') lab.style.height = m.value.height + 'px';
    if (m.event === 'epoch' && m.value.epoch >= 1 && !window.firstEpochAt) window.firstEpochAt = performance.now();
  });
</script>`;
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** The embed in a post, n fresh visits: the median time to its first trained epoch, and its files. */
async function embedInPost(browser, labUrl, n) {
  const host = await postHost(labUrl);
  const lab = new URL(labUrl).host;
  const times = [];
  let files = [];
  try {
    for (let k = 0; k < n; k++) {
      const ctx = await browser.newContext({ viewport: { width: 700, height: 900 } });
      const page = await ctx.newPage();
      const loaded = [];
      page.on('requestfinished', (r) => { const u = new URL(r.url()); if (u.host === lab) loaded.push(u.pathname); });
      await page.goto(`http://127.0.0.1:${host.address().port}/`);
      await page.waitForFunction(() => window.firstEpochAt > 0, null, { timeout: 60000 });
      times.push(await page.evaluate(() => window.firstEpochAt));
      files = distFiles(loaded);
      await ctx.close();
    }
  } finally {
    host.close();
  }
  return { ms: percentile(times, 0.5), min: Math.min(...times), max: Math.max(...times), files };
}

// The pool against one worker: two pages, their sweeps taken in turn, so
// that the machine's drift falls on both alike.
async function experiments(browser, base) {
  const pool = (await open(browser, base, '#preset=example-1')).page;
  const one = (await open(browser, `${base}?workers=1`, '#preset=example-1')).page;
  await experimentMs(pool, 'sweep', 1); // warm-up: the workers load the core
  await experimentMs(one, 'sweep', 1);
  const [a, b] = [[], []];
  for (let k = 0; k < 9; k++) {
    a.push(await experimentMs(pool, 'sweep', 1));
    b.push(await experimentMs(one, 'sweep', 1));
  }
  await one.close();
  const out = {
    pool_size: await pool.evaluate(() => Math.min(8, navigator.hardwareConcurrency || 2)),
    sweep_ms: percentile(a, 0.5),
    sweep_ms_one_worker: percentile(b, 0.5),
    range_ms: await experimentMs(pool, 'lr-range', 5),
  };
  out.pool_speedup = out.sweep_ms_one_worker / out.sweep_ms;
  // Frames while sweeps of a larger model run one after another beside the lab's run.
  await pool.evaluate(() => {
    const button = document.querySelector('button[data-experiment="sweep"]');
    window.benchSweeps = setInterval(() => { if (!button.disabled) button.click(); }, 20);
    window.location.hash = '#preset=example-1&epochs=100000&n_train=5000';
  });
  await pool.waitForFunction(() => window.flatline.config.epochs === 100000);
  out.frame_p95_ms_during_experiment = percentile(await frameTimes(pool, '10', 4000), 0.95);
  await pool.close();
  return out;
}

async function main() {
  const { server, url: base } = await serve(DIST, 0);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
  try {
    // First plotted epoch: a fresh page, median of 5 loads.
    const firsts = [];
    let requested = [];
    for (let k = 0; k < 5; k++) {
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      const files = [];
      page.on('requestfinished', (r) => files.push(new URL(r.url()).pathname));
      await page.goto(base);
      await page.waitForFunction(() => window.flatline?.firstPlotAt > 0);
      firsts.push(await page.evaluate(() => window.flatline.firstPlotAt));
      requested = files;
      await ctx.close();
    }

    // Worker throughput on the seed model at max speed, after 2 s of warm-up.
    const hash = `#${new URLSearchParams({ ...SEED, epochs: 100000 }).toString()}`;
    const a = await open(browser, base, hash);
    await a.page.selectOption('#speed', 'Infinity');
    await a.page.click('#play');
    await a.page.waitForTimeout(2500);
    const workerRates = [];
    for (let k = 0; k < 5; k++) {
      await a.page.waitForTimeout(400);
      workerRates.push(await a.page.evaluate(() => window.flatline.samplesPerSecond));
    }
    await a.page.close();
    const node = await nodeRate();

    // Frame times while training at the default settings (more epochs, so it keeps going).
    const b = await open(browser, base, '#epochs=100000');
    const atDefault = await frameTimes(b.page, '10', 4000);
    await b.page.close();
    const c = await open(browser, base, '#epochs=100000');
    const atMax = await frameTimes(c.page, 'Infinity', 4000);
    await c.page.close();

    const ex = await experiments(browser, base);
    const embed = await embedInPost(browser, base, 7);

    const onLoad = distFiles(requested);
    const loadBytes = gzBytes(onLoad);
    // Every file of the site, the lesson files (fetched when a lesson opens) included.
    const files = (dir) => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)).map((g) => join(f, g)) : [f]));
    // The offline file is a download of the whole lab, not a part of the site a visit loads.
    const allFiles = files(DIST).filter((f) => !f.endsWith('.LEGAL.txt') && f !== 'flatline-offline.html');
    const allBytes = allFiles.reduce((sum, f) => sum + gz(join(DIST, f)), 0);
    const lessonBytes = allFiles.filter((f) => f.startsWith('lessons')).reduce((sum, f) => sum + gz(join(DIST, f)), 0);
    const worker = percentile(workerRates, 0.5);
    const result = {
      worker_samples_per_s: Math.round(worker),
      node_samples_per_s: Math.round(node),
      worker_vs_node: worker / node,
      frame_p95_ms_default_speed: percentile(atDefault, 0.95),
      frame_p95_ms_max_speed: percentile(atMax, 0.95),
      first_plot_ms: percentile(firsts, 0.5),
      load_kb_gzip: loadBytes / 1024,
      load_files: onLoad,
      site_kb_gzip: allBytes / 1024,
      lessons_kb_gzip: lessonBytes / 1024,
      offline_kb_gzip: gz(join(DIST, 'flatline-offline.html')) / 1024,
      embed_first_epoch_ms: embed.ms,
      embed_first_epoch_range_ms: [embed.min, embed.max],
      embed_load_kb_gzip: gzBytes(embed.files) / 1024,
      embed_load_files: embed.files,
      ...ex,
    };
    if (process.argv.includes('--json')) {
      console.log(JSON.stringify(result, null, 2));
      return;
    }
    const chromiumVersion = browser.version();
    console.log(`Chromium ${chromiumVersion}, headless, localhost\n`);
    console.log('| measure | value | target |');
    console.log('|---|---:|---:|');
    console.log(`| worker training, seed model | ${result.worker_samples_per_s.toLocaleString('en-US')} samples/s | |`);
    console.log(`| same .wasm in Node | ${result.node_samples_per_s.toLocaleString('en-US')} samples/s | |`);
    console.log(`| worker / Node | ${(100 * result.worker_vs_node).toFixed(0)}% | >= 80% |`);
    console.log(`| frame time p95, default settings | ${result.frame_p95_ms_default_speed.toFixed(1)} ms | < 20 ms |`);
    console.log(`| frame time p95, max speed | ${result.frame_p95_ms_max_speed.toFixed(1)} ms | |`);
    console.log(`| navigation to first plotted epoch | ${result.first_plot_ms.toFixed(0)} ms | < 1000 ms |`);
    console.log(`| transfer on load, gzipped (${onLoad.length} files) | ${result.load_kb_gzip.toFixed(1)} KB | |`);
    console.log(`| whole site (dist/), gzipped | ${result.site_kb_gzip.toFixed(1)} KB | < 150 KB |`);
    console.log(`| of which the lesson files | ${result.lessons_kb_gzip.toFixed(1)} KB | |`);
    console.log(`| the offline file (not counted above), gzipped | ${result.offline_kb_gzip.toFixed(1)} KB | |`);
    console.log(`| embed in a post: host opened to first trained epoch drawn (median of 7, range) | ${result.embed_first_epoch_ms.toFixed(0)} ms (${embed.min.toFixed(0)}-${embed.max.toFixed(0)}) | <= 1000 ms |`);
    console.log(`| embed's load until then, gzipped (${embed.files.length} files) | ${result.embed_load_kb_gzip.toFixed(1)} KB | <= 100 KB |`);
    console.log(`| sweep 6x6 of the post's model, 20 epochs, pool of ${ex.pool_size} | ${ex.sweep_ms.toFixed(0)} ms | < 1500 ms |`);
    console.log(`| the same sweep, one worker | ${ex.sweep_ms_one_worker.toFixed(0)} ms | |`);
    console.log(`| pool speed-up | ${ex.pool_speedup.toFixed(2)}x | >= 1.7x (issue 21) |`);
    console.log(`| learning-rate range test | ${ex.range_ms.toFixed(0)} ms | < 500 ms |`);
    console.log(`| frame time p95 while sweeps run | ${ex.frame_p95_ms_during_experiment.toFixed(1)} ms | < 20 ms |`);
  } finally {
    await browser.close();
    server.close();
  }
}

await main();
