// Room web/doctor/: the diagnosis: its rules over the recorded history
// (doctor.js, no DOM), what a tried fix did (verdict.js, fix-trial.js),
// checking fixes by running them (verify.js), and the panel that shows the
// findings (doctor-panel.js). It may use web/engine/ and web/ui/.
//
// doctor.js: names the cause of a bad curve. It reads a run's config and the
// history the core recorded (tools/train.mjs and the page pass the same
// records: { epoch, train_loss, ..., layers: [{ grad_norm, dead_frac, ... }] })
// and returns findings, most important first. Each finding carries the
// numbers it rests on, the threshold each was held to and where that
// threshold comes from, and a fix as config keys, which `judgeFix` checks by
// comparing the run with the fixed run. No DOM, and no math on the network:
// every figure it reads was measured in C; it only compares them. What a
// tried fix did is verdict.js's question.

/** The causes a finding can name, in the order of the issue that defined them. */
import { layerWidths } from '../engine/settings.js';

export const CAUSES = [
  'no_signal', 'memorizing', 'overfitting', 'lr_too_high', 'diverged', 'lr_too_low',
  'unscaled_inputs', 'too_little_capacity', 'dead_units', 'vanishing_gradients',
  'too_few_steps', 'still_learning', 'healthy',
];

// Which finding is shown first when several hold: a run that blew up, then
// labels with nothing to learn, then causes that stop learning outright, then
// those that slow it, then what happens after learning.
export const PRIORITY = [
  'diverged', 'no_signal', 'lr_too_high', 'unscaled_inputs', 'vanishing_gradients', 'dead_units',
  'lr_too_low', 'too_few_steps', 'too_little_capacity', 'overfitting', 'memorizing',
  'still_learning', 'healthy',
];

/**
 * The thresholds, each with its source. Where a published tool has one we use
 * theirs (doctor-anchors.md has the list); where none exists the number is ours
 * and the comment says how it was chosen.
 */
export const T = {
  // AutoTrainer (ICSE 2021, utils/monitor.py): a loss >= 1e3 is a blown-up run.
  LOSS_BLOWN_UP: 1e3,
  // TheDeepChecker (TOSEM 2023): a loss that doubles from its minimum is diverging.
  DIVERGE_FACTOR: 2,
  // TheDeepChecker: log10(update / weight) > -1 is "too fast", < -4 "too slow";
  // DeepDiagnosis (ICSE 2022) uses the same band, [1e-5, 1e-1] with 1e-5 below.
  UPDATE_RATIO_HIGH: 1e-1,
  UPDATE_RATIO_LOW: 1e-4,
  // Karpathy (CS231n notes, "ratio of weights:updates"): a healthy update is
  // about 1e-3 of the weights. Used as the aim of an lr fix, and as the weak
  // bound below which a curve that never moved is blamed on the rate.
  UPDATE_RATIO_GOOD: 1e-3,
  // A rate fix aims at this ratio in the first epoch, where ratios are largest:
  // Adam at its default 1e-3 gives 2e-3 to 3e-3 there on our models (measured).
  UPDATE_RATIO_AIM: 3e-3,
  // Units that die in the first epochs while steps are this large were killed
  // by the step size: ten times Karpathy's healthy ratio.
  UPDATE_RATIO_KILLS: 1e-2,
  // AutoTrainer: vanishing when the first layer's gradient norm is below 1e-3
  // of the last layer's.
  GRAD_RATIO_VANISH: 1e-3,
  // TheDeepChecker and SageMaker Debugger flag a layer when over half its units
  // are dead (AutoTrainer and DeepDiagnosis: 70%).
  DEAD_LAYER: 0.5,
  // TheDeepChecker: an initial loss that deviates from ln K by ln K or more.
  INIT_LOSS_FACTOR: 2,
  // UMLAUT and DeepDiagnosis want inputs inside [-1, 1]. We read the rms, not
  // the maximum, so that z-scored data (rms 1, maximum 3 to 4) passes; 3 is
  // three times the scale that standardizing gives.
  INPUT_RMS_HIGH: 3,
  INPUT_RMS_LOW: 0.01,
  // AutoTrainer: a hidden layer whose outputs average 10 or more in size.
  ACT_HUGE: 10,
  // TheDeepChecker: a loss is stagnant when it falls less than 5% per period.
  // Here the period is the last quarter of the run (at least 5 epochs).
  STAGNANT_FALL: 0.05,
  WINDOW_SHARE: 0.25,
  WINDOW_MIN: 5,
  // Ours: a curve that has come less than 10% of the way down from its start
  // has not moved.
  NOT_MOVED: 0.1,
  // Ours: total optimizer steps below which "too few steps" is a suspect, when
  // the batch is larger than Keras's default of 32. Measured: Adam 1e-3 needs
  // about 600 steps (20 epochs of 32) to leave chance on the linear teacher.
  FEW_STEPS: 200,
  KERAS_BATCH: 32,
  // AutoTrainer: overfitting when train accuracy exceeds validation by 0.1.
  ACC_GAP: 0.1,
  // SageMaker Debugger: overfit when validation exceeds train by 10% (relative).
  VAL_RISE: 0.1,
  // Ours: a network this narrow (or with no hidden layer) is a capacity suspect
  // once its training loss levels off with low training accuracy.
  SMALL_WIDTH: 16,
  FIT_ACC: 0.9,
  // The sampling spread: z standard errors (about 95% for z = 2).
  Z: 2,
};

