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

// The curves' colours, the same in light and dark.
export const COLORS = {
  train: '#2563eb', val: '#ea580c',
  guide: '#6b7280', marker: '#7c3aed', grad: '#0f766e', ratio: '#a16207', dead: '#be123c', grid: '#e5e7eb',
  finding: '#b91c1c', band: 'rgba(234, 88, 12, 0.16)',
};
// The layers' gradient norms, first layer darkest: viridis from 0 to 0.8, a
// ramp that stays ordered for colour-blind readers and readable on white.
export const LAYER_COLORS = ['#440154', '#46327e', '#365c8d', '#277f8e', '#1fa187', '#4ac16d', '#9fda3a'];

/** The colours for now. */
export const theme = () => (DARK?.matches ? DARK_THEME : LIGHT_THEME);

/** Calls fn when the reader's system switches between light and dark. */
export function onThemeChange(fn) {
  DARK?.addEventListener('change', fn);
}
