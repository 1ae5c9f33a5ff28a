// Room web/experiments/: the experiments that split causes: the jobs and
// their conclusions (experiments.js, no DOM), the pool of workers (pool.js,
// experiment-worker.js), their charts and their panel. It may use
// web/engine/ and web/ui/.
//
// experiments.js: the small experiments an expert runs to split the causes of
// a flat curve apart, and the conclusions drawn from their results. Each
// experiment turns the current config into independent jobs (runs of the
// core), which the page sends to a pool of workers and the CLI runs in turn;
// runJob runs one on an engine. Everything a conclusion states is read from
// the core's metrics; the rules here only compare them. No DOM.
import { METRIC_FIELDS } from '../engine/trainer.js';
import { formatValue, isPlane } from '../engine/settings.js';

const F = Object.fromEntries(METRIC_FIELDS.map((name, i) => [name, i]));
const KEPT = ['epoch', 'train_loss', 'val_loss', 'train_acc', 'val_acc', 'val_loss_sd'];

// Overfit a tiny subset: TheDeepChecker (TOSEM 2023) fits 16 samples for up to
// 1000 iterations and passes at 95% training accuracy.
export const TINY = { samples: 16, steps: 1000, pass: 0.95 };
// The learning-rate range test of fastai's lr_find (callback/schedule.py): 100
// steps of exponentially rising rate, the loss smoothed by a debiased moving
// average (beta 0.98), stopped once it passes 4 times its best; the first 10%
// and the last 5 points are left out of the suggestion. fastai starts at 1e-7;
// the core's rates stop at 1e-6, and fastai leaves out the points below 6e-7 anyway.
// minFall (ours): a smoothed loss that never falls by 5% of its value is not learning at any rate.
export const RANGE = { from: 1e-6, to: 10, steps: 100, beta: 0.98, blowUp: 4, skipStart: 0.1, skipEnd: 5, minFall: 0.05 };
export const SEEDS = 5;
export const SWEEP_KEYS = ['lr', 'batch', 'width', 'depth', 'input_scale', 'l2'];
// The values a sweep draws from, per key: about half a decade apart on the log keys.
const LADDERS = {
  lr: [1e-6, 3e-6, 1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1, 3, 10],
  batch: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536],
  width: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024],
  depth: [0, 1, 2, 3, 4, 5, 6],
  input_scale: [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100, 300, 1000],
  l2: [0, 1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1],
};

// A job's work, for the pool to start the longest first: weights x samples x epochs.
function cost(c) {
  const inputs = isPlane(c) ? 2 : c.features; // the engineered inputs add little
  const widths = [inputs, ...Array(c.depth).fill(c.width), c.classes];
  const weights = widths.slice(1).reduce((s, w, i) => s + w * widths[i], 0);
  return weights * ((c.train_subset || c.n_train) + c.n_val) * c.epochs;
}

const fmt = (v, digits = 3) => (Number.isFinite(v) ? v.toFixed(digits) : String(v));
const pct = (v) => `${Math.round(v * 100)}%`;
const stepsPerEpoch = (c) => Math.ceil((c.train_subset || c.n_train) / c.batch);

/**
 * Runs one job on an engine: { config, maxSteps?, stopWhen?: { field, atLeast } }.
 * onProgress(fraction) after each epoch. Returns { history (records of KEPT
 * fields), stepLog ({ lr, loss } or null), diverged, steps }.
 */
