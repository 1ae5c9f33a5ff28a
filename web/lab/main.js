// Room web/lab/: the page itself: its HTML and CSS, the wiring (main.js,
// panels.js, chrome.js), the controls, the live charts, the decision map, the
// network view and the earlier runs. The only room that may import every
// other: it wires the capabilities to the engine and to each other.
//
// main.js: wires the page together. The worker trains; this module keeps the
// settings, the URL hash and the controls in step, forwards changes (live ones
// to the running network, others as a new run), and draws what the worker
// sends at most once per animation frame. It does no math on the metrics.
import { workerUrl } from '../engine/assets.js';
import { LabCharts } from './charts.js';
import { setUpChrome } from './chrome.js';
import { Controls } from './controls.js';
import { DoctorPanel } from '../doctor/doctor-panel.js';
import { simdSupported } from '../engine/engine.js';
import { FixTrials } from '../doctor/fix-trial.js';
import { exposeHandle } from '../embed/lab-handle.js';
import { DecisionMap } from './map.js';
import { NetworkView } from './network.js';
import { setUpPanels } from './panels.js';
import { counterparts, findPreset } from '../engine/presets.js';
import { FROM_WORKER, TO_WORKER, validFromWorker } from '../engine/protocol.js';
import { RunList } from './run-list.js';
import { SETTING_BY_KEY, clampValue, formatValue, makeHash, parseHash, quote, resolve } from '../engine/settings.js';
import { Store } from '../engine/store.js';
import { WorkerClient } from '../engine/worker-client.js';
import { Words } from './words.js';

const $ = (id) => document.getElementById(id);
let panels = null; // the lessons, experiments, embed and export (panels.js)

const app = {
  client: null,    // WorkerClient: the training worker, replaced when it fails
  engine: null,
  keys: null,
  fields: null,
  live: new Set(),
  config: null,
  preset: null,
  run: 0,
  classes: 3,
  playing: false,
  done: false,
  epochsDone: 0,
  samplesPerSecond: 0,
  params: 0,       // of the current run's network
  frame: 0,
  words: null,     // Words: status line, notices, findings, run info
  charts: null,    // LabCharts
  map: null,       // DecisionMap
  controls: null,  // Controls, once the core's key table has arrived
  panel: null,     // DoctorPanel
  findings: [],    // the doctor's findings on the current run, as shown
  trials: null,    // FixTrials: the fix being tried, and the verdicts so far
};

// --- one gate for everything that needs a run -------------------------------------
// Until the worker has its core and the first run was sent to it (at load, and
// again after a failed worker was replaced), a hash change, a host's message,
// Play, Step, a setting or a file waits here, and runs in order once the run
// is under way: nothing pressed is lost, nothing reaches a worker that cannot
// take it. An entry with a name keeps only its latest (the hash, one key).
const gate = { open: false, queue: [] };

function whenReady(fn, name = null) {
  if (gate.open) return fn();
  if (name) gate.queue = gate.queue.filter((e) => e.name !== name);
  gate.queue.push({ fn, name });
  return undefined;
}

function openGate() {
  gate.open = true;
  const queue = gate.queue;
  gate.queue = [];
  for (const { fn } of queue) fn();
}

// --- words --------------------------------------------------------------------------

const notify = (messages, withShown = false) => {
  app.words.notify(messages, withShown);
  for (const m of messages) app.embed?.error(m);
};

function requestFrame(force = false) {
  if (force) app.forceWords = true;
  if (app.frame) return;
  app.frame = requestAnimationFrame(() => {
    app.frame = 0;
    if (app.charts.draw(!app.playing)) requestFrame(); // the secondary charts are still to draw
    if (!app.firstPlotAt && app.charts.current?.length) app.firstPlotAt = performance.now();
    app.map.draw();
    app.runList.render(app.config);
    app.network.draw();
    app.words.update(app.forceWords);
    app.embed?.tick();
    app.forceWords = false;
  });
}

// The buttons follow the state; a change of state also refreshes the words at
// the next frame (not every message: the doctor reads the whole history).
function updateButtons() {
  if (app.transport.show(app)) app.forceWords = true;
}

// --- runs, settings and the hash ---------------------------------------------------

