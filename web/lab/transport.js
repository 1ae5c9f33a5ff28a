// transport.js: the lab's transport bar: the lesson list, Play (Run again),
// Pause, Step, Reset and the speed. It wires the buttons to the lab's
// handlers and keeps their states true to the run: what cannot be done now is
// disabled, and a button that disables itself hands the focus on.
import { PRESETS } from '../engine/presets.js';

const SPEEDS = [['1', 1], ['3', 3], ['10', 10], ['30', 30], ['max', Infinity]];

export class Transport {
  /**
   * els: { preset, play, pause, step, reset, speed } elements; on: { lesson(name),
   * play(), pause(), step(), reset(), speed(epochsPerSecond) }.
   */
  constructor(els, on) {
    this.els = els;
    this.state = '';
    els.preset.append(new Option('Your own settings', ''));
    const presets = document.createElement('optgroup');
    presets.label = 'Presets';
    for (const p of PRESETS) presets.append(new Option(p.title, p.name));
    els.preset.append(presets);
    els.preset.addEventListener('change', () => on.lesson(els.preset.value || null));
    for (const [label, value] of SPEEDS) {
      els.speed.append(new Option(label === 'max' ? 'max speed' : `${label} epochs/s`, String(value)));
    }
    els.speed.value = '10';
    els.speed.addEventListener('change', () => on.speed(this.speed));
    for (const name of ['play', 'pause', 'step', 'reset']) els[name].addEventListener('click', () => on[name]());
  }

  /** Adds the guided lessons ([{ name, title }]) to the list, as values 'lesson:NAME'. */
  addLessons(lessons) {
    const group = document.createElement('optgroup');
    group.label = 'Guided lessons';
    for (const l of lessons) group.append(new Option(l.title, `lesson:${l.name}`));
    this.els.preset.prepend(group);
    this.els.preset.prepend(this.els.preset.querySelector('option[value=""]'));
  }

  /** Epochs per second chosen (Infinity: as fast as possible). */
  get speed() { return Number(this.els.speed.value); }

  /** The buttons follow the run: { playing, done, stepping }. Returns true when their state changed. */
  show({ playing, done, stepping }) {
    const state = `${playing}${done}${stepping}`;
    if (state === this.state) return false;
    this.state = state;
    const { play, pause, step } = this.els;
    play.disabled = playing;
    pause.disabled = !playing;
    step.disabled = playing || done || stepping;
    play.textContent = done ? 'Run again' : 'Play';
    // A button that disabled itself hands the keyboard focus to the one that undoes it.
    if (document.activeElement?.disabled) (play.disabled ? pause : play).focus();
    return true;
  }
}
