// protocol.js: every message between the page and the training worker. Each is
// a plain {type, ...} object; arrays travel as transferred typed arrays.

/** Page -> worker. */
export const TO_WORKER = {
  LOAD: 'load',       // { engine: 'simd' | 'scalar' }: instantiate that .wasm
  START: 'start',     // { run, config, play }: a new trainer (the old one is freed)
  PLAY: 'play',       // {}
  PAUSE: 'pause',     // {}
  STEP: 'step',       // {}: train to the end of the next epoch, then pause
  SET: 'set',         // { key, value }: a live change to the running trainer
  SPEED: 'speed',     // { epochsPerSecond }: Infinity for as fast as possible
};

/** Worker -> page. */
export const FROM_WORKER = {
  READY: 'ready',       // { engine, keys, fields }: the core's key table and metric field names
  STARTED: 'started',   // { run, layers, features, classes, train: { x, y } | null }: a new run, or its data rescaled
  METRICS: 'metrics',   // { run, from, records: Float64Array, layerRecords: Float64Array, layerCount,
                        //   epochsDone, done, diverged (null or where, Trainer.diverged), playing, samplesPerSecond }
  GRID: 'grid',         // { run, res, cls: Uint8Array, conf: Float32Array, bounds }
  CHANGED: 'changed',   // { run, key, value, epoch }: a live change took effect after `epoch`
  ERROR: 'error',       // { run, key, message }: a config the core refused, or a failure
};
