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
// tried fix did is verdict.js's question. The thresholds, how numbers are
// written and the evidence items are in evidence.js.

import { activationWords, everyLayer, layerActivations, layerWidths } from '../engine/settings.js';
import { T, againstChance, chanceBand, ev, evidenceHolds, finding, fmt, niceRate, pct, place, recordValue, summarize } from './evidence.js';
import { dropoutTooStrong, kerasOutput, outputMismatch, unscaledTargets } from './model-rules.js';

export { kerasOutput };

export { T, evidenceHolds, fmt, recordValue, summarize };

/** The causes a finding can name, in the order of the issue that defined them. */
export const CAUSES = [
  'no_signal', 'memorizing', 'overfitting', 'lr_too_high', 'diverged', 'lr_too_low',
  'unscaled_inputs', 'too_little_capacity', 'dead_units', 'vanishing_gradients',
  'too_few_steps', 'still_learning', 'healthy', 'learned_nothing', 'empty_classes', 'output_loss_mismatch',
  'unscaled_targets', 'dropout_too_strong',
];

// Which finding is shown first when several hold: a run that blew up, then
// labels with nothing to learn, then causes that stop learning outright, then
// those that slow it, then what happens after learning.
export const PRIORITY = [
  'diverged', 'output_loss_mismatch', 'no_signal', 'lr_too_high', 'unscaled_targets', 'unscaled_inputs', 'vanishing_gradients', 'dead_units',
  'lr_too_low', 'too_few_steps', 'dropout_too_strong', 'too_little_capacity', 'overfitting', 'memorizing',
  'still_learning', 'learned_nothing', 'healthy', 'empty_classes',
];

// --- the rules: each returns a finding or null ------------------------------------

const AT_WORDS = { loss: 'the loss', outputs: 'the outputs', gradients: 'the gradients', weights: 'the weights' };

function diverged(config, h, s) {
  const lr = niceRate(config.lr / 10);
  // A tenth of the rate at the floor of its range: the rate alone is not the cause.
  const fix = lr > 1e-6 ? { lr } : null;
  const fixText = fix ? `Lower the learning rate to ${fmt(lr)} and start again.`
    : `Even a learning rate of ${fmt(config.lr)} blew up, near the bottom of its range: look at the inputs' scale and the other findings.`;
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
  // Not stopped by the core: non-finite records, or a trained epoch whose loss
  // passed 1e3 and stands above the untrained network's (a start that high,
  // from unscaled inputs, is not a blow-up).
  const start = Math.max(h[0].train_loss, h[0].val_loss);
  let at = -1;
  let field = null;
  for (const r of h) {
    for (const f of ['train_loss', 'val_loss']) {
      if (at >= 0) break;
      if (!Number.isFinite(r[f]) || (r.epoch > 0 && r[f] >= T.LOSS_BLOWN_UP && r[f] > start)) {
        at = r.epoch;
        field = f;
      }
    }
    if (at >= 0) break;
  }
  if (at < 0) return null;
  const r = h[at];
  const bad = r[field];
  const which = field === 'train_loss' ? 'training loss' : 'validation loss';
  const finite = Number.isFinite(bad);
  return finding('diverged', 0.9, r.epoch, `Diverged at epoch ${r.epoch}: the ${which} ${finite ? 'passed 1,000' : `became ${fmt(bad)}`}`,
    `The ${which} reached ${fmt(bad)} at epoch ${r.epoch}, up from ${fmt(start)} untrained: the steps made the weights grow until the loss blew up.`,
    [ev(field, bad, finite ? '>=' : 'is', finite ? T.LOSS_BLOWN_UP : 'non-finite', r.epoch,
      finite ? 'AutoTrainer: loss >= 1e3' : 'TensorFlow check_numerics: NaN or Inf', { field })],
    fix, fixText);
}

function noSignal(config, h, s) {
  if (!s.randomLabels || s.E < 1) return null;
  const r = s.last;
  const label = config.dataset === 'random' ? 'The labels of this data set are drawn at random' : 'Every label is replaced by a random one (label noise 1)';
  return finding('no_signal', 0.95, 1, 'Nothing to learn: the labels are random',
    `${label}, so the inputs say nothing about them and no setting can bring the validation loss below chance except by luck. ` +
    `Validation loss now ${againstChance(s, r)}; validation accuracy ${pct(r.val_acc)} against ${pct(s.chanceAcc)} by chance.`,
    [place('val_loss', r.val_loss, chanceBand(s, r), r.epoch, `chance ± z·sd/√n (chance: ${s.chanceWords})`),
      place('val_acc', r.val_acc, [Math.max(0, s.chanceAcc - s.accBand), Math.min(1, s.chanceAcc + s.accBand)], r.epoch,
        'the largest class share ± z·√(p(1−p)/n)')],
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
    [ev('train_loss', h[at].train_loss, '<', limit, at, 'chance less 10% (SageMaker Debugger overfit rule)'),
      ev('val_loss', r.val_loss, '>=', chanceBand(s, r)[0], r.epoch, 'chance − z·sd/√n')],
    null, 'A smaller network or fewer epochs stop the memorizing, but nothing brings validation below chance on random labels.');
}

