// Room web/lessons/: the guided lessons: the rules of a lesson and its goals
// (lesson.js, no DOM), the panel that walks a learner through one
// (lesson-panel.js) and the lesson files (*.json). It may use web/engine/
// and web/ui/.
//
// lesson.js: the guided lessons' rules, without DOM: the schema of a lesson
// file (web/lessons/*.json), the conditions a step's goal, prediction and
// claims are written in, judged on the run as the core recorded it, and the
// text templates that put the run's own numbers into a step's words. Shared by
// the page's lesson panel and the tests.
import { PRESETS } from '../engine/presets.js';

export const LESSON_NAMES = ['example-1', 'example-2', 'example-3', 'memorize', 'learning-rate', 'batch-size', 'vanishing'];
export const HINT_AFTER_S = 25; // a step's first hint shows after this long, or after a run that missed the goal

/**
 * What a condition is judged on: { config, history (record objects, epoch 0
 * first), findings (the doctor's, on that history), done (the run finished),
 * experiments (names of the experiments finished in this step), results
 * ({ name: conclusion object }) }.
 */
const OPS = {
  '<': (a, b) => a < b, '<=': (a, b) => a <= b, '>': (a, b) => a > b, '>=': (a, b) => a >= b,
  '=': (a, b) => a === b, in: (a, b) => b.includes(a), within: (a, [lo, hi]) => a >= lo && a <= hi,
};

// A value: a number, a list, or "chance" ± a number (chance: the loss of
// guessing by the class shares, as the core measured it on the run's labels;
// ln of the classes before a record exists).
function value(v, state) {
  if (typeof v !== 'string') return Array.isArray(v) ? v.map((x) => value(x, state)) : v;
  const m = /^chance(?:([+-])(\d*\.?\d+))?$/.exec(v);
  if (!m) return v; // an enum value
  const measured = state.history?.[0]?.chance_loss;
  const chance = Number.isFinite(measured) && measured > 0 ? measured : Math.log(state.config.dataset === 'xor' ? 2 : state.config.classes);
  return m[1] ? chance + (m[1] === '+' ? 1 : -1) * Number(m[2]) : chance;
}

/** One metric of the history: at 'first' (epoch 0), 'last', 'min', 'max', or an epoch. */
export function metric(history, field, at = 'last') {
  const rows = history.filter((r) => Number.isFinite(r[field]));
  if (!rows.length) return NaN;
  if (at === 'first') return rows[0][field];
  if (at === 'last') return rows.at(-1)[field];
  if (at === 'min' || at === 'max') return Math[at](...rows.slice(1).map((r) => r[field]));
  return history.find((r) => r.epoch === at)?.[field] ?? NaN;
}

/** Whether condition c holds on state. */
export function holds(c, state) {
  if (c.all) return c.all.every((x) => holds(x, state));
  if (c.any) return c.any.some((x) => holds(x, state));
  if (c.not) return !holds(c.not, state);
  if ('finished' in c) return Boolean(state.done) === c.finished;
  if ('epochs' in c) return (state.history.at(-1)?.epoch ?? 0) >= c.epochs;
  if (c.experiment) return (state.experiments ?? []).includes(c.experiment);
  if (c.doctor) return (state.findings ?? []).some((f) => f.cause === c.doctor && !f.past) === (c.present ?? true);
  const op = OPS[c.op];
  if (!op) throw new Error(`lesson: unknown op '${c.op}'`);
  const v = value(c.value, state);
  if (c.config) return op(state.config[c.config], v);
  if (c.every) return state.history.filter((r) => r.epoch >= (c.from ?? 1)).every((r) => op(r[c.every], v));
  if (c.metric) {
    const m = metric(state.history, c.metric, c.at);
    return Number.isFinite(m) && op(m, v);
  }
  throw new Error(`lesson: a condition needs a kind: ${JSON.stringify(c)}`);
}

const PCT = new Set(['val_acc', 'train_acc', 'dead_frac']);

/**
 * A step's text with the run's numbers in it: {last.val_loss}, {first.val_loss},
 * {min.val_loss}, {max.train_loss}, {epoch1.dead_frac}, {config.lr}, {chance},
 * {experiment.conclusion}; accuracies and dead_frac as percentages.
 */
