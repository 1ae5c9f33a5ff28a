// Room web/embed/: the lab inside another page: the embed mode (embed.js),
// the messages with its host (embed-protocol.js), "Embed this"
// (embed-dialog.js) and window.flatline (lab-handle.js). It may use
// web/engine/ and web/ui/.
//
// embed.js: the lab inside a blog post (`?embed`). It shows only the
// controls and charts the post is about, links to the full lab with the same
// state, plays while at least half of it is in view (and never under
// prefers-reduced-motion unless asked), pauses when scrolled away or when the
// tab is hidden, and talks to its host with postMessage (embed-protocol.js).
// Nothing here runs on a timer: when the run is paused, finished or off
// screen the frame does no work.
import { EVENTS, METHODS, event, readMethod } from './embed-protocol.js';

const KNOBS = ['lr', 'batch', 'width', 'input_scale'];
// A host's settings are applied at most this often (a frame at 60 Hz).
const SET_MS = 16;

export class Embed {
  /**
   * options: embedOptions(); lab: { play(), pause(), reset(), set(keys),
   * state() → { config, history, findings, playing, done }, fullLabHash(),
   * whenReady(fn, name) }.
   */
  constructor(options, lab) {
    this.options = options;
    this.lab = lab;
    this.want = options.autoplay === 'visible' && !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    this.visible = false;
    this.sent = { epoch: -1, diagnosis: '', done: false, height: 0, ready: false };
    this.pendingSet = null; // a host's settings not yet applied
    this.setTimer = 0;
    this.layout();
    new IntersectionObserver(([entry]) => {
      this.visible = entry.intersectionRatio >= 0.5;
      this.follow();
    }, { threshold: [0, 0.5, 1] }).observe(document.getElementById('embed-frame'));
    document.addEventListener('visibilitychange', () => this.follow());
    new ResizeObserver(() => this.resized()).observe(document.body);
  }

  /** New options (the frame's hash changed): shown as they say. */
  setOptions(options) {
    this.options = options;
    this.layout();
  }

  /** Shows the controls, charts and panels the options name, and hides the rest. */
  layout() {
    const { controls, charts, doctor } = this.options;
    const shown = new Set(controls ?? KNOBS);
    // The knobs may sit under the loss chart (narrow frames) or head the settings.
    for (const row of document.querySelectorAll('.setting')) {
      const key = row.querySelector('[name]')?.getAttribute('name');
      row.hidden = !shown.has(key);
    }
    for (const group of document.querySelectorAll('fieldset.group')) {
      group.hidden = ![...group.querySelectorAll('.setting')].some((r) => !r.hidden);
    }
    for (const fig of document.querySelectorAll('[data-chart]')) {
      fig.dataset.embedHidden = String(!charts.includes(fig.dataset.chart));
    }
    document.querySelector('.words').hidden = !doctor;
    this.updateLink();
  }

  /** The link to the full lab, with the same settings. */
  updateLink() {
    const a = document.getElementById('full-lab');
    if (a) a.href = `./${this.lab.fullLabHash()}`;
  }

  /** The reader (or the host) asked to play or pause: it holds until asked again. */
  setWant(on) {
    this.want = on;
  }

  // Play only while wanted, at least half in view, and the tab shown.
  follow() {
    const s = this.lab.state();
    const can = this.visible && !document.hidden;
    if (this.want && can && !s.playing && !s.done) this.lab.play();
    else if (!can && s.playing) this.lab.pause();
  }

  // A host's message (the page listens from its first moment and hands them
  // here, the early ones too: web/lab/panels.js). Only the page that frames
  // this one is heard. Settings
  // are merged and applied at most once every SET_MS, so that a host that
  // floods them costs one change a frame, and the chart marks the value they
  // settled on; any other method first applies the settings before it, in
  // order. Before the first run exists everything waits (web/lab/main.js's
  // gate) and is then carried out.
  receive(e) {
    if (e.source !== window.parent || window.parent === window) return;
    const m = readMethod(e.data);
    if (!m) return; // not ours, or malformed: ignored
    if (m.method === METHODS.SET) {
      this.pendingSet = { ...this.pendingSet, ...m.value };
      this.setTimer ||= setTimeout(() => this.flushSet(), SET_MS);
      return;
    }
    this.flushSet();
    this.lab.whenReady(() => this.handle(m, e));
  }

  flushSet() {
    clearTimeout(this.setTimer);
    this.setTimer = 0;
    const keys = this.pendingSet;
    this.pendingSet = null;
    if (keys) this.lab.whenReady(() => this.lab.set(keys), 'host-set');
  }

  handle(m, e) {
    switch (m.method) {
      case METHODS.PLAY: this.want = true; this.follow(); break; // it trains once in view
      case METHODS.PAUSE: this.want = false; this.lab.pause(); break;
      case METHODS.RESET: this.lab.reset(); break;
      case METHODS.GET: {
        const s = this.lab.state();
        this.reply(e, event(EVENTS.GET, { config: s.config, epoch: s.history.at(-1)?.epoch ?? 0, playing: s.playing,
          done: s.done, last: s.history.at(-1) ?? null }));
        break;
      }
      default: break;
    }
  }

  reply(e, msg) {
    try {
      e.source?.postMessage(msg, e.origin && e.origin !== 'null' ? e.origin : '*');
    } catch {
      // the host went away
    }
  }

  post(name, value) {
    if (window.parent === window) return;
    window.parent.postMessage(event(name, value), '*');
  }

  /** After each drawn frame: what changed since the last one goes to the host. */
  tick() {
    const s = this.lab.state();
    const last = s.history.at(-1);
    if (!this.sent.ready && last) {
      this.sent.ready = true;
      this.post(EVENTS.READY, { methods: Object.values(METHODS), events: Object.values(EVENTS), config: s.config });
      this.resized();
      this.follow(); // autoplay may begin now that there is a run
    }
    if (!this.visible) this.resized(); // out of view a ResizeObserver waits for the frame to render
    if (last && last.epoch !== this.sent.epoch) {
      this.sent.epoch = last.epoch;
      this.post(EVENTS.EPOCH, plain(last));
    }
    const diagnosis = (s.findings ?? []).filter((f) => !f.past).map((f) => ({ cause: f.cause, title: f.title, epoch: f.epoch }));
    const key = JSON.stringify(diagnosis);
    if (last && key !== this.sent.diagnosis) {
      this.sent.diagnosis = key;
      this.post(EVENTS.DIAGNOSIS, diagnosis);
    }
    if (s.done !== this.sent.done) {
      this.sent.done = s.done;
      if (s.done && last) this.post(EVENTS.DONE, plain(last));
    }
    this.updateLink();
  }

  error(message) {
    this.post(EVENTS.ERROR, { message });
  }

  // The content's height goes to the host once the first run is drawn (before, the page is
  // still laying itself out, hidden: style.css), then only when it changes; the boxes that
  // fill during a run (status, findings) keep their size, so a run sends no more.
  resized() {
    if (!this.sent.ready) return;
    const height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height === this.sent.height) return;
    this.sent.height = height;
    this.post(EVENTS.RESIZE, { height });
  }
}

// A record without its per-layer list: the epoch's figures.
function plain(record) {
  const { layers, ...rest } = record;
  return rest;
}