function unscaledInputs(config, h, s) {
  const r0 = h[0];
  const rms = r0.input_rms;
  const initLoss = r0.train_loss;
  const firstAct = r0.layers?.[0]?.act_std;
  // tanh or sigmoid units pinned at their ends by big sums: the untrained loss
  // need not be high, yet nothing can move (DeepDiagnosis: > 50% saturated).
  const satAt = h.find((r) => r.layers?.[0]?.sat_share > T.DEAD_LAYER);
  const huge = rms > T.INPUT_RMS_HIGH && (initLoss >= T.INIT_LOSS_FACTOR * s.chance || firstAct >= T.ACT_HUGE || Boolean(satAt));
  const tiny = rms > 0 && rms < T.INPUT_RMS_LOW && s.E >= 3 && !s.learned; // all zeros are not a scale: nothing to standardize
  if (!huge && !tiny) return null;
  const evidence = [ev('input_rms', rms, huge ? '>' : '<', huge ? T.INPUT_RMS_HIGH : T.INPUT_RMS_LOW, 0,
    'UMLAUT, DeepDiagnosis: inputs outside [−1, 1]; read as the rms')];
  if (huge) {
    if (initLoss >= T.INIT_LOSS_FACTOR * s.chance) evidence.push(ev('initial_loss', initLoss, '>=', T.INIT_LOSS_FACTOR * s.chance, 0, 'TheDeepChecker: initial loss off chance by chance', { field: 'train_loss' }));
    if (firstAct >= T.ACT_HUGE) evidence.push(ev('layer1_act_std', firstAct, '>=', T.ACT_HUGE, 0, 'AutoTrainer: hidden outputs of size >= 10', { field: 'layers.0.act_std' }));
    if (satAt) evidence.push(ev('layer1_saturated', satAt.layers[0].sat_share, '>', T.DEAD_LAYER, satAt.epoch, 'DeepDiagnosis: over half the outputs saturated (|pre-activation| ≥ 5)', { field: 'layers.0.sat_share' }));
  }
  const text = huge && satAt && !(initLoss >= T.INIT_LOSS_FACTOR * s.chance)
    ? `The inputs have an rms of ${fmt(rms, 1)} (×${fmt(config.input_scale)}), so the first layer's ${layerActivations(config)[0]} units are pinned at their ends ` +
      `(${pct(satAt.layers[0].sat_share)} of their outputs saturated at epoch ${satAt.epoch}), where their gradient is almost zero: nothing can move.`
    : huge && initLoss >= T.INIT_LOSS_FACTOR * s.chance
    ? `The inputs have an rms of ${fmt(rms, 1)} (×${fmt(config.input_scale)}), so the first layer's sums and the logits are huge from the start: ` +
      `the untrained network's loss was ${fmt(initLoss, 2)} against ${fmt(s.chance)} for a fair guess, and it is confidently wrong before it learns anything.`
    : huge // only the first layer's outputs are huge (a normalization after it, say, keeps the loss sane)
    ? `The inputs have an rms of ${fmt(rms, 1)} (×${fmt(config.input_scale)}), so the first layer's outputs are huge from the start ` +
      `(spread ${fmt(firstAct, 2)}): its weights must shrink by as much before they do anything useful.`
    : `The inputs have an rms of ${fmt(rms, 4)} (×${fmt(config.input_scale)}): the first layer sees almost nothing, so its gradients and its effect on the output are tiny.`;
  return finding('unscaled_inputs', huge ? 0.85 : 0.6, 0, huge ? 'Inputs far from unit scale' : 'Inputs too small to matter', text,
    evidence, { standardize: 1 }, 'Standardize the inputs (z-score them with the training set\'s mean and spread).');
}

