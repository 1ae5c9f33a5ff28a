// Room web/engine/: the core and how to reach it: loading the .wasm (assets.js),
// the key table and configs (engine.js, settings.js, presets.js), one run
// (trainer.js), the training worker and its messages (worker.js, protocol.js,
// worker-client.js), and the exact replica's data (exact-run.js). It may import
// nothing outside this room: every capability uses it, it knows none of them.
//
// engine.js: loads flatline-simd.wasm or flatline-scalar.wasm (in a page, a
// worker or Node) and wraps the C core's exports. It only moves strings and
// typed arrays across the boundary: every number it hands out was computed in C.
//
//   const engine = await loadEngine(bytesOrUrl);
//   const t = engine.createTrainer({ dataset: 'linear', width: 8 });
//   t.run(1000);                      // units of work; 0 once all epochs are done
//   t.history();                      // [{ epoch, train_loss, val_loss, ... }]
//   t.free();

import { dependents } from './settings.js';
import { Trainer, formatValue } from './trainer.js';

// The trainer's record layouts and unit flags are part of the engine's API.
export { LAYER_FIELDS, METRIC_FIELDS, UNIT_DEAD, UNIT_SATURATED, recordsToObjects } from './trainer.js';

const KEY_KINDS = ['int', 'real', 'bool', 'enum', 'list'];

/** The keys your own data decides in a csv run (fl_config_use_data). */
export const KEYS_FROM_DATA = ['features', 'classes', 'n_train', 'n_val'];

/** How the core chose a CSV's label column (fl_csv.label_from, FL_LABEL_*), by its index. */
export const LABEL_FROM = ['last', 'named', 'words', 'given'];

/** How the core decoded a CSV (fl_csv.encoding), by its index. */
export const CSV_ENCODINGS = ['UTF-8', 'UTF-8 with a byte-order mark', 'UTF-16 (little-endian)', 'UTF-16 (big-endian)'];