export const fmt = (v, d = 3) => {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5)) return v.toExponential(1).replace('e+', 'e');
  return String(Number(v.toFixed(d)));
};
const pct = (v) => `${Math.round(v * 100)}%`;

// lr values the fixes suggest: 1, 2, 3, 5 per decade, inside the key's range.
function niceRate(v) {
  const stops = [];
  for (let e = -6; e <= 1; e++) for (const m of [1, 2, 3, 5]) stops.push(Number((m * 10 ** e).toPrecision(2)));
  const ok = stops.filter((s) => s >= 1e-6 && s <= 10);
  return ok.reduce((best, s) => (Math.abs(Math.log(s / v)) < Math.abs(Math.log(best / v)) ? s : best), ok[0]);
}

/**
 * Facts about a run that several rules share, computed once per call from
 * the history records (all numbers the core measured).
 */
export function summarize(config, history, diverged) {
  const K = config.classes;
  const chance = Math.log(K);
  const nVal = config.n_val;
  const E = history.length - 1;
  const last = history[E];
  const first = history[0];
  // Half-width of the band within which a validation loss is "at chance": z
  // standard errors of the mean of the per-sample losses, plus the bias a
  // finite set's class frequencies allow below ln K ((K-1)/2n, the expected
  // gap between the empirical label entropy and ln K).
  const band = (r) => T.Z * (r.val_loss_sd ?? 0) / Math.sqrt(nVal) + (K - 1) / (2 * nVal);
  const accBand = T.Z * Math.sqrt((1 / K) * (1 - 1 / K) / nVal);
  const finite = history.findIndex((r) => !Number.isFinite(r.train_loss) || !Number.isFinite(r.val_loss));
  const trained = history.slice(1);
  let minVal = Infinity;
  let minValAt = 0;
  for (const r of history) {
    if (r.val_loss < minVal) { minVal = r.val_loss; minValAt = r.epoch; }
  }
  const w = Math.max(T.WINDOW_MIN, Math.ceil(E * T.WINDOW_SHARE));
  const back = history[Math.max(0, E - w)];
  const recentFall = E >= 3 ? (back.train_loss - last.train_loss) / back.train_loss : NaN;
  // Levelled: the last window fell by less than 5% and at under half the pace
  // of the run since epoch 1, so a slow, steady fall does not count as levelled.
  const pace = E >= 2 ? (history[1].train_loss - last.train_loss) / (E - 1) : NaN;
  const recentPace = E >= 3 ? (back.train_loss - last.train_loss) / (E - back.epoch) : NaN;
  const levelled = recentFall < T.STAGNANT_FALL && recentPace < 0.5 * pace;
  const valFall = E >= 3 ? back.val_loss - last.val_loss : NaN;
  const progress = E >= 1 ? (first.train_loss - last.train_loss) / first.train_loss : 0;
  const ratios = trained.map((r) => r.update_ratio).filter(Number.isFinite).sort((a, b) => a - b);
  const medianRatio = ratios.length ? ratios[Math.floor(ratios.length / 2)] : NaN;
  let steps = 0;
  for (const r of trained) steps += Math.ceil(config.n_train / r.batch);
  return {
    K, chance, nVal, E, last, first, band, accBand, finite, minVal, minValAt, w, back, diverged,
    recentFall, levelled, valFall, progress, medianRatio, steps,
    randomLabels: config.dataset === 'random' || config.label_noise >= 1,
    learned: last.val_loss < chance - band(last) || last.val_acc > 1 / K + accBand,
    healthy: last.val_loss < chance - band(last) && last.val_acc > 1 / K + accBand && progress >= T.NOT_MOVED,
    hidden: last.layers ? last.layers.slice(0, -1) : [],
  };
}

