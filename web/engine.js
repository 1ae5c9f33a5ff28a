// engine.js: loads flatline-simd.wasm or flatline-scalar.wasm (in a page, a
// worker or Node) and wraps the C core's exports. It only moves strings and
// typed arrays across the boundary: every number it hands out was computed in C.
//
//   const engine = await loadEngine(bytesOrUrl);
//   const t = engine.createTrainer({ dataset: 'linear', width: 8 });
//   t.run(1000);                      // units of work; 0 once all epochs are done
//   t.history();                      // [{ epoch, train_loss, val_loss, ... }]
//   t.free();

/** Field names of one fl_metrics record, in its C order. */
export const METRIC_FIELDS = [
  'epoch', 'train_loss', 'val_loss', 'train_acc', 'val_acc', 'grad_norm', 'update_ratio',
  'dead_frac', 'lr', 'batch', 'input_scale', 'grad_ratio', 'val_loss_sd', 'input_rms', 'input_max',
];

/** Field names of one fl_layer_metrics record (per layer and epoch), in its C order. */
export const LAYER_FIELDS = [
  'grad_norm', 'update_ratio', 'dead_frac', 'sat_frac', 'sat_share', 'act_mean', 'act_std',
];

/** Per-unit flags of Trainer.units(): a dead ReLU, a saturated tanh or sigmoid. */
export const UNIT_DEAD = 1;
export const UNIT_SATURATED = 2;

const KEY_KINDS = ['int', 'real', 'bool', 'enum', 'list'];
const DIVERGED_AT = ['loss', 'outputs', 'gradients', 'weights'];
const DIVERGED_KIND = [null, 'NaN', 'Infinity', 'overflow'];

/** An error from the core about one config key (err.key), e.g. "lr: 50 is outside...". */
export class ConfigError extends Error {
  constructor(key, message) {
    super(message);
    this.name = 'ConfigError';
    this.key = key;
  }
}

/** True when this JavaScript engine validates WebAssembly SIMD. */
export function simdSupported() {
  // A module with one function that returns an i32x4.splat of 0 (v128 type).
  const probe = new Uint8Array([
    0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0,
    253, 15, 253, 98, 11,
  ]);
  return WebAssembly.validate(probe);
}

/**
 * Instantiates a Flatline module from its bytes (ArrayBuffer or typed array),
 * a Response, or a URL string (fetched). Returns an Engine.
 */
export async function loadEngine(source) {
  let memory = null;
  const imports = {
    env: {
      fl_assert_failed(file, line, expr) {
        throw new Error(`flatline core: ${readString(memory, file)}:${line}: assertion failed: ` +
          readString(memory, expr));
      },
      emscripten_notify_memory_growth() {},
    },
  };
  let instance;
  if (typeof source === 'string' || source instanceof URL) source = await fetch(source);
  if (typeof Response !== 'undefined' && source instanceof Response) {
    const bytes = await source.arrayBuffer();
    ({ instance } = await WebAssembly.instantiate(bytes, imports));
  } else {
    ({ instance } = await WebAssembly.instantiate(source, imports));
  }
  memory = instance.exports.memory;
  if (instance.exports._initialize) instance.exports._initialize();
  return new Engine(instance.exports);
}

function readString(memory, ptr) {
  const bytes = new Uint8Array(memory.buffer, ptr);
  const end = bytes.indexOf(0);
  return new TextDecoder().decode(bytes.subarray(0, end < 0 ? 0 : end));
}

export class Engine {
  constructor(exports) {
    this.x = exports;
    this.errPtr = exports.malloc(exports.fla_error_size());
    /** The config keys as the core defines them: name, kind, min, max, default, choices, live. */
    this.keys = [];
    for (let k = 0; k < exports.fla_key_count(); k++) {
      const choices = [];
      for (let c = 0; c < exports.fla_key_choice_count(k); c++) {
        choices.push(this.string(exports.fla_key_choice(k, c)));
      }
      const kind = KEY_KINDS[exports.fla_key_kind(k)];
      const fallback = exports.fla_key_default(k);
      this.keys.push({
        name: this.string(exports.fla_key_name(k)), kind,
        min: exports.fla_key_min(k), max: exports.fla_key_max(k),
        default: kind === 'enum' ? choices[fallback] : kind === 'list' ? '' : fallback,
        choices, live: exports.fla_key_live(k) === 1,
      });
    }
    this.keyByName = new Map(this.keys.map((k) => [k.name, k]));
  }

