#!/usr/bin/env node
// screenshot.mjs: the README's picture of the lab, docs/img/lab.png, taken in
// Debian's Chromium from the built site (npm run build first): the post's
// example 2 trained to its end at 1280x800, with the doctor's findings.
//
//   node tools/screenshot.mjs [HASH] [OUT.png] [WIDTHxHEIGHT]
import { join } from 'node:path';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { serve } from './serve.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const [hash = 'preset=example-2', out = join(ROOT, 'docs', 'img', 'lab.png'), size = '1280x800'] = process.argv.slice(2);
const [width, height] = size.split('x').map(Number);
const { server, url } = await serve(join(ROOT, 'dist'), 0);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width, height } });
  await page.goto(`${url}#${hash}`);
  await page.waitForFunction(() => window.flatline?.history().length > 0);
  await page.selectOption('#speed', 'Infinity');
  await page.click('#play');
  await page.waitForFunction(() => window.flatline.done, null, { timeout: 60000 });
  await page.waitForTimeout(300); // the last frame's drawing
  await page.screenshot({ path: out });
  console.log(`screenshot.mjs: ${out}`);
} finally {
  await browser.close();
  server.close();
}
