// model-rules.js: the doctor's rules about the model as the user wrote it
// (issue 22): an output and a loss that do not fit each other, regression
// targets far from unit scale, dropout too strong to fit. Each returns a
// finding or null, as doctor.js's rules do, from the config and the history
// the core recorded; doctor.js runs them with its own. No DOM.

import { OWN_OUTPUT, outputOf } from '../engine/settings.js';
import { T, againstChance, chanceBand, ev, finding, fmt, pct, place } from './evidence.js';

// --- the output and its loss ------------------------------------------------------

const RANGE = { sigmoid: 'values between 0 and 1', softmax: 'shares that sum to 1', tanh: 'values between −1 and 1', relu: 'values of 0 or more' };

/** The Keras lines of an output and a loss: Dense(1, activation="sigmoid") and loss="binary_crossentropy". */
export function kerasOutput(units, act, loss) {
  return `Dense(${units}${act === 'linear' ? '' : `, activation="${act}"`}) with loss="${loss}"`;
}

// What is wrong with an output and a loss that do not fit each other, or null.
// The cause answers to real questions about stuck losses name most often.
function mismatchOf(o, logits) {
  const own = OWN_OUTPUT[o.loss];
  if (o.act === 'softmax' && o.units === 1) {
    return 'A softmax over one unit divides the unit by itself: it outputs 1 for every input, so the loss is the same whatever the weights and its gradient is exactly 0';
  }
  if (logits && (o.act === 'softmax' || o.act === 'sigmoid')) {
    return `The loss is told from_logits, so it applies its own ${o.loss === 'binary_crossentropy' ? 'sigmoid' : 'softmax'}, but the output is already a ${o.act}: ` +
      `it squashes probabilities between 0 and 1 a second time, so the predictions can never be confident and the loss can barely fall (PyTorch's nn.Softmax before nn.CrossEntropyLoss does the same)`;
  }
  if (o.regression && o.act !== 'linear') {
    return `The targets are real numbers, but a ${o.act} output gives only ${RANGE[o.act]}: every target outside that range is out of reach`;
  }
  const cross = o.loss === 'binary_crossentropy' || o.loss === 'sparse_categorical_crossentropy';
  if (!logits && cross && o.act !== own && !(o.act === 'softmax' && o.units > 1 && o.loss === 'binary_crossentropy')) {
    const reads = `${o.loss} reads the output as ${o.loss === 'binary_crossentropy' ? 'a probability' : 'class probabilities'}`;
    if (o.act === 'sigmoid') {
      return `${reads}, shares of one distribution, but sigmoid units each give a probability of their own: the loss renormalizes them, ` +
        'and a unit pushed toward 0 or 1 passes almost no gradient back';
    }
    return `${reads}, but a ${o.act} output is not one: its values below 10⁻⁷ or above 1 − 10⁻⁷ (Keras's epsilon) are clipped there, ` +
      `where no gradient passes${o.act === 'relu' ? ' (every negative sum gives 0, so a unit can be stuck there for good)' : ''}, and the rest are read as probabilities they are not`;
  }
  return null;
}

export function outputMismatch(config, h, s) {
  const o = outputOf(config, s.regression);
  const logits = Boolean(config.from_logits);
  const what = mismatchOf(o, logits);
  if (!what) return null;
  const own = OWN_OUTPUT[o.loss];
  const fix = {};
  if ((config.output ?? 'auto') !== 'auto') fix.output = 'auto';
  if (logits) fix.from_logits = 0;
  const r = s.last;
  const L = r.layers ? r.layers.length - 1 : -1;
  const evidence = [ev('output', `${o.act} on ${o.units} unit${o.units === 1 ? '' : 's'}${logits ? ', from_logits' : ''}`, 'is', `not ${own} for ${o.loss}`, 0,
    `Keras: ${o.loss} expects a ${own} output${o.loss.endsWith('crossentropy') ? ' (or a linear one with from_logits=True)' : ''}`)];
  const g = L >= 0 ? r.layers[L].grad_norm : NaN;
  if (s.E >= 1 && g === 0) {
    evidence.push(ev('output_grad_norm', g, '=', 0, r.epoch, 'the core: the output layer\'s gradient norm over the epoch\'s steps', { field: `layers.${L}.grad_norm` }));
  }
  if (s.E >= 1) evidence.push(place('val_loss', r.val_loss, chanceBand(s, r), r.epoch, `chance ± z·sd/√n (chance: ${s.chanceWords})`));
  const stuck = !s.healthy;
  return finding('output_loss_mismatch', stuck ? 0.9 : 0.5, 0, 'The output and the loss do not fit each other',
    `${what}. The run ${stuck ? `shows it: validation loss ${againstChance(s, r)}` : `learns all the same (validation loss ${againstChance(s, r)}), but slower and less surely than it would`}.`,
    evidence, Object.keys(fix).length ? fix : null,
    `End the model in ${kerasOutput(o.units === 1 && o.act === 'softmax' && o.loss === 'binary_crossentropy' ? 1 : o.units, own, o.loss)}` +
    `${logits ? ' and drop from_logits=True' : ''}: the output ${o.loss} was made for.`);
}

