// parity.test.mjs: Flatline against TensorFlow.js Layers (pure-JS cpu backend),
// which implements Keras semantics. The same model gets Flatline's initial
// weights and data, trains with shuffling off, and per-epoch train_loss and
// val_loss must agree within 1e-4. TF.js clips probabilities in its built-in
// sparse cross-entropy where Keras on TensorFlow takes the logits, so the TF.js
// model ends in a linear layer and uses softmax cross-entropy from logits.
//
// Two more places where TF.js is not Keras, measured and handled here:
//  - TF.js's Adam divides by sqrt(v_hat) + epsilon after bias correction, so
//    its epsilon is effectively sqrt(1 - beta2^t) times Keras's. The parity
//    test gives TF.js an Adam with Keras's rule (KerasAdam below); a second
//    test bounds the difference to TF.js's own Adam.
//  - TF.js leaves the L2 penalty out of val_loss; Keras adds the model's
//    regularization losses when it evaluates, so the test adds it back.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import * as tf from '@tensorflow/tfjs';

import { engine } from './helpers.mjs';

await tf.setBackend('cpu');
const eng = await engine('simd');
const TOLERANCE = 1e-4;

// Between them: every activation, every optimizer, batch sizes that do not
// divide n_train, depth 0 and depth 3, L2 and a 2-D data set.
const CONFIGS = [
  { dataset: 'linear', depth: 0, optimizer: 'sgd', lr: 0.1, batch: 48, n_train: 500, n_val: 100 },
  { dataset: 'teacher', depth: 3, width: 16, activation: 'tanh', optimizer: 'adam', lr: 0.003, batch: 30, n_train: 400 },
  { dataset: 'spiral', depth: 2, width: 24, activation: 'sigmoid', optimizer: 'rmsprop', lr: 0.003, batch: 64, n_train: 300 },
  { dataset: 'linear', depth: 1, width: 32, activation: 'relu', optimizer: 'momentum', lr: 0.05, batch: 33, n_train: 400 },
  { dataset: 'gauss', depth: 2, width: 16, activation: 'leaky_relu', optimizer: 'adam', lr: 0.01, batch: 50, n_train: 410 },
  { dataset: 'xor', classes: 2, depth: 1, width: 16, activation: 'linear', optimizer: 'sgd', lr: 0.2, batch: 7, n_train: 200 },
  { dataset: 'random', depth: 2, width: 32, activation: 'relu', optimizer: 'adam', lr: 0.001, batch: 32, l2: 0.001, n_train: 300 },
];
// Batch normalization after and before the activation, with dropout off: TF.js
// implements Keras's BatchNormalization (biased variance, momentum 0.99,
// epsilon 1e-3), so the moving averages the validation loss uses are checked
// against an implementation that is not ours.
const NORM_CONFIGS = [
  { dataset: 'circles', depth: 2, width: 16, activation: 'relu', batchnorm: 'after', optimizer: 'adam', lr: 0.01, batch: 32, n_train: 320 },
  { dataset: 'teacher', depth: 3, width: 12, activation: 'sigmoid', batchnorm: 'before', optimizer: 'sgd', lr: 0.1, batch: 25, n_train: 300 },
  { dataset: 'spiral', depth: 2, width: 16, activation: 'tanh', batchnorm: 'before,after', optimizer: 'momentum', lr: 0.05, batch: 40, n_train: 410 },
  { dataset: 'gauss', depth: 2, width: 8, activation: 'leaky_relu', batchnorm: 'none,before', optimizer: 'rmsprop', lr: 0.003, batch: 64, n_train: 300, l2: 0.001 },
];
const EPOCHS = 5;

/** Keras's Adam: m += (g - m)(1 - b1); v += (g^2 - v)(1 - b2); w -= alpha m / (sqrt(v) + eps). */
class KerasAdam extends tf.Optimizer {
  static get className() { return 'KerasAdam'; }

  constructor(lr) {
    super();
    this.lr = lr;
    this.step = 0;
    this.moments = new Map();
  }

  applyGradients(variableGradients) {
    const named = Array.isArray(variableGradients)
      ? variableGradients : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    this.step++;
    const alpha = this.lr * Math.sqrt(1 - 0.999 ** this.step) / (1 - 0.9 ** this.step);
    tf.tidy(() => {
      for (const { name, tensor: g } of named) {
        const variable = tf.engine().registeredVariables[name];
        if (!this.moments.has(name)) {
          this.moments.set(name, [tf.variable(tf.zerosLike(variable), false), tf.variable(tf.zerosLike(variable), false)]);
        }
        const [m, v] = this.moments.get(name);
        m.assign(m.add(g.sub(m).mul(1 - 0.9)));
        v.assign(v.add(g.square().sub(v).mul(1 - 0.999)));
        variable.assign(variable.sub(m.mul(alpha).div(v.sqrt().add(1e-7))));
      }
    });
  }

  getConfig() { return { lr: this.lr }; }
}

const OPTIMIZERS = {
  adam: (lr) => new KerasAdam(lr),
  'tfjs-adam': (lr) => tf.train.adam(lr, 0.9, 0.999, 1e-7),
  sgd: (lr) => tf.train.sgd(lr),
  momentum: (lr) => tf.train.momentum(lr, 0.9),
  rmsprop: (lr) => tf.train.rmsprop(lr, 0.9, 0, 1e-7),
};

