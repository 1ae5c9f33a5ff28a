// fix-trial.js: "Try this fix" as state, without DOM. A trial remembers the
// run before the fix; once the fixed run has trained as far (or to its own
// end, when the fix changes the epochs, or until it diverged) it asks
// verdict.judgeFix what the fix did. Verdicts are kept per config, so that a
// fix that did not help demotes its finding whenever that config is shown.
import { diagnose } from './doctor.js';
import { recall } from './memory.js';
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
  }

  /** The doctor's findings on a run ({ history, diverged }), revised by the fixes tried from its config. */
  findings(config, run) {
    const found = run?.length ? diagnose(config, run.history, run.diverged) : [];
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
