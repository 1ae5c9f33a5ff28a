// panels.js: the lab's parts beside the run itself, wired to the lab: the
// guided lessons, the experiments and their worker pool, the embed (in a blog
// post) with its dialog, and the export menu. main.js hands over the lab's
// actions (`lab`); each part keeps its own module and state.
import { workerUrl } from '../engine/assets.js';
import { BringPanel } from '../code/bring-panel.js';
import { EmbedDialog } from '../embed/embed-dialog.js';
import { csvKeys } from '../engine/engine.js';
import { embedOptions } from '../embed/embed-protocol.js';
import { Embed } from '../embed/embed.js';
import { ExperimentPanel } from '../experiments/experiment-panel.js';
import { setUpExport } from '../code/export.js';
import { LessonPanel } from '../lessons/lesson-panel.js';
import { Pool } from '../experiments/pool.js';

/**
 * Sets up the parts on app; lab: { $, load, notify, requestFrame, writeHash,
 * showPreset, stateHash, onSetting, asText, whenReady, play, pause, reset, offerLessons }. Returns
 * { embedFromHash(raw, config) → notices, openLesson(name, step, raw) }.
 */
// The origin of the page that frames this one, where the browser says it
// (location.ancestorOrigins cannot be forged by the framing page); null elsewhere.
function hostOrigin() {
  const ancestors = window.location.ancestorOrigins;
  if (ancestors?.length) return ancestors[0];
  try {
    return document.referrer ? new URL(document.referrer).origin : null;
  } catch {
    return null;
  }
}

