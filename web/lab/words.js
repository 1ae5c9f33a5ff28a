// words.js: what the lab says in words about the run on screen: the status
// line, the notices, the doctor's findings with "Try this fix" and its
// verdict, the lesson step's judgement, and the footer's run information. It
// reads the lab's state (main.js's `app`) and computes nothing from the metrics.
import { grouped } from '../engine/settings.js';
import { showNotices, statusText } from './status.js';

export class Words {
  /** els: { status, notices, throughput, params }; runFix(keys) starts a fixed config as a new run. */
  constructor(app, els, runFix) {
    Object.assign(this, { app, els, runFix });
    this.lastStatus = 0;
    this.lastWords = 0;
    this.cost = 0;
    this.notices = [];
  }

  /** Shows notices (replacing those shown); `withShown` keeps the ones on screen. */
  notify(messages, withShown = false) {
    const shown = withShown && !this.els.notices.hidden ? this.notices : [];
    this.notices = [...shown, ...messages];
    showNotices(this.els.notices, this.notices);
  }

  // The status line follows every new epoch, at most 4 times a second (it is a
  // live region: screen readers read each change), and every change of state.
  update(force) {
    const app = this.app;
    const now = performance.now();
    const text = statusText(app);
    if (text !== this.els.status.textContent && (force || now - this.lastStatus > 250)) {
      this.lastStatus = now;
      this.els.status.textContent = text;
    }
    // The doctor reads the whole history: on long runs it waits longer between
    // readings, so that it never takes more than a twentieth of the time.
    if (!force && now - this.lastWords <= Math.max(250, 20 * this.cost)) return;
    this.lastWords = now;
    this.showFindings();
    app.lessons.update({ config: app.config, history: app.charts.current?.history ?? [], findings: app.findings, done: app.done, run: app.run });
    this.cost = performance.now() - now;
    this.els.throughput.textContent = app.samplesPerSecond > 0
      ? `${grouped(app.samplesPerSecond)} samples/s` : '';
  }

  // The doctor reads the current run; a fix tried from this config that did not
  // help demotes its finding.
  showFindings() {
    const app = this.app;
    const run = app.charts.current;
    app.findings = app.trials.findings(app.config, run);
    app.panel.render(app.findings, !run?.length ? 'Press Play to train the network.'
      : `Epoch ${run.last('epoch')}: no cause stands out yet (train loss ${run.last('train_loss').toFixed(3)}, ` +
        `validation loss ${run.last('val_loss').toFixed(3)}, chance ${run.history[0].chance_loss.toFixed(3)}).`);
    app.charts.setFindings(app.findings.slice(0, 3).map((f, i) => ({ x: f.epoch, label: `${i + 1}` })));
    if (app.done) this.measure(run);
  }

  // A finished run whose findings ask for a measurement (a rate fix, a narrow
  // net): short trials run in the experiments' pool, when it is idle, and the
  // findings follow what they measured. An experiment started meanwhile wins;
  // the trials are asked for again later.
  measure(run) {
    const app = this.app;
    if (!app.pool || app.pool.batch) return;
    const config = app.config;
    const wanted = app.trials.trialsWanted(config, run, app.findings.filter((f) => !f.past));
    if (!wanted) return;
    const runId = app.run;
    app.pool.run(wanted.plan.jobs).then((runs) => {
      app.trials.measured(wanted.id, config, run.history, runs);
      if (app.run === runId) this.showFindings();
    }, () => app.trials.dropped(wanted.id));
  }

  // "Try this fix": the fixed config runs as a new run beside the current one,
  // which becomes the faint curve; judgeTrial reports once it has gone as far.
  tryFix(finding) {
    const app = this.app;
    const before = { ...app.config };
    const run = app.charts.current;
    this.runFix(finding.fix);
    app.panel.showTrial({ text: app.trials.begin(finding, before, run, app.run) });
    app.panel.setFixable(false);
  }

  judgeTrial() {
    const app = this.app;
    const verdict = app.trials.judge(app.run, app.config, app.charts.current);
    if (!verdict) return;
    app.panel.showTrial(verdict);
    app.panel.setFixable(true);
  }

  // The footer's line about the network: its size, and steps per epoch at this batch size.
  showRunInfo() {
    const { config, params } = this.app;
    const steps = Math.ceil(config.n_train / config.batch);
    this.els.params.textContent = `${grouped(params)} parameters, ${steps} step${steps === 1 ? '' : 's'} per epoch`;
  }
}
