// fix-trial.js: "Try this fix" as state, without DOM. A trial remembers the
// run before the fix; once the fixed run has trained as far (or to its own
// end, when the fix changes the epochs, or until it diverged) it asks
// verdict.judgeFix what the fix did. Verdicts are kept per config, so that a
// fix that did not help demotes its finding whenever that config is shown.
import { diagnose } from './doctor.js';
import { recall } from './memory.js';
import { ratePlan, readTrials, reviseRates } from './rate-trial.js';
import { judgeFix, reviseFindings } from './verdict.js';

const changeText = (fix, config, format) =>
  Object.entries(fix).map(([k, v]) => `${k} ${format(config[k])} → ${format(v)}`).join(', ');

export class FixTrials {
  /** keyOf(config): a string naming a config (its hash); format(value): a value in words. */
  constructor(keyOf, format) {
    this.keyOf = keyOf;
    this.format = format;
    this.current = null; // { finding, before: { config, history, diverged }, run, target, text, verdict }
    this.verdicts = new Map(); // config key -> Map(cause -> outcome)
    this.rates = new Map(); // config key + plan key -> { plan, outcome } (outcome null while the trials run)
  }

  /**
   * The rate trials a finished run still needs (rate-trial.ratePlan), as
   * { id, plan }, or null; marks them as under way. measured(id, history,
   * runs) gives their results, dropped(id) forgets a batch that was cancelled.
   */
  rateTrialsWanted(config, run, found) {
    if (!run?.length) return null;
    const plan = ratePlan(config, found, run.diverged ? config.epochs : run.last('epoch'));
    if (!plan) return null;
    const id = `${this.keyOf(config)} ${plan.key}`;
    if (this.rates.has(id)) return null;
    this.rates.set(id, { plan, outcome: null });
    return { id, plan };
  }

  measured(id, config, history, runs) {
    const entry = this.rates.get(id);
    if (entry) entry.outcome = readTrials(config, entry.plan, history, runs);
  }

  dropped(id) {
    this.rates.delete(id);
  }

  // The findings with their rate fix as measured, where the trials for this config have ended.
  withRates(config, run, found) {
    const plan = ratePlan(config, found, run.diverged ? config.epochs : run.last('epoch'));
    const entry = plan && this.rates.get(`${this.keyOf(config)} ${plan.key}`);
    return entry?.outcome ? reviseRates(config, found, entry.plan, entry.outcome) : found;
  }

  /** The doctor's findings on a run ({ history, diverged }), revised by the fixes tried from its config. */
  findings(config, run) {
    const diagnosed = run?.length ? diagnose(config, run.history, run.diverged) : [];
    const found = run?.length ? this.withRates(config, run, diagnosed) : diagnosed;
    const tried = this.verdicts.get(this.keyOf(config));
    const now = tried ? reviseFindings(found, tried) : found;
    return [...now, ...this.earlier(config, run, now)];
  }

  /** What held earlier in the run and no longer does (memory.recall), asked again only when an epoch was added. */
  earlier(config, run, now) {
    if (!run?.length) return [];
    const key = `${this.keyOf(config)} ${run.history.length} ${now.map((f) => f.cause).join(',')}`;
    if (this.recalled?.history !== run.history || this.recalled.key !== key) {
      this.recalled = { history: run.history, key, found: recall(config, run.history, now, run.diverged) };
    }
    return this.recalled.found;
  }

  /** Starts a trial of finding's fix on the run before it; returns its words. */
  begin(finding, config, run, runId) {
    this.current = {
      finding, run: runId, target: finding.fix.epochs ?? run.last('epoch'),
      before: { config: { ...config }, history: run.history.slice(), diverged: run.diverged },
      text: `Trying the fix for "${finding.title}": ${changeText(finding.fix, config, this.format)}. The faint curves are the run before.`,
    };
    return this.current.text;
  }

  /** Another run than the trial's began: the trial is over. Returns true when there was one. */
  endUnless(runId) {
    if (!this.current || this.current.run === runId) return false;
    this.current = null;
    return true;
  }

  /** The verdict once the fixed run (runId, config, run) has gone far enough, else null. */
  judge(runId, config, run) {
    const t = this.current;
    if (!t || t.verdict || t.run !== runId || !run?.length) return null;
    if (!run.diverged && run.last('epoch') < Math.min(t.target, config.epochs)) return null;
    t.verdict = judgeFix(t.before.config, t.finding, t.before,
      { history: run.history.slice(0, t.target + 1), diverged: run.diverged });
    const key = this.keyOf(t.before.config);
    if (!this.verdicts.has(key)) this.verdicts.set(key, new Map());
    this.verdicts.get(key).set(t.finding.cause, t.verdict.outcome);
    return { outcome: t.verdict.outcome.replace(' ', '-'), text: `Fix for "${t.finding.title}": ${t.verdict.text}` };
  }
}