const ev = (name, value, op, threshold, epoch, source, extra = {}) => ({ name, value, op, threshold, epoch, source, ...extra });

function finding(cause, confidence, epoch, title, text, evidence, fix, fixText) {
  return { cause, confidence, epoch, title, text, evidence, fix, fixText: fixText ?? null };
}

// The words for where a validation loss stands against chance, honest about the spread.
function againstChance(s, r) {
  const b = s.band(r);
  const where = Math.abs(r.val_loss - s.chance) <= b ? 'within'
    : r.val_loss > s.chance ? 'above' : 'below';
  const spread = `±${fmt(b)} for ${s.nVal} validation samples`;
  if (where === 'within') return `${fmt(r.val_loss)}, at chance (ln ${s.K} = ${fmt(s.chance)}, ${spread})`;
  if (where === 'above') return `${fmt(r.val_loss)}, above chance (ln ${s.K} = ${fmt(s.chance)}, ${spread}): confidently wrong`;
  return `${fmt(r.val_loss)}, below chance (ln ${s.K} = ${fmt(s.chance)}, ${spread})`;
}

// --- the rules: each returns a finding or null ------------------------------------

const AT_WORDS = { loss: 'the loss', outputs: 'the outputs', gradients: 'the gradients', weights: 'the weights' };

function diverged(config, h, s) {
  const lr = niceRate(config.lr / 10);
  const fix = config.lr > 1e-6 ? { lr } : null;
  const fixText = `Lower the learning rate to ${fmt(lr)} and start again.`;
  const d = s.diverged;
  if (d) {
    // The core stopped the run at the first non-finite number and said where.
    const place = d.layer > 0 ? `${AT_WORDS[d.where]} of layer ${d.layer}` : AT_WORDS[d.where];
    const when = d.step > 0 ? `epoch ${d.epoch}, step ${d.step}` : `epoch ${d.epoch}'s validation pass`;
    const what = d.kind === 'overflow' ? 'too large to square in 32-bit floats' : d.kind;
    return finding('diverged', 0.95, d.epoch, `Diverged at epoch ${d.epoch}, step ${d.step}`,
      `${place[0].toUpperCase()}${place.slice(1)} became ${what} at ${when}: each step made the weights larger until the arithmetic overflowed, ` +
      'and the run was stopped there. Nothing after that point would mean anything.',
      [ev('diverged', `${place}: ${what}${d.step > 0 ? ` at step ${d.step}` : ''}`, 'is not', 'finite', d.epoch,
        'TensorFlow check_numerics: the first NaN or Inf, and where', { where: d.where, layer_at: d.layer, step: d.step, kind: d.kind })],
      fix, fixText);
  }
  let at = s.finite;
  let why = 'not a number';
  if (at < 0) {
    // A loss past 1e3 that has also doubled from its best is blowing up, not
    // starting high (inputs x1000 can start there and fall).
    let best = Infinity;
    for (const r of h) {
      const worst = Math.max(r.train_loss, r.val_loss);
      if (r.epoch > 0 && worst >= T.LOSS_BLOWN_UP && worst >= T.DIVERGE_FACTOR * best) { at = r.epoch; why = 'blown up'; break; }
      best = Math.min(best, r.train_loss, r.val_loss);
    }
  }
  if (at < 0) return null;
  const r = h[at];
  const bad = !Number.isFinite(r.train_loss) ? r.train_loss : r.val_loss;
  return finding('diverged', 0.9, r.epoch, `Diverged at epoch ${r.epoch}`,
    `The loss reached ${fmt(bad)} at epoch ${r.epoch}: the weights grew until the loss blew up.`,
    [ev('loss', bad, why === 'blown up' ? '>=' : 'is', why === 'blown up' ? T.LOSS_BLOWN_UP : 'non-finite', r.epoch,
      why === 'blown up' ? 'AutoTrainer: loss >= 1e3; TheDeepChecker: doubled from its best' : 'TensorFlow check_numerics: NaN or Inf')],
    fix, fixText);
}