function lrTooHigh(config, h, s) {
  if (s.E < 1) return null;
  const evidence = [];
  let at = Infinity;
  // Steps too large for the loss: the update/weight ratio past 0.1 in most
  // epochs, or in an epoch that killed the units, or ten times past it once,
  // or in two epochs whose validation loss did not fall. One large early step (one step an epoch at batch 1000, lr
  // 0.03) while the loss falls is the rate working: lowering it was measured
  // to end worse (validation 0.42 -> 0.80, the batch-size lesson).
  const trainedRatios = h.slice(1).map((r) => r.update_ratio).filter(Number.isFinite).sort((a, b) => a - b);
  const persistent = trainedRatios.length >= 3 && trainedRatios[Math.floor(trainedRatios.length / 2)] > T.UPDATE_RATIO_HIGH;
  const big = (r) => r.update_ratio > T.UPDATE_RATIO_HIGH;
  const overshoots = h.filter((r, i) => i > 0 && big(r) && !(r.val_loss < h[i - 1].val_loss));
  // A large step that killed the units (alive before it, over half dead after) did harm once.
  const killed = h.find((r, i) => i > 0 && big(r) && r.dead_frac > T.DEAD_LAYER && h[i - 1].dead_frac <= T.DEAD_LAYER);
  const huge = h.find((r) => r.epoch > 0 && r.update_ratio > 10 * T.UPDATE_RATIO_HIGH);
  const fast = persistent ? h.find((r) => r.epoch > 0 && big(r))
    : killed ?? huge ?? (overshoots.length >= 2 ? overshoots[0] : null);
  if (fast) {
    evidence.push(ev('update_ratio', fast.update_ratio, '>', T.UPDATE_RATIO_HIGH, fast.epoch, 'TheDeepChecker, DeepDiagnosis: update/weight > 1e-1'));
    at = fast.epoch;
  }
  // Instability: a validation loss that jumps to twice its best so far (and
  // past the sampling spread) after the net had learned something, then falls
  // back at least halfway: a spike, where overfitting is a steady rise.
  // A single spike the run recovers from costs nothing in the end (halving the
  // rate on one was measured to end worse): two spikes make it a pattern.
  let best = Infinity;
  let spike = null;
  let spikes = 0;
  for (let i = 0; i < h.length; i++) {
    const r = h[i];
    const jump = r.val_loss - best;
    if (r.epoch > 1 && best < s.chance && r.val_loss > T.DIVERGE_FACTOR * best && jump > 2 * s.band(r) &&
        h.slice(i + 1).some((x) => x.val_loss < best + jump / 2)) {
      spikes++;
      spike ??= { r, best };
    }
    best = Math.min(best, r.val_loss);
  }
  // ... and only while the run has not come back: a last loss near its best is no harm done.
  if (spikes >= 2 && s.last.val_loss > s.minVal + s.band(s.last)) {
    evidence.push(ev('val_loss', spike.r.val_loss, '>', T.DIVERGE_FACTOR * spike.best, spike.r.epoch,
      `TheDeepChecker: loss doubles from its minimum (${spikes} times in this run)`));
    at = Math.min(at, spike.r.epoch);
  } else spike = null;
  // Or the training loss doubled from its best: the run is unstable, short of a blow-up.
  let bestTrain = Infinity;
  let doubled = null;
  for (const r of h.slice(1)) {
    // (above chance: the run unlearned what it had; low losses double by noise)
    if (r.epoch > 1 && r.train_loss > T.DIVERGE_FACTOR * bestTrain && r.train_loss > s.chance) {
      doubled = { r, best: bestTrain };
      evidence.push(ev('train_loss', r.train_loss, '>', T.DIVERGE_FACTOR * bestTrain, r.epoch, 'TheDeepChecker: loss doubles from its minimum'));
      at = Math.min(at, r.epoch);
      break;
    }
    bestTrain = Math.min(bestTrain, r.train_loss);
  }
  if (!evidence.length) return null;
  // One decade down when the steps are far too large, a third otherwise: a
  // step, not an extrapolation to the end of the range.
  const factor = fast && fast.update_ratio > 10 * T.UPDATE_RATIO_HIGH ? 0.1 : 0.3;
  const lr = niceRate(config.lr * factor);
  if (!(lr < config.lr) || lr <= 1e-6) return null;
  const what = fast
    ? `each step changed the weights by ${pct(fast.update_ratio)} of their size in epoch ${fast.epoch} (healthy is about 0.1%)`
    : spike ? `the validation loss jumped from ${fmt(spike.best)} to ${fmt(spike.r.val_loss)} at epoch ${spike.r.epoch}`
      : `the training loss rose from ${fmt(doubled.best)} to ${fmt(doubled.r.train_loss)} at epoch ${doubled.r.epoch}`;
  return finding('lr_too_high', fast ? 0.85 : 0.6, at, 'Learning rate too high',
    `With learning rate ${fmt(config.lr)} ${what}: the steps overshoot, so the loss jumps instead of settling.`,
    evidence, { lr }, `Lower the learning rate to ${fmt(lr)}.`);
}