// The hash for the state: a lesson's step first, then the settings, then an embed's own keys.
function stateHash(embedKeys = true) {
  if (!app.config) return '#';
  const parts = [app.lessons.hashPart, makeHash(app.keys, app.preset, app.config).slice(1),
    embedKeys ? Object.entries(app.embedRaw ?? {}).map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%2C/g, ',')}`).join('&') : ''];
  return `#${parts.filter(Boolean).join('&')}`;
}

function writeHash() {
  const hash = stateHash();
  if (window.location.hash !== hash) history.replaceState(null, '', hash === '#' ? window.location.pathname + window.location.search : hash);
}

function showPreset() {
  const lesson = app.lessons.lesson;
  if (lesson) {
    $('preset').value = `lesson:${lesson.name}`;
    $('preset-summary').textContent = lesson.summary;
    return;
  }
  $('preset').value = app.preset ?? '';
  const p = app.preset ? findPreset(app.preset) : null;
  const modified = p && Object.entries(p.keys).some(([k, v]) => app.config[k] !== v);
  $('preset-summary').textContent = p ? `${p.summary}${modified ? ' (settings changed)' : ''}` : 'Your own settings.';
}

function startRun({ play, keepPrevious, carries = true }) {
  // A run after mid-run changes starts with them from epoch 0 (the settings
  // hold the changed values): say so, unless another lesson's settings replace them.
  const carried = app.charts.markers.map((m) => `${m.label} at epoch ${m.x}`);
  if (carries && carried.length && !app.charts.current?.diverged) {
    notify([`This run starts from epoch 0 with the settings as changed during the last one (${carried.join('; ')}).`], true);
  }
  clearTimeout(app.restartTimer); // any new run replaces one that was waiting
  app.pendingStart = null;
  // What to go back to if the core refuses this run.
  app.lastGood = { run: app.run, ...app.started, done: app.done, epochsDone: app.epochsDone,
    charts: { current: app.charts.current, markers: app.charts.markers }, shelf: app.charts.shelf.snapshot() };
  // The run being replaced joins the earlier runs, labelled by the settings it started with.
  if (keepPrevious) app.charts.shelf.keep(app.charts.current, app.started?.config, app.started?.preset, app.charts.markers.length > 0);
  else app.charts.shelf.clear();
  app.run++;
  app.progress = null;
  app.stepping = false;
  $('epoch-progress').hidden = true;
  if (app.trials.endUnless(app.run)) { // any other run ends the trial's report
    app.panel.showTrial(null);
    app.panel.setFixable(true);
  }
  app.done = false;
  app.epochsDone = 0;
  app.playing = play;
  app.samplesPerSecond = 0;
  app.classes = app.config.dataset === 'xor' ? 2 : app.config.classes;
  app.charts.newRun(app.fields, app.classes);
  app.map.clear();
  app.network.clear();
  app.client.post({ type: TO_WORKER.START, run: app.run, config: app.config, play });
  app.client.expect(true);
  updateButtons();
  requestFrame(true);
  if (!gate.open) openGate(); // what waited for a run goes to the worker after it
}

/** Takes a preset and raw overrides, clamps them, and starts a run with them. */
function load(presetName, given, { play = false, keepPrevious = false, extra = [] } = {}) {
  const { raw, notices: dataNotes } = panels.withData(given);
  const { config, preset, notices: clamped } = resolve(app.keys, presetName, raw);
  const notices = [...dataNotes, ...clamped];
  // Another lesson starts a clean comparison: no faint curve from a lesson left
  // behind, except between an example and its learnable counterpart.
  const sameLesson = preset === app.preset;
  keepPrevious &&= sameLesson || counterparts(preset, app.preset);
  if (!sameLesson) app.charts.shelf.enterLesson(preset, counterparts); // pinned runs stay
  app.config = config;
  app.preset = preset;
  app.controls.set(config);
  showPreset();
  writeHash();
  notify([...extra, ...notices]);
  startRun({ play, keepPrevious, carries: sameLesson });
}

/** The run a hash asks for (the page's own by default): a lesson's step, or a preset and its keys (and the embed's options). */
function loadHash({ keepPrevious, extra = [], play = false, hash = window.location.hash }) {
  const { preset, raw, lesson, step, embed } = parseHash(hash);
  const embedNotes = panels.embedFromHash(embed, raw);
  if (lesson) return panels.openLesson(lesson, step, raw);
  app.lessons.close();
  load(preset, raw, { keepPrevious, play, extra: [...extra, ...embedNotes] });
}

