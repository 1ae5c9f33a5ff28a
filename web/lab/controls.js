// controls.js: builds the settings form from the table in settings.js and the
// core's key table, and keeps it in step with a config. Every control is a
// real labelled form element with its value shown beside it; sliders over
// listed stops announce the value itself (aria-valuetext), not their position.
import { KEYS_FROM_DATA } from '../engine/engine.js';
import { GROUPS, SETTINGS, formatValue, isPlane, nearestStop } from '../engine/settings.js';

const DATASET_LABELS = {
  random: 'random labels (the post)', linear: 'linear teacher', teacher: 'prototype teacher',
  spiral: 'spiral (2-D)', circles: 'circles (2-D)', xor: 'xor (2-D)', gauss: 'gaussian blobs (2-D)',
  csv: 'your data (CSV)', linear_reg: 'linear regression (mse, mae)', teacher_reg: 'tanh-teacher regression (mse, mae)',
};
const ENGINEERED = ['x1_sq', 'x2_sq', 'x1_x2', 'sin_x1', 'sin_x2'];

function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child);
  return node;
}

export class Controls {
  /**
   * form: the <form> to fill; keys: the core's key table; onChange(key, value,
   * final) is called as a control moves (final: false while a slider is dragged).
   */
  constructor(form, keys, onChange) {
    this.form = form;
    this.keys = new Map(keys.map((k) => [k.name, k]));
    this.onChange = onChange;
    this.inputs = new Map();
    this.outputs = new Map();
    this.stops = new Map();
    this.config = null;
    form.addEventListener('submit', (e) => e.preventDefault());
    for (const [group, title] of GROUPS) {
      const fieldset = el('fieldset', { class: `group group-${group}` }, [el('legend', { text: title })]);
      for (const s of SETTINGS.filter((x) => x.group === group)) fieldset.append(this.build(s));
      form.append(fieldset);
      if (group === 'knobs') this.knobs = fieldset; // placed by placeKnobs, out of the form
    }
  }

  build(s) {
    const info = this.keys.get(s.key);
    const id = `set-${s.key}`;
    const row = el('div', { class: `setting setting-${s.control}` });
    const label = el('label', { for: id, text: s.label });
    let input;
    if (s.control === 'select') {
      input = el('select', { id, name: s.key });
      for (const c of info.choices) {
        input.append(el('option', { value: c, text: s.key === 'dataset' ? DATASET_LABELS[c] ?? c : c.replace('_', ' ') }));
      }
      input.addEventListener('change', () => this.onChange(s.key, input.value, true));
    } else if (s.control === 'check') {
      input = el('input', { id, name: s.key, type: 'checkbox' });
      input.addEventListener('change', () => this.onChange(s.key, input.checked ? 1 : 0, true));
    } else if (s.control === 'text') {
      input = el('input', { id, name: s.key, type: 'text', placeholder: s.example ?? 'e.g. 64,32', inputmode: s.example ? 'text' : 'numeric', autocomplete: 'off', spellcheck: 'false' });
      input.addEventListener('change', () => this.onChange(s.key, input.value, true));
    } else if (s.control === 'number') {
      input = el('input', { id, name: s.key, type: 'number', min: info.min, max: info.max, step: 1, inputmode: 'numeric' });
      input.addEventListener('change', () => this.onChange(s.key, input.value, true));
    } else {
      input = el('input', { id, name: s.key, type: 'range' });
      const value = () => (s.control === 'stops' ? this.stops.get(s.key)[Number(input.value)] : Number(input.value));
      input.addEventListener('input', () => {
        this.show(s.key, value());
        this.onChange(s.key, value(), false);
      });
      input.addEventListener('change', () => this.onChange(s.key, value(), true));
    }
    const output = el('output', { for: id, class: 'value' });
    // A short description the learner can open, by keyboard too.
    const help = el('p', { id: `${id}-help`, class: 'help', text: s.help });
    help.hidden = true;
    const ask = el('button', { type: 'button', class: 'help-toggle', 'aria-expanded': 'false', 'aria-controls': help.id,
      'aria-label': `What is ${s.label}?`, text: '?' });
    ask.addEventListener('click', () => {
      help.hidden = !help.hidden;
      ask.setAttribute('aria-expanded', String(!help.hidden));
    });
    row.append(el('div', { class: 'setting-head' }, [label, ask, output]), help, input);
    this.inputs.set(s.key, input);
    this.outputs.set(s.key, output);
    return row;
  }

  /** The stops a slider offers under this config (batch is limited by n_train). */
  stopsFor(s, config) {
    const info = this.keys.get(s.key);
    let stops = s.stops.filter((v) => v >= info.min && v <= info.max);
    if (s.key === 'batch') {
      stops = stops.filter((v) => v < config.n_train);
      stops.push(config.n_train);
    }
    return stops;
  }

  show(key, value) {
    const out = this.outputs.get(key);
    const input = this.inputs.get(key);
    const text = formatValue(value);
    const shown = input.type === 'range'; // other controls show their value themselves
    if (out) out.textContent = shown ? text : '';
    if (input.type === 'range') input.setAttribute('aria-valuetext', text);
  }

  /** The four knobs go to `slot`: under the loss chart on a phone, at the head of the settings column elsewhere. */
  placeKnobs(slot) {
    if (this.knobs.parentElement !== slot) slot.append(this.knobs);
  }

  /** Shows a whole config, and which controls apply to it. */
  set(config) {
    this.config = config;
    for (const s of SETTINGS) {
      const input = this.inputs.get(s.key);
      const value = config[s.key];
      if (s.control === 'stops') {
        const stops = this.stopsFor(s, config);
        this.stops.set(s.key, stops);
        input.min = 0;
        input.max = stops.length - 1;
        input.step = 1;
        input.value = nearestStop(stops, value);
      } else if (s.control === 'int') {
        const info = this.keys.get(s.key);
        input.min = info.min;
        input.max = info.max;
        input.step = 1;
        input.value = value;
      } else if (s.control === 'check') {
        input.checked = Boolean(value);
      } else {
        input.value = value;
      }
      this.show(s.key, value);
    }
    if (config.widths) this.outputs.get('width').textContent = 'per layer';
    const twoD = isPlane(config);
    const csv = config.dataset === 'csv';
    for (const input of this.inputs.values()) input.disabled = false;
    for (const key of KEYS_FROM_DATA) if (csv) this.inputs.get(key).disabled = true; // the rows decide them
    this.inputs.get('val_share').disabled = !csv;
    // The csv choice waits for rows to train on (Your data).
    this.inputs.get('dataset').querySelector('option[value="csv"]').disabled = !this.hasData;
    this.inputs.get('features').disabled = twoD;
    for (const key of ENGINEERED) this.inputs.get(key).disabled = !twoD;
    this.inputs.get('classes').disabled = config.dataset === 'xor';
    for (const [key, input] of this.inputs) {
      if (this.locked?.has(key)) input.disabled = true;
      input.title = this.locked?.has(key) ? 'Locked in this lesson step' : '';
    }
  }

  /** Whether rows of the user's own data are loaded (the data set's csv choice). */
  setHasData(has) {
    this.hasData = has;
    if (this.config) this.set(this.config);
  }

  /** Locks the controls of keys (a lesson step's), or none; applies at the next set(). */
  lock(keys = []) {
    this.locked = new Set(keys);
  }
}
