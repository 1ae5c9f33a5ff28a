// worker.js: trains off the main thread. It loads the .wasm, owns the trainer,
// and while playing runs slices of about 8 ms, each a few calls of run(units)
// sized from the measured time per unit, then posts the new epoch records as a
// Float64Array. For 2-D data it also posts the decision map, throttled so that
// computing it never takes more than a fifth of the time.
import { wasmSource } from './assets.js';
import { exactRun } from './exact-run.js';
import { ConfigError, KEYS_FROM_DATA, METRIC_FIELDS, loadEngine } from './engine.js';
import { FROM_WORKER, TO_WORKER } from './protocol.js';

const SLICE_MS = 8;

const state = {
  engine: null,
  trainer: null,
  run: 0,
  playing: false,          // the user pressed Play (reported to the page)
  running: false,          // the loop runs: playing, or a Step, or epoch 0 of a new run
  pauseAt: null,           // record count at which to stop running (Step, a start without Play)
  epochsPerSecond: Infinity,
  sent: 0,                 // history records posted so far
  unitsPerCall: 1,         // adapted so that one run() call takes about 1 ms
  lastEpochAt: 0,
  scheduled: false,
  gridRes: 0,
  inputs: null, // the input units' names (inputNames), fixed for a run
  gridNextAt: 0,
  trainSamples: 0,         // n_train, for the throughput figure
  layerCount: 0,           // layers of the network, output layer included
  progressAt: 0,           // when the last PROGRESS was posted
  networkAt: 0,            // when the last NETWORK was posted
  window: [],              // [time, samples trained] while playing, the last second or so
};

const channel = new MessageChannel();
channel.port1.onmessage = () => {
  state.scheduled = false;
  tick();
};

function schedule(delayMs = 0) {
  if (state.scheduled) return;
  state.scheduled = true;
  if (delayMs > 0) setTimeout(() => channel.port2.postMessage(0), delayMs);
  else channel.port2.postMessage(0);
}

function postRecords() {
  const t = state.trainer;
  const from = state.sent;
  const records = t.historyArray(from);
  const layerRecords = t.layerHistoryArray(from);
  state.sent = t.records;
  postMessage({
    type: FROM_WORKER.METRICS, run: state.run, from, records, layerRecords, layerCount: state.layerCount,
    epochsDone: t.epochsDone, done: t.done, diverged: t.diverged, playing: state.playing,
    samplesPerSecond: throughput(),
  }, [records.buffer, layerRecords.buffer]);
}

// Training samples per second of wall-clock time over about the last second
// of play: what a learner gets, scheduling and messages included.
function throughput() {
  const w = state.window;
  if (w.length < 2) return 0;
  const [t0, s0] = w[0];
  const [t1, s1] = w[w.length - 1];
  return t1 > t0 ? ((s1 - s0) / (t1 - t0)) * 1000 : 0;
}

function postGrid(force = false) {
  if (!state.gridRes || (!force && performance.now() < state.gridNextAt)) return;
  const t0 = performance.now();
  const g = state.trainer.grid(state.gridRes);
  const cost = performance.now() - t0;
  state.gridNextAt = performance.now() + Math.max(120, 4 * cost);
  if (g) postMessage({ type: FROM_WORKER.GRID, run: state.run, ...g }, [g.cls.buffer, g.conf.buffer]);
}

// The network view's data, at most four times a second while training: the
// units drawn (up to 32 a layer), the weights between them, and every hidden
// unit's flags and mean output (all as the core computed them; only sliced here).
const DRAWN = 32;
const MAP_UNITS = 8; // the widest layer whose units draw their own maps
const MAP_RES = 16;  // each map's cells a side

