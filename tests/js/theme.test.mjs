// theme.test.mjs: every line the charts draw keeps a contrast of at least 3:1
// (WCAG 2.1's non-text contrast, 1.4.11) against the card it is drawn on, in
// light and in dark; the cards are style.css's own.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { PALETTES } from '../../web/ui/theme.js';
import { ROOT } from './helpers.mjs';

// WCAG's relative luminance and contrast ratio.
const luminance = (hex) => {
  const [r, g, b] = hex.match(/[0-9a-f]{2}/gi).map((h) => parseInt(h, 16) / 255)
    .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a, b) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

test('every curve, guide and layer colour keeps 3:1 against its card, light and dark', () => {
  const css = readFileSync(join(ROOT, 'web', 'lab', 'style.css'), 'utf8');
  const dark = css.slice(css.indexOf('@media (prefers-color-scheme: dark)'));
  const card = (text) => text.match(/--card:\s*(#[0-9a-f]{6})/i)[1].toLowerCase();
  assert.equal(PALETTES.light.card, card(css), 'the light card is style.css\'s');
  assert.equal(PALETTES.dark.card, card(dark), 'the dark card is style.css\'s');
  const low = [];
  for (const [scheme, p] of Object.entries(PALETTES)) {
    // The grid and the seeds' translucent band are backgrounds, not lines.
    const lines = Object.entries(p.curves).filter(([k]) => k !== 'grid' && k !== 'band');
    for (const [name, color] of [...lines, ...p.layers.map((c, i) => [`layer ${i + 1}`, c])]) {
      const r = contrast(color, p.card);
      if (r < 3) low.push(`${scheme} ${name} ${color}: ${r.toFixed(2)}`);
    }
  }
  assert.deepEqual(low, []);
  // The layers' ramps stay ordered, darkest first, so that the first layer reads as the first.
  for (const p of Object.values(PALETTES)) {
    const l = p.layers.map(luminance);
    assert.ok(l.every((v, i) => i === 0 || v > l[i - 1]), 'ordered by lightness');
  }
});
