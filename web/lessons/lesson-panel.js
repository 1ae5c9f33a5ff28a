// lesson-panel.js: a guided lesson on the page. One step at a time: its
// words, a prediction to make before running, one task, and a goal judged on
// the run (lesson.js); hints after a while or after a run that missed the
// goal; Next once the goal holds. Progress is kept (in the browser's store when the
// browser allows it), and each step has its link, #lesson=NAME&step=N.
import { lessonFile } from '../engine/assets.js';
import { HINT_AFTER_S, Progress, fill, holds, stepConfig } from './lesson.js';

const el = (tag, props = {}, text = '') => Object.assign(document.createElement(tag), props, text ? { textContent: text } : {});

export class LessonPanel {
  /**
   * card: the lesson's section; hooks: { start(preset, keys, lock) starts a
   * step's run, leave() unlocks the controls, changed() after the step changed,
   * show(names) brings what the step names (its `show`) into view };
   * store: where progress is kept (web/engine/store.js).
   */
  constructor(card, hooks, store) {
    this.card = card;
    this.hooks = hooks;
    this.progress = new Progress(store);
    this.opening = 0; // opens and closes so far
    this.cache = new Map();
    this.lesson = null;
    this.index = 0;
  }

  /** The lessons' names and titles (lessons/index.json, written by the build), for the lesson list. */
  list() {
    this.lessonIndex ??= lessonFile('index').catch((err) => {
      this.lessonIndex = null; // asked again next time
      throw err;
    });
    return this.lessonIndex;
  }

  // A lesson by name; a name the index does not list is refused without a request.
  async load(name) {
    if (!this.cache.has(name)) {
      const index = await this.list();
      if (!index.some((l) => l.name === name)) throw new Error(`no lesson called '${name}'`);
      this.cache.set(name, await lessonFile(name));
    }
    return this.cache.get(name);
  }

  /** Opens step `index` (from 0) of lesson `name`; keys (raw, from a link) override the step's. */
  async open(name, index = null, keys = {}) {
    const opening = ++this.opening; // a later open or close wins over this one, however the fetches end
    const lesson = await this.load(name);
    if (opening !== this.opening) return;
    const last = lesson.steps.length - 1;
    const at = Math.max(0, Math.min(last, index ?? this.progress.get(name).step));
    Object.assign(this, { lesson, index: at, tries: 0, experiments: [], results: {}, choice: null, startedAt: performance.now(), met: false });
    this.progress.set(name, at, at === last);
    const step = this.step;
    const { preset, keys: stepKeys } = stepConfig(step);
    this.render();
    this.hooks.start(preset, { ...stepKeys, ...keys }, step.sandbox ? [] : step.lock ?? []);
    this.hooks.show(step.show ?? []);
    this.hooks.changed();
  }

  get step() { return this.lesson?.steps[this.index] ?? null; }

  /** The hash part naming the step, or ''. */
  get hashPart() { return this.lesson ? `lesson=${encodeURIComponent(this.lesson.name)}&step=${this.index + 1}` : ''; }

  close() {
    this.opening++;
    if (!this.lesson) return;
    this.lesson = null;
    this.card.hidden = true;
    this.hooks.show([]);
    this.hooks.leave();
    this.hooks.changed();
  }

  render() {
    const { lesson, step, index } = this;
    const c = this.card;
    c.hidden = false;
    c.replaceChildren();
    const head = el('div', { className: 'lesson-head' });
    head.append(el('h2', { id: 'lesson-title' }, lesson.title),
      el('span', { className: 'lesson-count' }, `Step ${index + 1} of ${lesson.steps.length}`),
      this.button('Leave the lesson', 'lesson-leave', () => this.close()));
    this.text = el('p', { className: 'lesson-text' }, step.text.replace(/\{chance\}/g, 'ln K'));
    // The prediction comes first, before the learner can press Play; the step's words follow it.
    c.append(head, el('h3', {}, step.title));
    if (step.predict) c.append(this.prediction(step.predict));
    c.append(this.text);
    if (step.task) c.append(el('p', { className: 'lesson-task' }, `Task: ${step.task}`));
    this.goal = el('p', { className: 'lesson-goal', role: 'status' });
    this.after = el('p', { className: 'lesson-after' });
    this.hints = el('ul', { className: 'lesson-hints' });
    c.append(this.goal, this.after, this.hints);
    const nav = el('div', { className: 'lesson-nav' });
    if (index > 0) nav.append(this.button('Back', 'lesson-back', () => this.open(lesson.name, index - 1)));
    if (!step.sandbox) {
      this.hintButton = this.button('Show a hint', 'lesson-hint', () => this.showHints(this.shownHints + 1));
      this.next = this.button(index + 1 < lesson.steps.length - 1 ? 'Next step' : 'To the sandbox', 'lesson-next',
        () => this.open(lesson.name, index + 1));
      this.next.disabled = true;
      nav.append(this.hintButton, this.next);
    }
    c.append(nav);
    this.shownHints = 0;
    this.showHints(0);
  }

