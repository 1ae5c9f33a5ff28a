// run-list.js: the list of earlier runs under the loss chart, one row each:
// its colour, what differs from the current settings, a checkbox to show it
// and a pin that keeps it across lessons. The runs themselves live in the
// charts' RunShelf (runs.js); this draws them and passes clicks back.
import { MAX_PINNED, differences, runLabel } from './runs.js';

export class RunList {
  /** box: the section (hidden while there is nothing to compare); list: its <ul>; onChange() redraws the chart. */
  constructor(box, list, shelf, onChange) {
    Object.assign(this, { box, list, shelf, onChange });
    this.drawnVersion = -1;
    this.drawnConfig = null;
    list.addEventListener('change', (e) => {
      const id = Number(e.target.closest('li')?.dataset.run);
      if (e.target.matches('input[type=checkbox]')) this.shelf.setVisible(id, e.target.checked);
      this.onChange();
    });
    list.addEventListener('click', (e) => {
      const pin = e.target.closest('button.pin');
      if (!pin) return;
      const id = Number(pin.closest('li').dataset.run);
      const on = pin.getAttribute('aria-pressed') !== 'true';
      if (!this.shelf.setPinned(id, on)) {
        pin.title = `At most ${MAX_PINNED} runs can be pinned; unpin one first.`;
        return;
      }
      this.onChange();
    });
  }

  /** Rewrites the rows when the shelf or the current settings changed. */
  render(current) {
    // main.js replaces the config object on every change, so its identity says whether it changed.
    if (this.shelf.version === this.drawnVersion && current === this.drawnConfig) return;
    const focused = document.activeElement?.closest?.('li[data-run]') && this.list.contains(document.activeElement)
      ? [document.activeElement.closest('li').dataset.run, document.activeElement.className] : null;
    this.drawnVersion = this.shelf.version;
    this.drawnConfig = current;
    this.box.hidden = this.shelf.runs.length === 0;
    this.list.replaceChildren(...this.shelf.runs.map((r) => this.row(r, current)));
    if (focused) { // a click that re-renders keeps the keyboard where it was
      this.list.querySelector(`li[data-run="${focused[0]}"] ${focused[1] ? `.${focused[1].split(' ')[0]}` : 'input'}`)?.focus();
    }
  }

  row(r, current) {
    const li = document.createElement('li');
    li.dataset.run = String(r.id);
    const id = `run-${r.id}-shown`;
    const show = Object.assign(document.createElement('input'), { type: 'checkbox', id, checked: r.visible, className: 'show' });
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = r.color;
    swatch.setAttribute('aria-hidden', 'true');
    const label = document.createElement('label');
    label.htmlFor = id;
    const text = runLabel(r.config, current, r.changedMidRun);
    label.append(swatch, text);
    const all = differences(r.config, current);
    label.title = all.length ? all.join('\n') : 'the same settings as the current run';
    const where = document.createElement('span');
    where.className = 'run-where';
    where.textContent = `${r.lesson ?? 'own settings'}, ${r.data.last('epoch')} epochs`;
    const pin = document.createElement('button');
    pin.type = 'button';
    pin.className = 'pin';
    pin.setAttribute('aria-pressed', String(r.pinned));
    pin.setAttribute('aria-label', `Pin the run ${text}`);
    pin.textContent = r.pinned ? 'Pinned' : 'Pin';
    li.append(show, label, where, pin);
    return li;
  }
}