/** The keys of a csv run on data of this summary (Engine.useData). */
export const csvKeys = (summary) => ({ dataset: 'csv', ...Object.fromEntries(KEYS_FROM_DATA.map((k) => [k, summary[k]])) });

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
  // Bytes are compiled as they are. Only other sources are asked whether they are a
  // Response: in Node the first touch of Response loads its fetch library (35 ms).
  const bytes = source instanceof ArrayBuffer || ArrayBuffer.isView(source);
  if (!bytes && typeof Response !== 'undefined' && source instanceof Response) {
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
   * Your own data for the runs of dataset 'csv' that follow: CSV bytes (or
   * text) decoded, parsed and checked by the core and kept in its memory,
   * replacing any kept before. With config (the settings the data's run
   * starts from), that run must be one the core would make. options: { label
   * (the label column's header name, or its position from 0), dropMissing
   * (drop rows with empty or NA cells) }. Returns { rows, features, classes,
   * regression, header, encoding }, what the reader chose (separator,
   * decimalComma, label: { column, from, name }, labelBase, indexDropped,
   * sklearnHeader, droppedRows, names: the class names or null) and the split
   * the core makes of it ({ n_train, n_val } at val_share); throws a ConfigError
   * (key 'data' for the file, another key for the run) and then keeps the data
   * it had.
   */
  useData(text, valShare = 0.2, config = null, options = {}) {
    const csv = this.parse(text, options);
    const before = this.dataPtr;
    this.dataPtr = csv;
    try {
      // The run the data is for (config with the data's keys, and the rules
      // between keys applied as the page applies them) must be one the core
      // takes, its memory budget included: else the file is refused before
      // anything is replaced.
      const summary = this.dataSummary(valShare);
      if (config) {
        const run = { ...config, ...csvKeys(summary), val_share: valShare };
        for (const c of dependents(run)) run[c.key] = c.value;
        try {
          this.check(run);
        } catch (err) {
          if (!(err instanceof ConfigError)) throw err;
          throw new ConfigError('data', `data: ${summary.rows} rows read, but the lab cannot train on them with these settings: ${err.message}`);
        }
      }
      if (before) this.x.fla_csv_free(before); // trainers copied their rows: none reads them now
      return summary;
    } catch (err) {
      this.dataPtr = before;
      this.x.fla_csv_free(csv);
      throw err;
    }
  }

  /**
   * Throws the ConfigError the core would give for a run of config (a bad
   * key, a rule between keys, or a network and history over the memory
   * budget), without making the run.
   */
  check(config) {
    const cfg = this.makeConfig(config);
    try {
      if (this.x.fla_config_validate(cfg, this.errPtr) !== 0) this.throwError();
      if (this.x.fla_trainer_fits(cfg, this.errPtr) !== 0) this.throwError();
    } finally {
      this.x.fla_config_free(cfg);
    }
  }

  /** The parser's limits: { bytes, rows }, the same numbers the core refuses a file by. */
  get csvLimits() {
    return { bytes: this.x.fla_csv_limit(0), rows: this.x.fla_csv_limit(1) };
  }

  /** The kept data's shape and split at valShare, or null when none is kept. */
  dataSummary(valShare = 0.2) {
    const x = this.x;
    const csv = this.dataPtr;
    if (!csv) return null;
    const split = this.splitOf({ dataset: 'csv', val_share: valShare });
    // regression: labels that are no classes (whole numbers 0 to 9) are real targets, for mse and mae.
    return { rows: x.fla_csv_rows(csv), features: x.fla_csv_features(csv), classes: x.fla_csv_classes(csv),
      regression: x.fla_csv_classes(csv) === 0,
      header: x.fla_csv_header(csv) === 1, encoding: CSV_ENCODINGS[x.fla_csv_encoding(csv)], ...this.csvChoices(csv), ...split };
  }

  /** Frees the kept data. */
  dropData() {
    if (this.dataPtr) this.x.fla_csv_free(this.dataPtr);
    this.dataPtr = 0;
  }

  /** What the core makes of config's data keys: { features, classes, n_train, n_val } (the kept data's for 'csv'). */
  splitOf(config) {
    const cfg = this.makeConfig(config);
    const out = Object.fromEntries(KEYS_FROM_DATA.map((k) => [k, this.configValue(cfg, k)]));
    this.x.fla_config_free(cfg);
    return out;
  }

  // A key's number in an fl_config the engine made.
  configValue(cfg, key) {
    return this.withStrings([key], (p) => this.x.fla_config_get(cfg, p));
  }

  // A parsed CSV in the core's memory (free with fla_csv_free); throws ConfigError.
  // options: { label (a header name, or a column from 0), dropMissing } (CSV_OPTIONS).
  parse(text, { label = null, dropMissing = false } = {}) {
    const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
    const x = this.x;
    const p = x.malloc(Math.max(1, bytes.length));
    new Uint8Array(x.memory.buffer, p, bytes.length).set(bytes);
    const byName = label !== null && label !== '' && !/^\d+$/.test(String(label));
    const column = label !== null && label !== '' && !byName ? Number(label) : -1;
    try {
      const csv = this.withStrings([byName ? label : ''], (name) =>
        x.fla_csv_parse(p, bytes.length, column, byName ? name : 0, dropMissing ? 1 : 0, this.errPtr));
      if (!csv) this.throwError();
      return csv;
    } finally {
      x.free(p);
    }
  }

  // What the reader chose in a parsed CSV (fla_csv_info), for dataSummary.
  csvChoices(csv) {
    const x = this.x;
    const out = x.malloc(40);
    try {
      x.fla_csv_info(csv, out);
      const [sep, comma, column, from, base, index, sklearn, dropped] = new Int32Array(x.memory.buffer, out, 10);
      const classes = x.fla_csv_classes(csv);
      const namesAt = x.fla_csv_names(csv);
      const names = [];
      for (let k = 0, at = namesAt; namesAt && k < classes; k++) {
        const name = this.string(at);
        names.push(name);
        at += new TextEncoder().encode(name).length + 1;
      }
      const header = x.fla_csv_label_header(csv);
      return {
        separator: String.fromCharCode(sep), decimalComma: comma === 1,
        label: { column, from: LABEL_FROM[from], name: header ? this.string(header) : null },
        labelBase: base, indexDropped: index === 1, sklearnHeader: sklearn === 1, droppedRows: dropped,
        names: namesAt ? names : null,
      };
    } finally {
      x.free(out);
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
   * Your own data: CSV text (or bytes) parsed and checked by the core (as
   * useData reads it, with the same options). Returns { rows, features,
   * classes, header, x: Float32Array (rows x features), y: Int32Array };
   * throws a ConfigError (key 'data') naming the line and column at fault.
   */
  parseCsv(text, options = {}) {
    const x = this.x;
    const csv = this.parse(text, options);
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
    const rows = this.configValue(cfg, 'train_subset') || this.configValue(cfg, 'n_train');
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