function noSignal(config, h, s) {
  if (!s.randomLabels || s.E < 1) return null;
  const r = s.last;
  const label = config.dataset === 'random' ? 'The labels of this data set are drawn at random' : 'Every label is replaced by a random one (label noise 1)';
  return finding('no_signal', 0.95, 1, 'Nothing to learn: the labels are random',
    `${label}, so the inputs say nothing about them and no setting can bring the validation loss below chance except by luck. ` +
    `Validation loss now ${againstChance(s, r)}; validation accuracy ${pct(r.val_acc)} against ${pct(1 / s.K)} by chance.`,
    [ev('val_loss', r.val_loss, 'within', [s.chance - s.band(r), s.chance + s.band(r)], r.epoch, 'ln K ± z·sd/√n'),
      ev('val_acc', r.val_acc, 'near', 1 / s.K, r.epoch, '1/K ± z·√(p(1−p)/n)')],
    null, 'Nothing in the settings can help: pick a data set whose labels depend on the inputs.');
}

function memorizing(config, h, s) {
  if (!s.randomLabels || s.E < 3) return null;
  const r = s.last;
  const limit = s.chance * (1 - T.VAL_RISE);
  if (!(r.train_loss < limit)) return null;
  const at = h.find((x) => x.epoch > 0 && x.train_loss < limit).epoch;
  return finding('memorizing', 0.9, at, 'Memorizing the training labels',
    `The training loss fell to ${fmt(r.train_loss)}, below chance (${fmt(s.chance)}), while validation is ${againstChance(s, r)}: ` +
    'the network is learning its training samples by heart, which tells it nothing about new ones.',
    [ev('train_loss', r.train_loss, '<', limit, at, 'ln K less 10% (SageMaker Debugger overfit rule)'),
      ev('val_loss', r.val_loss, '>=', s.chance - s.band(r), r.epoch, 'ln K − z·sd/√n')],
    null, 'A smaller network or fewer epochs stop the memorizing, but nothing brings validation below chance on random labels.');
}

function unscaledInputs(config, h, s) {
  const r0 = h[0];
  const rms = s.last.input_rms;
  const initLoss = r0.train_loss;
  const firstAct = r0.layers?.[0]?.act_std;
  const huge = rms > T.INPUT_RMS_HIGH && (initLoss >= T.INIT_LOSS_FACTOR * s.chance || firstAct >= T.ACT_HUGE);
  const tiny = rms < T.INPUT_RMS_LOW && s.E >= 3 && !s.learned;
  if (!huge && !tiny) return null;
  const evidence = [ev('input_rms', rms, huge ? '>' : '<', huge ? T.INPUT_RMS_HIGH : T.INPUT_RMS_LOW, 0,
    'UMLAUT, DeepDiagnosis: inputs outside [−1, 1]; read as the rms')];
  if (huge) {
    if (initLoss >= T.INIT_LOSS_FACTOR * s.chance) evidence.push(ev('initial_loss', initLoss, '>=', T.INIT_LOSS_FACTOR * s.chance, 0, 'TheDeepChecker: initial loss off ln K by ln K'));
    if (firstAct >= T.ACT_HUGE) evidence.push(ev('layer1_act_std', firstAct, '>=', T.ACT_HUGE, 0, 'AutoTrainer: hidden outputs of size >= 10'));
  }
  const text = huge
    ? `The inputs have an rms of ${fmt(rms, 1)} (×${fmt(config.input_scale)}), so the first layer's sums and the logits are huge from the start: ` +
      `the untrained network's loss was ${fmt(initLoss, 2)} against ${fmt(s.chance)} for a fair guess, and it is confidently wrong before it learns anything.`
    : `The inputs have an rms of ${fmt(rms, 4)} (×${fmt(config.input_scale)}): the first layer sees almost nothing, so its gradients and its effect on the output are tiny.`;
  return finding('unscaled_inputs', huge ? 0.85 : 0.6, 0, huge ? 'Inputs far from unit scale' : 'Inputs too small to matter', text,
    evidence, { standardize: 1 }, 'Standardize the inputs (z-score them with the training set\'s mean and spread).');
}

