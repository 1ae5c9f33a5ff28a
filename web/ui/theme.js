// Room web/ui/: what every drawing shares, the colours (light and dark) and
// the curves' palette. No DOM beyond the colour scheme's media query; it
// imports nothing.
//
// theme.js: the colours the canvases draw with, light or dark as the reader's
// system asks (prefers-color-scheme), so that charts, the decision map and the
// network view match the page (style.css holds the page's own). The curves
// keep their blue and orange in both: a pair colour-blind readers tell apart.
const DARK = globalThis.matchMedia?.('(prefers-color-scheme: dark)');

const LIGHT_THEME = {
  text: '#374151', grid: '#e5e7eb', labelBg: 'rgba(255, 255, 255, 0.6)', plotBg: '#f3f4f6', ink: '#111827',
  muted: '#6b7280', unitFill: '#ffffff', unitEdge: '#374151',
};
const DARK_THEME = {
  text: '#d1d5db', grid: '#374151', labelBg: 'rgba(17, 24, 39, 0.72)', plotBg: '#1f2937', ink: '#f3f4f6',
  muted: '#9ca3af', unitFill: '#111827', unitEdge: '#d1d5db',
};

// The curves' colours in light. Each keeps a contrast of at least 3:1 against
// the cards the charts sit on (white here, #111827 in dark), as WCAG asks of
// graphics; tests/js/theme.test.mjs computes them all.
export const COLORS = {
  train: '#2563eb', val: '#ea580c',
  guide: '#6b7280', marker: '#7c3aed', grad: '#0f766e', ratio: '#a16207', dead: '#be123c', grid: '#e5e7eb',
  finding: '#b91c1c', band: 'rgba(234, 88, 12, 0.16)',
};
// In dark the reds and the violet are lighter (#be123c is 2.8:1 on #111827);
// train and validation keep their pair.
const DARK_COLORS = { ...COLORS, marker: '#8b5cf6', dead: '#f43f5e', finding: '#ef4444', grid: '#374151' };
// The layers' gradient norms, first layer darkest: viridis, a ramp that stays
// ordered for colour-blind readers, cut where it keeps 3:1 on the card: from 0
// to 0.55 in light, from 0.4 to 1 in dark.
export const LAYER_COLORS = ['#440154', '#482475', '#414487', '#355f8d', '#2a788e', '#21918c', '#1e9c89'];
const DARK_LAYER_COLORS = ['#2a788e', '#21918c', '#22a884', '#44bf70', '#7ad151', '#bddf26', '#fde725'];

/** Every palette with the card it is drawn on (style.css's --card), for the contrast test. */
export const PALETTES = {
  light: { card: '#ffffff', curves: COLORS, layers: LAYER_COLORS },
  dark: { card: '#111827', curves: DARK_COLORS, layers: DARK_LAYER_COLORS },
};

/** The colours for now. */
export const theme = () => (DARK?.matches ? DARK_THEME : LIGHT_THEME);
/** The curves' colours for now, light or dark. */
export const curveColors = () => (DARK?.matches ? DARK_COLORS : COLORS);
/** Layer l's colour of n (gradient norms), light or dark. */
export function layerColor(l, n) {
  const ramp = DARK?.matches ? DARK_LAYER_COLORS : LAYER_COLORS;
  return ramp[Math.round((l * (ramp.length - 1)) / Math.max(1, n - 1))];
}

/** Calls fn when the reader's system switches between light and dark. */
export function onThemeChange(fn) {
  DARK?.addEventListener('change', fn);
}