export function setUpPanels(app, lab, workers) {
  const { $, load, notify, requestFrame, writeHash, showPreset, stateHash, onSetting, asText } = lab;
  // In a blog post (?embed): the embed's options from the hash, once the key
  // table is known; stop=N ends the run at epoch N. Returns its notices.
  function embedFromHash(raw, config) {
    if (!app.embedded) return [];
    const { options, notices } = embedOptions(raw, app.keys.map((k) => k.name));
    app.embedRaw = raw;
    if (options.stop) config.epochs = String(options.stop);
    if (app.embed) { // a new hash in the frame (the host changed its src's hash)
      app.embed.setOptions(options);
      return notices;
    }
    app.embed = new Embed(options, {
      play: lab.play, pause: lab.pause, reset: lab.reset,
      set: (keys) => { for (const [k, v] of Object.entries(keys)) onSetting(k, v, true); },
      state: () => ({ config: app.config, history: app.charts.current?.history ?? [], findings: app.findings,
        playing: app.playing, done: app.done }),
      fullLabHash: () => stateHash(false),
      whenReady: lab.whenReady,
    });
    for (const e of app.hostEarly.splice(0)) app.embed.receive(e); // what the host said before (main.js)
    return notices;
  }

  // The media query of style.css's one-screen layout, where each column scrolls on its own.
  const ONE_SCREEN = window.matchMedia('(min-width: 1100px) and (min-height: 600px)');
  // What a lesson step's `show` names: a chart or section of the page (index.html marks each
  // with data-chart or data-place), or a setting's control.
  const namedPlace = (name) => document.querySelector(`[data-chart="${CSS.escape(name)}"], [data-place="${CSS.escape(name)}"]`)
    ?? $(`set-${name}`)?.closest('.setting') ?? null;

  // A guided lesson's step sets the settings (and locks some); a link that names a
  // lesson that does not exist says so and opens the lab as it is.
  function openLesson(name, step = null, raw = {}) {
    app.lessons.open(name, step === null ? null : step - 1, raw).catch((err) => {
      notify([`Lesson '${name.slice(0, 40)}': ${err.message}; the lessons are in the Lesson list.`]);
      if (!app.config) load(null, raw);
    });
  }

  function setUpLessons() {
    app.lessons = new LessonPanel($('lesson-card'), {
      start: (preset, keys, lock) => {
        app.controls.lock(lock);
        load(preset, asText(keys), { keepPrevious: true });
      },
      leave: () => {
        app.controls.lock([]);
        app.controls.set(app.config);
      },
      changed: () => {
        writeHash();
        showPreset();
      },
      show: (names) => {
        for (const old of document.querySelectorAll('.lesson-named')) old.classList.remove('lesson-named');
        // Each named chart or control is outlined. On one screen (style.css) it is also scrolled into
        // its column's view, the last first: the first named must show when a column cannot hold them
        // all. Where the page itself scrolls (a phone) it is not: the card and Play stay where they are.
        const found = names.map(namedPlace).filter(Boolean);
        for (const node of found) node.classList.add('lesson-named');
        if (!ONE_SCREEN.matches) return;
        for (const node of found.reverse()) node.scrollIntoView({ block: 'nearest' });
      },
    }, app.store);
    if (app.embedded) return; // an embed lists no lessons: it does not fetch their index
    app.lessons.list().then((lessons) => {
      app.transport.addLessons(lessons);
      lab.offerLessons(lessons);
    }).catch(() => {});
  }

  // The experiments run on the settings as they are, in a pool of workers of their
  // own; what one finds is applied as a new run beside the current one.
  function setUpExperiments() {
    const pool = new Pool(workerUrl('experiment-worker'), app.engine, workers);
    app.pool = pool;
    app.experiments = new ExperimentPanel($, pool, {
      config: () => ({ ...app.config }),
      apply: (keys) => load(app.preset, asText({ ...app.config, ...keys }), { play: true, keepPrevious: true }),
      done: (result) => {
        app.lessons.experimentDone(result);
        requestFrame(true); // a lesson step may be waiting for this experiment
      },
      band: (r) => {
        app.charts.setBand(r.val_band, `${r.seeds.length} seeds: validation loss range`);
        requestFrame();
      },
    });
  }

  // Your code and your data: a Keras snippet starts its run; a CSV the core
  // accepted becomes the data set of a new run (and of the experiments). Either
  // way the page goes to the loss chart, where that run plays: the panel is far
  // below it.
  const showRun = () => {
    const chart = document.querySelector('[data-chart="loss"]');
    const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    chart?.scrollIntoView({ behavior: still ? 'auto' : 'smooth', block: 'start' });
  };
  function setUpBring() {
    app.bring = new BringPanel($, {
      post: (msg) => app.client.post(msg),
      loadKeys: (keys) => { load(null, asText(keys), { play: true, keepPrevious: true }); showRun(); },
      config: () => app.config ?? {},
      csvLimits: () => app.csvLimits,
      findings: () => app.findings ?? [],
      whenReady: lab.whenReady,
      dataLoaded: (summary, bytes, atStart, options) => {
        app.controls.setHasData(true);
        app.pool.setData(bytes, options);
        if (!atStart) {
          load(null, asText({ ...app.config, ...csvKeys(summary) }), { play: true, keepPrevious: true });
          showRun();
        }
      },
    }, app.store, app.embedded ? { host: hostOrigin() } : null);
  }

  // Settings that name dataset csv take the loaded data's shape; without data
  // (the lab keeps it across reloads only if asked, and gives it to an embed
  // only on a site the reader allowed) they fall back, and say so.
  function withData(raw) {
    if (raw.dataset !== 'csv') return { raw, notices: [] };
    if (app.bring.summary) return { raw: { ...raw, ...asText(csvKeys(app.bring.summary)) }, notices: [] };
    const why = app.embedded
      ? 'your own data stays in the full lab (an embed uses it only on a site you allowed there)'
      : 'your own data is not loaded (the lab keeps it across reloads only when asked)';
    return { raw: { ...raw, dataset: 'random' }, notices: [`Data set: ${why}; using random labels.${app.embedded ? '' : ' Load it under "Your own data".'}`] };
  }

  setUpLessons();
  setUpExperiments();
  setUpBring();
  app.embedDialog = new EmbedDialog($('embed-dialog'), [$('embed-open'), $('export-embed')], () => stateHash(false));
  setUpExport({ menu: document.querySelector('.export-menu'), csv: $('export-csv'), json: $('export-json'), png: $('export-png'),
    keras: $('export-keras'), pytorch: $('export-pytorch'), exactFiles: $('export-exact'),
    link: $('export-link'), status: $('export-status') }, {
    config: () => app.config, history: () => app.charts.current?.history ?? [], diverged: () => app.charts.current?.diverged ?? null,
    keys: () => app.keys,
    // How the core read the loaded file (its choices, and whether its labels are real targets), or null.
    dataSummary: () => (app.config?.dataset === 'csv' ? app.bring?.summary ?? null : null),
    changedMidRun: () => app.charts.markers.length > 0,
    exact: (config) => new Promise((resolve) => { // resolves with { json, error }
      app.exactWaiting = resolve;
      app.client.post({ type: 'exact', config });
    }),
    charts: () => [['Loss per epoch', app.charts.loss], ['Accuracy', app.charts.acc], ['Health of the optimization', app.charts.health]]
      .map(([title, chart]) => ({ title, canvas: chart.canvas })),
    link: () => {
      const url = new URL(stateHash(false), window.location.href);
      url.searchParams.delete('embed'); // the link opens the full lab
      return url.href;
    },
  });
  return { embedFromHash, openLesson, withData };
}
