// trainer.js: one run in the core (Engine.createTrainer makes it): stepping
// it, reading its history, per-layer and per-unit signals, data, weights and
// views, and live changes. Like engine.js it only moves numbers across the
// boundary; every one was computed in C.

/** Field names of one fl_metrics record, in its C order. */
export const METRIC_FIELDS = [
  'epoch', 'train_loss', 'val_loss', 'train_acc', 'val_acc', 'grad_norm', 'update_ratio',
  'dead_frac', 'lr', 'batch', 'input_scale', 'grad_ratio', 'val_loss_sd', 'input_rms', 'input_max',
  'input_mean', 'chance_loss', 'chance_acc', 'empty_classes', 'train_mae', 'val_mae',
];

/** Field names of one fl_layer_metrics record (per layer and epoch), in its C order. */
export const LAYER_FIELDS = [
  'grad_norm', 'update_ratio', 'dead_frac', 'sat_frac', 'sat_share', 'act_mean', 'act_std',
];

/** Per-unit flags of Trainer.units(): a dead ReLU, a saturated tanh or sigmoid. */
export const UNIT_DEAD = 1;
export const UNIT_SATURATED = 2;

const DIVERGED_AT = ['loss', 'outputs', 'gradients', 'weights'];
const OUTPUT_ACTS = ['auto', 'softmax', 'sigmoid', 'linear', 'relu', 'tanh']; // FL_OUT_*
const DIVERGED_KIND = [null, 'NaN', 'Infinity', 'overflow'];
const NORMS = ['none', 'after', 'before']; // FL_BN_*

/**
 * History records as objects from the raw arrays: each { epoch, train_loss, ...,
 * layers: [{ grad_norm, ... }] } with nLayers layer records (output layer last).
 */
export function recordsToObjects(raw, layerRaw, nLayers) {
  const f = METRIC_FIELDS.length;
  const lf = LAYER_FIELDS.length;
  const out = [];
  for (let r = 0; r < raw.length / f; r++) {
    // Built whole (Object.fromEntries): a record made by adding its 21 fields one by one
    // takes about twice the memory in V8, and the lab keeps every epoch's record.
    const rec = Object.fromEntries(METRIC_FIELDS.map((name, i) => [name, raw[r * f + i]]));
    rec.layers = [];
    for (let l = 0; l < nLayers; l++) {
      const at = (r * nLayers + l) * lf;
      rec.layers.push(Object.fromEntries(LAYER_FIELDS.map((name, i) => [name, layerRaw[at + i]])));
    }
    out.push(rec);
  }
  return out;
}

/** The shortest decimal whose float32 is v's float32. */
export function shortestFloat(v) {
  const f = Math.fround(v);
  for (let p = 1; p < 10; p++) {
    const s = Number(f.toPrecision(p));
    if (Math.fround(s) === f) return s;
  }
  return f;
}

/** A config value as the core reads it (true and false as 1 and 0). */
export function formatValue(v) {
  if (typeof v === 'boolean') return v ? '1' : '0';
  return String(v);
}

export class Trainer {
  constructor(engine, ptr) {
    this.engine = engine;
    this.x = engine.x;
    this.ptr = ptr;
  }

  /** Does at most `units` units of work; returns how many were done (0: finished). */
  run(units) { return this.x.fla_run(this.ptr, units); }

  /** Runs every remaining epoch. */
  runAll() { while (this.run(1 << 20) > 0); }

  get done() { return this.x.fla_done(this.ptr) === 1; }

  /**
   * null, or where the run diverged: { epoch, step (0: the validation pass),
   * layer (0: the loss), where: 'loss' | 'outputs' | 'gradients' | 'weights',
   * kind: 'NaN' | 'Infinity' | 'overflow' }. A diverged run is done.
   */
  /** Optimizer steps taken so far. */
  get steps() {
    return this.x.fla_steps(this.ptr);
  }