export function runJob(engine, job, onProgress = () => {}) {
  const steps = jobSteps(engine, job, onProgress);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

// The units of work (Trainer.run) between two points where a job can pause.
const SLICE_UNITS = 64;

/**
 * runJob as a generator: it yields between slices of work (a few
 * milliseconds each) and returns the result, so that a worker can answer
 * messages in between (the pool's ping) while a long job runs.
 */
export function* jobSteps(engine, job, onProgress = () => {}) {
  const t = engine.createTrainer(job.config);
  try {
    const epochs = job.config.epochs;
    let seen = 0;
    for (;;) {
      if (t.run(SLICE_UNITS) === 0) break; // returns at each new record, or after the slice
      yield;
      if (t.records === seen) continue;
      const last = t.historyArray(t.records - 1);
      seen = t.records;
      onProgress(job.maxSteps ? t.steps / job.maxSteps : t.epochsDone / epochs);
      const stop = job.stopWhen;
      if (stop && t.epochsDone > 0 && last[F[stop.field]] >= stop.atLeast) break;
      if (job.maxSteps && t.steps >= job.maxSteps) break; // checked at records, as the results expect
    }
    const raw = t.historyArray(0);
    const n = METRIC_FIELDS.length;
    const history = [];
    for (let at = 0; at < raw.length; at += n) history.push(Object.fromEntries(KEPT.map((k) => [k, raw[at + F[k]]])));
    return { history, stepLog: job.config.step_log ? t.stepLog() : null, diverged: t.diverged, steps: t.steps };
  } finally {
    t.free();
  }
}

// Helpers over a run's history.
const best = (run, field = 'val_loss') => run.history.slice(1).reduce((b, r) => (r[field] < b[field] ? r : b), run.history.at(-1) ?? {});
// Two standard errors of a validation loss, from the spread of its per-sample losses.
const band = (record, nVal) => 2 * (record.val_loss_sd ?? 0) / Math.sqrt(nVal);

/** Six (or n) values of key around the current value, from the key's ladder. */
export function sweepValues(key, current, n = 6, config = {}) {
  let ladder = LADDERS[key];
  if (!ladder) throw new Error(`sweep: '${key}' cannot be swept; the keys are ${SWEEP_KEYS.join(', ')}`);
  if (key === 'batch') ladder = [...ladder.filter((b) => b < config.n_train), config.n_train];
  const dist = (v) => (v > 0 && current > 0 ? Math.abs(Math.log(v / current)) : Math.abs(v - current));
  const near = ladder.reduce((bi, v, i) => (dist(v) < dist(ladder[bi]) ? i : bi), 0);
  const start = Math.max(0, Math.min(ladder.length - n, near - Math.floor(n / 2)));
  return ladder.slice(start, start + n);
}

// The valley of the range test: the middle of the longest decreasing run of
// the smoothed losses (a longest decreasing subsequence), as lr_find suggests.
export function rangeAnalysis({ lr, loss }) {
  const smooth = [];
  let avg = 0;
  let stop = loss.length;
  let lowest = Infinity;
  for (let i = 0; i < loss.length; i++) {
    if (!Number.isFinite(loss[i])) { stop = i; break; }
    avg = RANGE.beta * avg + (1 - RANGE.beta) * loss[i];
    const s = avg / (1 - RANGE.beta ** (i + 1));
    smooth.push(s);
    lowest = Math.min(lowest, s);
    if (s > RANGE.blowUp * lowest) { stop = i + 1; break; }
  }
  const blewUpAt = stop < loss.length || smooth.at(-1) > RANGE.blowUp * lowest ? lr[stop - 1] : null;
  const from = Math.floor(smooth.length * RANGE.skipStart);
  const to = Math.max(from + 1, smooth.length - RANGE.skipEnd);
  const s = smooth.slice(from, to);
  const runLen = new Array(s.length).fill(1);
  const prev = new Array(s.length).fill(-1);
  let end = 0;
  for (let i = 1; i < s.length; i++) {
    for (let j = 0; j < i; j++) {
      if (s[i] < s[j] && runLen[j] + 1 > runLen[i]) runLen[i] = runLen[j] + 1, prev[i] = j;
    }
    if (runLen[i] > runLen[end]) end = i;
  }
  let start = end;
  while (prev[start] >= 0) start = prev[start];
  const valley = from + Math.round((start + end) / 2);
  const minAt = from + s.indexOf(Math.min(...s));
  return {
    smooth, suggestedLr: lr[valley], valleyIndex: valley, minLr: lr[minAt], blewUpAt,
    fall: smooth.length ? (smooth[from] - Math.min(...s)) / smooth[from] : 0,
  };
}

const round2 = (v) => Number(v.toPrecision(2));

/** The experiments, in the order the page shows them. */
export const EXPERIMENTS = [
  {
    name: 'overfit-tiny',
    title: 'Overfit a tiny subset',
    question: 'Can the model fit 16 samples at all?',
    jobs(config) {
      const samples = Math.min(TINY.samples, config.n_train);
      const batch = Math.min(config.batch, samples);
      const c = { ...config, train_subset: samples, batch, n_val: 10 };
      c.epochs = Math.ceil(TINY.steps / stepsPerEpoch(c));
      return [{ label: `${samples} samples`, config: c, stopWhen: { field: 'train_acc', atLeast: TINY.pass } }];
    },
    conclude(config, [run]) {
      const top = best(run, 'train_loss');
      const acc = Math.max(...run.history.slice(1).map((r) => r.train_acc));
      const fits = acc >= TINY.pass;
      const samples = run.config.train_subset;
      const conclusion = fits
        ? `It fits: training accuracy ${pct(acc)} on ${samples} samples after ${run.steps} steps. The model and the optimization can learn; if the full run does not, the question is the data (do the labels follow the inputs?) or the capacity.`
        : `It cannot fit even ${samples} samples: best training accuracy ${pct(acc)} after ${run.steps} steps (TheDeepChecker passes at ${pct(TINY.pass)}), training loss ${fmt(top.train_loss)} at best. The model or the optimization is broken: look at the learning rate, dead units and the initializer.`;
      return { verdict: fits ? 'fits' : 'fails', fits, best_train_acc: acc, samples, steps: run.steps, conclusion, apply: null };
    },
  },
  {
    name: 'shuffled-labels',
    title: 'Shuffled labels',
    question: 'Do the labels carry anything the inputs predict?',
    jobs: (config) => [{ label: 'real labels', config }, { label: 'shuffled labels', config: { ...config, shuffle_labels: 1 } }],
    conclude: (config, runs) => compareWith(config, runs, 'shuffled labels',
      (a, b, w) => `Validation with shuffled labels (best ${b}) is as good as or better than with the real ones (${a}, ±${w}): the labels carry nothing the inputs predict. No setting can fix that; the data must.`,
      (a, b) => `The real labels reach a validation loss of ${a}; shuffled, ${b}: the inputs do predict the labels, so the cause lies elsewhere (the optimization, the capacity).`),
  },
  {
    name: 'zero-inputs',
    title: 'Zeroed inputs',
    question: 'Does the loss depend on the data at all?',
    jobs: (config) => [{ label: 'real inputs', config }, { label: 'zeroed inputs', config: { ...config, zero_inputs: 1 } }],
    conclude: (config, runs) => compareWith(config, runs, 'zeroed inputs',
      (a, b, w) => `With every input set to zero the network does as well or better (best validation loss ${b}) than with the data (${a}, ±${w}): the loss does not depend on the inputs, or they only hurt.`,
      (a, b) => `With its inputs the network reaches a validation loss of ${a}; with zeros, ${b}: it does use the data.`),
  },
  {
    name: 'lr-range',
    title: 'Learning-rate range test',
    question: 'Which learning rate makes the loss fall fastest?',
    jobs(config) {
      const c = { ...config, lr: RANGE.from, lr_growth: (RANGE.to / RANGE.from) ** (1 / (RANGE.steps - 1)), step_log: RANGE.steps, n_val: 10 };
      c.epochs = Math.ceil(RANGE.steps / stepsPerEpoch(c));
      return [{ label: 'rising rate', config: c, maxSteps: RANGE.steps }];
    },
    conclude(config, [run]) {
      const a = rangeAnalysis(run.stepLog);
      const suggested = round2(a.suggestedLr);
      const blow = a.blewUpAt ? ` It blows up past ${formatValue(round2(a.blewUpAt))}.` : '';
      const weak = a.fall < RANGE.minFall;
      const valley = `the middle of its longest descent, fastai's "valley", is at lr ${formatValue(suggested)}`;
      const conclusion = weak
        ? `At no rate does the smoothed loss fall by even ${pct(RANGE.minFall)} (${pct(a.fall)} at most): no learning rate makes this model learn, so look at the data first (${valley}; the current rate is ${formatValue(config.lr)}).${blow}`
        : `The loss falls fastest around lr ${formatValue(suggested)} (${valley.replace(/, is at lr .*/, '')}); the current rate is ${formatValue(config.lr)}.${blow}`;
      return { suggested_lr: suggested, min_loss_lr: round2(a.minLr), blew_up_at: a.blewUpAt, fall: a.fall, learns: !weak,
        smooth: a.smooth, lrs: Array.from(run.stepLog.lr.slice(0, a.smooth.length)), valley_index: a.valleyIndex, conclusion,
        apply: !weak && suggested !== config.lr ? { lr: suggested } : null };
    },
  },
  {
    name: 'sweep',
    title: 'Sweep two settings',
    question: 'Where in a grid of two settings is validation lowest?',
    jobs(config, { x = 'lr', y = 'width', size = 6 } = {}) {
      const xs = sweepValues(x, config[x], size, config);
      const ys = sweepValues(y, config[y], size, config);
      return ys.flatMap((vy) => xs.map((vx) => {
        const c = { ...config, [x]: vx, [y]: vy };
        return { label: `${x} ${vx}, ${y} ${vy}`, cell: { [x]: vx, [y]: vy }, config: c, cost: cost(c) };
      }));
    },
    conclude(config, runs, { x = 'lr', y = 'width' } = {}) {
      const xs = [...new Set(runs.map((r) => r.cell[x]))];
      const ys = [...new Set(runs.map((r) => r.cell[y]))];
      const loss = runs.map((r) => (r.diverged ? Infinity : r.history.at(-1).val_loss));
      const at = loss.reduce((b, v, i) => (v < loss[b] ? i : b), 0);
      const cell = runs[at].cell;
      const [ix, iy] = [xs.indexOf(cell[x]), ys.indexOf(cell[y])];
      const edges = [];
      if (ix === 0 || ix === xs.length - 1) edges.push(`${x} ${formatValue(cell[x])} is the ${ix === 0 ? 'smallest' : 'largest'} tried`);
      if (iy === 0 || iy === ys.length - 1) edges.push(`${y} ${formatValue(cell[y])} is the ${iy === 0 ? 'smallest' : 'largest'} tried`);
      const edge = edges.length ? ` It sits on the edge of the grid (${edges.join('; ')}): the best may lie beyond, so widen the range.` : '';
      const diverged = loss.filter((v) => v === Infinity).length;
      const conclusion = `Lowest validation loss ${fmt(loss[at])} at ${x} ${formatValue(cell[x])}, ${y} ${formatValue(cell[y])}, over ${runs.length} runs of ${config.epochs} epochs${diverged ? ` (${diverged} diverged)` : ''}.${edge}`;
      return { x, y, xs, ys, val_loss: loss, best: { ...cell, val_loss: loss[at] }, on_edge: edges.length > 0, conclusion,
        apply: cell[x] !== config[x] || cell[y] !== config[y] ? cell : null };
    },
  },
  {
    name: 'seeds',
    title: 'Seed spread',
    question: 'Which differences are only noise?',
    jobs: (config) => Array.from({ length: SEEDS }, (_, i) => ({ label: `seed ${(config.seed + i) % 2 ** 32}`,
      config: { ...config, seed: (config.seed + i) % 2 ** 32 } })),
    conclude(config, runs) {
      const epochs = Math.min(...runs.map((r) => r.history.length));
      const spread = (field) => Array.from({ length: epochs }, (_, e) => {
        const v = runs.map((r) => r.history[e][field]);
        return { epoch: e, min: Math.min(...v), max: Math.max(...v), mean: v.reduce((a, b) => a + b, 0) / v.length };
      });
      const val = spread('val_loss');
      const last = val.at(-1);
      const finals = runs.map((r) => r.history[epochs - 1].val_loss);
      const sd = Math.sqrt(finals.reduce((s, v) => s + (v - last.mean) ** 2, 0) / (finals.length - 1));
      const conclusion = `Over ${runs.length} seeds the final validation loss is ${fmt(last.mean)} ± ${fmt(sd)} (from ${fmt(last.min)} to ${fmt(last.max)}): two runs that differ by less than ${fmt(last.max - last.min)} may differ by chance alone.`;
      return { seeds: runs.map((r) => r.config.seed), val_band: val, train_band: spread('train_loss'), final_sd: sd,
        final_range: [last.min, last.max], conclusion, apply: null };
    },
  },
];

// Two runs compared: the real one against a control (shuffled labels, zeroed
// inputs); "the same" when the real run's best validation loss is not lower
// than the control's by more than two standard errors.
function compareWith(config, [real, control], name, same, differs) {
  const a = best(real);
  const b = best(control);
  const w = band(a, config.n_val);
  const alike = a.val_loss >= b.val_loss - w;
  const conclusion = alike ? same(fmt(a.val_loss), fmt(b.val_loss), fmt(w)) : differs(fmt(a.val_loss), fmt(b.val_loss));
  return { verdict: alike ? 'same' : 'differs', same: alike, real_best: a.val_loss, control_best: b.val_loss, band: w,
    control: name, conclusion, apply: null };
}

export const EXPERIMENT_BY_NAME = new Map(EXPERIMENTS.map((e) => [e.name, e]));

/**
 * An experiment from end to end on one engine, job after job (the CLI and
 * tests; the page spreads the jobs over a pool): { name, jobs, results, ...conclusion }.
 */
export function runExperiment(engine, name, config, options = {}, onProgress = () => {}) {
  const ex = EXPERIMENT_BY_NAME.get(name);
  if (!ex) throw new Error(`unknown experiment '${name}'; the experiments are ${EXPERIMENTS.map((e) => e.name).join(', ')}`);
  const jobs = ex.jobs(config, options);
  const runs = jobs.map((job, i) => ({ ...job, ...runJob(engine, job, (f) => onProgress((i + f) / jobs.length)) }));
  return finish(ex, config, runs, options);
}

/** The conclusion over finished runs (each its job plus runJob's result). */
export function finish(ex, config, runs, options = {}) {
  return { experiment: ex.name, ...ex.conclude(config, runs, options), runs: runs.length };
}