function lrTooHigh(config, h, s) {
  if (s.E < 1) return null;
  const evidence = [];
  let at = Infinity;
  const fast = h.find((r) => r.epoch > 0 && r.update_ratio > T.UPDATE_RATIO_HIGH);
  if (fast) {
    evidence.push(ev('update_ratio', fast.update_ratio, '>', T.UPDATE_RATIO_HIGH, fast.epoch, 'TheDeepChecker, DeepDiagnosis: update/weight > 1e-1'));
    at = fast.epoch;
  }
  // Instability: a validation loss that jumps to twice its best so far (and
  // past the sampling spread) after the net had learned something, then falls
  // back at least halfway: a spike, where overfitting is a steady rise.
  let best = Infinity;
  for (let i = 0; i < h.length; i++) {
    const r = h[i];
    const jump = r.val_loss - best;
    if (r.epoch > 1 && best < s.chance && r.val_loss > T.DIVERGE_FACTOR * best && jump > 2 * s.band(r) &&
        h.slice(i + 1).some((x) => x.val_loss < best + jump / 2)) {
      evidence.push(ev('val_loss_spike', r.val_loss, '>', T.DIVERGE_FACTOR * best, r.epoch, 'TheDeepChecker: loss doubles from its minimum'));
      at = Math.min(at, r.epoch);
      break;
    }
    best = Math.min(best, r.val_loss);
  }
  if (!evidence.length) return null;
  const factor = fast ? Math.min(0.1, T.UPDATE_RATIO_AIM / fast.update_ratio) : 0.3;
  const lr = niceRate(config.lr * factor);
  if (!(lr < config.lr)) return null;
  const what = fast
    ? `each step changed the weights by ${pct(fast.update_ratio)} of their size in epoch ${fast.epoch} (healthy is about 0.1%)`
    : `the validation loss jumped from ${fmt(evidence[0].threshold / T.DIVERGE_FACTOR)} to ${fmt(evidence[0].value)} at epoch ${at}`;
  return finding('lr_too_high', fast ? 0.85 : 0.6, at, 'Learning rate too high',
    `With learning rate ${fmt(config.lr)} ${what}: the steps overshoot, so the loss jumps instead of settling.`,
    evidence, { lr }, `Lower the learning rate to ${fmt(lr)}.`);
}

function deadUnits(config, h, s) {
  if (s.E < 1 || config.activation !== 'relu' || !s.hidden.length) return null;
  const layers = s.hidden.map((l, i) => ({ i, dead: l.dead_frac })).filter((l) => l.dead > T.DEAD_LAYER);
  if (!layers.length) return null;
  const widths = layerWidths(config); // each hidden layer's units
  const firstAt = h.find((r) => r.epoch > 0 && r.layers.slice(0, -1).some((l) => l.dead_frac > T.DEAD_LAYER)).epoch;
  // Killed by the step size: alive at initialisation, dead within the first
  // epochs, while each step moved the weights by more than 1%.
  const aliveAtInit = h[0].layers.slice(0, -1).every((l) => l.dead_frac <= T.DEAD_LAYER);
  const early = h.slice(1, Math.min(h.length, 4));
  const bigSteps = early.some((r) => r.update_ratio >= T.UPDATE_RATIO_KILLS);
  const byRate = aliveAtInit && firstAt <= 3 && bigSteps;
  const all = layers.some((l) => l.dead >= 1);
  const evidence = s.hidden.map((l, i) => ev(`layer${i + 1}_dead`, l.dead_frac, '>', T.DEAD_LAYER, s.E,
    'TheDeepChecker, SageMaker Debugger: a layer with over 50% dead units', { layer: i + 1, units: widths[i], dead: Math.round(l.dead_frac * widths[i]) }));
  if (byRate) evidence.push(ev('update_ratio', Math.max(...early.map((r) => r.update_ratio)), '>=', T.UPDATE_RATIO_KILLS, 1, 'Karpathy: healthy ratio ~1e-3; ten times that'));
  const list = layers.map((l) => `layer ${l.i + 1}: ${Math.round(l.dead * widths[l.i])} of ${widths[l.i]}`).join(', ');
  const lr = niceRate(config.lr / 10);
  const fix = byRate ? { lr } : { activation: 'leaky_relu' };
  return finding('dead_units', all ? 0.9 : 0.75, firstAt, 'Dead ReLUs',
    `Units that output zero for every validation sample pass no gradient, so they never recover (${list} dead). ` +
    (all ? 'A layer with every unit dead makes the output the same for every input: the net predicts one class. ' : '') +
    (byRate ? `They died in the first ${firstAt === 1 ? 'epoch' : `${firstAt} epochs`}, when steps of learning rate ${fmt(config.lr)} pushed their biases negative.` : ''),
    evidence, fix, byRate ? `Lower the learning rate to ${fmt(lr)}.` : 'Use leaky ReLU, which keeps a small gradient below zero.');
}