const asText = (config) => Object.fromEntries(Object.entries(config).map(([k, v]) => [k, String(v)]));

/**
 * A control moved. Changes to live keys (learning rate, batch size, input
 * scale, L2, epochs) go to the running network once it has trained an epoch;
 * anything else starts a new run, with the old one kept as the faint curve.
 */
function onSetting(key, value, final) {
  if (!final && !app.live.has(key)) return; // a restart waits until the slider is let go
  // A bad value (from a host's `set`) keeps the value in use, and says so.
  const info = app.keys.find((k) => k.name === key);
  if (!info) return notify([`Ignored unknown setting '${quote(key)}'.`]);
  const checked = clampValue(info, String(value), app.config[key]);
  if (checked.notice) notify([checked.notice]);
  // Moving Width or Depth gives every layer the same width again.
  const uniform = (key === 'width' || key === 'depth') && app.config.widths ? { widths: '' } : {};
  const { config, notices } = resolve(app.keys, app.preset, asText({ ...app.config, ...uniform, [key]: checked.value }));
  if (notices.length) notify(notices);
  const changed = app.keys.map((k) => k.name).filter((k) => config[k] !== app.config[k]);
  if (!changed.length) return;
  const before = app.config;
  app.config = config;
  app.controls.set(config);
  showPreset();
  writeHash();
  const resumes = changed.includes('epochs');
  const d = app.charts.current?.diverged;
  if (d) {
    notify([`The network diverged at epoch ${d.epoch}: its weights are not numbers any more, so no live change can repair it. ` +
      'Only a new run can help; this change started one (Reset does the same).']);
  } else if (changed.every((k) => app.live.has(k)) && app.charts.current?.length > 0 && (!app.done || resumes)) {
    for (const k of changed) app.client.post({ type: TO_WORKER.SET, key: k, value: String(config[k]), from: String(before[k]) });
    if (app.done && resumes && config.epochs > app.epochsDone) {
      app.playing = true;
      app.client.post({ type: TO_WORKER.PLAY });
      app.client.expect(true);
    }
    return;
  }
  restartSoon();
}

// A change that needs a new run starts it after a short pause, so that holding
// an arrow key on a slider or the lesson list starts one run, not one per step.
const RESTART_MS = 350;
function restartSoon(start = () => startRun({ play: app.playing || app.done, keepPrevious: true })) {
  clearTimeout(app.restartTimer);
  app.pendingStart = start;
  app.restartTimer = setTimeout(flushRestart, RESTART_MS);
}

// A button pressed while a new run waits starts that run first.
function flushRestart() {
  clearTimeout(app.restartTimer);
  const start = app.pendingStart;
  app.pendingStart = null;
  start?.();
}

// The core refused a new run: the worker kept the previous one, and so does the page.
function keepLastGood() {
  const g = app.lastGood;
  Object.assign(app, { run: g.run, config: g.config, preset: g.preset, done: g.done, epochsDone: g.epochsDone });
  Object.assign(app.charts, g.charts);
  app.charts.shelf.restore(g.shelf);
  app.charts.dirty = true;
  app.classes = app.charts.current.classes;
  app.controls.set(app.config);
  showPreset();
  writeHash();
  requestFrame(true);
}

// --- the worker ------------------------------------------------------------------

