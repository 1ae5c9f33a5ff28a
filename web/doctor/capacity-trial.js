// capacity-trial.js: a capacity limit measured, not waited for. A net with a
// narrow layer (16 units or fewer) that fits few of its own training samples
// may be too small, or only slow; the rules can tell only once its training
// loss has levelled, hundreds of epochs later. Instead a net four times as
// wide (at least 32 units a layer) trains beside it for the same epochs (at
// most 20): if it fits its training samples by far more (ACC_GAP, 0.1), the
// narrow net is named too small now, with both accuracies as the evidence.
// No DOM: the page runs the trial in the experiments' pool, the CLI on its
// engine (rate-trial.measure); both read it with the same functions.
import { T, ev, fmt, pct } from './evidence.js';
import { layerWidths } from '../engine/settings.js';

const TRIAL_EPOCHS = 20;
// Findings that explain low training accuracy otherwise, or that a wider net would not change.
const EXPLAINED = new Set(['diverged', 'no_signal', 'memorizing', 'lr_too_high', 'unscaled_inputs', 'vanishing_gradients',
  'dead_units', 'lr_too_low', 'too_few_steps', 'too_little_capacity']);

const wider = (w) => Math.min(1024, Math.max(32, 4 * w));

/** The wider net to train beside the run, or null when capacity is not the question. */
export function capacityPlan(config, history, findings, diverged = null) {
  const r = history.at(-1);
  if (diverged || !r || config.depth === 0 || r.epoch < T.WINDOW_MIN) return null;
  if (config.dataset === 'random' || config.label_noise >= 1 || config.zero_inputs) return null;
  if (findings.some((f) => !f.past && EXPLAINED.has(f.cause))) return null;
  const widths = layerWidths(config);
  if (Math.min(...widths) > T.SMALL_WIDTH || !(r.train_acc < T.FIT_ACC)) return null; // no accuracy: no trial
  const epochs = Math.min(TRIAL_EPOCHS, r.epoch);
  const change = config.widths ? { widths: widths.map(wider).join(',') } : { width: wider(config.width) };
  return { key: `capacity ${epochs}`, epochs, change, jobs: [{ label: 'wider', config: { ...config, ...change, epochs } }] };
}

/** Training accuracy of the run and of the wider net at the trial's last epoch. */
export function readCapacity(config, plan, history, [run]) {
  const at = plan.epochs;
  const mine = history.find((r) => r.epoch === at);
  const theirs = run.diverged ? null : run.history.find((r) => r.epoch === at);
  return { at, mine: mine?.train_acc, theirs: theirs?.train_acc };
}

/** Adds the capacity finding when the wider net fit far more, first unless a finding with a stronger claim leads. */
export function reviseCapacity(config, findings, plan, outcome) {
  if (!plan || !outcome || !(outcome.theirs - outcome.mine > T.ACC_GAP)) return findings;
  const { at, mine, theirs } = outcome;
  const fix = plan.change;
  const size = fix.widths ?? fix.width;
  const f = {
    cause: 'too_little_capacity', confidence: 0.8, epoch: at, title: 'Too little capacity',
    text: `A net with layers of ${size} units, trained beside this one for ${at} epochs, fits ${pct(theirs)} of its training samples; ` +
      `this one fits ${pct(mine)}. The narrow layers, not the steps, hold it back.`,
    evidence: [ev('train_acc', mine, '<', theirs - T.ACC_GAP, at,
      `measured: a net of ${size} units a layer in a trial beside this run, less 0.1 (AutoTrainer's material accuracy gap)`)],
    fix, fixText: `Widen the layers to ${size} units.`, measured: { trials: `width ${size}: ${fmt(theirs)}`, at },
  };
  // "Learning well" cannot stand beside it; a run still learning can.
  const rest = findings.filter((x) => x.cause !== 'healthy');
  const out = [f, ...rest].map((x, i) => ({ ...x, lead: i === 0 }));
  return out;
}

/** The capacity measurement: plan, read, revise (rate-trial.measure runs one on an engine). */
export const CAPACITY_TRIAL = { name: 'capacity', plan: capacityPlan, read: readCapacity, revise: reviseCapacity };
