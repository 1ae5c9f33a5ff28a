// bring-panel.js: "Your code and your data": a Keras snippet pasted into the
// lab (keras-import.js reads it), and a CSV of one's own, uploaded or pasted.
// The CSV's bytes are decoded, parsed and checked by the core in the training
// worker; they stay in this browser (no request carries them), and in its
// storage only when the user ticks "Keep it". A refused file names its line
// and column and keeps the data loaded before, and what is kept. An embed
// trains on kept data only when its host is one the reader allowed here.

import { offline } from '../engine/store.js';
import { readingNotes } from './csv-notes.js';

export const KEEP_KEY = 'flatline-data';
// What a browser keeps in localStorage for a site: about 5 MB of UTF-16.
const KEEP_MAX_BYTES = 2_000_000;
// The unread lines of a snippet listed one by one; past these, a count.
const SHOWN_LINES = 50;

const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;

// Kept data is the file's bytes as they were, one character per byte (so
// that the core decodes them again as it did the first time), with its name
// and the sites allowed to use it from an embed.
const toBinary = (bytes) => {
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x8000) out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return out;
};
const fromBinary = (text) => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** A kept record as BringPanel writes it: { version: 2, name, bytes, hosts: [origin] } (version 1: { text, name }). */
export function checkKept(v) {
  if (v === null || typeof v !== 'object') return 'it is not a file and its name';
  if (typeof v.name !== 'string' || !v.name || v.name.length > 300) return 'it has no file name';
  if (v.version === 2) {
    if (typeof v.bytes !== 'string' || !v.bytes || /[^\x00-\xff]/.test(v.bytes)) return 'it holds no file';
    if (!Array.isArray(v.hosts) || !v.hosts.every((h) => typeof h === 'string' && h.length < 300)) return 'its list of sites is broken';
    return true;
  }
  if (typeof v.text !== 'string' || !v.text) return 'it holds no file';
  return { value: { version: 2, name: v.name, bytes: toBinary(new TextEncoder().encode(v.text)), hosts: [] }, why: 'an older form, read again' };
}

/** The origins a list of sites names ('https://blog.example, other.org' -> ['https://blog.example', 'https://other.org']). */
export function parseHosts(text) {
  const hosts = [];
  const bad = [];
  for (const part of String(text).split(/[\s,]+/).filter(Boolean)) {
    try {
      const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(part) ? part : `https://${part}`);
      if (url.origin === 'null') throw new TypeError('no origin');
      if (!hosts.includes(url.origin)) hosts.push(url.origin);
    } catch {
      bad.push(part);
    }
  }
  return { hosts, bad };
}

export class BringPanel {
  /**
   * $: id lookup; lab: { post(msg) to the training worker, loadKeys(raw, notices),
   * dataLoaded(summary, bytes), config() the settings now, csvLimits() the
   * core's { bytes, rows }, whenReady(fn) }; store: where kept data lives (web/engine/store.js);
   * embed: null in the full lab, else { host: the framing page's origin or
   * null }: an embed uses kept data only where its host was allowed.
   */
  constructor($, lab, store, embed = null) {
    Object.assign(this, { $, lab, store, embed });
    this.bytes = null;     // the CSV the worker holds, as bytes
    this.name = null;
    this.pending = null;   // { bytes, name, then } while the worker reads it
    this.summary = null;
    this.hosts = [];       // the sites allowed to use the kept data from an embed
    $('keras-read').addEventListener('click', () => this.readKeras());
    $('data-use').addEventListener('click', () => this.useTyped());
    $('data-file').addEventListener('change', () => this.useFile());
    $('data-keep').addEventListener('change', () => this.keep());
    $('data-hosts').addEventListener('change', () => this.keep());
    const kept = store.read(KEEP_KEY, 'kept data', checkKept);
    if (kept) {
      this.hosts = kept.hosts;
      $('data-keep').checked = true;
      $('data-hosts').value = kept.hosts.join(', ');
      // An embed never trains on kept data by itself: only a host the reader named in the full lab gets it.
      if (!embed || (embed.host && kept.hosts.includes(embed.host))) this.kept = { bytes: fromBinary(kept.bytes), name: kept.name };
    }
    this.showKeepNote();
  }

  // --- Keras code ------------------------------------------------------------------