function vanishing(config, h, s) {
  if (s.E < 1 || s.hidden.length < 2) return null;
  if (s.hidden.some((l) => l.dead_frac > T.DEAD_LAYER)) return null; // dead units explain it
  const ratios = h.slice(1).map((r) => r.grad_ratio).filter(Number.isFinite);
  const low = ratios.filter((g) => g < T.GRAD_RATIO_VANISH);
  if (low.length * 2 <= ratios.length) return null;
  const r = s.last;
  const norms = r.layers.map((l) => fmt(l.grad_norm)).join(', ');
  const fix = config.activation === 'relu' || config.activation === 'leaky_relu' ? { init: 'he_uniform' } : { activation: 'relu', init: 'he_uniform' };
  const at = h.find((x) => x.epoch > 0 && x.grad_ratio < T.GRAD_RATIO_VANISH)?.epoch ?? 1;
  return finding('vanishing_gradients', 0.85, at, 'Vanishing gradients',
    `The gradient shrinks on its way down through ${s.hidden.length} ${config.activation} layers: the first layer gets ${fmt(r.grad_ratio)} of the last one's ` +
    `(norms from first to last: ${norms}), so the early layers barely change.`,
    [ev('grad_ratio', r.grad_ratio, '<', T.GRAD_RATIO_VANISH, at, 'AutoTrainer: first/last layer gradient norm < 1e-3')],
    fix, fix.activation ? 'Use ReLU with He initialization, whose gradient keeps its size through the layers.' : 'Use He initialization, scaled for ReLU.');
}

function lrTooLow(config, h, s) {
  if (s.E < 3 || !Number.isFinite(s.medianRatio)) return null;
  const strong = s.medianRatio < T.UPDATE_RATIO_LOW;
  const weak = !strong && s.medianRatio < T.UPDATE_RATIO_GOOD && s.progress < T.NOT_MOVED && !s.randomLabels;
  if (!strong && !weak) return null;
  if (strong && s.learned && s.recentFall < T.STAGNANT_FALL) return null; // small steps, but it got there
  const aim = h[1].update_ratio > 0 ? T.UPDATE_RATIO_AIM / h[1].update_ratio : 10;
  const lr = niceRate(config.lr * Math.min(aim, 1000));
  if (!(lr > config.lr)) return null;
  return finding('lr_too_low', strong ? 0.85 : 0.55, 1, 'Learning rate too low',
    `Each step changes the weights by ${fmt(s.medianRatio)} of their size (healthy is about 1e-3), so after ${s.steps} steps the training loss has come ${pct(Math.max(0, s.progress))} of the way from ${fmt(s.first.train_loss)}.`,
    [ev('update_ratio', s.medianRatio, '<', strong ? T.UPDATE_RATIO_LOW : T.UPDATE_RATIO_GOOD, 1,
      strong ? 'TheDeepChecker: log10(update/weight) < −4' : 'Karpathy: healthy update/weight ratio ~1e-3')],
    { lr }, `Raise the learning rate to ${fmt(lr)}.`);
}

function tooFewSteps(config, h, s) {
  if (s.E < 3 || config.batch <= T.KERAS_BATCH || s.steps >= T.FEW_STEPS || s.randomLabels) return null;
  if (s.progress >= T.NOT_MOVED && s.levelled) return null; // it got somewhere and levelled
  const perEpoch = Math.ceil(config.n_train / config.batch);
  const batch = T.KERAS_BATCH;
  return finding('too_few_steps', 0.75, s.E, 'Too few steps',
    `With batch ${config.batch} and ${config.n_train} samples there ${perEpoch === 1 ? 'is 1 step' : `are ${perEpoch} steps`} per epoch, ${s.steps} in all: ` +
    `the weights have moved only ${s.steps} times, and the training loss has come ${pct(Math.max(0, s.progress))} of the way from ${fmt(s.first.train_loss)}.`,
    [ev('steps', s.steps, '<', T.FEW_STEPS, s.E, 'ours: Adam 1e-3 needs ~600 steps to leave chance on the linear teacher'),
      ev('batch', config.batch, '>', T.KERAS_BATCH, 0, 'Keras default batch size')],
    { batch }, `Use batch ${batch}: ${Math.ceil(config.n_train / batch)} steps per epoch.`);
}