// Regression targets far from the unit scale a new network's outputs start on:
// a spread in the thousands, or a centre far from 0. The output layer's
// weights must grow by that much, one small step at a time.
export function unscaledTargets(config, h, s) {
  if (!s.regression || config.standardize_targets) return null;
  const mse = (config.loss ?? 'mse') === 'mse';
  const spread = mse ? Math.sqrt(s.chance) : s.chance; // the targets' sd (mse), their mean distance to the median (mae)
  const start = h[0].train_loss; // the untrained outputs sit near 0: this is the targets' distance from 0
  const wide = spread > T.TARGET_SPREAD_HIGH;
  const far = start >= T.INIT_LOSS_FACTOR * s.chance && start > (mse ? T.TARGET_SPREAD_HIGH ** 2 : T.TARGET_SPREAD_HIGH);
  if (!wide && !far) return null;
  const evidence = [];
  if (wide) evidence.push(ev('target_spread', spread, '>', T.TARGET_SPREAD_HIGH, 0, `ours: a Glorot-initialised network's outputs start within about ±1, and the targets' ${mse ? 'standard deviation (√ of the constant prediction\'s mse)' : 'mean distance to their median'} is ten times that`));
  if (far) evidence.push(ev('initial_loss', start, '>=', T.INIT_LOSS_FACTOR * s.chance, 0, 'TheDeepChecker: an initial loss off the constant prediction\'s by that much again', { field: 'train_loss' }));
  const r = s.last;
  const stuck = !s.healthy;
  return finding('unscaled_targets', stuck ? 0.85 : 0.5, 0, 'Targets far from unit scale',
    `${wide ? `The targets spread over about ±${fmt(spread)}` : 'The targets sit far from 0'} while the untrained network outputs values near 0: ` +
    `its first loss was ${fmt(start)} against ${fmt(s.chance)} for always predicting the ${mse ? 'mean' : 'median'}, and the output layer's weights must grow ` +
    `${wide ? `about ${fmt(spread)} times` : 'far'} larger one small step at a time (steps that move the other layers about too). ` +
    `${stuck ? `After ${s.E} epochs the validation loss is ${againstChance(s, r)}.` : `It gets there (validation loss ${againstChance(s, r)}), slowly.`}`,
    evidence, { standardize_targets: 1 },
    'Standardize the targets (a StandardScaler on y, whose inverse turns predictions back into the data\'s units): the losses are then in standard deviations of the target.');
}

// Dropout so strong the network cannot fit its own training set: the training
// pass, with units dropped, scores worse than the whole network on new samples
// (dropout's signature: overfitting is the other way round), and the training
// accuracy stays low. Read on the accuracy: not on regression data.
export function dropoutTooStrong(config, h, s) {
  const rates = config.dropout ? String(config.dropout).split(',').map(Number) : [];
  const strongest = rates.length ? Math.max(...rates) : 0;
  if (strongest < T.DROPOUT_STRONG || s.E < T.WINDOW_MIN || s.randomLabels) return null;
  const r = s.last;
  if (!(r.train_acc < T.FIT_ACC) || !(r.train_loss > r.val_loss)) return null;
  const lighter = rates.map((v) => Math.round(v / 4 * 20) / 20); // a quarter, to 0.05
  const fix = { dropout: lighter.every((v) => v === lighter[0]) ? String(lighter[0]) : lighter.join(',') };
  return finding('dropout_too_strong', 0.75, s.E, 'Dropout too strong to fit',
    `Dropout of ${pct(strongest)} drops that share of the units on every step, and the network fits only ${pct(r.train_acc)} of its own training samples: ` +
    `its training loss (${fmt(r.train_loss)}, with units dropped) stays above the validation loss (${fmt(r.val_loss)}, with all of them), ` +
    'so it is not overfitting that holds it back, but the noise the dropout adds.',
    [ev('dropout', strongest, '>=', T.DROPOUT_STRONG, 0, 'ours: Srivastava et al. (2014) used 0.5 on hidden layers of thousands of units; small networks take less'),
      ev('train_acc', r.train_acc, '<', T.FIT_ACC, s.E, 'ours'),
      ev('train_loss', r.train_loss, '>', r.val_loss, s.E, 'dropout\'s signature: overfitting is the other way round')],
    fix, `Lower the dropout to ${fix.dropout}${rates.length > 1 ? ' (a quarter of each rate)' : ''}: Dropout(${lighter[0]}) in the code.`);
}