  string(ptr) { return readString(this.x.memory, ptr); }

  /** The text a core call writes (call(keyPtr, buf, size)) about key. */
  text(call, key) {
    const buf = this.x.malloc(256);
    try {
      this.withStrings([key], (k) => call(k, buf, 256));
      return this.string(buf);
    } finally {
      this.x.free(buf);
    }
  }

  /** Runs fn with NUL-terminated copies of the strings in linear memory. */
  withStrings(strings, fn) {
    const enc = new TextEncoder();
    const ptrs = strings.map((s) => {
      const bytes = enc.encode(String(s));
      const p = this.x.malloc(bytes.length + 1);
      const view = new Uint8Array(this.x.memory.buffer, p, bytes.length + 1);
      view.set(bytes);
      view[bytes.length] = 0;
      return p;
    });
    try {
      return fn(...ptrs);
    } finally {
      ptrs.forEach((p) => this.x.free(p));
    }
  }

  /** Throws the ConfigError that the last failing call left in the error buffer. */
  throwError() {
    const key = this.string(this.errPtr + this.x.fla_error_key_offset());
    throw new ConfigError(key, this.string(this.errPtr + this.x.fla_error_message_offset()));
  }

  /**
   * Your own data for the runs of dataset 'csv' that follow: CSV text (or
   * bytes) parsed and checked by the core and kept in its memory, replacing
   * any kept before. Returns { rows, features, classes, header } and the split
   * the core makes of it ({ n_train, n_val } at val_share); throws a
   * ConfigError (key 'data') naming the line and column at fault, and then
   * keeps the data it had.
   */
  useData(text, valShare = 0.2) {
    const csv = this.parse(text);
    if (this.dataPtr) this.x.fla_csv_free(this.dataPtr);
    this.dataPtr = csv;
    return this.dataSummary(valShare);
  }

  /** The kept data's shape and split at valShare, or null when none is kept. */
  dataSummary(valShare = 0.2) {
    const x = this.x;
    const csv = this.dataPtr;
    if (!csv) return null;
    const split = this.splitOf({ dataset: 'csv', val_share: valShare });
    return { rows: x.fla_csv_rows(csv), features: x.fla_csv_features(csv), classes: x.fla_csv_classes(csv),
      header: x.fla_csv_header(csv) === 1, ...split };
  }

  /** Frees the kept data. */
  dropData() {
    if (this.dataPtr) this.x.fla_csv_free(this.dataPtr);
    this.dataPtr = 0;
  }

  /** What the core makes of config's data keys: { features, classes, n_train, n_val } (the kept data's for 'csv'). */
  splitOf(config) {
    const cfg = this.makeConfig(config);
    const out = Object.fromEntries(['features', 'classes', 'n_train', 'n_val'].map((k) =>
      [k, this.withStrings([k], (p) => this.x.fla_config_get(cfg, p))]));
    this.x.fla_config_free(cfg);
    return out;
  }

  // A parsed CSV in the core's memory (free with fla_csv_free); throws ConfigError.
  parse(text) {
    const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
    const x = this.x;
    const p = x.malloc(Math.max(1, bytes.length));
    new Uint8Array(x.memory.buffer, p, bytes.length).set(bytes);
    try {
      const csv = x.fla_csv_parse(p, bytes.length, this.errPtr);
      if (!csv) this.throwError();
      return csv;
    } finally {
      x.free(p);
    }
  }

