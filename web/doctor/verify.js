// verify.js: checks the doctor's claims by running its fixes. For each finding
// with a fix it trains the config and the fixed config on the same seeds and
// asks verdict.judgeFix what changed. Used by `tools/train.mjs --verify`, the
// scenario tests, and (one seed at a time, live) the page's "Try this fix".
import { combineVerdicts, judgeFix, reviseFindings } from './verdict.js';

/** Trains config to the end on `engine`; returns { history, diverged } (Trainer.diverged). */
export function runTrial(engine, config) {
  const t = engine.createTrainer(config);
  try {
    t.runAll();
    return { history: t.history(), diverged: t.diverged };
  } finally {
    t.free();
  }
}

/**
 * Runs each finding's fix beside the config on every seed. Returns
 * { results: [{ cause, fix, outcome, seeds: [{ seed, outcome, before, after, text }] }],
 *   findings (revised: a fix that did not help demotes its finding) }.
 */
export function verifyFindings(engine, config, findings, seeds = [1, 2, 3]) {
  const withFix = findings.filter((f) => f.fix);
  const baseline = new Map(seeds.map((seed) => [seed, runTrial(engine, { ...config, seed })]));
  const results = withFix.map((f) => {
    const perSeed = seeds.map((seed) => {
      const seeded = { ...config, seed };
      const verdict = judgeFix(seeded, f, baseline.get(seed), runTrial(engine, { ...seeded, ...f.fix }));
      return { seed, ...verdict };
    });
    return { cause: f.cause, fix: f.fix, outcome: combineVerdicts(perSeed), seeds: perSeed };
  });
  const verdicts = new Map(results.map((r) => [r.cause, r.outcome]));
  return { results, findings: reviseFindings(findings, verdicts) };
}
