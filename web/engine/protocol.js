// protocol.js: every message between the page and the training worker. Each is
// a plain {type, ...} object; arrays travel as transferred typed arrays.

/** Page -> worker. */
export const TO_WORKER = {
  LOAD: 'load',       // { engine: 'simd' | 'scalar' }: instantiate that .wasm
  START: 'start',     // { run, config, play }: a new trainer (the old one is freed)
  PLAY: 'play',       // {}
  PAUSE: 'pause',     // {}
  STEP: 'step',       // {}: train to the end of the next epoch, then pause
  SET: 'set',         // { key, value, from }: a live change to the running trainer (from: the old value)
  SPEED: 'speed',     // { epochsPerSecond }: Infinity for as fast as possible
  PING: 'ping',       // {}: are you there? (answered by PONG)
  UNIT: 'unit',       // { layer, unit }: what this hidden unit computes (answered by UNIT_VIEW)
  DATA: 'data',       // { bytes: Uint8Array, valShare, config }: your own CSV, decoded and parsed by the core and
                      //   checked against the run config would make (answered by DATA, or ERROR key 'data'
                      //   and the data kept before stays)
  EXACT: 'exact',     // { config }: the exact replica's file for config (answered by EXACT)
};

/** Worker -> page. */
export const FROM_WORKER = {
  READY: 'ready',       // { engine, keys, fields, csvLimits: { bytes, rows } }: the core's key table, metric
                        //   field names and the CSV parser's limits
  STARTED: 'started',   // { run, layers, features, classes, split: { features, classes, n_train, n_val },
                        //   train: { x, y } | null }: a new run (split: what its data is), or its data rescaled
  METRICS: 'metrics',   // { run, from, records: Float64Array, layerRecords: Float64Array, layerCount,
                        //   epochsDone, done, diverged (null or where, Trainer.diverged), playing, samplesPerSecond }
  GRID: 'grid',         // { run, res, cls: Uint8Array, conf: Float32Array, bounds }
  CHANGED: 'changed',   // { run, key, value, from, epoch }: a live change took effect after `epoch`
  ERROR: 'error',       // { run, key, message, refused, fatal }: a config the core refused, or a
                        //   failure (refused: a new run was refused and the old one kept;
                        //   fatal: the core trapped; the worker must be replaced)
  PONG: 'pong',         // {}: the answer to PING
  PROGRESS: 'progress', // { run, epoch, fraction, secondsPerEpoch }: an epoch that takes over half a second
  NETWORK: 'network',   // { run, shapes: [{ in, out }], drawn: [n per layer, inputs first], weights: [Float32Array
                        //   per layer, drawn in x drawn out], flags: Uint8Array, mean: Float32Array (hidden units) }
  UNIT_VIEW: 'unitView', // { run, layer, unit, grid: { res, out, bounds } | null, histogram: { counts, range } | null }
  DATA: 'data',         // { summary: { rows, features, classes, header, encoding, n_train, n_val } }: the CSV is loaded
  EXACT: 'exact',       // { json, error }: flatline_run.json's text (exact-run.js), or null and why not
};

const isInt = (v) => Number.isInteger(v);
const SHAPES = {
  [FROM_WORKER.READY]: (m) => typeof m.engine === 'string' && Array.isArray(m.keys) && Array.isArray(m.fields),
  [FROM_WORKER.STARTED]: (m) => isInt(m.run) && Array.isArray(m.layers) && m.layers.length > 0 && isInt(m.params) &&
    isInt(m.classes) && (m.train === null || (m.train?.x instanceof Float32Array && m.train?.y instanceof Int32Array)),
  [FROM_WORKER.METRICS]: (m) => isInt(m.run) && m.records instanceof Float64Array && m.layerRecords instanceof Float64Array &&
    isInt(m.layerCount) && isInt(m.epochsDone) && typeof m.done === 'boolean' && typeof m.playing === 'boolean' &&
    (m.diverged === null || typeof m.diverged === 'object'),
  [FROM_WORKER.GRID]: (m) => isInt(m.run) && isInt(m.res) && m.cls instanceof Uint8Array && m.conf instanceof Float32Array &&
    m.cls.length === m.res * m.res && Array.isArray(m.bounds),
  [FROM_WORKER.CHANGED]: (m) => isInt(m.run) && typeof m.key === 'string' && isInt(m.epoch),
  [FROM_WORKER.ERROR]: (m) => typeof m.message === 'string',
  [FROM_WORKER.NETWORK]: (m) => isInt(m.run) && Array.isArray(m.shapes) && Array.isArray(m.drawn) &&
    Array.isArray(m.weights) && m.weights.every((w) => w instanceof Float32Array) && m.flags instanceof Uint8Array &&
    m.mean instanceof Float32Array,
  [FROM_WORKER.UNIT_VIEW]: (m) => isInt(m.run) && isInt(m.layer) && isInt(m.unit) &&
    (m.grid === null || m.grid?.out instanceof Float32Array) && (m.histogram === null || m.histogram?.counts instanceof Int32Array),
  [FROM_WORKER.DATA]: (m) => typeof m.summary === 'object' && m.summary !== null && isInt(m.summary.rows),
  [FROM_WORKER.EXACT]: (m) => typeof m.json === 'string' || (m.json === null && typeof m.error === 'string'),
  [FROM_WORKER.PROGRESS]: (m) => isInt(m.run) && isInt(m.epoch) && Number.isFinite(m.fraction) &&
    Number.isFinite(m.secondsPerEpoch),
};

/** True when a message from the worker has the shape its type promises; anything else is ignored. */
export function validFromWorker(msg) {
  return msg !== null && typeof msg === 'object' && Object.hasOwn(SHAPES, msg.type) && SHAPES[msg.type](msg);
}
