import { chromium } from 'playwright-core';
import { serve } from '/work/main/tools/serve.mjs';
const { server, url } = await serve('/work/main/dist', 8700);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const hash = process.argv[2] ?? '';
for (const [w, h, name] of [[1280, 800, 'desktop'], [390, 844, 'phone']]) {
  const page = await browser.newPage({ viewport: { width: w, height: h } });
  const logs = [];
  page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
  page.on('request', (r) => { if (!r.url().startsWith(url)) logs.push(`foreign request: ${r.url()}`); });
  await page.goto(url + hash);
  await page.waitForFunction(() => window.flatline && window.flatline.history().length > 0, null, { timeout: 10000 });
  if (process.argv[3] === 'play') {
    await page.click('#play');
    await page.waitForFunction(() => window.flatline.done, null, { timeout: 30000 });
  }
  await page.waitForTimeout(300);
  await page.screenshot({ path: `/work/main/test-output/${name}.png`, fullPage: name === 'phone' ? false : true });
  console.log(name, logs.join('\n') || 'no console output', await page.textContent('#status'));
  await page.close();
}
await browser.close();
server.close();