// Dead before any step, on inputs that are not centred (all positive, say):
// the first layer's sums share a sign for most samples, so about half its
// units output zero for all of them. Standardizing is the cure, not a new activation.
function deadFromUncentred(config, h, widths) {
  const r0 = h[0];
  const l0 = r0.layers[0];
  const uncentred = !config.standardize && Math.abs(r0.input_mean) > 0.5 * r0.input_rms;
  if (!uncentred || !(l0.dead_frac > T.DEAD_AT_INIT)) return null;
  const dead = Math.round(l0.dead_frac * widths[0]);
  return finding('dead_units', 0.8, 0, 'Dead ReLUs from the start: the inputs are not centred',
    `The inputs average ${fmt(r0.input_mean)} (rms ${fmt(r0.input_rms)}), far from 0, so the first layer's sums share a sign and ` +
    `${dead} of its ${widths[0]} units output zero for every sample before any training. They pass no gradient and never recover.`,
    [ev('layer1_dead', l0.dead_frac, '>', T.DEAD_AT_INIT, 0, 'ours: a fresh layer on centred inputs has none dead',
      { field: 'layers.0.dead_frac', layer: 1, units: widths[0], dead }),
    ev('input_mean', r0.input_mean, r0.input_mean > 0 ? '>' : '<', Math.sign(r0.input_mean) * 0.5 * r0.input_rms, 0,
      'ours: inputs not centred (their mean over half their rms)')],
    { standardize: 1 }, 'Standardize the inputs (z-score them), so that each feature is centred on 0.');
}

function deadUnits(config, h, s) {
  if (s.noInputs) return null;
  if (s.E < 1 || !layerActivations(config).includes('relu') || !s.hidden.length) return null;
  const widths = layerWidths(config); // each hidden layer's units
  const uncentred = deadFromUncentred(config, h, widths);
  if (uncentred) return uncentred;
  const layers = s.hidden.map((l, i) => ({ i, dead: l.dead_frac })).filter((l) => l.dead > T.DEAD_LAYER);
  if (!layers.length) return null;
  const list = layers.map((l) => `layer ${l.i + 1}: ${Math.round(l.dead * widths[l.i])} of ${widths[l.i]}`).join(', ');
  const firstAt = h.find((r) => r.epoch > 0 && r.layers.slice(0, -1).some((l) => l.dead_frac > T.DEAD_LAYER)).epoch;
  // Killed by the step size: alive at initialisation, dead within the first
  // epochs, while each step moved the weights by more than 1%.
  const aliveAtInit = h[0].layers.slice(0, -1).every((l) => l.dead_frac <= T.DEAD_LAYER);
  const early = h.slice(1, Math.min(h.length, 4));
  const bigSteps = early.some((r) => r.update_ratio >= T.UPDATE_RATIO_KILLS);
  const byRate = aliveAtInit && firstAt <= 3 && bigSteps;
  const all = layers.some((l) => l.dead >= 1);
  const evidence = layers.map(({ i, dead }) => ev(`layer${i + 1}_dead`, dead, '>', T.DEAD_LAYER, s.E,
    'TheDeepChecker, SageMaker Debugger: a layer with over 50% dead units',
    { field: `layers.${i}.dead_frac`, layer: i + 1, units: widths[i], dead: Math.round(dead * widths[i]) }));
  if (byRate) {
    const biggest = early.reduce((a, r) => (r.update_ratio > a.update_ratio ? r : a));
    evidence.push(ev('update_ratio', biggest.update_ratio, '>=', T.UPDATE_RATIO_KILLS, biggest.epoch, 'Karpathy: healthy ratio ~1e-3; ten times that'));
  }
  const lr = niceRate(config.lr / 10);
  // Leaky ReLU where the ReLUs are (the core counts dead units in ReLU layers only).
  const leaky = layerActivations(config).map((a) => (a === 'relu' ? 'leaky_relu' : a));
  const fix = byRate ? { lr } : config.activations ? { activations: leaky.join(',') } : { activation: 'leaky_relu' };
  return finding('dead_units', all ? 0.9 : 0.75, firstAt, 'Dead ReLUs',
    `Units that output zero for every validation sample pass no gradient, so they never recover (${list} dead). ` +
    (all ? 'A layer with every unit dead makes the output the same for every input: the net predicts one class. ' : '') +
    (byRate ? `They died in the first ${firstAt === 1 ? 'epoch' : `${firstAt} epochs`}, when steps of learning rate ${fmt(config.lr)} pushed their biases negative.` : ''),
    evidence, fix, byRate ? `Lower the learning rate to ${fmt(lr)}.` : 'Use leaky ReLU, which keeps a small gradient below zero.');
}