  /**
   * The learning rate and batch loss (with the L2 penalty) of the first
   * `step_log` steps taken: { lr: Float64Array, loss: Float64Array }.
   */
  stepLog() {
    const out = this.x.malloc(4);
    try {
      const at = this.x.fla_step_log(this.ptr, out);
      const n = new Int32Array(this.x.memory.buffer, out, 1)[0];
      const pairs = new Float64Array(this.x.memory.buffer, at, 2 * n);
      const lr = new Float64Array(n);
      const loss = new Float64Array(n);
      for (let i = 0; i < n; i++) lr[i] = pairs[2 * i], loss[i] = pairs[2 * i + 1];
      return { lr, loss };
    } finally {
      this.x.free(out);
    }
  }

  get diverged() {
    const out = this.x.malloc(20);
    try {
      if (!this.x.fla_diverged(this.ptr, out)) return null;
      const [epoch, step, layer, where, kind] = new Int32Array(this.x.memory.buffer, out, 5);
      return { epoch, step, layer, where: DIVERGED_AT[where], kind: DIVERGED_KIND[kind] };
    } finally {
      this.x.free(out);
    }
  }
  get epochsDone() { return this.x.fla_epochs_done(this.ptr); }
  /** History records so far: 0 before the untrained net is evaluated, then epochsDone + 1. */
  get records() { return this.x.fla_records(this.ptr); }

  /** The raw history as a Float64Array of records from..records-1, fields METRIC_FIELDS. */
  historyArray(from = 0) {
    const n = this.records;
    const f = this.x.fla_metric_fields();
    if (from >= n) return new Float64Array(0);
    const base = this.x.fla_history(this.ptr);
    return new Float64Array(this.x.memory.buffer, base + from * f * 8, (n - from) * f).slice();
  }

  /**
   * The per-layer records of history records from..records-1 as one
   * Float64Array: record after record, layer after layer (output layer last),
   * fields LAYER_FIELDS.
   */
  layerHistoryArray(from = 0) {
    const n = this.records;
    const per = this.x.fla_layer_count(this.ptr) * this.x.fla_layer_fields();
    if (from >= n) return new Float64Array(0);
    const base = this.x.fla_layer_history(this.ptr);
    return new Float64Array(this.x.memory.buffer, base + from * per * 8, (n - from) * per).slice();
  }

  /** The history as objects, epoch 0 (the untrained net) first, each with its `layers`. */
  history(from = 0) {
    return recordsToObjects(this.historyArray(from), this.layerHistoryArray(from),
      this.x.fla_layer_count(this.ptr));
  }

  /**
   * Per hidden unit, layer after layer, as of the last validation pass:
   * { flags: Uint8Array (UNIT_DEAD | UNIT_SATURATED), mean: Float32Array (mean output) }.
   */
  units() {
    const n = this.x.fla_hidden_units(this.ptr);
    const buf = this.x.memory.buffer;
    return {
      flags: new Uint8Array(buf, this.x.fla_unit_flags(this.ptr), n).slice(),
      mean: new Float32Array(buf, this.x.fla_unit_mean(this.ptr), n).slice(),
    };
  }

  /** Changes a live key (lr, batch, input_scale, l2, epochs) mid-run; throws ConfigError. */
  set(key, value) {
    const status = this.engine.withStrings([key, formatValue(value)],
      (k, v) => this.x.fla_set(this.ptr, k, v, this.engine.errPtr));
    if (status !== 0) this.engine.throwError();
  }

  /** The value of a key in this run (enum keys as their names). */
  get(key) {
    const v = this.engine.withStrings([key], (k) => this.x.fla_get(this.ptr, k));
    const info = this.engine.keyByName.get(key);
    // A real key is stored as a float: the shortest decimal that reads back to it (0.001, not 0.0010000000474974513).
    if (info?.kind === 'real') return shortestFloat(v);
    if (info?.kind === 'list') return this.engine.text((k, buf, size) => this.x.fla_get_text(this.ptr, k, buf, size), key);
    return info && info.kind === 'enum' ? info.choices[v] : v;
  }

