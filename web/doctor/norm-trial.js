// norm-trial.js: batch normalization as the fix where it is the fix, measured.
// A sigmoid or tanh stack whose gradient vanishes has two standard cures: ReLU
// units with He initialization (the rule's fix), or keeping the units and
// adding BatchNormalization after each hidden layer (Ioffe and Szegedy 2015),
// which rescales every layer's outputs on each batch so the next layer's sums
// stay where the gradient passes. Which works better depends on the data: on
// the teacher set with six sigmoid layers the normalized net ends lower, on a
// linear set ReLU does (tests/js/doctor.test.mjs measures both). So both train
// beside the run for the same epochs (at most TRIAL_EPOCHS), and the fix
// becomes the one whose validation loss ends lower, with both figures as the
// evidence; normalization wins only by more than the trial's own spread.
// No DOM: the page runs the trials in the experiments' pool, the CLI and the
// tests on an engine (rate-trial.measure); both read them with the same functions.
import { T, ev, fmt } from './evidence.js';
import { TRIAL_EPOCHS } from './rate-trial.js';
import { activationWords } from '../engine/settings.js';

const NORM_FIX = { batchnorm: 'after' };
const normalized = (config) => String(config.batchnorm ?? '').split(',').some((n) => n === 'after' || n === 'before');

/** The vanishing-gradient finding whose fix the trial weighs, if any. */
function vanishingFinding(config, findings) {
  return findings.find((f) => !f.past && f.cause === 'vanishing_gradients' && f.fix && !f.measured && !normalized(config));
}

/** Both cures to train beside the run, or null when no vanishing-gradient finding asks. */
export function normPlan(config, history, findings, diverged = null) {
  const f = vanishingFinding(config, findings);
  if (!f || diverged) return null;
  const epochs = Math.max(1, Math.min(TRIAL_EPOCHS, history.at(-1)?.epoch ?? 0, config.epochs));
  return {
    key: `vanishing ${epochs}`, epochs, rule: f.fix,
    jobs: [
      { label: 'the rule\'s fix', config: { ...config, ...f.fix, epochs } },
      { label: 'batch normalization', config: { ...config, ...NORM_FIX, epochs } },
    ],
  };
}

/** Each cure's validation loss at the trial's last epoch (Infinity if it diverged), and the margin normalization must win by. */
export function readNorm(config, plan, history, [rule, norm]) {
  const at = plan.epochs;
  const end = (run) => {
    const r = run.diverged ? null : run.history.find((x) => x.epoch === at);
    return r && Number.isFinite(r.val_loss) ? r : null;
  };
  const a = end(rule);
  const b = end(norm);
  const margin = b ? T.Z * (b.val_loss_sd ?? 0) / Math.sqrt(config.n_val) : 0;
  return { at, rule: a ? a.val_loss : Infinity, norm: b ? b.val_loss : Infinity, margin };
}

/** The vanishing finding with the better cure as its fix, measured. */
export function reviseNorm(config, findings, plan, outcome) {
  if (!plan || !outcome) return findings;
  const target = vanishingFinding(config, findings);
  if (!target) return findings;
  const shown = (v) => (Number.isFinite(v) ? fmt(v) : 'diverged');
  const trials = `rule's fix ${shown(outcome.rule)}, batch normalization ${shown(outcome.norm)}`;
  const wins = outcome.norm < outcome.rule - outcome.margin;
  return findings.map((f) => {
    if (f !== target) return f;
    const measured = { trials, at: outcome.at };
    const both = `validation loss after ${outcome.at} epochs in trials beside this run: ${trials}`;
    if (!wins) return { ...f, measured, fixText: `${f.fixText} (${both}.)` };
    return {
      ...f, fix: { ...NORM_FIX }, measured,
      fixText: `Keep the ${activationWords(config)} units and add BatchNormalization after each hidden layer (batchnorm after), ` +
        `which rescales every layer's outputs on each batch so the gradient passes: it did better than ReLU with He initialization (${both}).`,
      evidence: [...f.evidence, ev('trial_val_loss', outcome.norm, '<', outcome.rule - outcome.margin, outcome.at,
        'measured: batch normalization in a trial beside this run, against the rule\'s fix less the trial\'s spread z·sd/√n')],
    };
  });
}

/** The normalization measurement: plan, read, revise (rate-trial.measure runs one on an engine). */
export const NORM_TRIAL = { name: 'norm', plan: normPlan, read: readNorm, revise: reviseNorm };