function vanishing(config, h, s) {
  if (s.noInputs) return null;
  if (s.E < 1 || s.hidden.length < 2) return null;
  if (s.hidden.some((l) => l.dead_frac > T.DEAD_LAYER)) return null; // dead units explain it
  const ratios = h.slice(1).map((r) => r.grad_ratio).filter(Number.isFinite);
  const low = ratios.filter((g) => g < T.GRAD_RATIO_VANISH);
  if (low.length * 2 <= ratios.length) return null;
  const r = s.last;
  const norms = r.layers.map((l) => fmt(l.grad_norm)).join(', ');
  const rectified = layerActivations(config).every((a) => a === 'relu' || a === 'leaky_relu');
  const fix = rectified ? { init: 'he_uniform' } : { ...everyLayer(config, 'relu'), init: 'he_uniform' };
  const at = h.find((x) => x.epoch > 0 && x.grad_ratio < T.GRAD_RATIO_VANISH)?.epoch ?? 1;
  return finding('vanishing_gradients', 0.85, at, 'Vanishing gradients',
    `The gradient shrinks on its way down through ${s.hidden.length} ${activationWords(config)} layers: the first layer gets ${fmt(r.grad_ratio)} of the last one's ` +
    `(norms from first to last: ${norms}), so the early layers barely change.`,
    [ev('grad_ratio', h[at].grad_ratio, '<', T.GRAD_RATIO_VANISH, at, 'AutoTrainer: first/last layer gradient norm < 1e-3')],
    fix, fix.activation ? 'Use ReLU with He initialization, whose gradient keeps its size through the layers.' : 'Use He initialization, scaled for ReLU.');
}

function lrTooLow(config, h, s) {
  if (s.noInputs) return null;
  if (s.E < 3 || !Number.isFinite(s.medianRatio)) return null;
  const strong = s.medianRatio < T.UPDATE_RATIO_LOW;
  // Steps below Karpathy's healthy size on a curve that barely moved: possibly
  // the rate. (On a file whose labels carry nothing, one run cannot tell the
  // two apart; a higher rate then does no harm either.)
  const weak = !strong && s.medianRatio < T.UPDATE_RATIO_GOOD && s.progress < T.NOT_MOVED && !s.randomLabels;
  if (!strong && !weak) return null;
  // Small steps, but it got there: learned, and the curve has levelled (a
  // slow, steady fall just past chance is the rate, not the end).
  if (strong && s.learned && s.levelled) return null;
  // Up by a decade when the steps are far too small, three times otherwise: a
  // step, not an extrapolation to the end of the range.
  const lr = niceRate(config.lr * (strong ? 10 : 3));
  if (!(lr > config.lr)) return null;
  if (lr >= 10) return null;
  return finding('lr_too_low', strong ? 0.85 : 0.55, 1, 'Learning rate too low',
    `Each step changes the weights by ${fmt(s.medianRatio)} of their size (healthy is about 0.001), so after ${s.steps} steps the training loss has come ${pct(Math.max(0, s.progress))} of the way from ${fmt(s.first.train_loss)}.`,
    [ev('median_update_ratio', s.medianRatio, '<', strong ? T.UPDATE_RATIO_LOW : T.UPDATE_RATIO_GOOD, s.E,
      strong ? 'TheDeepChecker: log10(update/weight) < −4' : 'Karpathy: healthy update/weight ratio ~1e-3', { field: null })],
    { lr }, `Raise the learning rate to ${fmt(lr)}.`);
}