  /** The config of this run as { key: value }. */
  config() {
    return Object.fromEntries(this.engine.keys.map((k) => [k.name, this.get(k.name)]));
  }

  /** Samples per unit of work in this run. */
  get chunk() { return this.x.fla_chunk(this.ptr); }

  /** The share of the epoch in progress that is done (0 to 1). */
  get progress() { return this.x.fla_progress(this.ptr); }

  /** Number of parameters (weights and biases). */
  get paramCount() { return this.x.fla_param_count(this.ptr); }

  /** Layer shapes [{ in, out }], the output layer last. */
  layers() {
    const out = [];
    for (let l = 0; l < this.x.fla_layer_count(this.ptr); l++) {
      out.push({
        in: this.x.fla_layer_in(this.ptr, l), out: this.x.fla_layer_out(this.ptr, l),
        // Where its run of the parameter block starts, and its batch normalization.
        at: this.x.fla_layer_at(this.ptr, l), norm: NORMS[this.x.fla_layer_norm(this.ptr, l)],
      });
    }
    return out;
  }

  /**
   * The normalized layers' moving averages, as the core holds them: for each
   * layer with norm !== 'none', in order, { mean, variance } (Float32Array copies).
   */
  normStats() {
    const ptr = this.x.fla_norm_stats(this.ptr);
    let at = 0;
    return this.layers().filter((l) => l.norm !== 'none').map(({ out }) => {
      const all = new Float32Array(this.x.memory.buffer, ptr + at * 4, 2 * out).slice();
      at += 2 * out;
      return { mean: all.subarray(0, out), variance: all.subarray(out) };
    });
  }

  /**
   * All parameters as one Float32Array copy, Keras order: for each layer its
   * kernel (in x out, row-major), its bias (out), and when it is normalized its
   * gamma and beta (out each); layers() says where each layer starts.
   */
  getParams() {
    return this.paramsView().slice();
  }

  /** The same block as a view into the core's memory, without a copy: valid until the next call into the core. */
  paramsView() {
    return new Float32Array(this.x.memory.buffer, this.x.fla_params(this.ptr), this.x.fla_param_count(this.ptr));
  }

  /** Overwrites all parameters (same layout); optimizer state is kept. */
  setParams(values) {
    const n = this.x.fla_param_count(this.ptr);
    if (values.length !== n) throw new RangeError(`setParams: expected ${n} values, got ${values.length}`);
    new Float32Array(this.x.memory.buffer, this.x.fla_params(this.ptr), n).set(values);
  }

  /** The data the network sees: { x: Float32Array (n x features), y: Int32Array, n, features }. */
  data(split = 'train') {
    const s = split === 'val' ? 1 : 0;
    const n = this.x.fla_samples(this.ptr, s);
    const features = this.x.fla_features(this.ptr);
    const buf = this.x.memory.buffer;
    return {
      n, features,
      x: new Float32Array(buf, this.x.fla_inputs(this.ptr, s), n * features).slice(),
      y: new Int32Array(buf, this.x.fla_labels(this.ptr, s), n).slice(),
      // What the loss compares the outputs with (n x outputs): real targets on
      // regression data, one-hot or single labels for the other losses; null
      // for sparse cross-entropy, whose targets are y.
      targets: this.x.fla_targets(this.ptr, s)
        ? new Float32Array(buf, this.x.fla_targets(this.ptr, s), n * this.outputs).slice() : null,
    };
  }

  /** Output units, and whether the targets are real numbers (a regression). */
  get outputs() { return this.x.fla_outputs(this.ptr); }
  get regression() { return this.x.fla_regression(this.ptr) === 1; }
  /** The output layer's activation as the core resolved it ('auto' becomes the loss's own). */
  get outputAct() { return OUTPUT_ACTS[this.x.fla_output_act(this.ptr)]; }

  /** True for the 2-D data sets, whose points and maps lie in the plane of x1 and x2. */
  get plane() {
    return this.x.fla_is_plane(this.ptr) === 1;
  }