  async readKeras() {
    const box = this.$('keras-result');
    const { importKeras, noModelReason, notAsWrittenReason, SnippetError } = await import('./keras-import.js'); // loaded on first use
    box.replaceChildren();
    const say = (text, cls) => {
      const p = document.createElement('p');
      p.textContent = text;
      if (cls) p.className = cls;
      box.append(p);
    };
    let read;
    try {
      read = importKeras(this.$('keras-code').value);
    } catch (err) {
      if (!(err instanceof SnippetError)) throw err;
      return say(`Not read: ${err.message}. Nothing changed.`, 'data-error');
    }
    const { config, ignored } = read;
    const noModel = noModelReason(read);
    const changed = noModel ? null : notAsWrittenReason(read);
    if (!Object.keys(config).length) {
      say('Nothing here is code the lab reads: a Sequential of Dense layers, compile, fit, or the data lines. Nothing changed.', 'data-error');
    } else if (noModel) {
      // Training the lab's own network with these settings would not be the snippet's model.
      say(`Not trained: ${noModel}. Nothing changed.`, 'data-error');
    } else if (changed) {
      // Nor would training it without the layers and settings the lab does not read.
      say(`Not ${changed.slice(4)}. Nothing changed.`, 'data-error');
    } else {
      const read = Object.entries(config).map(([k, v]) => `${k} ${v}`).join(', ');
      const yours = !config.dataset && this.summary; // a model without data lines trains on the rows loaded
      const data = yours ? ` No data lines were read, so it trains on your data (${this.name}).`
        : config.dataset ? '' : ' No data lines were read, so the lab uses its own default data (random labels).';
      say(`Read: ${read}.${data}`);
      if (yours) config.dataset = 'csv';
      if (config.val_share !== undefined && config.dataset !== 'csv') {
        // validation_split on rows the lab draws itself: they come with their own validation set.
        say(`validation_split ${config.val_share} holds out a share of your CSV's rows; the lab's own data has its own validation rows.`);
        delete config.val_share;
      }
      for (const [key, what] of [['features', 'inputs'], ['classes', 'classes']]) {
        if (yours && config[key] !== undefined && config[key] !== this.summary[key]) {
          say(`The code has ${config[key]} ${what} and your data ${this.summary[key]}: the lab uses your data's ${this.summary[key]}.`);
        }
      }
    }
    if (ignored.length) {
      say(`Ignored ${ignored.length === 1 ? 'one line' : `${ignored.length} lines`} the lab does not have:`);
      const list = document.createElement('ul');
      for (const g of ignored.slice(0, SHOWN_LINES)) {
        const li = document.createElement('li');
        li.textContent = `line ${g.line}: ${g.text} (${g.why})`;
        list.append(li);
      }
      box.append(list);
      if (ignored.length > SHOWN_LINES) say(`… and ${ignored.length - SHOWN_LINES} more lines, from line ${ignored[SHOWN_LINES].line} on.`);
    }
    if (Object.keys(config).length && !noModel && !changed) {
      this.snippet = this.$('keras-code').value;
      const show = document.createElement('button');
      show.type = 'button';
      show.textContent = 'Your code with the doctor\'s fix';
      show.addEventListener('click', () => this.showFixed(box));
      box.append(show);
      this.lab.loadKeys(config);
    }
  }

  /** The snippet trained last, with the doctor's first fix applied as line edits, shown as a diff (fix-code.js). */
  async showFixed(box) {
    const { fixedSnippet } = await import('./fix-code.js'); // loaded on first use
    box.querySelector('.code-fix')?.remove();
    const out = document.createElement('div');
    out.className = 'code-fix';
    const say = (text) => {
      const p = document.createElement('p');
      p.textContent = text;
      out.append(p);
    };
    const lead = this.lab.findings().find((f) => f.lead && !f.past);
    if (!lead?.fix) {
      say(lead ? `The doctor's first finding (${lead.title}) has no fix to write into the code.` : 'The doctor has no finding yet: press Play and let the run go on.');
    } else {
      const { diff, edits, unsaid } = fixedSnippet(this.snippet ?? '', lead.fix, this.lab.config());
      say(`${lead.title}: ${lead.fixText}`);
      if (edits.length) {
        const pre = document.createElement('pre');
        pre.className = 'diff';
        pre.textContent = diff;
        out.append(pre);
      }
      for (const u of unsaid) say(`Not written in the code: ${u}.`);
    }
    box.append(out);
  }

  // --- your data -------------------------------------------------------------------

