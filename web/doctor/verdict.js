// verdict.js: what a tried fix did. judgeFix compares a run with the same
// run after a finding's fix; combineVerdicts folds several seeds into one
// outcome; reviseFindings demotes a finding whose fix did not help. Pure, like
// the doctor: the page, the CLI (--verify, through verify.js) and the tests
// share it.
import { PRIORITY, diagnose, fmt, summarize } from './doctor.js';

/**
 * What a fix did, from the run and the fixed run on the same seed, each
 * { history, diverged }: { improved, gone, outcome: 'confirmed' | 'partly' |
 * 'not confirmed', before, after, text }. Confirmed when the finding no longer
 * holds on the fixed run and its validation loss is lower by more than the
 * fixed run's sampling spread (still_learning: lower is enough, since a longer run may
 * still be falling). A run that diverged counts as worse than any that did not.
 */
export function judgeFix(config, found, run, fixedRun) {
  const fixed = { ...config, ...found.fix };
  const before = run.history.at(-1);
  const after = fixedRun.history.at(-1);
  // The margin is the fixed run's sampling spread: the fault being fixed can
  // inflate the broken run's spread (a loss of 200 spreads by hundreds), never
  // the fixed run's. A fixed run that diverged has none: the broken run's serves.
  const s = fixedRun.diverged ? summarize(config, run.history) : summarize(fixed, fixedRun.history);
  const margin = Math.max(s.band(fixedRun.diverged ? before : after), 1e-3);
  // A fixed run that still diverged helped no more than partly.
  const improved = !fixedRun.diverged && (run.diverged || after.val_loss < before.val_loss - margin);
  const gone = !diagnose(fixed, fixedRun.history, fixedRun.diverged).some((f) => f.cause === found.cause);
  const outcome = improved && (gone || found.cause === 'still_learning') ? 'confirmed' : improved || gone ? 'partly' : 'not confirmed';
  const word = (v) => (typeof v === 'number' ? fmt(v) : String(v));
  const change = Object.entries(found.fix).map(([k, v]) => `${k} ${word(config[k])} → ${word(v)}`).join(', ');
  const words = {
    confirmed: 'confirmed',
    partly: improved ? `partly: the loss fell, but the ${found.cause.replace(/_/g, ' ')} signal remains` : `partly: the signal is gone, but validation did not improve beyond the spread (±${fmt(margin)})`,
    'not confirmed': 'not confirmed: it did not help',
  };
  return {
    improved, gone, outcome,
    before: { val_loss: before.val_loss, val_acc: before.val_acc },
    after: { val_loss: after.val_loss, val_acc: after.val_acc },
    text: `Validation loss ${fmt(before.val_loss)}${run.diverged ? ' (then diverged)' : ''} → ${fmt(after.val_loss)}` +
      `${fixedRun.diverged ? ' (then diverged)' : ''} with ${change}: ${words[outcome]}.`,
  };
}

/**
 * Verdicts over several seeds (judgeFix results) folded into one: confirmed
 * when most seeds confirm, not confirmed when most do not help.
 */
export function combineVerdicts(verdicts) {
  const count = (o) => verdicts.filter((v) => v.outcome === o).length;
  const half = verdicts.length / 2;
  if (count('confirmed') > half) return 'confirmed';
  if (count('not confirmed') > half) return 'not confirmed';
  return 'partly';
}

/**
 * Findings revised by verification: a fix that was not confirmed demotes its
 * finding (confidence 0.3, shown after the rest) with the reason in its text.
 * verdicts: Map cause -> outcome.
 */
export function reviseFindings(findings, verdicts) {
  const out = findings.map((f) => {
    const v = verdicts.get(f.cause);
    if (!v || v === 'confirmed') return { ...f, verified: v ?? null };
    return { ...f, verified: v, confidence: v === 'partly' ? Math.min(f.confidence, 0.5) : 0.3,
      text: `${f.text} (Its fix was tried and ${v === 'partly' ? 'helped only partly' : 'did not help'}.)` };
  });
  out.sort((a, b) => (b.confidence >= 0.5) - (a.confidence >= 0.5) || PRIORITY.indexOf(a.cause) - PRIORITY.indexOf(b.cause));
  return out;
}
