#!/usr/bin/env node
// soak.mjs: `npm run soak` (five minutes) and the soak test (one minute).
// Trains the spiral lesson on 5,000 points (decision map included; a few
// hundred epochs a second, so five minutes stay under the 100,000-epoch cap)
// at full speed in Debian's Chromium for SECONDS and samples, every few
// seconds: the page's JS heap and DOM nodes (DevTools protocol), the worker's
// WebAssembly memory, the points the charts hold, and the epochs done. Prints
// one JSON object.
//
//   node tools/soak.mjs [SECONDS]
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { serve } from './serve.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * Runs the soak for `seconds`, and on a slow or busy machine on until
 * `minEpochs` are done (at most ten times as long); resolves to { seconds,
 * samples: [{ t, epochs, heapMB, nodes, wasmMB, points }], problems }.
 */
export async function soak(seconds, { every = 5, minEpochs = 0 } = {}) {
  const { server, url } = await serve(join(ROOT, 'dist'), 0);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(`${url}#preset=spiral&n_train=5000&epochs=100000`);
    await page.waitForFunction(() => window.flatline?.history().length > 0);
    await page.selectOption('#speed', 'Infinity');
    await page.click('#play');
    const samples = [];
    const start = Date.now();
    for (;;) {
      await page.waitForTimeout(samples.length ? every * 1000 : 500);
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
      const worker = page.workers()[0];
      samples.push({
        t: Math.round((Date.now() - start) / 1000),
        epochs: await page.evaluate(() => window.flatline.history().length - 1),
        heapMB: +(m.JSHeapUsedSize / 1e6).toFixed(1),
        nodes: m.Nodes,
        wasmMB: +((await worker.evaluate(() => self.flatlineMemoryBytes())) / 1e6).toFixed(1),
        points: await page.evaluate(() => window.flatline.chartPoints()),
      });
      const elapsed = Date.now() - start;
      if (elapsed >= seconds * 1000 && (samples.at(-1).epochs >= minEpochs || elapsed >= 10 * seconds * 1000)) break;
    }
    return { seconds, samples, problems };
  } finally {
    await browser.close();
    server.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await soak(Number(process.argv[2]) || 300);
  console.log(JSON.stringify(result, null, 1));
}