function onWorkerMessage(msg) {
  if (!validFromWorker(msg)) return; // not a message the worker sends: ignored
  if (msg.type === FROM_WORKER.READY) {
    app.keys = msg.keys;
    app.fields = msg.fields;
    app.csvLimits = msg.csvLimits;
    app.live = new Set(msg.keys.filter((k) => k.live).map((k) => k.name));
    $('engine').textContent = msg.engine === 'simd' ? 'WebAssembly SIMD' : 'WebAssembly (scalar)';
    if (!app.controls) {
      // A replaced worker keeps them; a change while it starts waits for the run.
      app.controls = new Controls($('settings'), msg.keys, (key, value, final) => whenReady(() => onSetting(key, value, final), `set:${key}`));
      placeKnobs();
    }
    const go = () => {
      // A replaced worker's run comes back from the hash, playing if it was.
      loadHash({ keepPrevious: false, play: app.resumePlaying ?? false, extra: [...app.store.takeNotices(), ...(app.failNote ? [app.failNote] : [])] });
      app.failNote = null;
      app.resumePlaying = null;
      document.body.classList.remove('loading');
    };
    if (!app.bring.resend(go)) go(); // data kept (or loaded before a new worker) goes first
    return;
  }
  if (msg.type === FROM_WORKER.DATA) return app.bring.loaded(msg.summary);
  if (msg.type === FROM_WORKER.EXACT) return app.exactWaiting?.(msg);
  if (msg.type === FROM_WORKER.ERROR && msg.key === 'data') return app.bring.refused(msg.message);
  if (msg.run !== app.run) return; // from a run that has been replaced
  switch (msg.type) {
    case FROM_WORKER.STARTED:
      if (app.config.dataset === 'csv') { // the split the core made of your data
        Object.assign(app.config, msg.split);
        app.controls.set(app.config);
        app.bring.showSplit(msg.split);
      }
      app.started = { config: app.config, preset: app.preset }; // the settings of the run that exists
      app.params = msg.params;
      app.charts.setLayers(msg.layers.length);
      app.words.showRunInfo();
      $('map-figure').hidden = !msg.train;
      app.map.setPoints(msg.train, msg.val, msg.classes);
      break;
    case FROM_WORKER.METRICS: {
      app.charts.add(msg.records, msg.layerRecords, msg.layerCount);
      if (msg.records.length > 0) {
        app.progress = null; // a new epoch's record: the bar starts over
        $('epoch-progress').hidden = true;
        if (!msg.playing) app.stepping = false;
      }
      if (msg.diverged) app.charts.setDiverged(msg.diverged);
      app.epochsDone = msg.epochsDone;
      app.done = msg.done;
      app.playing = msg.playing;
      app.client.expect(msg.playing);
      app.samplesPerSecond = msg.samplesPerSecond;
      updateButtons();
      app.words.judgeTrial();
      app.embed?.tick(); // also off screen, where the frame draws nothing
      requestFrame(!msg.playing);
      break;
    }
    case FROM_WORKER.PROGRESS:
      app.progress = msg;
      $('epoch-progress').hidden = false;
      $('epoch-progress').value = msg.fraction;
      requestFrame(true);
      break;
    case FROM_WORKER.NETWORK:
      app.network.set(msg);
      requestFrame();
      break;
    case FROM_WORKER.UNIT_VIEW:
      app.network.showUnit(msg);
      break;
    case FROM_WORKER.GRID:
      app.map.setGrid(msg);
      requestFrame();
      break;
    case FROM_WORKER.CHANGED: {
      const label = SETTING_BY_KEY.get(msg.key)?.label ?? msg.key;
      const value = (v) => formatValue(Number.isNaN(Number(v)) ? v : Number(v));
      if (msg.key !== 'epochs') app.charts.mark(msg.epoch, msg.key, msg.from, msg.value, (a, b) => `${label} ${value(a)} → ${value(b)}`);
      if (msg.key === 'epochs') app.done = false;
      app.words.showRunInfo();
      updateButtons();
      requestFrame(true);
      break;
    }
    case FROM_WORKER.ERROR:
      app.playing = false;
      if (msg.refused && app.lastGood?.charts.current) keepLastGood();
      updateButtons();
      notify([`The training core refused this: ${msg.message}${msg.refused ? '. The previous run is kept.' : ''}`]);
      break;
    default:
      break;
  }
}

// On a phone the four knobs sit right under the loss chart, where the curves
// they move can be seen; on a wider screen they head the settings column, above
// the part of it that scrolls.
const PHONE = window.matchMedia('(max-width: 760px)');
const placeKnobs = () => app.controls?.placeKnobs($(PHONE.matches ? 'knobs-slot' : 'knobs-home'));
PHONE.addEventListener('change', placeKnobs);

// --- set-up ------------------------------------------------------------------------

