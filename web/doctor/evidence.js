// evidence.js: what the doctor's rules stand on. The thresholds with
// their sources (T), how a number is written for a reader (fmt), the facts
// about a run that several rules share (summarize), and evidence items: one
// measured number held to one threshold, which evidenceHolds checks and
// recordValue traces back to the record it was read from. No DOM; every
// figure it reads was measured in C.
import { grouped } from '../engine/settings.js';

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
  // Ours: on centred inputs a fresh ReLU layer has no unit dead on every sample
  // (0% measured on every data set here, standardized); a quarter dead before
  // any step is the mark of inputs that share a sign, where about half die.
  DEAD_AT_INIT: 0.25,
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
  // Regression targets whose spread (sd, or mean distance to the median) passes
  // this are ten times the ±1 a new network's outputs start within (ours).
  TARGET_SPREAD_HIGH: 10,
  // A dropout rate from which the doctor asks whether the network can still fit (ours).
  DROPOUT_STRONG: 0.3,
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

/**
 * A number as a person reads it: 0.0005 (not 5.0e-4), 1.54, 2.3 million;
 * only those below 0.00001 or past a thousand trillion get a power of ten (3 × 10⁻⁸).
 */
export const fmt = (v, d = 3) => {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  const a = Math.abs(v);
  const sign = v < 0 ? '-' : '';
  if (a < 1e15) {
    for (const [size, word] of [[1e12, 'trillion'], [1e9, 'billion'], [1e6, 'million']]) {
      if (a >= size) return `${sign}${Number((a / size).toPrecision(2))} ${word}`;
    }
  }
  if (a >= 1e4 && a < 1e6) return `${sign}${grouped(a)}`;
  if (a !== 0 && (a < 1e-5 || a >= 1e15)) {
    const e = Math.floor(Math.log10(a));
    const SUP = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };
    return `${sign}${Number((a / 10 ** e).toPrecision(2))} × 10${String(e).replace(/./g, (c) => SUP[c])}`;
  }
  if (a !== 0 && a < 1e-3) return `${sign}${Number(a.toPrecision(2))}`; // JavaScript writes these without a power of ten
  return String(Number(v.toFixed(d)));
};
// A share as a percentage; a share of over 100 as "N times".
export const pct = (v) => (v > 10 ? `${fmt(v, 0)} times` : `${Math.round(v * 100)}%`);

// lr values the fixes suggest: 1, 2, 3, 5 per decade, inside the key's range.
export function niceRate(v) {
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
  const nVal = config.n_val;
  const E = history.length - 1;
  const last = history[E];
  const first = history[0];
  // Chance is what guessing without the inputs scores on these labels (the
  // core measures it): the entropy of the class shares as the loss, the
  // largest class's share as the accuracy; ln K and 1/K only when balanced.
  // Classes without a row do not count.
  // On regression data (mse or mae on real targets) chance is the best constant
  // prediction's loss, and there is no accuracy (the core records NaN).
  const loss = config.loss ?? 'sparse_categorical_crossentropy';
  const regression = (loss === 'mse' || loss === 'mae') && !Number.isFinite(first.chance_acc) && Number.isFinite(first.chance_loss);
  const K = config.classes - (first.empty_classes > 0 ? first.empty_classes : 0);
  const chance = Number.isFinite(first.chance_loss) && first.chance_loss > 0 ? first.chance_loss : Math.log(K);
  const chanceAcc = regression ? NaN : Number.isFinite(first.chance_acc) && first.chance_acc > 0 ? first.chance_acc : 1 / K;
  const balanced = !regression && Math.abs(chance - Math.log(K)) < 1e-9; // every class exactly as common
  const chanceWords = regression ? `the loss of always predicting the training ${loss === 'mae' ? 'median' : 'mean'}`
    : loss === 'sparse_categorical_crossentropy' ? 'the entropy of the class shares' : 'the loss of predicting the class shares';
  // Half-width of the band within which a validation loss is "at chance": z
  // standard errors of the mean of the per-sample losses, plus the bias a
  // finite set's class frequencies allow below chance ((K-1)/2n, the expected
  // gap between the empirical label entropy and the true one).
  const bias = loss === 'sparse_categorical_crossentropy' ? (K - 1) / (2 * nVal) : 0;
  const band = (r) => T.Z * (r.val_loss_sd ?? 0) / Math.sqrt(nVal) + bias;
  const accBand = T.Z * Math.sqrt(chanceAcc * (1 - chanceAcc) / nVal);
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
    K, chance, chanceAcc, chanceWords, regression, balanced, nVal, E, last, first, band, accBand, finite, minVal, minValAt, w, back, diverged,
    recentFall, levelled, valFall, progress, medianRatio, steps,
    noInputs: first.input_rms === 0, // every input 0: no rule about how the net learns applies
    randomLabels: config.dataset === 'random' || config.label_noise >= 1,
    learned: last.val_loss < chance - band(last) || last.val_acc > chanceAcc + accBand,
    // Learning well: the loss clearly below chance, and the accuracy not below
    // guessing (on labels 90/10 a good net may score within the spread of the
    // 90% that always answering the largest class gets; the loss tells).
    healthy: last.val_loss < chance - band(last) && (regression || last.val_acc >= chanceAcc - accBand) && progress >= T.NOT_MOVED,
    hidden: last.layers ? last.layers.slice(0, -1) : [],
  };
}

