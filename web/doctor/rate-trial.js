// rate-trial.js: a learning-rate fix from a measurement, not from a rule of
// thumb. A finding whose fix changes the rate names a direction (lower or
// higher); short trials of four rates that way (3, 10, 30 and 100 times, or
// the same fractions, inside the key's range) train beside the run for the
// same epochs (at most TRIAL_EPOCHS), and the rate whose validation loss ends
// lowest becomes the fix, if it beats the run itself by more than that
// trial's own sampling spread. If none does, the fix is withdrawn and the
// finding says so: the rate is not what holds the run back. No DOM: the
// page runs the trials in the experiments' pool, the CLI and the tests on an
// engine (measureRates); both read them with reviseRates.
import { runTrial } from './verify.js';
import { T, ev, fmt, niceRate } from './evidence.js';

export const TRIAL_EPOCHS = 20;
const FACTORS = [3, 10, 30, 100];
const LR_MIN = 1e-6;
const LR_MAX = 10;

/** The findings whose fix changes the rate, and the way it points. */
function rateFindings(config, findings) {
  return findings.filter((f) => !f.past && f.fix && Number.isFinite(f.fix.lr) && f.fix.lr !== config.lr);
}

/**
 * What to train to measure the rate fix among findings (history: the run's
 * records; diverged: whether the core stopped it): { key, direction,
 * epochs, candidates: [lr], jobs: [{ label, config }] }, or null when no
 * finding changes the rate. key names the measurement (config and direction).
 * The trials go as far as the run went (a run that diverged: its config's
 * epochs, since its own record says nothing about how far a finite rate goes).
 */
export function ratePlan(config, history, findings, diverged = null) {
  const f = rateFindings(config, findings)[0];
  if (!f) return null;
  const epochsDone = diverged ? config.epochs : history.at(-1)?.epoch ?? 0;
  const direction = f.fix.lr < config.lr ? 'lower' : 'higher';
  const epochs = Math.max(1, Math.min(TRIAL_EPOCHS, epochsDone, config.epochs));
  // Rates as the rule fixes write them (1, 2, 3, 5 per decade), from those inside the key's range.
  const candidates = [...new Set(FACTORS.map((k) => (direction === 'lower' ? config.lr / k : config.lr * k))
    .filter((lr) => lr >= LR_MIN && lr <= LR_MAX).map(niceRate))].filter((lr) => lr !== config.lr);
  if (!candidates.length) return null;
  // Everything the finding's fix sets besides the rate (standardize, say) goes into every trial.
  const { lr: _lr, ...rest } = f.fix;
  const jobs = candidates.map((lr) => ({ label: `lr ${fmt(lr)}`, config: { ...config, ...rest, lr, epochs } }));
  return { key: `${direction} ${epochs}`, direction, epochs, candidates, with: rest, jobs };
}

/**
 * The outcome of a plan's trials (runs: { history, diverged } per job) against
 * the run's own history: { best: lr or null, text, evidence }.
 */
export function readTrials(config, plan, history, runs) {
  const at = plan.epochs;
  const base = history.find((r) => r.epoch === at) ?? history.at(-1);
  const baseLoss = Number.isFinite(base.val_loss) ? base.val_loss : Infinity; // a run that blew up: any finite trial beats it
  const ends = runs.map((run, i) => {
    const r = run.diverged ? null : run.history.find((x) => x.epoch === at) ?? null;
    return { lr: plan.candidates[i], record: r, loss: r && Number.isFinite(r.val_loss) ? r.val_loss : Infinity };
  });
  const best = ends.reduce((b, e) => (e.loss < b.loss ? e : b));
  const tried = ends.map((e) => `${fmt(e.lr)}: ${Number.isFinite(e.loss) ? fmt(e.loss) : 'diverged'}`).join(', ');
  if (!best.record) return { best: null, tried, at, base: baseLoss, margin: NaN };
  // The trial's own spread: the fault being fixed cannot inflate it.
  const nVal = config.n_val;
  const margin = T.Z * (best.record.val_loss_sd ?? 0) / Math.sqrt(nVal);
  const wins = best.loss < baseLoss - margin;
  return { best: wins ? best.lr : null, loss: best.loss, lr: best.lr, tried, at, base: baseLoss, margin };
}

/**
 * The findings with their rate fixes as measured (outcome: readTrials's), or
 * as they were while outcome is null. A measured fix carries `measured`.
 */
export function reviseRates(config, findings, plan, outcome) {
  if (!plan || !outcome) return findings;
  const targets = new Set(rateFindings(config, findings).filter((f) => (f.fix.lr < config.lr) === (plan.direction === 'lower')));
  return findings.map((f) => {
    if (!targets.has(f)) return f;
    const trials = `short trials of ${outcome.at} epoch${outcome.at === 1 ? '' : 's'} (validation loss by rate: ${outcome.tried}; this run: ${fmt(outcome.base)})`;
    if (outcome.best === null) {
      return {
        ...f, fix: null, measured: { trials: outcome.tried, at: outcome.at },
        fixText: `No rate ${plan.direction} than ${fmt(config.lr)} did better in ${trials}: the rate is not what holds this run back.`,
      };
    }
    const rest = Object.keys(plan.with).length ? `, ${Object.entries(plan.with).map(([k, v]) => `${k} ${v}`).join(', ')}` : '';
    return {
      ...f,
      fix: { ...f.fix, lr: outcome.best },
      measured: { trials: outcome.tried, at: outcome.at, lr: outcome.best },
      fixText: `${plan.direction === 'lower' ? 'Lower' : 'Raise'} the learning rate to ${fmt(outcome.best)}${rest}: the best of ${trials}.`,
      evidence: [...f.evidence, ev('trial_val_loss', outcome.loss, '<', outcome.base - outcome.margin, outcome.at,
        `measured: lr ${fmt(outcome.best)} in a trial beside this run, against this run less the trial's spread z·sd/√n`)],
    };
  });
}

/** The rate measurement, as every measurement is: plan, read, revise. */
export const RATE_TRIAL = { name: 'rate', plan: ratePlan, read: readTrials, revise: reviseRates };

/** Plans, runs and reads the rate trials on an engine at once (the CLI and the tests). */
export function measureRates(engine, config, history, findings, diverged = null) {
  return measure(RATE_TRIAL, engine, config, history, findings, diverged);
}

/** One measurement (RATE_TRIAL, CAPACITY_TRIAL) planned, run on an engine and read at once. */
export function measure(trial, engine, config, history, findings, diverged = null) {
  const plan = trial.plan(config, history, findings, diverged);
  if (!plan) return findings;
  const runs = plan.jobs.map((job) => runTrial(engine, job.config));
  return trial.revise(config, findings, plan, trial.read(config, plan, history, runs));
}
