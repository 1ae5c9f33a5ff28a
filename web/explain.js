// explain.js: says in words what the curves show. It reads the run's settings
// and the metrics the core computed, compares them with plain thresholds, and
// returns at most three findings, most important first. No math of its own.

const LEARNABLE = new Set(['linear', 'teacher', 'spiral', 'circles', 'xor', 'gauss']);

const fmt = (v, d = 3) => (Number.isFinite(v) ? v.toFixed(d) : String(v));
const pct = (v) => `${Math.round(v * 100)}%`;

/**
 * config: the run's settings; run: RunData (charts.js) of the current run.
 * Returns [{ tone: 'info' | 'warn' | 'good', text }].
 */
export function explain(config, run) {
  const out = [];
  if (!run || run.length === 0) return [{ tone: 'info', text: 'Press Play to train the network.' }];
  const C = run.classes;
  const chance = Math.log(C);
  const n = run.length;
  const epoch = run.last('epoch');
  const train = run.last('train_loss');
  const val = run.last('val_loss');
  const valAcc = run.last('val_acc');
  const trainAcc = run.last('train_acc');
  const first = run.cols.val_loss[0];
  const dead = run.last('dead_frac');
  const ratio = run.last('update_ratio');
  const randomLabels = config.dataset === 'random' || config.label_noise >= 0.999;

  if (!Number.isFinite(train) || !Number.isFinite(val)) {
    out.push({ tone: 'warn', text: `The loss became ${Number.isFinite(val) ? 'infinite' : 'NaN'}: the weights blew up. Lower the learning rate (now ${config.lr}).` });
    return out;
  }
  if (randomLabels) {
    out.push({ tone: 'warn', text: `These labels are random, so there is nothing to learn: no model can bring the validation loss below chance, ln ${C} = ${fmt(chance)}. A flat validation curve here is the truth about the data, not a tuning problem. Pick a learnable data set to see the settings matter.` });
    if (epoch >= 5 && train < chance - 0.1 && val > chance + 0.05) {
      out.push({ tone: 'warn', text: `The training loss (${fmt(train)}) fell below chance while validation (${fmt(val)}) rose: the network is memorizing its training labels.` });
    }
  }
  if (first > 2 * chance) {
    const big = config.input_scale >= 10 && !config.standardize;
    out.push({ tone: 'warn', text: `The untrained network's loss was ${fmt(first, 1)}, far above chance (${fmt(chance)}): its logits are huge, so it starts out confidently wrong.${big ? ` Inputs ${config.input_scale} times larger do that; tick "Standardize inputs" to undo the scale.` : ''}` });
  }
  if (epoch >= 1 && dead >= 0.5 && (config.activation === 'relu' || config.activation === 'leaky_relu')) {
    out.push({ tone: 'warn', text: `${pct(dead)} of the hidden units are dead: they output zero for every validation input, so no gradient reaches them.${config.lr >= 0.03 ? ` A learning rate of ${config.lr} knocks ReLUs out in the first steps.` : ''}` });
  } else if (epoch >= 1 && dead >= 0.5) {
    out.push({ tone: 'warn', text: `${pct(dead)} of the hidden units are saturated on every validation input: their gradient is almost zero.` });
  }
  if (!randomLabels && LEARNABLE.has(config.dataset) && epoch >= 1) {
    const steps = Math.ceil(config.n_train / config.batch);
    // How much the training loss fell over the last (up to) 5 epochs, relative to now:
    // over 5% is still falling; a run that ends so is slow, not stuck.
    const back = run.cols.train_loss[Math.max(1, n - 6)];
    const falling = epoch >= 2 && (back - train) / train > 0.05;
    const finished = epoch >= config.epochs;
    if (epoch >= 3 && val > chance - 0.05) {
      out.push({ tone: 'warn', text: `Still at chance after ${epoch} epochs on data that can be learned. With batch ${config.batch} there ${steps === 1 ? 'is only 1 step' : `are only ${steps} steps`} per epoch at learning rate ${config.lr}; a smaller batch or a larger learning rate moves the weights more.` });
    } else if (trainAcc - valAcc > 0.1 && epoch >= 5) {
      out.push({ tone: 'info', text: `Training accuracy (${pct(trainAcc)}) is well above validation (${pct(valAcc)}): the network is overfitting. More data or an L2 penalty narrow the gap.` });
    } else if (valAcc < 0.9 && finished && falling) {
      out.push({ tone: 'info', text: `The losses were still falling when the run ended (training loss ${fmt(back)} to ${fmt(train)} over the last epochs): this network is slow, not stuck. More epochs or a larger learning rate take it further.` });
    } else if (!falling && epoch >= 5 && trainAcc < 0.85 && trainAcc - valAcc < 0.05 && config.width <= 16) {
      out.push({ tone: 'info', text: `Training accuracy has levelled off at ${pct(trainAcc)}: the network cannot fit even its training data. With ${config.width} units per layer it lacks the capacity; try a wider layer.` });
    } else if (valAcc > 1 / C + 0.1) {
      out.push({ tone: 'good', text: `The network is learning: validation accuracy ${pct(valAcc)} against ${pct(1 / C)} by chance, validation loss ${fmt(val)} against ${fmt(chance)}.` });
    }
  }
  if (epoch >= 1 && Number.isFinite(ratio) && ratio > 0) {
    if (ratio < 1e-5) out.push({ tone: 'info', text: `Each step changes the weights by ${ratio.toPrecision(2)} of their size: the learning rate is too small to move them.` });
    else if (ratio > 0.05) out.push({ tone: 'warn', text: `Each step changes the weights by ${pct(ratio)} of their size: steps that large make training erratic.` });
  }
  if (out.length === 0 && n > 0) {
    out.push({ tone: 'info', text: `Epoch ${epoch}: train loss ${fmt(train)}, validation loss ${fmt(val)} (chance ${fmt(chance)}).` });
  }
  return out.slice(0, 3);
}