function tooFewSteps(config, h, s) {
  if (s.noInputs) return null;
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

// A hidden layer narrower than K − 1 bounds the rank of the logits: the
// class scores of every input lie in a space of that many dimensions, too
// few for K classes in general (Yang et al., "Breaking the Softmax
// Bottleneck", ICLR 2018). Named as soon as the run has a few epochs and the
// network still fits few of its own training samples, not once it levelled.
function bottleneckFinding(config, s, narrowest) {
  const K = s.K;
  const r = s.last;
  if (config.depth === 0 || narrowest >= K - 1 || !(r.train_acc < T.FIT_ACC) || s.randomLabels) return null;
  const widths = layerWidths(config);
  const wider = Math.min(1024, Math.max(32, 4 * narrowest, 2 * K));
  const fix = config.widths ? { widths: widths.map((w) => Math.max(w, wider)).join(',') } : { width: Math.max(config.width, wider) };
  return finding('too_little_capacity', 0.75, T.WINDOW_MIN, 'Too little capacity: a layer narrower than the classes',
    `A hidden layer of ${narrowest} unit${narrowest === 1 ? '' : 's'} passes ${narrowest} number${narrowest === 1 ? '' : 's'} per sample to the output, ` +
    `too few to score ${K} classes independently, and after ${s.E} epochs the network fits ${pct(r.train_acc)} of its own training samples.`,
    [ev('width', narrowest, '<', K - 1, 0, 'Yang et al. 2018: logits of rank at most the layer width (+1)'),
      ev('train_acc', r.train_acc, '<', T.FIT_ACC, s.E, 'ours')],
    fix, fix.widths ? `Widen the layers to ${fix.widths} units.` : `Widen the layers to ${fix.width} units.`);
}

function capacity(config, h, s) {
  if (config.depth === 0 && NEEDS_HIDDEN[config.dataset] && s.E >= 1) {
    const r = s.last;
    return finding('too_little_capacity', 0.9, 1, 'Too little capacity: a linear model',
      `With no hidden layer the network draws straight boundaries, and no straight line separates ${NEEDS_HIDDEN[config.dataset]}: ` +
      `training accuracy ${pct(r.train_acc)}, validation loss ${againstChance(s, r)}.`,
      [ev('depth', 0, '=', 0, 0, `data.c: ${config.dataset} is not linearly separable`)],
      { depth: 1, width: Math.max(32, config.width) }, `Add a hidden layer of ${Math.max(32, config.width)}.`);
  }
  if (s.E < T.WINDOW_MIN || s.noInputs) return null;
  const widths = layerWidths(config);
  const narrowest = config.depth === 0 ? 0 : Math.min(...widths); // the bottleneck
  const bottleneck = bottleneckFinding(config, s, narrowest);
  if (bottleneck) return bottleneck;
  const small = narrowest <= T.SMALL_WIDTH;
  // Levelled after some progress, or never moved although the steps had a
  // healthy size (a small step size is the rate's finding).
  const stuck = s.levelled && s.progress >= T.NOT_MOVED || s.progress < T.NOT_MOVED && s.medianRatio >= T.UPDATE_RATIO_GOOD;
  const r = s.last;
  // Read on the accuracy: not on regression data, which has none.
  if (!small || !stuck || !(r.train_acc < T.FIT_ACC) || r.train_acc - r.val_acc >= T.ACC_GAP || s.randomLabels) return null;
  const wider = (w) => Math.min(1024, Math.max(32, w * 4));
  let fix = { width: wider(config.width) };
  if (config.depth === 0) fix = { depth: 1, width: Math.max(32, config.width) };
  else if (config.widths) fix = { widths: widths.map(wider).join(',') };
  const net = config.depth === 0 ? 'no hidden layer (a linear model)'
    : `${config.depth} hidden layer${config.depth > 1 ? 's' : ''} of ${config.widths ? widths.join(', ') : config.width}`;
  const levelled = s.levelled && s.progress >= T.NOT_MOVED;
  return finding('too_little_capacity', 0.7, s.E - s.w, 'Too little capacity',
    `With ${net} the training loss ${levelled ? `has levelled off at ${fmt(r.train_loss)} (it fell ${pct(Math.max(0, s.recentFall))} over the last ${s.w} epochs)`
      : `has not moved (${pct(Math.max(0, s.progress))} of the way from its start) although the steps have a healthy size`} ` +
    `and the network fits only ${pct(r.train_acc)} of its own training samples: it cannot draw the boundary this data needs.`,
    [levelled ? ev('train_loss_fall', s.recentFall, '<', T.STAGNANT_FALL, s.E, 'TheDeepChecker: stagnant below 5% per period')
      : ev('progress', s.progress, '<', T.NOT_MOVED, s.E, 'ours: the training loss\'s fall from its start'),
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
  // It had learned something: its best loss below chance, or an accuracy above it at some epoch.
  const everLearned = s.minVal < s.chance || h.some((x) => x.val_acc > s.chanceAcc + s.accBand);
  // The spread is the best epoch's: the same validation samples compared at two
  // epochs, and overfitting's own confident mistakes inflate the last one's.
  const margin = Math.max(T.VAL_RISE * s.minVal, s.band(best));
  // Overfitting fits the training samples: training accuracy above chance, and training loss below validation's.
  const fits = r.train_acc > s.chanceAcc + s.accBand && r.train_loss < r.val_loss;
  const rising = rise > margin && r.train_loss < best.train_loss && fits && everLearned;
  if (!rising) return null;
  const evidence = [ev('val_rise', rise, '>', margin, r.epoch,
    `SageMaker Debugger: 10% rise (from epoch ${s.minValAt}'s best); and that epoch's sampling spread`, { field: null })];
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
  if (s.regression) {
    const from = h.find((x) => x.epoch > 0 && x.val_loss < s.chance - s.band(x))?.epoch ?? s.E;
    return finding('healthy', 0.8, from, 'Learning well',
      `Validation loss ${againstChance(s, r)}: ${pct(1 - r.val_loss / s.chance)} less than that baseline; mean absolute error ${fmt(r.val_mae)}.`,
      [ev('val_loss', h[from].val_loss, '<', s.chance - s.band(h[from]), from, `chance − z·sd/√n (chance: ${s.chanceWords})`)], null, null);
  }
  if (r.val_acc > s.chanceAcc + s.accBand) {
    const from = h.find((x) => x.epoch > 0 && x.val_acc > s.chanceAcc + s.accBand)?.epoch ?? s.E;
    return finding('healthy', 0.8, from, 'Learning well',
      `Validation accuracy ${pct(r.val_acc)} against ${pct(s.chanceAcc)} by chance; validation loss ${againstChance(s, r)}.`,
      [ev('val_acc', h[from].val_acc, '>', s.chanceAcc + s.accBand, from, 'the largest class share + z·√(p(1−p)/n)')], null, null);
  }
  // Accuracy within the spread of always answering the largest class: the loss shows the learning.
  return finding('healthy', 0.7, s.E, 'Learning well (the loss shows it, the accuracy cannot)',
    `Validation loss ${againstChance(s, r)}. Accuracy says little here: one class has ${pct(s.chanceAcc)} of the rows, so always answering it ` +
    `scores ${pct(s.chanceAcc)}, and ${pct(r.val_acc)} is within the spread of that for ${s.nVal} validation samples.`,
    [ev('val_loss', r.val_loss, '<', s.chance - s.band(r), s.E, `chance − z·sd/√n (chance: ${s.chanceWords})`),
      ev('val_acc', r.val_acc, 'within', [Math.max(0, s.chanceAcc - s.accBand), Math.min(1, s.chanceAcc + s.accBand)], s.E, 'the largest class share ± z·√(p(1−p)/n)')],
    null, null);
}

const RULES = [diverged, outputMismatch, unscaledTargets, dropoutTooStrong, noSignal, memorizing, unscaledInputs, lrTooHigh, deadUnits, vanishing, lrTooLow,
  tooFewSteps, capacity, overfitting, stillLearning];

/**
 * The findings for a run, most important first: [{ cause, confidence (0..1),
 * epoch (where it first showed), title, text, evidence: [{ name, value, op,
 * threshold, epoch, source }], fix ({ key: value } or null), fixText }].
 * config: the run's settings ({ key: value }); history: its records;
 * diverged: where the core stopped a run that diverged (Trainer.diverged), or null.
 */
export function diagnose(config, history, diverged = null, { strict = false } = {}) {
  if (!history || history.length === 0) return [];
  const s = summarize(config, history, diverged);
  if (s.finite >= 0) return [diverged(config, history, s)]; // nothing else is measurable after a NaN
  // A finding's words are written from its evidence; one whose evidence does
  // not hold at the epoch it names (or does not match that epoch's record)
  // is a bug: it is not shown, and with `strict` (the tests) it throws.
  const consistent = (f) => f.evidence.every((e) => {
    const ok = evidenceHolds(e) && (e.field === null || Object.is(recordValue(history, e), e.value));
    if (!ok && strict) throw new Error(`doctor: ${f.cause}'s evidence ${e.name} ${e.value} ${e.op} ${JSON.stringify(e.threshold)} at epoch ${e.epoch} does not hold`);
    return ok;
  });
  const out = RULES.map((rule) => rule(config, history, s)).filter((f) => f && consistent(f));
  const has = (cause) => out.some((f) => f.cause === cause);
  // The fix of one finding must not undo another's: no higher rate beside a
  // finding that blames a high one.
  const high = has('lr_too_high') || out.some((f) => f.cause === 'dead_units' && f.fix?.lr);
  // A weak rate finding only stands where nothing measured explains the flat curve.
  const explained = ['no_signal', 'vanishing_gradients', 'dead_units', 'too_few_steps', 'unscaled_inputs',
    'too_little_capacity', 'unscaled_targets'].some(has);
  // An output the loss cannot read is no matter of rate: no rate finding beside it.
  const mismatch = has('output_loss_mismatch');
  const kept = out.filter((f) => !(high && f.fix?.lr > config.lr) && !(explained && f.cause === 'lr_too_low' && f.confidence < 0.6) &&
    !(mismatch && ['lr_too_low', 'too_few_steps', 'still_learning'].includes(f.cause)));
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
  // Flat at chance: said whatever else holds (a fix that does not move it leaves the experiments).
  const flat = !(s.E >= 1 && s.healthy) && learnedNothing(config, history, s, kept.length > 0);
  if (flat) kept.push(flat);
  kept.sort((a, b) => (b.confidence >= 0.5) - (a.confidence >= 0.5) || PRIORITY.indexOf(a.cause) - PRIORITY.indexOf(b.cause));
  // A fact about the file rather than a fault of training: said after the rest.
  const empty = emptyClasses(config, history, s);
  if (empty && consistent(empty)) kept.push(empty);
  return oneFirstStep(kept, config);
}

/**
 * The first finding is the place to start (lead: true) with its fix; the
 * others are "also seen", and keep a fix only where it agrees with every fix
 * before it (no key set to two values: one learning rate on the page).
 */
function oneFirstStep(findings, config) {
  const set = {};
  return findings.map((f, i) => {
    const out = { ...f, lead: i === 0 };
    if (!f.fix) return out;
    const clash = Object.entries(f.fix).some(([k, v]) => Object.hasOwn(set, k) && set[k] !== v);
    if (clash) return { ...out, fix: null, fixText: `${f.fixText ? `${f.fixText.replace(/\.$/, '')}: but ` : ''}first try the fix above, which sets ${Object.keys(f.fix).filter((k) => Object.hasOwn(set, k)).join(', ')} otherwise.` };
    Object.assign(set, f.fix);
    return out;
  });
}

/**
 * Never silent on a flat curve: data with signal, a validation loss still at
 * chance after a few epochs, and no cause that holds. It says so, and offers
 * the experiments that split the causes (Karpathy's recipe, TheDeepChecker).
 */
function learnedNothing(config, h, s, others = false) {
  if (s.randomLabels || s.E < 3 || s.learned) return null;
  const r = s.last;
  const [lo, hi] = chanceBand(s, r);
  // At chance, or above it (worse than guessing on new samples: fitting the training rows only).
  if (!(r.val_loss >= lo)) return null;
  // Since when: the first epoch from which validation stayed at or above the band's floor (at the earliest 3).
  let since = s.E;
  while (since > 3 && h[since - 1].val_loss >= lo) since--;
  return finding('learned_nothing', 0.7, since, 'Learned nothing yet',
    `After ${s.E} epochs the validation loss is ${againstChance(s, r)}: the network predicts no better than guessing on new samples` +
    `${others ? '. If the fix above does not move it, three' : ', and no single cause stands out. Three'} experiments split the causes: shuffled labels (do the labels carry anything?), zeroed inputs (does the loss depend on the data at all?) ` +
    'and fitting a tiny subset (can the model and the optimizer learn anything?).',
    [place('val_loss', r.val_loss, [lo, hi], r.epoch, `chance ± z·sd/√n (chance: ${s.chanceWords})`)],
    null, 'Run the three experiments that split the causes.', { experiments: ['shuffled-labels', 'zero-inputs', 'overfit-tiny'] });
}

// Labels that skip a class (0, 2 and 3, say; labels 1 to K are read from 1): the output has a
// class no row trains toward. Said out loud; chance counts only the classes
// that have rows.
function emptyClasses(config, h, s) {
  const n = h[0].empty_classes;
  if (!(n > 0)) return null;
  const rows = config.classes - n;
  return finding('empty_classes', 0.4, 0, `${n === 1 ? 'A class has' : `${n} classes have`} no rows`,
    `The labels are read as classes 0 to ${config.classes - 1}, and ${n} of these ${config.classes} classes ${n === 1 ? 'has' : 'have'} no training row: ` +
    `the output layer has ${n === 1 ? 'a unit' : 'units'} that nothing trains toward. Chance here counts the ${rows} classes that have rows ` +
    `(${fmt(s.chance)}). If the labels are codes with a gap (0, 2, 3), number them 0 to ${rows - 1} without one; if a class is missing by chance, it needs rows.`,
    [ev('empty_classes', n, '>', 0, 0, 'the core: classes with no training label', { field: 'empty_classes' })],
    null, null);
}
