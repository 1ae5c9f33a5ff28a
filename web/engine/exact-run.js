// exact-run.js: what an exact replica (web/code/codegen.js's scripts in exact mode)
// loads, as the core gives it: the network's inputs, labels (and, for the losses
// over output units, the targets), first weights,
// each epoch's batch order and the lab's own losses. Its own module, so that
// the training worker builds it without carrying the scripts' text.

export const RUN_FILE = 'flatline_run.json';
export const RUN_VERSION = 1;
// The most numbers a replica's file holds (about 50 MB of JSON).
export const MAX_NUMBERS = 4e6;

/**
 * What an exact script loads: the network's inputs (after input scale,
 * standardizing and the rest), the labels, the initial weights (kernel in x
 * out, as Keras holds it), each epoch's batch order, and the lab's own losses.
 * engine: a loaded Engine (holding the data for dataset csv); config complete.
 */
export function exactRun(engine, config) {
  const trainer = engine.createTrainer(config);
  try {
    const inputs = trainer.layers()[0].in;
    const c = trainer.config();
    const O = trainer.outputs;
    const perRow = inputs + 1 + (c.loss === 'sparse_categorical_crossentropy' ? 0 : O);
    const numbers = (c.n_train + c.n_val) * perRow + c.epochs * (c.train_subset || c.n_train) + trainer.paramCount;
    if (numbers > MAX_NUMBERS) {
      throw new RangeError(`export: an exact replica of this run holds ${(numbers / 1e6).toFixed(1)} million numbers ` +
        `(data, weights and ${c.epochs} batch orders), over ${MAX_NUMBERS / 1e6} million; fewer samples or epochs fit`);
    }
    const train = trainer.data('train');
    const val = trainer.data('val');
    const params = trainer.getParams();
    const rows = (d) => Array.from({ length: d.n }, (_, r) => Array.from(d.x.subarray(r * d.features, (r + 1) * d.features)));
    // Each layer's kernel and bias; a normalized layer's gamma, beta and moving
    // averages too, in Keras's order (get_weights) and as the core starts them.
    const stats = trainer.normStats();
    const layers = trainer.layers().map(({ in: I, out: O, at, norm }) => {
      const kernel = Array.from({ length: I }, (_, i) => Array.from(params.subarray(at + i * O, at + (i + 1) * O)));
      const bias = Array.from(params.subarray(at + I * O, at + I * O + O));
      if (norm === 'none') return { kernel, bias };
      const g = at + I * O + O;
      const { mean, variance } = stats.shift();
      return {
        kernel, bias, norm,
        gamma: Array.from(params.subarray(g, g + O)), beta: Array.from(params.subarray(g + O, g + 2 * O)),
        moving_mean: Array.from(mean), moving_variance: Array.from(variance),
      };
    });
    const orders = engine.batchOrders(config, config.epochs).map((o) => Array.from(o));
    trainer.runAll();
    const flatline = trainer.history().filter((r) => r.epoch >= 1)
      .map((r) => ({ epoch: r.epoch, train_loss: r.train_loss, val_loss: r.val_loss }));
    // The losses over units compare the outputs with targets: their rows, as the core holds them.
    const targets = (d) => Array.from({ length: d.n }, (_, r) => Array.from(d.targets.subarray(r * O, (r + 1) * O)));
    return {
      flatline_run: RUN_VERSION, config: c,
      x_train: rows(train), y_train: Array.from(train.y), x_val: rows(val), y_val: Array.from(val.y),
      ...(train.targets ? { t_train: targets(train), t_val: targets(val) } : {}),
      layers, orders, flatline,
    };
  } finally {
    trainer.free();
  }
}