/** The Keras model of a Flatline trainer, with its current weights. */
function kerasModel(trainer, config) {
  const layers = trainer.layers();
  const act = config.activation ?? 'relu';
  const model = tf.sequential();
  const regularizer = config.l2 ? () => tf.regularizers.l2({ l2: config.l2 }) : () => undefined;
  const activation = () => (act === 'leaky_relu' ? tf.layers.leakyReLU({ alpha: 0.2 }) : tf.layers.activation({ activation: act }));
  layers.forEach((shape, l) => {
    const last = l === layers.length - 1;
    const tfAct = last || act === 'leaky_relu' || shape.norm === 'before' ? 'linear' : act;
    model.add(tf.layers.dense({
      units: shape.out, activation: tfAct, inputShape: l === 0 ? [shape.in] : undefined,
      kernelRegularizer: regularizer(),
    }));
    if (shape.norm === 'before') model.add(tf.layers.batchNormalization());
    if (!last && (act === 'leaky_relu' || shape.norm === 'before')) model.add(activation());
    if (shape.norm === 'after') model.add(tf.layers.batchNormalization());
  });
  // Flatline's one parameter block, Keras order: kernel (in x out), bias, then
  // a normalized layer's gamma and beta; the moving averages start at 0 and 1.
  // Set layer by layer: a TF.js model lists its trainable weights first.
  const params = trainer.getParams();
  const weights = [];
  for (const { in: i, out: o, at, norm } of layers) {
    weights.push([tf.tensor2d(params.slice(at, at + i * o), [i, o]), tf.tensor1d(params.slice(at + i * o, at + i * o + o))]);
    if (norm === 'none') continue;
    const g = at + i * o + o;
    weights.push([tf.tensor1d(params.slice(g, g + o)), tf.tensor1d(params.slice(g + o, g + 2 * o)), tf.zeros([o]), tf.ones([o])]);
  }
  model.layers.filter((layer) => layer.getWeights().length).forEach((layer, k) => layer.setWeights(weights[k]));
  model.compile({
    optimizer: OPTIMIZERS[config.optimizer ?? 'adam'](config.lr ?? 0.001),
    loss: (yTrue, logits) => tf.losses.softmaxCrossEntropy(yTrue, logits),
  });
  return model;
}

function tensors(trainer, split, classes) {
  const d = trainer.data(split);
  return [tf.tensor2d(d.x, [d.n, d.features]), tf.oneHot(tf.tensor1d(d.y, 'int32'), classes).toFloat()];
}

/** Trains config in both; returns the largest loss difference over the epochs. */
async function compare(base, optimizerName, tolerance) {
  const config = { ...base, epochs: EPOCHS, shuffle: 0 };
  const trainer = eng.createTrainer(config);
  const model = kerasModel(trainer, { ...config, optimizer: optimizerName ?? config.optimizer });
  const classes = config.classes ?? 3;
  const [x, y] = tensors(trainer, 'train', classes);
  const [xv, yv] = tensors(trainer, 'val', classes);
  const penalties = [];
  const kernels = model.layers.filter((l) => l.getClassName() === 'Dense').map((l) => l.kernel.val);
  const fit = await model.fit(x, y, {
    batchSize: config.batch, epochs: EPOCHS, shuffle: false, validationData: [xv, yv], verbose: 0,
    callbacks: {
      onEpochEnd: () => {
        penalties.push(config.l2 ? tf.tidy(() => kernels.reduce((s, k) => s + k.square().sum().dataSync()[0], 0)) * config.l2 : 0);
      },
    },
  });
  trainer.runAll();
  const ours = trainer.history().slice(1);
  let worst = 0;
  for (let e = 0; e < EPOCHS; e++) {
    const theirVal = fit.history.val_loss[e] + penalties[e];
    const dTrain = Math.abs(ours[e].train_loss - fit.history.loss[e]);
    const dVal = Math.abs(ours[e].val_loss - theirVal);
    worst = Math.max(worst, dTrain, dVal);
    const where = `${JSON.stringify(base)} epoch ${e + 1}`;
    assert.ok(dTrain < tolerance, `${where}: train_loss ${ours[e].train_loss} vs ${fit.history.loss[e]}`);
    assert.ok(dVal < tolerance, `${where}: val_loss ${ours[e].val_loss} vs ${theirVal}`);
  }
  trainer.free();
  tf.dispose([x, y, xv, yv]);
  model.dispose();
  return worst;
}

test('per-epoch train_loss and val_loss agree with TensorFlow.js within 1e-4', async () => {
  let worst = 0;
  for (const config of CONFIGS) worst = Math.max(worst, await compare(config, null, TOLERANCE));
  console.log(`parity: largest difference over ${CONFIGS.length} configs x ${EPOCHS} epochs: ${worst.toExponential(2)}`);
});

test('with batch normalization, after and before the activation: within 1e-4 of TensorFlow.js', async () => {
  let worst = 0;
  for (const config of NORM_CONFIGS) worst = Math.max(worst, await compare(config, null, TOLERANCE));
  console.log(`parity with batch normalization: largest difference over ${NORM_CONFIGS.length} configs x ${EPOCHS} epochs: ${worst.toExponential(2)}`);
});

test("TF.js's own Adam differs from Keras's only through epsilon: within 1e-3", async () => {
  let worst = 0;
  for (const config of CONFIGS.filter((c) => c.optimizer === 'adam')) {
    worst = Math.max(worst, await compare(config, 'tfjs-adam', 1e-3));
  }
  console.log(`parity with TF.js's own Adam: largest difference ${worst.toExponential(2)}`);
});