// The fields of an epoch record an evidence item can name (its `field`).
const RECORD_FIELDS = new Set(['train_loss', 'val_loss', 'train_acc', 'val_acc', 'grad_norm', 'update_ratio', 'dead_frac',
  'grad_ratio', 'val_loss_sd', 'input_rms', 'input_max', 'input_mean']);

/**
 * One measured number: `value op threshold` at `epoch`, and where the
 * threshold comes from. field: the record field the value was read from
 * (a record field's name by default; 'layers.I.name' for a layer's; null for
 * a value derived from several records or from the config).
 */
export const ev = (name, value, op, threshold, epoch, source, extra = {}) =>
  ({ name, value, op, threshold, epoch, source, field: RECORD_FIELDS.has(name) ? name : null, ...extra });

/** Whether an evidence item's `value op threshold` is true. */
export function evidenceHolds(e) {
  const v = e.value;
  const t = e.threshold;
  switch (e.op) {
    case '>': return v > t;
    case '>=': return v >= t;
    case '<': return v < t;
    case '<=': return v <= t;
    case '=': return v === t;
    case 'within': return v >= t[0] && v <= t[1];
    case 'is': return t === 'non-finite' ? !Number.isFinite(v) : true;
    case 'is not': return true; // the core's own word (diverged): where it stopped
    default: return false;
  }
}

/** The value the record of an evidence item's epoch holds for its field (undefined when it names none). */
export function recordValue(history, e) {
  if (!e.field) return undefined;
  const r = history.find((x) => x.epoch === e.epoch);
  return e.field.split('.').reduce((o, k) => o?.[k], r);
}

export function finding(cause, confidence, epoch, title, text, evidence, fix, fixText, extra = {}) {
  return { cause, confidence, epoch, title, text, evidence, fix, fixText: fixText ?? null, ...extra };
}

// The words for where a validation loss stands against chance, honest about the spread.
export function againstChance(s, r) {
  const b = s.band(r);
  const c = s.balanced ? `ln ${s.K} = ${fmt(s.chance)}` : s.regression ? `${fmt(s.chance)}, ${s.chanceWords}`
    : `${fmt(s.chance)}, the loss of guessing by the class shares`;
  // A spread wider than chance itself cannot say "at chance" (a loss cannot go below 0).
  if (b >= s.chance && r.val_loss > s.chance + b) return `${fmt(r.val_loss)}, above chance (${c}, ±${fmt(b)} for ${s.nVal} validation samples)`;
  if (b >= s.chance) return `${fmt(r.val_loss)}; its samples' losses spread too widely (±${fmt(b)}) to compare it with chance (${c})`;
  const where = Math.abs(r.val_loss - s.chance) <= b ? 'within' : r.val_loss > s.chance ? 'above' : 'below';
  const spread = `±${fmt(b)} for ${s.nVal} validation samples`;
  if (where === 'within') return `${fmt(r.val_loss)}, at chance (${c}, ${spread})`;
  if (where === 'above') return `${fmt(r.val_loss)}, above chance (${c}, ${spread}): confidently wrong`;
  return `${fmt(r.val_loss)}, below chance (${c}, ${spread})`;
}

// Where a value stands against a band [lo, hi], as evidence that holds: within it, or past one end.
export const place = (name, v, [lo, hi], epoch, source) => (v < lo ? ev(name, v, '<', lo, epoch, source)
  : v > hi ? ev(name, v, '>', hi, epoch, source) : ev(name, v, 'within', [lo, hi], epoch, source));

// The band "at chance" as [low, high], never below a loss's floor of 0.
export const chanceBand = (s, r) => [Math.max(0, s.chance - s.band(r)), s.chance + s.band(r)];