// Data sets whose classes no straight line separates (data.c): a network
// without a hidden layer cannot fit them, whatever it is trained with.
const NEEDS_HIDDEN = { spiral: 'interleaved spiral arms', circles: 'concentric rings', xor: 'the xor quadrants' };

function capacity(config, h, s) {
  if (config.depth === 0 && NEEDS_HIDDEN[config.dataset] && s.E >= 1) {
    const r = s.last;
    return finding('too_little_capacity', 0.9, 1, 'Too little capacity: a linear model',
      `With no hidden layer the network draws straight boundaries, and no straight line separates ${NEEDS_HIDDEN[config.dataset]}: ` +
      `training accuracy ${pct(r.train_acc)}, validation loss ${againstChance(s, r)}.`,
      [ev('depth', 0, '=', 0, 0, `data.c: ${config.dataset} is not linearly separable`)],
      { depth: 1, width: Math.max(32, config.width) }, `Add a hidden layer of ${Math.max(32, config.width)}.`);
  }
  if (s.E < T.WINDOW_MIN) return null;
  const widths = layerWidths(config);
  const narrowest = config.depth === 0 ? 0 : Math.min(...widths); // the bottleneck
  const small = narrowest <= T.SMALL_WIDTH;
  // Levelled after some progress, or never moved although the steps had a
  // healthy size (a small step size is the rate's finding).
  const stuck = s.levelled && s.progress >= T.NOT_MOVED || s.progress < T.NOT_MOVED && s.medianRatio >= T.UPDATE_RATIO_GOOD;
  const r = s.last;
  if (!small || !stuck || r.train_acc >= T.FIT_ACC || r.train_acc - r.val_acc >= T.ACC_GAP || s.randomLabels) return null;
  const wider = (w) => Math.min(1024, Math.max(32, w * 4));
  let fix = { width: wider(config.width) };
  if (config.depth === 0) fix = { depth: 1, width: Math.max(32, config.width) };
  else if (config.widths) fix = { widths: widths.map(wider).join(',') };
  const net = config.depth === 0 ? 'no hidden layer (a linear model)'
    : `${config.depth} hidden layer${config.depth > 1 ? 's' : ''} of ${config.widths ? widths.join(', ') : config.width}`;
  return finding('too_little_capacity', 0.7, s.E - s.w, 'Too little capacity',
    `With ${net} the training loss has levelled off at ${fmt(r.train_loss)} (it fell ${pct(Math.max(0, s.recentFall))} over the last ${s.w} epochs) ` +
    `and the network fits only ${pct(r.train_acc)} of its own training samples: it cannot draw the boundary this data needs.`,
    [ev('train_loss_fall', s.recentFall, '<', T.STAGNANT_FALL, s.E, 'TheDeepChecker: stagnant below 5% per period'),
      ev('train_acc', r.train_acc, '<', T.FIT_ACC, s.E, 'ours'),
      ev('width', narrowest, '<=', T.SMALL_WIDTH, 0, 'ours')],
    fix, fix.depth ? `Add a hidden layer of ${fix.width}.` : `Widen the layers to ${fix.widths ?? fix.width} units.`);
}

function overfitting(config, h, s) {
  if (s.randomLabels || s.E < T.WINDOW_MIN) return null;
  const r = s.last;
  const best = h[s.minValAt];
  const rise = r.val_loss - s.minVal;
  const gap = r.train_acc - r.val_acc;
  const rising = rise > Math.max(T.VAL_RISE * s.minVal, s.band(r)) && r.train_loss < best.train_loss && s.minVal < s.chance;
  if (!rising) return null;
  const evidence = [ev('val_rise', rise, '>', Math.max(T.VAL_RISE * s.minVal, s.band(r)), s.minValAt, 'SageMaker Debugger: 10% rise; and the sampling spread')];
  if (gap >= T.ACC_GAP) evidence.push(ev('acc_gap', gap, '>=', T.ACC_GAP, r.epoch, 'AutoTrainer: train − val accuracy >= 0.1'));
  const epochs = Math.max(1, s.minValAt);
  return finding('overfitting', gap >= T.ACC_GAP ? 0.85 : 0.7, s.minValAt, 'Overfitting',
    `The validation loss was lowest at epoch ${s.minValAt} (${fmt(s.minVal)}) and has risen to ${fmt(r.val_loss)} while the training loss kept falling (${fmt(r.train_loss)}): ` +
    `the network now learns the training samples' quirks. Accuracy: training ${pct(r.train_acc)}, validation ${pct(r.val_acc)}.`,
    evidence, { epochs }, `Stop at epoch ${epochs}, where validation was best (or add an L2 penalty, or more data).`);
}

