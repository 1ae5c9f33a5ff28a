// runs.js: the earlier runs the lab keeps to compare with the current one.
// Each is labelled by what differs from the current settings ("lr 0.1 →
// 0.001"), can be shown or hidden, and can be pinned. Unpinned runs belong to
// the lesson they were made in: another lesson drops them (an example and its
// learnable counterpart count as one lesson), pinned runs stay until unpinned.
// No DOM here: the page draws the list, the charts draw the curves.
import { SETTINGS, formatValue } from '../engine/settings.js';

export const KEEP = 5;       // unpinned runs kept, newest first
export const MAX_PINNED = 5; // pins beyond this are refused
// One colour per kept run, for both its curves: no blue or orange (the
// current run's), and neighbours apart in lightness as well as hue.
export const RUN_COLORS = ['#0d9488', '#9333ea', '#db2777', '#475569', '#65a30d', '#a21caf', '#0e7490', '#4d7c0f', '#be123c', '#6b21a8'];

// Knobs first, then the settings table's order; keys the table does not show last.
const ORDER = SETTINGS.map((s) => s.key);
const rank = (key) => (ORDER.includes(key) ? ORDER.indexOf(key) : ORDER.length);

/**
 * What differs between an earlier run's settings and the current ones, as
 * ["lr 0.1 → 0.001", "width 8 → 32"] (the earlier value first), in the order
 * the page shows the settings.
 */
const shown = (v) => (v === '' ? 'none' : formatValue(v)); // an empty list: widths none → 24,6

export function differences(past, current) {
  return Object.keys({ ...past, ...current })
    .filter((k) => past[k] !== current[k])
    .sort((a, b) => rank(a) - rank(b))
    .map((k) => `${k} ${shown(past[k])} → ${shown(current[k])}`);
}

/** A short label for an earlier run: at most two differences, then "+N more". */
export function runLabel(past, current, changedMidRun = false) {
  const diff = differences(past, current);
  let text = diff.length === 0 ? 'same settings' : diff.slice(0, 2).join(', ');
  if (diff.length > 2) text += ` +${diff.length - 2} more`;
  return changedMidRun ? `${text} (changed mid-run)` : text;
}

export class RunShelf {
  constructor() {
    this.runs = []; // { id, data, config, lesson, changedMidRun, color, visible, pinned }, newest first
    this.nextId = 1;
    this.version = 0; // bumped on every change, so that a chart redraws its earlier runs only then
  }

  /** Keeps a replaced run (its RunData, the settings it started with, its lesson) if it has a curve. */
  keep(data, config, lesson, changedMidRun = false) {
    if (!data || data.length < 2) return null;
    const used = new Set(this.runs.map((r) => r.color));
    const color = RUN_COLORS.find((c) => !used.has(c)) ?? RUN_COLORS[this.nextId % RUN_COLORS.length];
    const run = { id: this.nextId++, data, config: { ...config }, lesson, changedMidRun, color, visible: true, pinned: false };
    this.runs.unshift(run);
    let unpinned = 0;
    this.runs = this.runs.filter((r) => r.pinned || ++unpinned <= KEEP);
    this.version++;
    return run;
  }

  /** A new lesson: unpinned runs of other lessons go, unless related(theirLesson, lesson). */
  enterLesson(lesson, related = () => false) {
    const before = this.runs.length;
    this.runs = this.runs.filter((r) => r.pinned || r.lesson === lesson || related(r.lesson, lesson));
    if (this.runs.length !== before) this.version++;
  }

  /** Drops every unpinned run (Reset). */
  clear() {
    const before = this.runs.length;
    this.runs = this.runs.filter((r) => r.pinned);
    if (this.runs.length !== before) this.version++;
  }

  find(id) { return this.runs.find((r) => r.id === id); }

  setVisible(id, on) {
    const r = this.find(id);
    if (!r || r.visible === on) return;
    r.visible = on;
    this.version++;
  }

  /** Pins or unpins a run; false when the pin is refused (MAX_PINNED already). */
  setPinned(id, on) {
    const r = this.find(id);
    if (!r) return false;
    if (on && !r.pinned && this.runs.filter((x) => x.pinned).length >= MAX_PINNED) return false;
    r.pinned = on;
    this.version++;
    return true;
  }

  get shown() { return this.runs.filter((r) => r.visible); }

  /** The newest kept run, if any. */
  get latest() { return this.runs[0] ?? null; }

  /** Undoes the runs list to a saved state (a run the core refused). */
  snapshot() { return this.runs.slice(); }

  restore(runs) {
    this.runs = runs.slice();
    this.version++;
  }
}