  /** Builds an fl_config from { key: value } (defaults elsewhere); throws ConfigError. */
  makeConfig(config) {
    const cfg = this.x.fla_config_new();
    for (const [key, value] of Object.entries(config)) {
      const status = this.withStrings([key, formatValue(value)],
        (k, v) => this.x.fla_config_set(cfg, k, v, this.errPtr));
      if (status !== 0) {
        this.x.fla_config_free(cfg);
        this.throwError();
      }
    }
    // The kept data decides the data keys of a csv run (fl_config_use_data).
    if (config.dataset === 'csv' && this.dataPtr) this.x.fla_config_use_data(cfg, this.dataPtr);
    return cfg;
  }

  /**
   * Your own data: CSV text (or bytes) parsed and checked by the core (feature
   * columns, then an integer label; a header optional). Returns { rows,
   * features, classes, header, x: Float32Array (rows x features), y: Int32Array };
   * throws a ConfigError (key 'data') naming the line and column at fault.
   */
  parseCsv(text) {
    const x = this.x;
    const csv = this.parse(text);
    try {
      const rows = x.fla_csv_rows(csv);
      const features = x.fla_csv_features(csv);
      const buf = x.memory.buffer;
      return {
        rows, features, classes: x.fla_csv_classes(csv), header: x.fla_csv_header(csv) === 1,
        x: new Float32Array(buf, x.fla_csv_x(csv), rows * features).slice(),
        y: new Int32Array(buf, x.fla_csv_y(csv), rows).slice(),
      };
    } finally {
      x.fla_csv_free(csv);
    }
  }

  /**
   * Each epoch's batch order in a run of config (the kept data's for 'csv'):
   * an array of `epochs` Int32Arrays of training-sample indices, epoch 1 first.
   */
  batchOrders(config, epochs) {
    const cfg = this.makeConfig(config);
    const x = this.x;
    const subset = this.withStrings(['train_subset'], (p) => x.fla_config_get(cfg, p));
    const rows = subset || this.withStrings(['n_train'], (p) => x.fla_config_get(cfg, p));
    const out = x.malloc(Math.max(1, epochs * rows * 4));
    try {
      if (x.fla_batch_orders(cfg, epochs, out, this.errPtr) !== 0) this.throwError();
      const all = new Int32Array(x.memory.buffer, out, epochs * rows);
      return Array.from({ length: epochs }, (_, e) => all.slice(e * rows, (e + 1) * rows));
    } finally {
      x.free(out);
      x.fla_config_free(cfg);
    }
  }

  /** Checks a config as the core would, without building a trainer; throws ConfigError. */
  validate(config) {
    const cfg = this.makeConfig(config);
    const status = this.x.fla_config_validate(cfg, this.errPtr);
    this.x.fla_config_free(cfg);
    if (status !== 0) this.throwError();
  }

  /**
   * A trainer for config ({ key: value }); throws ConfigError. options.chunk
   * sets the samples per unit of work (0 or absent: the core picks), which
   * changes speed and latency, never results.
   */
  createTrainer(config = {}, { chunk = 0 } = {}) {
    const cfg = this.makeConfig(config);
    this.x.fla_config_set_chunk(cfg, chunk);
    const ptr = this.x.fla_create(cfg, this.errPtr);
    this.x.fla_config_free(cfg);
    if (!ptr) this.throwError();
    return new Trainer(this, ptr);
  }
}

/**
 * History records as objects from the raw arrays: each { epoch, train_loss, ...,
 * layers: [{ grad_norm, ... }] } with nLayers layer records (output layer last).
 */
export function recordsToObjects(raw, layerRaw, nLayers) {
  const f = METRIC_FIELDS.length;
  const lf = LAYER_FIELDS.length;
  const out = [];
  for (let r = 0; r < raw.length / f; r++) {
    const rec = {};
    METRIC_FIELDS.forEach((name, i) => { rec[name] = raw[r * f + i]; });
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

function formatValue(v) {
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
      out.push({ in: this.x.fla_layer_in(this.ptr, l), out: this.x.fla_layer_out(this.ptr, l) });
    }
    return out;
  }

  /**
   * All parameters as one Float32Array copy, Keras order: for each layer its
   * kernel (in x out, row-major) then its bias (out).
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
    };
  }

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