// The input units' names, as the diagram labels them: a plane's x₁ and x₂ and the
// engineered inputs in the core's order (src/data.c), or x1 … xF on the other
// generated sets; null for a CSV, whose columns the core does not name.
const ENGINEERED = [['x1_sq', 'x₁²'], ['x2_sq', 'x₂²'], ['x1_x2', 'x₁x₂'], ['sin_x1', 'sin 5x₁'], ['sin_x2', 'sin 5x₂']];
function inputNames(t) {
  if (t.get('dataset') === 'csv') return null;
  if (t.plane) return ['x₁', 'x₂', ...ENGINEERED.filter(([k]) => t.get(k)).map(([, name]) => name)];
  return Array.from({ length: t.layers()[0].in }, (_, i) => `x${i + 1}`);
}
function postNetwork(force = false) {
  const now = performance.now();
  if (!force && now - state.networkAt < 250) return;
  state.networkAt = now;
  const t = state.trainer;
  const shapes = t.layers();
  const drawn = [Math.min(DRAWN, shapes[0].in), ...shapes.map((s) => Math.min(DRAWN, s.out))];
  const params = t.paramsView(); // read in place: only the drawn weights are copied
  const weights = shapes.map((s, l) => {
    const w = new Float32Array(drawn[l] * drawn[l + 1]);
    for (let i = 0; i < drawn[l]; i++) for (let o = 0; o < drawn[l + 1]; o++) w[i * drawn[l + 1] + o] = params[s.at + i * s.out + o];
    return w;
  });
  const { flags, mean } = t.units();
  // On a plane, a network small enough to show each unit (at most MAP_UNITS a layer) gets
  // every hidden unit's output over the plane, computed by the core as the decision map is.
  const small = shapes.slice(0, -1).every((s) => s.out <= MAP_UNITS);
  const maps = state.gridRes && small ? t.unitMaps(MAP_RES, MAP_UNITS) : null;
  // What the diagram says in words beside the units: the output as the core resolved it, the loss, the dropout.
  const model = { output: t.outputAct, loss: t.get('loss'), dropout: t.get('dropout'), activations: t.get('activations') || null,
    norms: shapes.slice(0, -1).map((s) => s.norm) };
  postMessage({ type: FROM_WORKER.NETWORK, run: state.run, shapes, drawn, weights, flags, mean, model, maps, inputs: state.inputs },
    [...weights.map((w) => w.buffer), flags.buffer, mean.buffer, ...(maps ?? []).flat().map((m) => m.buffer)]);
}

function postUnit({ layer, unit }) {
  const t = state.trainer;
  if (!t) return;
  const grid = state.gridRes ? t.unitGrid(layer, unit, 40) : null;
  const histogram = grid ? null : t.unitHistogram(layer, unit, 24);
  postMessage({ type: FROM_WORKER.UNIT_VIEW, run: state.run, layer, unit, grid, histogram });
}

function postData() {
  const t = state.trainer;
  const layers = t.layers();
  const train = t.points('train');
  const val = t.points('val');
  postMessage({
    type: FROM_WORKER.STARTED, run: state.run, layers, features: layers[0].in, classes: layers.at(-1).out,
    params: t.paramCount, train, val,
    split: Object.fromEntries(KEYS_FROM_DATA.map((k) => [k, t.get(k)])),
  }, train ? [train.x.buffer, train.y.buffer, val.x.buffer, val.y.buffer] : []);
}

// One slice: run() calls until SLICE_MS is spent, the run is done, or a new
// record arrives while something (speed limit, Step) wants to stop there.
function tick() {
  const t = state.trainer;
  if (!t || !state.running) return;
  const limited = Number.isFinite(state.epochsPerSecond);
  if (limited && t.records > 0) {
    const wait = state.lastEpochAt + 1000 / state.epochsPerSecond - performance.now();
    if (wait > 1) {
      schedule(wait);
      return;
    }
  }
  const start = performance.now();
  const recordsBefore = t.records;
  while (performance.now() - start < SLICE_MS) {
    const c0 = performance.now();
    const units = t.run(state.unitsPerCall);
    const ms = performance.now() - c0;
    if (ms < 0.5) state.unitsPerCall = Math.min(state.unitsPerCall * 2, 1 << 16);
    else if (ms > 2) state.unitsPerCall = Math.max(1, state.unitsPerCall >> 1);
    if (units === 0) break;
    if (t.records !== recordsBefore && (limited || state.pauseAt !== null)) break;
  }
  if (t.records !== recordsBefore) {
    state.lastEpochAt = performance.now();
    const w = state.window;
    const total = Math.max(0, t.epochsDone) * state.trainSamples;
    if (w.length && total < w[w.length - 1][1]) w.length = 0;
    w.push([state.lastEpochAt, total]);
    while (w.length > 2 && state.lastEpochAt - w[1][0] > 1000) w.shift();
  }
  reportProgress(t, recordsBefore);
  if (state.pauseAt !== null && t.records >= state.pauseAt) {
    state.running = false;
    state.pauseAt = null;
  }
  if (t.done) state.running = false;
  if (!state.running) state.playing = false;
  postRecords();
  postGrid(!state.running);
  if (t.records > 0) postNetwork(!state.running);
  if (state.running) schedule();
}

// An epoch that takes over half a second reports how far it is, four times a
// second, with the time per epoch that its pace so far implies.
function reportProgress(t, recordsBefore) {
  const now = performance.now();
  const elapsed = now - state.lastEpochAt;
  if (t.records !== recordsBefore || elapsed < 500 || now - state.progressAt < 250 || t.done) return;
  // Epoch 0 is the untrained network's evaluation: it reports too, as epoch 0.
  const fraction = t.progress;
  if (!(fraction > 0)) return;
  state.progressAt = now;
  postMessage({ type: FROM_WORKER.PROGRESS, run: state.run, epoch: t.records === 0 ? 0 : t.epochsDone + 1, fraction,
    secondsPerEpoch: elapsed / 1000 / fraction });
}