export function fill(text, state) {
  return text.replace(/\{([a-z0-9_]+)(?:\.([a-z_]+))?\}/g, (all, scope, field) => {
    if (scope === 'chance') return value('chance', state).toFixed(3);
    if (scope === 'config') return String(state.config[field]);
    if (scope === 'experiment') return state.lastResult?.[field] ?? '…';
    const at = scope.startsWith('epoch') ? Number(scope.slice(5)) : scope;
    const v = metric(state.history, field, at);
    if (!Number.isFinite(v)) return '…';
    return PCT.has(field) ? `${(100 * v).toFixed(0)}%` : v.toFixed(3);
  });
}

/** A step's settings: its preset's keys, then its own. */
export function stepConfig(step) {
  const preset = step.preset ? PRESETS.find((p) => p.name === step.preset) : null;
  return { preset: step.preset ?? null, keys: { ...(preset?.keys ?? {}), ...(step.keys ?? {}) } };
}

/** What a step may name in `show` besides a config key (the control of that key): the page's charts and sections. */
export const SHOW_PLACES = ['loss', 'accuracy', 'health', 'network', 'map', 'experiments', 'code'];

/** Problems with a lesson file, as messages (empty: it follows the schema). */
export function checkLesson(lesson, keyNames) {
  const out = [];
  const need = (ok, msg) => { if (!ok) out.push(`${lesson.name ?? '?'}: ${msg}`); };
  need(typeof lesson.name === 'string' && typeof lesson.title === 'string' && lesson.title.length <= 40, 'name, and a title of at most 40 characters');
  need(Array.isArray(lesson.steps) && lesson.steps.length >= 2, 'at least two steps');
  (lesson.steps ?? []).forEach((s, i) => {
    const last = i === lesson.steps.length - 1;
    need(typeof s.title === 'string' && typeof s.text === 'string', `step ${i + 1}: a title and a text`);
    need(Boolean(s.sandbox) === last, `step ${i + 1}: the last step, and only it, is the sandbox`);
    if (s.sandbox) return;
    need(s.goal && typeof s.task === 'string', `step ${i + 1}: a task and a goal`);
    need(s.walk && typeof s.walk === 'object', `step ${i + 1}: a walk (what doing the task means, for the tests)`);
    need(!s.preset || PRESETS.some((p) => p.name === s.preset), `step ${i + 1}: preset '${s.preset}' exists`);
    for (const k of [...Object.keys(s.keys ?? {}), ...(s.lock ?? []), ...Object.keys(s.walk?.set ?? {})]) {
      need(keyNames.includes(k), `step ${i + 1}: '${k}' is a config key`);
    }
    for (const k of s.show ?? []) need(keyNames.includes(k) || SHOW_PLACES.includes(k), `step ${i + 1}: '${k}' in show is a config key or one of ${SHOW_PLACES.join(', ')}`);
    if (s.predict) need(s.predict.choices?.length === 2 && s.predict.truth, `step ${i + 1}: a prediction has two choices and a truth`);
  });
  return out;
}

/** Where a learner is: { lesson: step reached, done }, kept in the browser's store when there is one. */
export class Progress {
  /** store: a Store (web/engine/store.js), or null to keep progress in memory only. */
  constructor(store = null) {
    this.store = store;
    this.data = store?.read(PROGRESS_KEY, 'lesson progress', checkProgress) ?? Object.create(null);
  }

  get(name) { return Object.hasOwn(this.data, name) ? this.data[name] : { step: 0, done: false }; }

  set(name, step, done = false) {
    const old = this.get(name);
    this.data[name] = { step: Math.max(step, old.step), done: done || old.done };
    this.store?.write(PROGRESS_KEY, this.data);
  }
}

export const PROGRESS_KEY = 'flatline.lessons';

/**
 * Stored progress as Progress writes it: an object of { step: a whole number
 * from 0, done: true or false } by lesson name. Entries of another shape are
 * dropped, and said.
 */
export function checkProgress(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'it is not a list of lessons';
  const good = Object.create(null); // a lesson called __proto__ stays a name
  const bad = [];
  for (const [name, p] of Object.entries(value)) {
    const ok = p !== null && typeof p === 'object' && Number.isSafeInteger(p.step) && p.step >= 0 && typeof p.done === 'boolean';
    if (ok) good[name] = { step: p.step, done: p.done };
    else bad.push(name);
  }
  if (!bad.length) return true;
  return { value: good, why: `the entries for ${bad.map((b) => `'${b.slice(0, 40)}'`).join(', ')} are not a step and a done flag` };
}
