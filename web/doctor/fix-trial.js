// fix-trial.js: "Try this fix" as state, without DOM. A trial remembers the
// run before the fix; once the fixed run has trained as far (or to its own
// end, when the fix changes the epochs, or until it diverged) it asks
// verdict.judgeFix what the fix did. Verdicts are kept per config, so that a
// fix that did not help demotes its finding whenever that config is shown.
import { diagnose } from './doctor.js';
import { recall } from './memory.js';
import { MEASUREMENTS } from './measurements.js';
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
    this.measures = new Map(); // config key + measurement + plan key -> { plan, outcome } (outcome null while the trials run)
  }

  /**
   * The next trials a finished run's findings ask for (rate-trial.js,
   * capacity-trial.js), as { id, plan }, or null; marks them as under way.
   * measured(id, ...) gives their results; dropped(id) forgets a batch that
   * was cancelled, so that it is asked for again.
   */
  trialsWanted(config, run, found) {
    if (!run?.length) return null;
    let findings = found;
    for (const m of MEASUREMENTS) {
      const plan = m.plan(config, run.history, findings, run.diverged);
      if (!plan) continue;
      const id = `${this.keyOf(config)} ${m.name} ${plan.key}`;
      const entry = this.measures.get(id);
      if (!entry) {
        this.measures.set(id, { plan, outcome: null, m });
        return { id, plan };
      }
      if (!entry.outcome) return null; // under way: the next waits for it
      findings = m.revise(config, findings, entry.plan, entry.outcome);
    }
    return null;
  }

  measured(id, config, history, runs) {
    const entry = this.measures.get(id);
    if (entry) entry.outcome = entry.m.read(config, entry.plan, history, runs);
  }

  dropped(id) {
    this.measures.delete(id);
  }

  // The findings as the trials measured them, where those for this config have ended.
  measuredFindings(config, run, found) {
    let findings = found;
    for (const m of MEASUREMENTS) {
      const plan = m.plan(config, run.history, findings, run.diverged);
      const entry = plan && this.measures.get(`${this.keyOf(config)} ${m.name} ${plan.key}`);
      if (entry?.outcome) findings = m.revise(config, findings, entry.plan, entry.outcome);
    }
    return findings;
  }

  /** The doctor's findings on a run ({ history, diverged }), revised by the fixes tried from its config. */
  findings(config, run) {
    const diagnosed = run?.length ? diagnose(config, run.history, run.diverged) : [];
    const found = run?.length ? this.measuredFindings(config, run, diagnosed) : diagnosed;
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
