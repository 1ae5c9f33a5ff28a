// embed-dialog.js: "Embed this" in the full lab: a dialog that writes the
// <iframe> snippet for the settings on screen, with the controls, charts and
// autoplay the author picks, shows it live at a blog column's width, and
// copies it. The snippet's height is the preview's own, as the embed reports
// it (its resize event) once its first run is drawn. The embed's keys are
// those of embed-protocol.js.
import { AUTOPLAY, CHARTS, CONTEXT, EVENTS } from './embed-protocol.js';
import { SETTING_BY_KEY } from '../engine/settings.js';

const OFFERED = ['lr', 'batch', 'width', 'input_scale', 'depth', 'activation', 'optimizer', 'standardize', 'label_noise', 'l2'];
const CHART_LABELS = { loss: 'Loss', accuracy: 'Accuracy', health: 'Health', network: 'Network', map: 'Decision map' };

const DEFAULT_HEIGHT = 560; // until the preview has said its own

const el = (tag, props = {}, text = '') => Object.assign(document.createElement(tag), props, text ? { textContent: text } : {});

function checkboxes(legend, name, items, checked, label) {
  const box = el('fieldset', { className: 'embed-choices' });
  box.append(el('legend', {}, legend));
  for (const item of items) {
    const id = `embed-${name}-${item}`;
    const input = el('input', { type: 'checkbox', id, name, value: item, checked: checked.includes(item) });
    const span = el('span', { className: 'embed-choice' });
    span.append(input, el('label', { htmlFor: id }, label(item)));
    box.append(span);
  }
  return box;
}

export class EmbedDialog {
  /** dialog: the <dialog>; openers: buttons that open it; stateHash() → '#…' of the settings on screen. */
  constructor(dialog, openers, stateHash) {
    Object.assign(this, { dialog, stateHash });
    dialog.setAttribute('aria-labelledby', 'embed-title');
    for (const b of openers) b.addEventListener('click', () => this.open());
  }

  // The form, made at the first opening: until then the page holds no second
  // set of controls with the settings' names.
  build() {
    const dialog = this.dialog;
    const form = el('form', { method: 'dialog', className: 'embed-form' });
    form.append(el('h2', { id: 'embed-title' }, 'Embed this lab in a post'));
    form.append(checkboxes('Controls shown', 'controls', OFFERED, ['lr', 'batch', 'width', 'input_scale'], (k) => SETTING_BY_KEY.get(k)?.label ?? k));
    form.append(checkboxes('Charts shown', 'charts', CHARTS, ['loss'], (c) => CHART_LABELS[c]));
    const row = el('p', { className: 'embed-row' });
    this.autoplay = el('select', { id: 'embed-autoplay' });
    for (const a of AUTOPLAY) this.autoplay.append(new Option({ visible: 'when scrolled into view', click: 'when the reader presses Play', off: 'off' }[a], a));
    this.stop = el('input', { type: 'number', id: 'embed-stop', min: 1, step: 1, placeholder: 'all', inputMode: 'numeric' });
    this.doctor = el('input', { type: 'checkbox', id: 'embed-doctor', checked: true });
    row.append(el('label', { htmlFor: 'embed-autoplay' }, 'Play '), this.autoplay, el('label', { htmlFor: 'embed-stop' }, ' Stop at epoch '), this.stop,
      el('span', { className: 'embed-choice' }));
    row.lastChild.append(this.doctor, el('label', { htmlFor: 'embed-doctor' }, 'the doctor\'s words'));
    form.append(row);
    this.code = el('textarea', { id: 'embed-code', readOnly: true, rows: 4, spellcheck: false });
    this.heightNote = el('p', { id: 'embed-height', className: 'embed-height', role: 'status' });
    form.append(el('label', { htmlFor: 'embed-code', className: 'embed-code-label' }, 'The snippet'), this.code, this.heightNote);
    // The preview is this site's own page, so it needs no sandbox (Chromium warns that the snippet's
    // allow-scripts with allow-same-origin can escape one; against another origin's post it holds).
    this.preview = el('iframe', { title: 'Preview of the embedded lab', className: 'embed-preview', loading: 'lazy' });
    const actions = el('p', { className: 'embed-actions' });
    this.copy = el('button', { type: 'button', className: 'primary' }, 'Copy the snippet');
    this.status = el('span', { role: 'status', className: 'embed-status' });
    actions.append(this.copy, el('button', { value: 'close' }, 'Close'), this.status);
    form.append(actions, el('p', { className: 'embed-preview-label' }, 'Live preview, at a blog column\'s width:'), this.preview);
    dialog.append(form);
    form.addEventListener('change', () => this.update());
    form.addEventListener('input', () => this.update());
    window.addEventListener('message', (e) => this.heard(e));
    this.copy.addEventListener('click', () => this.copySnippet());
  }

  open() {
    if (!this.code) this.build();
    this.update();
    this.dialog.showModal();
  }

  /** The embed's URL for the choices made: the page, ?embed, the settings, then the embed's keys. */
  src() {
    const picked = (name) => [...this.dialog.querySelectorAll(`input[name="${name}"]:checked`)].map((i) => i.value);
    const keys = [`controls=${picked('controls').join(',')}`, `charts=${picked('charts').join(',') || 'loss'}`, `autoplay=${this.autoplay.value}`];
    const stop = Number(this.stop.value);
    if (Number.isInteger(stop) && stop >= 1) keys.push(`stop=${stop}`);
    if (!this.doctor.checked) keys.push('doctor=0');
    const page = new URL(window.location.href);
    page.hash = '';
    page.search = '?embed';
    const settings = this.stateHash().slice(1);
    return `${page.href}#${[settings, ...keys].filter(Boolean).join('&')}`;
  }

  update() {
    const src = this.src();
    const height = this.height ?? DEFAULT_HEIGHT;
    this.code.value = `<iframe src="${src.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"\n  title="Flatline: why won't my losses move?" width="100%" height="${height}"\n` +
      '  sandbox="allow-scripts allow-same-origin" loading="lazy" style="border:0"></iframe>';
    this.heightNote.textContent = this.height
      ? `Height ${height} px: the preview's, in its ${Math.round(this.preview.getBoundingClientRect().width)} px column. A narrower column wraps the controls; the resize script (Embedding and hosting) follows the content at any width.`
      : 'Height: measuring the preview…';
    // Another choice changes the preview's hash: the embed lays itself out again and says its new height.
    if ((this.dialog.open || !this.preview.src) && this.preview.src !== src) this.preview.src = src;
  }

  // The preview's resize event: its content's height for these choices, used in the snippet.
  heard(e) {
    if (e.source !== this.preview?.contentWindow || e.data?.context !== CONTEXT || e.data.event !== EVENTS.RESIZE) return;
    const height = Math.ceil(Number(e.data.value?.height));
    if (!(height >= 100 && height <= 4000) || height === this.height) return;
    this.height = height;
    this.preview.style.height = `${height + this.preview.offsetHeight - this.preview.clientHeight}px`; // and its borders
    this.update();
  }

  async copySnippet() {
    try {
      await navigator.clipboard.writeText(this.code.value);
      this.status.textContent = 'Copied.';
    } catch {
      this.code.select(); // no clipboard here: selected, to copy by hand
      this.status.textContent = 'Selected: copy it with Ctrl+C.';
    }
  }
}