// A new run. The old trainer is freed only once the new one exists: a config
// the core refuses leaves the previous run as it was (paused), and the page
// takes it back.
function start({ run, config, play }) {
  let t;
  try {
    t = state.engine.createTrainer(config);
  } catch (err) {
    state.playing = state.running = false;
    postMessage({ type: FROM_WORKER.ERROR, run, key: err.key ?? '', message: err.message, refused: true });
    return;
  }
  if (state.trainer) state.trainer.free();
  state.trainer = t;
  Object.assign(state, { run, sent: 0, window: [], pauseAt: null, gridNextAt: 0 });
  state.trainSamples = t.data('train').n;
  state.layerCount = t.layers().length;
  // The decision map's resolution from the model size: about 4e7 multiply-adds at most.
  state.inputs = inputNames(t);
  state.gridRes = t.plane
    ? Math.max(12, Math.min(64, Math.floor(Math.sqrt(4e7 / t.paramCount)))) : 0;
  postData();
  // Epoch 0 (the untrained net) is shown at once, playing or not.
  state.playing = play;
  state.running = true;
  state.pauseAt = play ? null : 1;
  state.lastEpochAt = performance.now();
  schedule();
}

// For the soak test and the console: the size of the core's memory.
self.flatlineMemoryBytes = () => state.engine?.x.memory.buffer.byteLength ?? 0;

async function load(engineName) {
  state.engine = await loadEngine(wasmSource(engineName));
  postMessage({ type: FROM_WORKER.READY, engine: engineName, keys: state.engine.keys, fields: METRIC_FIELDS,
    csvLimits: state.engine.csvLimits });
}

self.onmessage = async ({ data: msg }) => {
  try {
    switch (msg.type) {
      case TO_WORKER.LOAD: await load(msg.engine); break;
      case TO_WORKER.START: start(msg); break;
      case TO_WORKER.PLAY:
        state.window = [];
        if (state.trainer && !state.trainer.done) {
          state.playing = state.running = true;
          state.pauseAt = null;
          schedule();
        }
        break;
      case TO_WORKER.PAUSE:
        state.playing = state.running = false;
        if (state.trainer) postRecords();
        break;
      case TO_WORKER.STEP:
        if (state.trainer && !state.trainer.done) {
          state.pauseAt = Math.max(state.trainer.records, 1) + 1;
          state.running = true;
          schedule();
        }
        break;
      case TO_WORKER.SET:
        if (!state.trainer) break;
        try {
          state.trainer.set(msg.key, msg.value);
          postMessage({ type: FROM_WORKER.CHANGED, run: state.run, key: msg.key, value: msg.value, from: msg.from,
            epoch: state.trainer.epochsDone });
          if (msg.key === 'epochs') postRecords();
          if (msg.key === 'input_scale') postGrid(true); // the points stay: the map's plane is the raw x1, x2
        } catch (err) {
          if (!(err instanceof ConfigError)) throw err;
          postMessage({ type: FROM_WORKER.ERROR, run: state.run, key: err.key, message: err.message });
        }
        break;
      case TO_WORKER.SPEED:
        state.epochsPerSecond = msg.epochsPerSecond;
        break;
      case TO_WORKER.UNIT:
        postUnit(msg);
        break;
      case TO_WORKER.DATA:
        try { // a refusal keeps the data loaded before
          postMessage({ type: FROM_WORKER.DATA, summary: state.engine.useData(msg.bytes, msg.valShare, msg.config, msg.options) });
        } catch (err) {
          if (!(err instanceof ConfigError)) throw err;
          postMessage({ type: FROM_WORKER.ERROR, run: state.run, key: err.key, message: err.message });
        }
        break;
      case TO_WORKER.EXACT:
        try {
          postMessage({ type: FROM_WORKER.EXACT, json: JSON.stringify(exactRun(state.engine, msg.config)) });
        } catch (err) {
          if (!(err instanceof RangeError || err instanceof ConfigError)) throw err;
          postMessage({ type: FROM_WORKER.EXACT, json: null, error: err.message });
        }
        break;
      case TO_WORKER.PING:
        postMessage({ type: FROM_WORKER.PONG });
        break;
      default:
        throw new Error(`worker: unknown message type '${msg.type}'`);
    }
  } catch (err) {
    // A trap or a failed assertion leaves the core's memory in an unknown state: fatal.
    const fatal = err instanceof WebAssembly.RuntimeError || /^flatline core:/.test(err?.message ?? '');
    postMessage({ type: FROM_WORKER.ERROR, run: state.run, key: '', message: String(err.message ?? err), fatal });
  }
};