  button(text, className, onClick) {
    const b = el('button', { type: 'button', className }, text);
    b.addEventListener('click', onClick);
    return b;
  }

  prediction(p) {
    const box = el('fieldset', { className: 'lesson-predict' });
    box.append(el('legend', {}, `Predict first: ${p.question}`));
    p.choices.forEach((choice, i) => {
      const id = `predict-${i}`;
      const input = el('input', { type: 'radio', name: 'predict', id, value: String(i) });
      input.addEventListener('change', () => { this.choice = i; });
      const label = el('label', { htmlFor: id }, choice);
      box.append(el('span', { className: 'choice' }, '')); // keeps each input and its label together
      box.lastChild.append(input, label);
    });
    this.verdict = el('p', { className: 'lesson-verdict', role: 'status' });
    box.append(this.verdict);
    return box;
  }

  showHints(n) {
    const hints = this.step.hints ?? [];
    this.shownHints = Math.min(n, hints.length);
    this.hints.replaceChildren(...hints.slice(0, this.shownHints).map((h) => el('li', {}, `Hint: ${h}`)));
    if (this.hintButton) this.hintButton.hidden = Boolean(this.met) || this.shownHints >= hints.length;
  }

  /** An experiment ended on this step: its name and conclusion count for the goal. */
  experimentDone(result) {
    if (!this.lesson) return;
    this.experiments.push(result.experiment);
    this.lastResult = result;
  }

  /**
   * Judges the step on the run as it stands: state { config, history,
   * findings, done }. Called with each refresh of the lab's words.
   */
  update(state) {
    const step = this.step;
    if (!step) return;
    const s = { ...state, experiments: this.experiments, lastResult: this.lastResult };
    const text = fill(step.text, s);
    if (this.text.textContent !== text) this.text.textContent = text;
    if (step.sandbox) return;
    const met = holds(step.goal, s);
    if (state.done && !met && state.run !== this.missedRun) { // a run that ended without the goal: a try
      this.missedRun = state.run;
      this.tries++;
    }
    const due = Math.floor((performance.now() - this.startedAt) / 1000 / HINT_AFTER_S) + this.tries;
    if (due > this.shownHints) this.showHints(due);
    if (met && !this.met) {
      this.met = true;
      this.progress.set(this.lesson.name, this.index + 1, this.index + 1 === this.lesson.steps.length - 1);
    }
    this.met = met || this.met;
    this.next.disabled = !this.met;
    // "Not yet" only once a run ended without the goal; hints only while they can help.
    this.goal.textContent = this.met ? 'Done: the next step is open.'
      : this.tries ? `Not yet: ${this.tries === 1 ? 'the run' : `${this.tries} runs`} ended without it.` : '';
    if (this.hintButton) this.hintButton.hidden = this.met || this.shownHints >= (step.hints ?? []).length;
    this.after.textContent = this.met && step.after ? fill(step.after, s) : '';
    // The prediction is judged on the run that met the goal: the run the question was about.
    if (step.predict && state.done && met) {
      const truth = holds(step.predict.truth, s) ? 0 : 1;
      const said = this.choice === null ? 'You did not predict.' : this.choice === truth ? 'Right.' : `Not this time: the run says ${step.predict.choices[truth].toLowerCase()}.`;
      this.verdict.textContent = `${said} ${fill(step.predict.explain, s)}`;
    } else if (step.predict && !this.met) {
      this.verdict.textContent = '';
    }
  }
}
