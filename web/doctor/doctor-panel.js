// doctor-panel.js: draws the doctor's findings in "What is happening". The
// first is the place to start; the others follow as "also seen". Each has a
// numbered title (the number marks its epoch on the loss chart), a plain
// sentence, its fix with "Try this fix" (or, for a flat run with no single
// cause, the experiments that split the causes), and behind "Why we think
// so" the evidence with its numbers, thresholds and sources. It also shows
// where a tried fix stands. Findings are updated in place, keyed by cause, so
// that a button keeps its focus while the numbers around it change. No math here.
import { fmt } from './doctor.js';

const TONE = { healthy: 'good', still_learning: 'info' };
// A finding that held earlier and no longer does has its own place in the list.
const slot = (f) => (f.past ? `earlier:${f.cause}` : f.cause);
const NAMES = {
  val_loss: 'validation loss', val_acc: 'validation accuracy', train_loss: 'training loss', loss: 'loss',
  update_ratio: 'update / weight ratio', grad_ratio: 'first / last layer gradient norm',
  input_rms: 'input rms', initial_loss: 'initial loss', layer1_act_std: 'first layer output spread',
  steps: 'steps so far', batch: 'batch size', train_acc: 'training accuracy', width: 'units per layer',
  depth: 'hidden layers', train_loss_fall: 'training loss fall, last window', val_loss_fall: 'validation loss fall, last window',
  val_rise: 'validation rise from its best', acc_gap: 'train − validation accuracy', val_loss_spike: 'validation loss spike',
};

const num = (v) => (typeof v === 'number' ? fmt(v) : String(v));

/** One line of evidence: "update / weight ratio 0.062 ≥ 0.01 at epoch 1 (source)". */
export function evidenceText(e) {
  if (e.name === 'diverged') return `${e.value}, epoch ${e.epoch} (${e.source})`;
  if (e.layer) {
    return `layer ${e.layer}: ${e.dead} of ${e.units} units dead (${Math.round(e.value * 100)}%; over ${Math.round(e.threshold * 100)}% flags the layer)`;
  }
  const threshold = Array.isArray(e.threshold) ? `[${e.threshold.map(num).join(', ')}]` : num(e.threshold);
  const at = e.epoch > 0 ? ` at epoch ${e.epoch}` : e.epoch === 0 ? ' before training' : '';
  return `${NAMES[e.name] ?? e.name.replace(/_/g, ' ')} ${num(e.value)} ${e.op} ${threshold}${at} (${e.source})`;
}

const confidenceWord = (c) => (c >= 0.85 ? 'strong evidence' : c >= 0.6 ? 'likely' : 'possible');

export class DoctorPanel {
  /**
   * list: the <ol>; trialBox: the element for a tried fix; onFix(finding):
   * "Try this fix"; onExperiments(names): run those experiments in turn.
   */
  constructor(list, trialBox, onFix, onExperiments = () => {}) {
    this.list = list;
    this.trialBox = trialBox;
    this.onFix = onFix;
    this.onExperiments = onExperiments;
    this.items = new Map(); // cause -> <li>
    this.fixable = true;
  }

  /** Shows findings (doctor.diagnose's, most important first), or `empty` when there are none. */
  render(findings, empty) {
    const seen = new Set();
    findings.forEach((f, i) => {
      seen.add(slot(f));
      let li = this.items.get(slot(f));
      if (!li) {
        li = this.make(f.cause, f.past);
        this.items.set(slot(f), li);
      }
      this.fill(li, f, i);
      if (this.list.children[i] !== li) this.list.insertBefore(li, this.list.children[i] ?? null);
    });
    for (const [cause, li] of this.items) {
      if (!seen.has(cause)) {
        li.remove();
        this.items.delete(cause);
      }
    }
    this.list.querySelector('.empty')?.remove();
    if (!findings.length && empty) {
      const li = document.createElement('li');
      li.className = 'finding empty';
      li.textContent = empty;
      this.list.append(li);
    }
  }

  make(cause, past = false) {
    const li = document.createElement('li');
    li.className = `finding ${past ? 'info earlier' : TONE[cause] ?? 'warn'}`;
    li.dataset.cause = cause;
    li.innerHTML = '<h3 class="finding-title"></h3><p class="finding-text"></p>' +
      '<p class="fix"><span class="fix-text"></span> <button type="button" class="try-fix">Try this fix</button>' +
      '<button type="button" class="run-experiments">Run them</button></p>' +
      '<details class="why"><summary>Why we think so</summary><ul class="evidence"></ul></details>';
    li.querySelector('.try-fix').addEventListener('click', () => this.onFix(li.finding));
    li.querySelector('.run-experiments').addEventListener('click', () => this.onExperiments(li.finding.experiments));
    return li;
  }

  fill(li, f, i) {
    li.finding = f;
    const title = `${i + 1}. ${f.title}`;
    const where = f.lead ? 'start here' : f.past ? 'no longer holds' : 'also seen';
    const meta = ` · ${where}, ${confidenceWord(f.confidence)}${f.past ? '' : f.epoch > 0 ? `, from epoch ${f.epoch}` : ''}${f.verified ? `, fix ${f.verified}` : ''}`;
    li.classList.toggle('lead', Boolean(f.lead));
    const h = li.querySelector('.finding-title');
    if (h.textContent !== title + meta) {
      h.replaceChildren(title, Object.assign(document.createElement('span'), { className: 'meta', textContent: meta }));
    }
    setText(li.querySelector('.finding-text'), f.text);
    // A finding's words change with the numbers ("at chance", "above chance: confidently
    // wrong"); its box only grows, so that what follows it never jumps back up mid-run.
    const text = li.querySelector('.finding-text');
    const height = text.getBoundingClientRect().height;
    if (height > (text.tallest ?? 0)) {
      text.tallest = height;
      text.style.minHeight = `${height}px`;
    }
    const lines = f.evidence.map(evidenceText);
    const ul = li.querySelector('.evidence');
    if (ul.dataset.text !== lines.join('\n')) {
      ul.dataset.text = lines.join('\n');
      ul.replaceChildren(...lines.map((t) => Object.assign(document.createElement('li'), { textContent: t })));
    }
    const fix = li.querySelector('.fix');
    fix.hidden = !f.fixText;
    setText(li.querySelector('.fix-text'), f.fixText ?? '');
    const button = li.querySelector('.try-fix');
    button.hidden = !f.fix;
    button.disabled = !this.fixable;
    button.setAttribute('aria-label', `Try this fix: ${f.fixText ?? ''}`);
    const run = li.querySelector('.run-experiments');
    run.hidden = !f.experiments?.length;
    run.disabled = !this.fixable;
    run.setAttribute('aria-label', `Run the experiments: ${(f.experiments ?? []).join(', ')}`);
  }

  /** Enables or disables every "Try this fix" (one trial at a time). */
  setFixable(on) {
    this.fixable = on;
    for (const li of this.items.values()) li.querySelector('.try-fix').disabled = !on;
  }

  /** Where a tried fix stands: null hides it; { text, outcome } shows it. */
  showTrial(trial) {
    this.trialBox.hidden = !trial;
    if (!trial) return;
    this.trialBox.className = `trial ${trial.outcome ?? 'running'}`;
    setText(this.trialBox, trial.text);
  }
}

function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}