function stillLearning(config, h, s) {
  if (s.E < 3) return null;
  const r = s.last;
  if (!(s.recentFall >= T.STAGNANT_FALL && s.valFall > s.band(r))) return null;
  const epochs = Math.min(100000, config.epochs * 3);
  return finding('still_learning', 0.7, s.E, 'Still learning: slow, not stuck',
    `Both losses ${s.E >= config.epochs ? 'were still falling when the run ended' : `are still falling at epoch ${s.E} of ${config.epochs}`}: training ${fmt(s.back.train_loss)} → ${fmt(r.train_loss)} and validation ` +
    `${fmt(s.back.val_loss)} → ${fmt(r.val_loss)} over the last ${s.w} epochs. Nothing is broken; it needs more steps.`,
    [ev('train_loss_fall', s.recentFall, '>=', T.STAGNANT_FALL, s.E, 'TheDeepChecker: stagnant below 5% per period'),
      ev('val_loss_fall', s.valFall, '>', s.band(r), s.E, 'the sampling spread z·sd/√n')],
    epochs > config.epochs ? { epochs } : null, `Train longer: ${epochs} epochs.`);
}

function healthy(config, h, s) {
  const r = s.last;
  const from = h.find((x) => x.epoch > 0 && x.val_acc > 1 / s.K + s.accBand)?.epoch ?? s.E;
  return finding('healthy', 0.8, from, 'Learning',
    `Validation accuracy ${pct(r.val_acc)} against ${pct(1 / s.K)} by chance; validation loss ${againstChance(s, r)}.`,
    [ev('val_acc', r.val_acc, '>', 1 / s.K + s.accBand, from, '1/K + z·√(p(1−p)/n)')], null, null);
}

const RULES = [diverged, noSignal, memorizing, unscaledInputs, lrTooHigh, deadUnits, vanishing, lrTooLow,
  tooFewSteps, capacity, overfitting, stillLearning];

/**
 * The findings for a run, most important first: [{ cause, confidence (0..1),
 * epoch (where it first showed), title, text, evidence: [{ name, value, op,
 * threshold, epoch, source }], fix ({ key: value } or null), fixText }].
 * config: the run's settings ({ key: value }); history: its records;
 * diverged: where the core stopped a run that diverged (Trainer.diverged), or null.
 */
export function diagnose(config, history, diverged = null) {
  if (!history || history.length === 0) return [];
  const s = summarize(config, history, diverged);
  if (s.finite >= 0) return [diverged(config, history, s)]; // nothing else is measurable after a NaN
  const out = RULES.map((rule) => rule(config, history, s)).filter(Boolean);
  const has = (cause) => out.some((f) => f.cause === cause);
  // The fix of one finding must not undo another's: no higher rate beside a
  // finding that blames a high one.
  const high = has('lr_too_high') || out.some((f) => f.cause === 'dead_units' && f.fix?.lr);
  // A weak rate finding only stands where nothing measured explains the flat curve.
  const explained = ['no_signal', 'vanishing_gradients', 'dead_units', 'too_few_steps', 'unscaled_inputs',
    'too_little_capacity'].some(has);
  const kept = out.filter((f) => !(high && f.fix?.lr > config.lr) && !(explained && f.cause === 'lr_too_low' && f.confidence < 0.6));
  // Unscaled inputs multiply the first layer's steps: a rate fix on such
  // inputs standardizes them too, or the lower rate only slows the damage.
  if (has('unscaled_inputs') && out.find((f) => f.cause === 'unscaled_inputs').fix.standardize) {
    for (const f of kept) {
      if ((f.cause === 'lr_too_high' || f.cause === 'diverged') && f.fix?.lr) {
        f.fix = { ...f.fix, standardize: 1 };
        f.fixText = `${f.fixText.replace(/\.$/, '')}, and standardize the inputs.`;
      }
    }
  }
  if (kept.length === 0 && s.E >= 1 && s.healthy) kept.push(healthy(config, history, s));
  kept.sort((a, b) => (b.confidence >= 0.5) - (a.confidence >= 0.5) || PRIORITY.indexOf(a.cause) - PRIORITY.indexOf(b.cause));
  return kept;
}