  /**
   * The points of a 2-D data set in the decision map's plane (x1, x2 as
   * generated, before input_scale, standardize and the engineered inputs):
   * { x: Float32Array (n x 2), y: Int32Array, n }, or null for the 10-D sets.
   */
  points(split = 'train') {
    if (!this.plane) return null;
    const s = split === 'val' ? 1 : 0;
    const n = this.x.fla_samples(this.ptr, s);
    const features = this.x.fla_features(this.ptr);
    const buf = this.x.memory.buffer;
    const raw = new Float32Array(buf, this.x.fla_raw_inputs(this.ptr, s), n * features);
    const x = new Float32Array(2 * n);
    for (let k = 0; k < n; k++) x[2 * k] = raw[k * features], x[2 * k + 1] = raw[k * features + 1];
    return { n, x, y: new Int32Array(buf, this.x.fla_labels(this.ptr, s), n).slice() };
  }

  /**
   * The decision map of a 2-D data set: { cls: Uint8Array, conf: Float32Array,
   * bounds: [xmin, xmax, ymin, ymax], res }, or null for other networks.
   */
  grid(res) {
    const x = this.x;
    const cls = x.malloc(res * res);
    const conf = x.malloc(res * res * 4);
    const bounds = x.malloc(16);
    try {
      if (x.fla_grid(this.ptr, res, cls, conf, bounds) !== 0) return null;
      const buf = x.memory.buffer;
      return {
        res,
        cls: new Uint8Array(buf, cls, res * res).slice(),
        conf: new Float32Array(buf, conf, res * res).slice(),
        bounds: Array.from(new Float32Array(buf, bounds, 4)),
      };
    } finally {
      x.free(cls); x.free(conf); x.free(bounds);
    }
  }

  /** A hidden unit's output over the plane (2-D sets): { res, out: Float32Array, bounds }, else null. */
  unitGrid(layer, unit, res) {
    const x = this.x;
    const out = x.malloc(res * res * 4);
    const bounds = x.malloc(16);
    try {
      if (x.fla_unit_grid(this.ptr, layer, unit, res, out, bounds) !== 0) return null;
      const buf = x.memory.buffer;
      return { res, out: new Float32Array(buf, out, res * res).slice(), bounds: Array.from(new Float32Array(buf, bounds, 4)) };
    } finally {
      x.free(out); x.free(bounds);
    }
  }

  /**
   * Every hidden unit's output over the plane in one forward pass: per hidden
   * layer, its first min(out, perLayer) units, each a Float32Array of res x res
   * (as unitGrid gives one); null off a plane.
   */
  unitMaps(res, perLayer) {
    const x = this.x;
    const kept = this.layers().slice(0, -1).map((l) => Math.min(l.out, perLayer));
    const cells = res * res;
    const total = kept.reduce((a, k) => a + k, 0) * cells;
    const out = x.malloc(Math.max(1, total) * 4);
    const bounds = x.malloc(16);
    try {
      if (x.fla_unit_maps(this.ptr, res, perLayer, out, bounds) !== 0) return null;
      const all = new Float32Array(x.memory.buffer, out, total);
      let at = 0;
      return kept.map((k) => Array.from({ length: k }, () => all.slice(cells * at, cells * ++at)));
    } finally {
      x.free(out); x.free(bounds);
    }
  }

  /** A hidden unit's outputs over the validation set: { counts: Int32Array (bins), range: [min, max] }, or null. */
  unitHistogram(layer, unit, bins) {
    const x = this.x;
    const counts = x.malloc(bins * 4);
    const range = x.malloc(8);
    try {
      if (x.fla_unit_histogram(this.ptr, layer, unit, bins, counts, range) !== 0) return null;
      const buf = x.memory.buffer;
      return { counts: new Int32Array(buf, counts, bins).slice(), range: Array.from(new Float32Array(buf, range, 2)) };
    } finally {
      x.free(counts); x.free(range);
    }
  }

  free() {
    if (this.ptr) this.x.fla_free(this.ptr);
    this.ptr = 0;
  }
}
