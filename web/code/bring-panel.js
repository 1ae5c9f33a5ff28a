// bring-panel.js: "Your code and your data": a Keras snippet pasted into the
// lab (keras-import.js reads it), and a CSV of one's own, uploaded or pasted.
// The CSV is parsed and checked by the core in the training worker; it stays
// in this browser (no request carries it), and in localStorage only when the
// user ticks "Keep it". A refused file names its line and column and keeps
// the data loaded before.

export const KEEP_KEY = 'flatline-data';
// What a browser keeps in localStorage for a site: about 5 MB of UTF-16.
const KEEP_MAX_CHARS = 2_000_000;

const mb = (chars) => `${(chars / 1e6).toFixed(1)} MB`;

function storage() {
  try {
    return window.localStorage;
  } catch {
    return null; // a sandboxed frame or blocked storage: nothing is kept
  }
}

export class BringPanel {
  /**
   * $: id lookup; lab: { post(msg) to the training worker, loadKeys(raw, notices),
   * dataLoaded(summary, text), notify(lines) }.
   */
  constructor($, lab) {
    Object.assign(this, { $, lab });
    this.text = null;      // the CSV the worker holds
    this.name = null;
    this.pending = null;   // { text, name, then } while the worker parses
    this.summary = null;
    $('keras-read').addEventListener('click', () => this.readKeras());
    $('data-use').addEventListener('click', () => this.useTyped());
    $('data-file').addEventListener('change', () => this.useFile());
    $('data-keep').addEventListener('change', () => this.keep());
    const kept = storage()?.getItem(KEEP_KEY);
    if (kept) {
      try {
        const { text, name } = JSON.parse(kept);
        this.kept = { text, name };
        $('data-keep').checked = true;
      } catch {
        storage()?.removeItem(KEEP_KEY);
      }
    }
  }

  // --- Keras code ------------------------------------------------------------------

  async readKeras() {
    const box = this.$('keras-result');
    const { importKeras } = await import('./keras-import.js'); // loaded on first use
    const { config, ignored } = importKeras(this.$('keras-code').value);
    box.replaceChildren();
    const say = (text, cls) => {
      const p = document.createElement('p');
      p.textContent = text;
      if (cls) p.className = cls;
      box.append(p);
    };
    if (!Object.keys(config).length) {
      say('Nothing here is code the lab reads: a Sequential of Dense layers, compile, fit, or the data lines. Nothing changed.', 'data-error');
    } else {
      const read = Object.entries(config).map(([k, v]) => `${k} ${v}`).join(', ');
      const yours = !config.dataset && this.summary; // a model without data lines trains on the rows loaded
      const data = yours ? ` No data lines were read, so it trains on your data (${this.name}).`
        : config.dataset ? '' : ' No data lines were read, so the lab uses its own default data (random labels).';
      say(`Read: ${read}.${data}`);
      if (yours) config.dataset = 'csv';
      for (const [key, what] of [['features', 'inputs'], ['classes', 'classes']]) {
        if (yours && config[key] !== undefined && config[key] !== this.summary[key]) {
          say(`The code has ${config[key]} ${what} and your data ${this.summary[key]}: the lab uses your data's ${this.summary[key]}.`);
        }
      }
    }
    if (ignored.length) {
      say(`Ignored ${ignored.length === 1 ? 'one line' : `${ignored.length} lines`} the lab does not have:`);
      const list = document.createElement('ul');
      for (const g of ignored) {
        const li = document.createElement('li');
        li.textContent = `line ${g.line}: ${g.text} (${g.why})`;
        list.append(li);
      }
      box.append(list);
    }
    if (Object.keys(config).length) this.lab.loadKeys(config);
  }

  // --- your data -------------------------------------------------------------------

  async useFile() {
    const file = this.$('data-file').files[0];
    if (!file) return;
    if (file.size > 16e6) return this.refused(`data: the file is ${(file.size / 1e6).toFixed(1)} MB, over the limit of 16 MB`);
    this.send(await file.text(), file.name);
  }

  useTyped() {
    const text = this.$('data-paste').value;
    if (!text.trim()) return this.refused('data: the box is empty: paste rows of features and a label, or choose a file');
    this.send(text, 'pasted rows');
  }

  send(text, name, then = null) {
    this.pending = { text, name, then };
    this.$('data-status').textContent = `Reading ${name}…`;
    this.lab.post({ type: 'data', text, valShare: 0.2 });
  }

  /** After a new worker (or at start): sends the kept data; then() follows its answer. Returns false when there is none. */
  resend(then) {
    const data = this.text ? { text: this.text, name: this.name } : this.kept;
    if (!data) return false;
    this.send(data.text, data.name, then);
    return true;
  }

  /** The worker's answer: the data is loaded. */
  loaded(summary) {
    const { text, name, then } = this.pending ?? {};
    this.pending = null;
    if (text === undefined) return;
    Object.assign(this, { text, name, summary });
    this.kept = null;
    this.$('data-error').hidden = true;
    this.showSplit(summary);
    this.keep();
    this.lab.dataLoaded(summary, text, Boolean(then));
    then?.();
  }

  /** Says what the data is and how the run in progress splits it ({ n_train, n_val } from the core). */
  showSplit({ n_train: train, n_val: val }) {
    const s = this.summary;
    if (!s) return;
    this.$('data-status').textContent = `${this.name}: ${s.rows} rows of ${s.features} features and ${s.classes} classes` +
      `${s.header ? ' (a header row skipped)' : ''}. The seed splits them ${train} to train, ${val} to validate (Validation share sets it).`;
  }

  /** The core refused the file (or the worker did): the message names the line and column; nothing else changes. */
  refused(message) {
    const then = this.pending?.then;
    this.pending = null;
    const error = this.$('data-error');
    error.hidden = false;
    error.textContent = `${message}. ${this.text ? `The lab keeps training on ${this.name}.` : 'Nothing was loaded.'}`;
    this.$('data-status').textContent = '';
    if (then) { // kept data that no longer reads: forget it, and go on
      storage()?.removeItem(KEEP_KEY);
      this.kept = null;
      then();
    }
  }

  keep() {
    const store = storage();
    const note = this.$('data-keep-note');
    note.textContent = '';
    if (!this.$('data-keep').checked) {
      store?.removeItem(KEEP_KEY);
      return;
    }
    if (!this.text) return;
    if (!store) {
      note.textContent = 'This browser does not let the lab keep it.';
    } else if (this.text.length > KEEP_MAX_CHARS) {
      note.textContent = `It is ${mb(this.text.length)}, too large to keep (at most ${mb(KEEP_MAX_CHARS)}); load it again after a reload.`;
      store.removeItem(KEEP_KEY);
    } else {
      try {
        store.setItem(KEEP_KEY, JSON.stringify({ text: this.text, name: this.name }));
        note.textContent = 'Kept in this browser only; untick to forget it.';
      } catch {
        note.textContent = 'The browser refused to keep it (its storage is full).';
      }
    }
  }
}
