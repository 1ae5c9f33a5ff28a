// experiment-panel.js: the Experiments section of the lab. One button per
// experiment; the runs go to the worker pool beside the lab's own run, with a
// progress bar and Cancel; the end is a chart, the one-line conclusion, and,
// where the experiment found settings, a button that applies them.
import { ExperimentChart } from './experiment-charts.js';
import { EXPERIMENTS, EXPERIMENT_BY_NAME, SWEEP_KEYS, finish } from './experiments.js';
import { formatValue } from '../engine/settings.js';

const BAR_MS = 200; // the progress bar's least interval

// The section's elements (index.html).
const IDS = { buttons: 'exp-buttons', sweepX: 'sweep-x', sweepY: 'sweep-y', running: 'exp-running', progress: 'exp-progress',
  cancel: 'exp-cancel', status: 'exp-status', result: 'exp-result', title: 'exp-title', chart: 'exp-chart', heat: 'exp-heat',
  conclusion: 'exp-conclusion', apply: 'exp-apply' };

const el = (tag, props = {}, text = '') => Object.assign(document.createElement(tag), props, text ? { textContent: text } : {});

export class ExperimentPanel {
  /**
   * byId: the page's getElementById; pool: a Pool; hooks: { config() the lab's
   * settings now, apply(keys), band(seedsResult), done(result) }.
   */
  constructor(byId, pool, hooks) {
    const root = Object.fromEntries(Object.entries(IDS).map(([k, id]) => [k, byId(id)]));
    Object.assign(this, { root, pool, hooks });
    this.result = null; // the last conclusion, for the console and the tests
    this.finished = 0;  // experiments ended so far (done, cancelled or failed)
    this.chart = new ExperimentChart(root.chart, root.heat);
    for (const ex of EXPERIMENTS) {
      const b = el('button', { type: 'button', className: 'exp-button', title: ex.question }, ex.title);
      b.dataset.experiment = ex.name;
      b.addEventListener('click', () => this.run(ex.name));
      root.buttons.append(b);
    }
    for (const [select, value] of [[root.sweepX, 'lr'], [root.sweepY, 'width']]) {
      for (const key of SWEEP_KEYS) select.append(new Option(key, key));
      select.value = value;
    }
    root.cancel.addEventListener('click', () => this.pool.cancel());
    root.apply.addEventListener('click', () => this.result?.apply && this.hooks.apply(this.result.apply));
  }

  /** Runs experiments one after another (the doctor's "Run them"). */
  async runSeries(names) {
    for (const name of names) await this.run(name);
  }

  async run(name) {
    const ex = EXPERIMENT_BY_NAME.get(name);
    const config = this.hooks.config();
    const options = name === 'sweep' ? { x: this.root.sweepX.value, y: this.root.sweepY.value } : {};
    if (options.x === options.y && name === 'sweep') {
      this.say(`Pick two different settings to sweep (both are ${options.x}).`);
      return;
    }
    const jobs = ex.jobs(config, options);
    const r = this.root;
    r.running.hidden = false;
    r.progress.value = 0;
    const from = document.activeElement;
    this.setBusy(true);
    this.say(`${ex.title}: ${jobs.length} run${jobs.length === 1 ? '' : 's'} on ${this.pool.size} worker${this.pool.size === 1 ? '' : 's'}…`);
    const started = performance.now();
    // The bar moves five times a second at most, to the latest fraction the workers
    // reported: moved every frame, its repaints took the workers' cores (a sweep on two
    // workers took 171 ms instead of 143 on a 2-core machine).
    let timer = 0;
    let movedAt = -BAR_MS;
    let latest = 0;
    try {
      const move = () => {
        timer = 0;
        movedAt = performance.now();
        r.progress.value = latest;
      };
      const results = await this.pool.run(jobs, (f) => {
        latest = f;
        if (timer) return;
        const wait = movedAt + BAR_MS - performance.now();
        if (wait <= 0) move();
        else timer = setTimeout(move, wait);
      });
      const runs = jobs.map((job, i) => ({ ...job, ...results[i] }));
      this.result = { ...finish(ex, config, runs, options), config, ms: performance.now() - started };
      this.show(this.result, runs, config);
      this.hooks.done?.(this.result);
      this.say(`${ex.title}: done in ${(this.result.ms / 1000).toFixed(2)} s.`);
    } catch (err) {
      this.say(err.cancelled ? `${ex.title}: cancelled.` : `${ex.title} failed: ${err.message}`);
    } finally {
      clearTimeout(timer);
      const refocus = document.activeElement === r.cancel || document.activeElement === document.body;
      r.running.hidden = true;
      this.setBusy(false);
      this.finished++;
      if (refocus && from?.isConnected) from.focus(); // back to the button that started it
    }
  }

  show(result, runs, config) {
    const r = this.root;
    r.result.hidden = false;
    r.title.textContent = EXPERIMENT_BY_NAME.get(result.experiment).title;
    this.chart.show(result, runs, config);
    r.conclusion.textContent = result.conclusion;
    const apply = result.apply;
    r.apply.hidden = !apply;
    if (apply) r.apply.textContent = `Use it: ${Object.entries(apply).map(([k, v]) => `${k} ${formatValue(v)}`).join(', ')}`;
    if (result.experiment === 'seeds') this.hooks.band(result);
  }

  setBusy(busy) {
    const focused = this.root.buttons.contains(document.activeElement);
    for (const b of this.root.buttons.querySelectorAll('button')) b.disabled = busy;
    this.root.cancel.disabled = !busy;
    if (busy && focused) this.root.cancel.focus(); // the keyboard stays where it can act
  }

  say(text) {
    this.root.status.textContent = text;
  }
}