function main() {
  // The page shows from here, in the layout it keeps: an embed's before its first paint
  // (index.html starts the body hidden, so the post never sees the full lab's layout first).
  const params = new URLSearchParams(window.location.search);
  app.embedded = params.has('embed');
  document.body.classList.toggle('embed', app.embedded);
  document.body.classList.remove('starting');
  // An embed hears its host from the first moment: what comes before the embed exists
  // waits here (at most 1000 messages), then goes to it (panels.js).
  if (app.embedded) {
    app.hostEarly = [];
    window.addEventListener('message', (e) => {
      if (app.embed) app.embed.receive(e);
      else if (app.hostEarly.length < 1000) app.hostEarly.push(e);
    });
  }
  // The training worker starts first: it fetches and compiles the core. A failed worker is
  // replaced; the new one restores the run from the hash, which holds every setting.
  app.engine = params.get('engine') === 'scalar' || !simdSupported() ? 'scalar' : 'simd';
  const hello = () => {
    app.client.post({ type: TO_WORKER.LOAD, engine: app.engine });
    if (app.transport) app.client.post({ type: TO_WORKER.SPEED, epochsPerSecond: app.transport.speed });
  };
  // The page's parts are built when the worker first speaks (its core is loaded, or it
  // failed), then its messages are heard in order. Built earlier, they held up the worker:
  // a module worker's imports wait for the page's thread, and on two cores the charts'
  // first drawing competed with the core's compilation (the embed's first trained epoch
  // came 0.2-0.4 s later). A worker that never speaks still gets its page after a second.
  // Play, Step and Reset are in the HTML from the start: a press before the page is built
  // is pressed again once it is, and the gate (above) keeps it until the run exists.
  const early = [];
  const pressed = [];
  const keepPress = (e) => {
    const id = e.target.closest?.('button[id]')?.id;
    if (id) pressed.push(id);
  };
  document.addEventListener('click', keepPress, true);
  let hear = (msg) => { early.push(msg); buildNow(); };
  let built = false;
  const buildNow = () => {
    if (built) return;
    built = true;
    build(params);
    document.removeEventListener('click', keepPress, true);
    for (const id of pressed) $(id)?.click();
    hear = onWorkerMessage;
    for (const msg of early.splice(0)) onWorkerMessage(msg);
  };
  app.client = new WorkerClient(workerUrl('worker'), (msg) => hear(msg), (reason) => {
    buildNow();
    gate.open = false; // until the new worker has the run again
    app.resumePlaying ??= app.playing;
    app.playing = false;
    updateButtons();
    app.failNote = `The training worker failed (${reason}); a new one was started with the same settings.`;
    notify([app.failNote]);
    app.failures = (app.failures ?? 0) + 1;
    hello();
  });
  hello();
  setTimeout(buildNow, 1000);
}

// The page's parts, built once the worker has its core (main, above).
function build(params) {
  app.store = new Store();
  app.charts = new LabCharts({ loss: $('loss-chart'), acc: $('acc-chart'), health: $('health-chart') });
  app.map = new DecisionMap($('map'), $('map-legend'));
  app.runList = new RunList($('runs'), $('run-list'), app.charts.shelf, () => {
    app.charts.touch();
    requestFrame();
  });
  app.network = new NetworkView({ canvas: $('network'), summary: $('network-summary'), unitBox: $('unit-view'), unitText: $('unit-text'),
    edit: $('network-edit'), layerEdit: $('network-layers') }, (layer, unit) => app.client.post({ type: TO_WORKER.UNIT, layer, unit }), {
    // The diagram's +/-: a new run of those hidden widths, beside the one it replaces.
    onEdit: (widths) => load(app.preset, asText({ ...app.config, depth: widths.length, widths: widths.join(',') }),
      { play: app.playing, keepPrevious: true }),
    bounds: () => ({ width: app.keys.find((k) => k.name === 'width').max, depth: app.keys.find((k) => k.name === 'depth').max }),
  });
  app.words = new Words(app, { status: $('status'), notices: $('notices'), throughput: $('throughput'), params: $('params') },
    (fix) => load(app.preset, asText({ ...app.config, ...fix }), { play: true, keepPrevious: true }));
  app.panel = new DoctorPanel($('findings'), $('trial'), (finding) => app.words.tryFix(finding),
    (names) => app.experiments?.runSeries(names));
  app.trials = new FixTrials((config) => makeHash(app.keys, null, config), formatValue);
  const run = setUpChrome(app, { $, load, loadHash, startRun, restartSoon, flushRestart, updateButtons, requestFrame, asText,
    whenReady, openLesson: (name) => panels.openLesson(name) });
  panels = setUpPanels(app, {
    $, load, notify, requestFrame, writeHash, showPreset, stateHash, onSetting, asText, whenReady, ...run,
  }, params.has('workers') ? Number(params.get('workers')) : undefined);
  app.client.post({ type: TO_WORKER.SPEED, epochsPerSecond: app.transport.speed });
  exposeHandle(app);
}

main();