  async useFile() {
    const file = this.$('data-file').files[0];
    if (!file) return;
    const limit = this.lab.csvLimits().bytes;
    if (file.size > limit) {
      return this.refused(`data: the file ${file.name} is ${file.size} bytes, over the limit of ${limit} bytes (${mb(limit)})`);
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    this.lab.whenReady(() => this.send(bytes, file.name)); // a worker starting again takes it once it can
  }

  useTyped() {
    const text = this.$('data-paste').value;
    if (!text.trim()) return this.refused('data: the box is empty: paste rows of features and a label, or choose a file');
    const bytes = new TextEncoder().encode(text);
    this.lab.whenReady(() => this.send(bytes, 'pasted rows'));
  }

  send(bytes, name, then = null) {
    this.pending = { bytes, name, then };
    this.$('data-status').textContent = `Reading ${name}…`;
    // The settings the data's run starts from: the core checks that run before replacing anything.
    this.lab.post({ type: 'data', bytes, valShare: 0.2, config: this.lab.config(), options: this.readOptions() });
  }

  /** How to read the file: the label column given (a header name or a column number from 1), and whether to drop rows with missing cells. */
  readOptions() {
    const given = this.$('data-label').value.trim();
    const label = /^\d+$/.test(given) ? String(Number(given) - 1) : given || null;
    return { label, dropMissing: this.$('data-drop').checked };
  }

  /** After a new worker (or at start): sends the data held (or kept); then() follows its answer. Returns false when there is none. */
  resend(then) {
    const data = this.bytes ? { bytes: this.bytes, name: this.name } : this.kept;
    if (!data) return false;
    this.send(data.bytes, data.name, then);
    return true;
  }

  /** The worker's answer: the data is loaded (and what it held before is gone). */
  loaded(summary) {
    const { bytes, name, then } = this.pending ?? {};
    this.pending = null;
    if (bytes === undefined) return;
    Object.assign(this, { bytes, name, summary });
    this.kept = null;
    this.$('data-error').hidden = true;
    this.showSplit(summary);
    this.keep();
    this.lab.dataLoaded(summary, bytes, Boolean(then), this.readOptions());
    then?.();
  }

  /** Says what the data is and how the run in progress splits it ({ n_train, n_val } from the core). */
  showSplit({ n_train: train, n_val: val }) {
    const s = this.summary;
    if (!s) return;
    const decoded = s.encoding && s.encoding !== 'UTF-8' ? `, read as ${s.encoding}` : '';
    const labels = s.regression ? 'real-valued targets (a regression: loss mse or mae)' : `${s.classes} classes`;
    this.$('data-status').textContent = `${this.name}: ${s.rows} rows of ${s.features} features and ${labels}` +
      `${s.header ? ' (a header row skipped)' : ''}${decoded}. ${readingNotes(s).join(' ')}${readingNotes(s).length ? ' ' : ''}` +
      `The seed splits them ${train} to train, ${val} to validate (Validation share sets it).`;
  }

  /** The core refused the file (or the run it would make): the message says why; nothing else changes. */
  refused(message) {
    const { then } = this.pending ?? {};
    this.pending = null;
    const error = this.$('data-error');
    error.hidden = false;
    // The page's words for the CLI's --drop-missing and --label.
    const said = message.replace('(--drop-missing)', '(tick "Drop rows with empty or NA cells" and train again)')
      .replace('(--label NAME)', '(Label column)');
    error.textContent = `${said}. ${this.bytes ? `The lab keeps training on ${this.name}.` : 'Nothing was loaded.'}`;
    const now = this.lab.config();
    if (this.summary) this.showSplit(now.dataset === 'csv' ? now : this.summary);
    else this.$('data-status').textContent = '';
    if (then) { // kept data that no longer reads: forget it, say so, and go on
      this.store.remove(KEEP_KEY);
      this.kept = null;
      this.$('data-keep').checked = false;
      error.textContent += ' The copy kept in this browser was forgotten.';
      then();
    }
  }

  /** Keeps the data loaded (never one that did not load) when "Keep it" is ticked; forgets it when not. */
  keep() {
    const { hosts, bad } = parseHosts(this.$('data-hosts').value);
    this.hosts = hosts;
    this.showKeepNote(bad);
    const note = this.$('data-keep-note');
    if (!this.$('data-keep').checked) {
      this.store.remove(KEEP_KEY);
      return;
    }
    if (!this.bytes) return; // nothing loaded yet: what is kept stays as it is
    if (!this.store.available) {
      note.textContent = 'This browser does not let the lab keep it.';
    } else if (this.bytes.length > KEEP_MAX_BYTES) {
      note.textContent = `It is ${mb(this.bytes.length)}, too large to keep (at most ${mb(KEEP_MAX_BYTES)}); load it again after a reload.`;
      this.store.remove(KEEP_KEY);
    } else if (!this.store.write(KEEP_KEY, { version: 2, name: this.name, bytes: toBinary(this.bytes), hosts }, { asked: true })) {
      note.textContent = 'The browser refused to keep it (its storage is full).';
    }
  }

  // What keeping means here, in words: who can read it.
  showKeepNote(badHosts = []) {
    const note = this.$('data-keep-note');
    const kept = this.$('data-keep').checked;
    this.$('data-hosts-row').hidden = !kept;
    const where = offline()
      ? 'Kept in the storage this browser gives to files opened from disk: any other HTML file you open from disk can read it. Untick to forget it.'
      : 'Kept in this browser only, for this lab; untick to forget it.';
    const sites = this.hosts.length ? ` Embeds on ${this.hosts.join(', ')} may train on it.` : ' No embed may use it.';
    const bad = badHosts.length ? ` Not a site: ${badHosts.map((b) => `'${b.slice(0, 40)}'`).join(', ')}.` : '';
    note.textContent = kept ? `${where}${sites}${bad}` : offline() ? 'This file keeps nothing in your browser unless you tick this.' : '';
  }
}
