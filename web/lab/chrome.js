// chrome.js: the controls around the run: Play, Pause, Step, Reset and the
// speed (transport.js draws them) with the lesson list, the map's and the
// loss chart's toggles, the hash typed by hand, resizes and the light or dark
// theme, and the intro. main.js hands over the run's actions (`lab`).
import { setUpIntro } from './intro.js';
import { TO_WORKER } from '../engine/protocol.js';
import { onThemeChange } from '../ui/theme.js';
import { Transport } from './transport.js';

/**
 * lab: { $, load, loadHash, startRun, restartSoon, flushRestart, updateButtons,
 * requestFrame, asText, whenReady, openLesson }. Returns { play, pause, reset } for the
 * parts that drive the run too (the embed), and offerLessons for the intro's lesson buttons.
 */
export function setUpChrome(app, lab) {
  const { $, flushRestart, updateButtons, requestFrame, whenReady } = lab;

  // Play, Pause and Step: a new run that waits to start (a slider just moved) starts first.
  function play() {
    flushRestart();
    if (app.done) return lab.startRun({ play: true, keepPrevious: true });
    Object.assign(app, { playing: true, stepping: false });
    updateButtons();
    app.client.post({ type: TO_WORKER.PLAY });
    app.client.expect(true);
  }

  function pause() {
    Object.assign(app, { playing: false, stepping: false });
    updateButtons();
    app.client.post({ type: TO_WORKER.PAUSE });
  }

  const reset = () => lab.startRun({ play: false, keepPrevious: false });
  // Each button waits for the run when there is none yet (web/lab/main.js, whenReady).
  // A lesson or preset from the list (or the intro's lesson buttons): null is the user's own settings.
  const choose = (name) => whenReady(() => lab.restartSoon(() => {
    if (name?.startsWith('lesson:')) return lab.openLesson(name.slice(7));
    app.lessons.close();
    lab.load(name, name ? {} : lab.asText(app.config), { play: app.playing, keepPrevious: true });
  }), 'lesson');
  app.transport = new Transport({ preset: $('preset'), play: $('play'), pause: $('pause'), step: $('step'),
    reset: $('reset'), speed: $('speed') }, {
    lesson: choose,
    play() {
      intro.fold(); // the run is what to look at now; "About this lab" opens it again
      app.embed?.setWant(true); // an embed keeps playing when back in view
      whenReady(play);
    },
    pause() {
      app.embed?.setWant(false);
      whenReady(pause);
    },
    step: () => whenReady(() => {
      flushRestart();
      app.stepping = true;
      updateButtons();
      app.client.post({ type: TO_WORKER.STEP });
      app.client.expect(true);
    }),
    reset: () => whenReady(reset),
    speed: (epochsPerSecond) => app.client.post({ type: TO_WORKER.SPEED, epochsPerSecond }),
  });

  // The settings column's jumps: the part scrolls to the top of its column (the hash is the run's, not a place).
  for (const jump of document.querySelectorAll('[data-jump]')) {
    jump.addEventListener('click', () => $(jump.dataset.jump).scrollIntoView({ block: 'start', behavior: 'smooth' }));
  }
  $('map-val').addEventListener('change', () => {
    app.map.setShowValidation($('map-val').checked);
    requestFrame();
  });
  $('logscale').addEventListener('change', () => {
    app.charts.setLogScale($('logscale').checked);
    requestFrame();
  });
  // The hash the user went to is the event's: by the time a waiting change
  // runs, a lesson that was opening may have written its own hash over it.
  window.addEventListener('hashchange', (e) => {
    const hash = new URL(e.newURL).hash;
    whenReady(() => lab.loadHash({ keepPrevious: true, hash }), 'hash');
  });
  const redraw = () => {
    app.map.dirty = true;
    app.network.dirty = true;
    requestFrame();
  };
  window.addEventListener('resize', redraw);
  onThemeChange(redraw); // light or dark: the canvases draw again

  const intro = setUpIntro({ intro: $('intro'), open: $('intro-open'), dismiss: $('intro-dismiss'), tryIt: $('intro-try'),
    lessons: $('intro-lessons') }, () => whenReady(() => lab.load('example-1', {}, { play: true })), app.store);
  return { play, pause, reset, offerLessons: (lessons) => intro.offer(lessons, (name) => choose(`lesson:${name}`)) };
}
