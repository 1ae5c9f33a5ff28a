// Room web/code/: your code and your data in, code and files out: the Keras
// reader (keras-import.js), the script writers (codegen.js,
// codegen-python.js), the exports (export.js) and the "Your code and your
// data" panel (bring-panel.js). It may use web/engine/ and web/ui/.
//
// codegen.js: the lab's run as a Python script to take home, for Keras 3 or
// PyTorch, in two modes (issue 11):
//   equivalent: the same data recipe, layers, initializers, optimizer with
//     Keras's values, loss from the logits, batch size, epochs, shuffle and
//     seed, so that the reader's run looks like the lab's within seed noise;
//   exact: the script loads flatline_run.json (exact-run.js: the network's inputs,
//     the initial weights and each epoch's batch order) and reproduces the
//     lab's per-epoch losses.
// Every script prints one JSON object per epoch ({epoch, train_loss,
// val_loss}), as the CLI does, and plots both losses when matplotlib is there.
// No DOM here: the page, the CLI and the tests share it.
import { KERAS_RULES, LOSS_TARGETS, MAKE_DATA, TORCH_LOSS } from './codegen-python.js';
import { KEYS_FROM_DATA } from '../engine/engine.js';
import { RUN_FILE } from '../engine/exact-run.js';
import { MAKE_DATA_KEYS, REGRESSION_SETS, dropoutRates, layerActivations, layerNorms, layerWidths, outputOf } from '../engine/settings.js';
import { FRAMEWORKS } from './frameworks.js';

export { FRAMEWORKS, exactScriptName } from './frameworks.js';
export { RUN_FILE };

/**
 * Text as a Python string literal that cannot end early, whatever it holds:
 * printable ASCII as it is, quotes and backslashes escaped, everything else
 * (newlines, control characters, non-ASCII, a lone surrogate) as \x, \u or
 * \U escapes of its code point. A file name, a path or a column name from a
 * user reaches a script only through this.
 */
export function pyString(text) {
  let out = '"';
  for (const ch of String(text)) {
    const c = ch.codePointAt(0);
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (c < 0x100) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c < 0x10000) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += `\\U${c.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

// A value as Python writes it; a key of kind 'bool' (the core's key table) as True or False.
const py = (kind, v) => (kind === 'bool' ? (v ? 'True' : 'False') : typeof v === 'string' ? pyString(v) : String(v));

/** Whether the post's own data lines (np.random.rand ... * s) say the config's data. */
export function postData(config) {
  return config.dataset === 'random' && MAKE_DATA_KEYS.every((k) =>
    ['features', 'classes', 'n_train', 'n_val', 'input_scale', 'seed', 'target_scale'].includes(k) || !config[k]);
}

// The data lines of an equivalent script; kinds: each key's kind.
// How the core read the CSV (Engine.dataSummary's choices) as read_csv_rows's arguments; none for a plain file.
function readingArgs(data) {
  if (!data) return [];
  const args = [];
  if (data.separator && data.separator !== ',') args.push(`sep=${pyString(data.separator)}`);
  if (data.label && data.label.column !== null && data.label.from !== 'last') args.push(`label=${data.label.column}`);
  const skip = (data.header ? 1 : 0) + (data.sklearnHeader ? 1 : 0);
  args.push(`skip=${skip}`);
  if (data.names && !data.sklearnHeader) args.push(`names=[${data.names.map(pyString).join(', ')}]`);
  if (data.labelBase) args.push(`base=${data.labelBase}`);
  if (data.indexDropped) args.push('drop_index=True');
  if (data.droppedRows > 0) args.push('drop_missing=True');
  return args;
}

function dataLines(config, dataFile, kinds, out, data) {
  if (postData(config)) {
    const scale = config.input_scale === 1 ? '' : ` * ${config.input_scale}`;
    const { features: F, classes: C } = config;
    return [
      `np.random.seed(${config.seed})`,
      `x_train = (np.random.rand(${config.n_train}, ${F})${scale}).astype(np.float32)`,
      `y_train = np.random.randint(0, ${C}, ${config.n_train})`,
      `x_val = (np.random.rand(${config.n_val}, ${F})${scale}).astype(np.float32)`,
      `y_val = np.random.randint(0, ${C}, ${config.n_val})`,
    ];
  }
  const args = [pyString(config.dataset)];
  for (const k of MAKE_DATA_KEYS) {
    if (config.dataset === 'csv' && KEYS_FROM_DATA.includes(k)) continue; // the file decides them
    args.push(`${k}=${py(kinds.get(k), config[k])}`);
  }
  if (config.dataset === 'csv') {
    args.push(`path=${pyString(dataFile ?? 'your_data.csv')}`, `val_share=${config.val_share}`);
    const reading = readingArgs(data);
    if (reading.length) args.push(`reading=dict(${reading.join(', ')})`);
  }
  if (REGRESSION_SETS.has(config.dataset)) args.push(`targets=${out.units}`);
  const lines = [`x_train, y_train, x_val, y_val = make_data(${args.join(', ')})`];
  if (out.loss !== 'sparse_categorical_crossentropy') {
    lines.push(LOSS_TARGETS.trim(), '',
      `y_train, y_val = loss_targets(y_train, ${out.units}), loss_targets(y_val, ${out.units})  # what the ${out.loss} loss compares the outputs with`);
  }
  return lines;
}

// The header: what the script is, and every key's value, so that nothing is left unsaid.
function header(framework, config, exact, keys) {
  const mode = exact
    ? `Exact mode: loads ${RUN_FILE} (the lab's inputs, initial weights and batch orders)\nand reproduces its per-epoch losses.`
    : 'Equivalent mode: the same recipe, model and training settings as the lab;\nits curves match the lab\'s within seed noise, not to the digit.';
  const names = keys.map((k) => k.name).filter((k) => k !== 'step_log');
  const lines = [];
  let line = '#';
  for (const k of names) {
    const part = ` ${k}=${config[k] === '' ? '""' : config[k]}`;
    if (line.length + part.length > 88) { lines.push(line); line = '#'; }
    line += part;
  }
  lines.push(line);
  return [
    `"""Flatline's run as a ${framework === 'keras' ? 'Keras 3' : 'PyTorch'} script.`,
    '',
    mode,
    'Prints one JSON object per epoch: {"epoch", "train_loss", "val_loss"}, as',
    "Flatline's command line does, then plots both losses if matplotlib is installed.",
    '"""',
    '# The lab\'s settings, every key:',
    ...lines,
  ];
}

const KERAS_OPTIMIZERS = {
  adam: (lr) => `keras.optimizers.Adam(learning_rate=${lr}, beta_1=0.9, beta_2=0.999, epsilon=1e-07)`,
  sgd: (lr) => `keras.optimizers.SGD(learning_rate=${lr}, momentum=0.0)`,
  momentum: (lr) => `keras.optimizers.SGD(learning_rate=${lr}, momentum=0.9)`,
  rmsprop: (lr) => `keras.optimizers.RMSprop(learning_rate=${lr}, rho=0.9, momentum=0.0, epsilon=1e-07)`,
};

const PLOT = [
  'try:',
  '    import matplotlib.pyplot as plt',
  '    plt.plot([r["epoch"] for r in rows], [r["train_loss"] for r in rows], label="train_loss")',
  '    plt.plot([r["epoch"] for r in rows], [r["val_loss"] for r in rows], label="val_loss")',
  '    plt.xlabel("epoch"), plt.ylabel("loss"), plt.legend()',
  '    plt.savefig("flatline_losses.png")',
  '    print("wrote flatline_losses.png", file=sys.stderr)',
  'except ImportError:',
  '    pass',
];

const COMPARE = [
  'worst = max(max(abs(r["train_loss"] - f["train_loss"]), abs(r["val_loss"] - f["val_loss"]))',
  '            for r, f in zip(rows, RUN["flatline"]))',
  'print(f"largest difference from Flatline\'s losses: {worst:.2e}", file=sys.stderr)',
];

// Keras's BatchNormalization in PyTorch. Torch's BatchNorm1d moves its running
// variance with the unbiased estimate and counts momentum the other way; Keras
// (and the lab) move the biased one by 1 - 0.99.
const TORCH_NORM = `
class KerasBatchNorm(nn.Module):
    """Keras's BatchNormalization (momentum 0.99, epsilon 1e-3): the batch's mean and
    biased variance while training, their moving averages when evaluating."""

    def __init__(self, units, momentum=0.99, epsilon=1e-3):
        super().__init__()
        self.momentum, self.epsilon = momentum, epsilon
        self.gamma = nn.Parameter(torch.ones(units))
        self.beta = nn.Parameter(torch.zeros(units))
        self.register_buffer("moving_mean", torch.zeros(units))
        self.register_buffer("moving_variance", torch.ones(units))

    def forward(self, x):
        if self.training:
            mean = x.mean(0)
            var = ((x - mean) ** 2).mean(0)
            with torch.no_grad():
                self.moving_mean.mul_(self.momentum).add_((1 - self.momentum) * mean)
                self.moving_variance.mul_(self.momentum).add_((1 - self.momentum) * var)
        else:
            mean, var = self.moving_mean, self.moving_variance
        return (x - mean) / torch.sqrt(var + self.epsilon) * self.gamma + self.beta
`;

// The dropout masks of the core (src/layers.c, mlp_dropout) in NumPy: each a pure
// function of the run's dropout key, the step, the row in the batch, the layer and
// the unit, so the replica drops the very units the lab dropped.
const TORCH_MASKS = `
M64 = (1 << 64) - 1

def mix64(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)

DROPOUT_KEY = mix64((SEED << 32 | 5) ^ 0x6A09E667F3BCC909)  # the core's dropout stream

def dropout_mask(step, rows, units, layer, rate):
    """The lab's mask for a batch of rows: 0 (dropped) or 1 / (1 - rate)."""
    u64 = np.uint64
    counter = ((u64(step) << u64(40)) + (u64(layer) << u64(37))
               + np.arange(rows, dtype=u64)[:, None] * u64(1031) + np.arange(units, dtype=u64)[None, :])
    with np.errstate(over="ignore"):
        z = u64(DROPOUT_KEY) + counter * u64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> u64(30))) * u64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> u64(27))) * u64(0x94D049BB133111EB)
        z = z ^ (z >> u64(31))
    draw = (z >> u64(40)).astype(np.float32) * np.float32(2 ** -24)
    keep = np.float32(1) / (np.float32(1) - np.float32(rate))
    return torch.from_numpy(np.where(draw < np.float32(rate), np.float32(0), keep).astype(np.float32))
`;

// Keras's loss objects, with the lab's from_logits.
const KERAS_LOSS = {
  sparse_categorical_crossentropy: (logits) => `keras.losses.SparseCategoricalCrossentropy(from_logits=${logits ? 'True' : 'False'})`,
  binary_crossentropy: (logits) => `keras.losses.BinaryCrossentropy(from_logits=${logits ? 'True' : 'False'})`,
  mse: () => 'keras.losses.MeanSquaredError()',
  mae: () => 'keras.losses.MeanAbsoluteError()',
};

// The exact replica's targets: the labels, or for the losses over units the targets the core compared with.
const EXACT_TARGETS = (lib) => [
  `y_train = ${lib}(RUN["t_train"] if "t_train" in RUN else RUN["y_train"])`,
  `y_val = ${lib}(RUN["t_val"] if "t_val" in RUN else RUN["y_val"])`,
];

function kerasScript(config, { exact, keys, dataFile, kinds, out: o, data }) {
  const widths = layerWidths(config);
  const lr = config.lr_growth !== 1
    ? `keras.optimizers.schedules.ExponentialDecay(${config.lr}, decay_steps=1, decay_rate=${config.lr_growth})`
    : String(config.lr);
  const reg = config.l2 ? `, kernel_regularizer=keras.regularizers.L2(${config.l2})` : '';
  const dense = (units, act) => `    keras.layers.Dense(${units}${act ? `, activation=${pyString(act)}` : ''}, kernel_initializer=${pyString(config.init)}${reg}),`;
  const out = [
    ...header('keras', config, exact, keys),
    'import json',
    'import sys',
    '',
    'import numpy as np',
    'import keras',
    '',
    `keras.utils.set_random_seed(${config.seed})`,
  ];
  if (exact) {
    out.push(`RUN = json.load(open(sys.argv[1] if len(sys.argv) > 1 else ${pyString(RUN_FILE)}))`,
      'x_train, x_val = np.array(RUN["x_train"], np.float32), np.array(RUN["x_val"], np.float32)',
      ...EXACT_TARGETS('np.array'));
  } else {
    if (!postData(config)) out.push(MAKE_DATA.trim(), '');
    out.push(...dataLines(config, dataFile, kinds, o, data));
  }
  const rates = dropoutRates(config);
  const acts = layerActivations(config);
  const norms = layerNorms(config);
  // A layer normalized before its activation: Dense, BatchNormalization, Activation.
  const hidden = widths.flatMap((w, l) => [
    ...(norms[l] === 'before'
      ? [dense(w, null), '    keras.layers.BatchNormalization(),', `    keras.layers.Activation(${pyString(acts[l])}),`]
      : [dense(w, acts[l]), ...(norms[l] === 'after' ? ['    keras.layers.BatchNormalization(),'] : [])]),
    ...(rates[l] > 0 ? [`    keras.layers.Dropout(${rates[l]}),`] : [])]);
  if (exact && norms.includes('before')) {
    out.push("# A Dense layer's bias before BatchNormalization: its gradient is 0 in exact arithmetic, and",
      "# the lab takes it so; Keras steps on the rounding noise, so here the two differ by that noise.");
  }
  if (exact && rates.some((r) => r > 0)) {
    out.push('# Dropout: Keras draws its own masks, so this replica matches the lab within seed noise;',
      "# the PyTorch replica draws the lab's own and matches it to the digit.");
  }
  out.push('', 'model = keras.Sequential([', '    keras.Input(shape=(x_train.shape[1],)),', ...hidden);
  if (o.loss === 'sparse_categorical_crossentropy' && o.act === 'softmax' && !config.from_logits) {
    out.push(dense(o.units, null), '])',
      '# The last layer gives logits: the loss applies the softmax (Keras on TensorFlow does the',
      '# same for a softmax layer), so no probability is clipped.',
      `model.compile(optimizer=${KERAS_OPTIMIZERS[config.optimizer](lr)},`,
      '              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])');
  } else {
    out.push(dense(o.units, o.act === 'linear' ? null : o.act), '])');
    if (config.from_logits && (o.act === 'softmax' || o.act === 'sigmoid')) {
      out.push(`# Keras itself reads a ${o.act} layer's logits even with from_logits=True (and warns);`,
        '# the lab trains the loss as told, as PyTorch would.');
    }
    out.push(`model.compile(optimizer=${KERAS_OPTIMIZERS[config.optimizer](lr)},`,
      `              loss=${KERAS_LOSS[o.loss](config.from_logits)}, metrics=[${o.regression ? '"mae"' : '"accuracy"'}])`);
  }
  out.push(
    '',
    'rows = []',
    'say = keras.callbacks.LambdaCallback(on_epoch_end=lambda e, logs: (',
    '    rows.append({"epoch": len(rows) + 1, "train_loss": logs["loss"], "val_loss": logs["val_loss"]}),',
    '    print(json.dumps(rows[-1]), flush=True)))');
  if (exact) {
    out.push('# The lab\'s first weights, layer by layer: a Dense layer\'s kernel and bias, then a',
      '# normalized layer\'s gamma, beta and moving averages for its BatchNormalization.',
      'weights = []',
      'for layer in RUN["layers"]:',
      '    weights.append([np.array(layer[k], np.float32) for k in ("kernel", "bias")])',
      '    if "gamma" in layer:',
      '        weights.append([np.array(layer[k], np.float32) for k in ("gamma", "beta", "moving_mean", "moving_variance")])',
      'for layer, w in zip([l for l in model.layers if l.weights], weights):',
      '    layer.set_weights(w)',
      'for order in RUN["orders"]:  # each epoch in the lab\'s batch order',
      `    model.fit(x_train[order], y_train[order], batch_size=${config.batch}, epochs=1, shuffle=False,`,
      '              validation_data=(x_val, y_val), callbacks=[say], verbose=0)', ...COMPARE);
  } else {
    out.push(`model.fit(x_train, y_train, batch_size=${config.batch}, epochs=${config.epochs}, shuffle=${config.shuffle ? 'True' : 'False'},`,
      '          validation_data=(x_val, y_val), callbacks=[say], verbose=0)');
  }
  return [...out, ...PLOT, ''].join('\n');
}

const TORCH_ACT = {
  relu: 'nn.ReLU()', tanh: 'nn.Tanh()', sigmoid: 'nn.Sigmoid()', linear: 'nn.Identity()',
  leaky_relu: 'nn.LeakyReLU(0.2)', // Keras's slope, not torch's 0.01
};

// Keras's initializers: variance scaling; the normal ones truncated at 2 sd.
const TORCH_INIT = `
def keras_init_(weight, scheme):
    """Keras's initializer for a torch weight (out x in): glorot averages fan-in and
    fan-out, he and lecun use fan-in, he doubles the variance; normals are truncated
    at 2 standard deviations, whose spread Keras restores (/0.8796)."""
    fan_out, fan_in = weight.shape
    var = (2.0 if scheme.startswith("he") else 1.0) / (
        (fan_in + fan_out) / 2 if scheme.startswith("glorot") else fan_in)
    with torch.no_grad():
        if scheme.endswith("uniform"):
            limit = np.sqrt(3 * var)
            weight.uniform_(-limit, limit)
        else:
            sd = np.sqrt(var) / 0.87962566103423978
            nn.init.trunc_normal_(weight, 0.0, sd, -2 * sd, 2 * sd)
`;

function pytorchScript(config, { exact, keys, dataFile, kinds, out: o, data }) {
  const widths = layerWidths(config);
  const sizes = ['x_train.shape[1]', ...widths.map(String), String(o.units)];
  const sce = o.loss === 'sparse_categorical_crossentropy';
  const tensor = sce ? 'torch.tensor' : 'lambda v: torch.tensor(v, dtype=torch.float32)';
  const layers = [];
  const rates = dropoutRates(config);
  const dropout = rates.some((r) => r > 0);
  const norms = layerNorms(config);
  const normed = norms.some((n) => n !== 'none');
  for (let l = 0; l + 1 < sizes.length; l++) {
    layers.push(`    nn.Linear(${sizes[l]}, ${sizes[l + 1]}),`);
    if (norms[l] === 'before') layers.push(`    KerasBatchNorm(${sizes[l + 1]}),`);
    if (l + 2 < sizes.length) layers.push(`    ${TORCH_ACT[layerActivations(config)[l]]},`);
    if (norms[l] === 'after') layers.push(`    KerasBatchNorm(${sizes[l + 1]}),`);
    // The equivalent script drops with torch's own masks; the exact one with the lab's (forward below).
    if (l + 2 < sizes.length && rates[l] > 0 && !exact) layers.push(`    nn.Dropout(${rates[l]}),`);
  }
  const out = [
    ...header('pytorch', config, exact, keys),
    'import json',
    'import sys',
    '',
    'import numpy as np',
    'import torch',
    'from torch import nn',
    '',
    `torch.manual_seed(${config.seed})`,
    `np.random.seed(${config.seed})`,
    'torch.set_num_threads(1)  # one order of summation',
  ];
  if (exact) {
    out.push(`RUN = json.load(open(sys.argv[1] if len(sys.argv) > 1 else ${pyString(RUN_FILE)}))`,
      'x_train = torch.tensor(RUN["x_train"], dtype=torch.float32)',
      'x_val = torch.tensor(RUN["x_val"], dtype=torch.float32)',
      ...EXACT_TARGETS(`(${tensor})`));
  } else {
    if (!postData(config)) out.push(MAKE_DATA.trim(), '');
    const kind = sce ? '.long()' : '';
    out.push(...dataLines(config, dataFile, kinds, o, data),
      `x_train, y_train = torch.from_numpy(x_train), torch.from_numpy(y_train)${kind}`,
      `x_val, y_val = torch.from_numpy(x_val), torch.from_numpy(y_val)${kind}`);
  }
  out.push(`OUTPUT, LOSS, FROM_LOGITS = ${pyString(o.act)}, ${pyString(o.loss)}, ${config.from_logits ? 'True' : 'False'}`,
    TORCH_LOSS.trim(), '');
  out.push(KERAS_RULES.trim(), '');
  if (!exact) out.push(TORCH_INIT.trim(), '');
  if (normed) out.push(TORCH_NORM.trim(), '');
  out.push('model = nn.Sequential(', ...layers, ')',
    'linears = [m for m in model if isinstance(m, nn.Linear)]');
  if (exact) {
    out.push('with torch.no_grad():  # the lab\'s first weights; a Keras kernel is in x out, torch\'s out x in',
      '    for m, layer in zip(linears, RUN["layers"]):',
      '        m.weight.copy_(torch.tensor(layer["kernel"], dtype=torch.float32).T)',
      '        m.bias.copy_(torch.tensor(layer["bias"], dtype=torch.float32))');
    if (normed) {
      out.push('    norms = [m for m in model if isinstance(m, KerasBatchNorm)]',
        '    for m, layer in zip(norms, [layer for layer in RUN["layers"] if "gamma" in layer]):',
        '        for name in ("gamma", "beta", "moving_mean", "moving_variance"):',
        '            getattr(m, name).copy_(torch.tensor(layer[name], dtype=torch.float32))');
    }
  } else {
    out.push('for m in linears:',
      `    keras_init_(m.weight, ${pyString(config.init)})`,
      '    nn.init.zeros_(m.bias)');
  }
  out.push('kernels = [m.weight for m in linears]',
    `rules = KerasRules(model.parameters(), ${pyString(config.optimizer)}, ${config.lr}, lr_growth=${config.lr_growth})`,
    `L2 = ${config.l2}`,
    'loss_of = lambda z, y: sample_losses(z, y).mean()  # the batch\'s mean, as Keras',
    '',
    'def penalty():',
    '    return L2 * sum(float((w.double() ** 2).sum()) for w in kernels) if L2 else 0.0',
    '',
    'def evaluate(x, y):',
    '    model.eval()  # no dropout, and the moving averages, when evaluating, as Keras',
    '    with torch.no_grad():',
    '        out = float(sample_losses(model(x), y).sum().double()) / len(y) + penalty()',
    '    model.train()',
    '    return out',
    '');
  if (exact && dropout) {
    out.push(`SEED, RATES = ${config.seed}, [${rates.join(', ')}]  # the dropout rate after each hidden layer`, TORCH_MASKS.trim(), '',
      'def forward(x, step):',
      "    # The network while training: after each hidden layer (the modules before the next",
      "    # Linear) with a rate, the lab's mask for this step.",
      '    h, hidden = x, 0',
      '    for i, m in enumerate(model):',
      '        h = m(h)',
      '        if i + 1 < len(model) and isinstance(model[i + 1], nn.Linear):',
      '            if RATES[hidden] > 0:',
      '                h = h * dropout_mask(step, len(h), h.shape[1], hidden, RATES[hidden])',
      '            hidden += 1',
      '    return h',
      '');
  }
  if (exact && norms.includes('before')) {
    out.push("# A Dense layer's bias before a BatchNormalization has a gradient of exactly 0 (the",
      "# normalization subtracts the batch's mean); summed in floats it is rounding noise, which",
      '# Adam would turn into steps. The lab takes the exact 0, and so does this replica.',
      'before_norm = [m for i, m in enumerate(model) if isinstance(m, nn.Linear) and i + 1 < len(model)',
      '               and isinstance(model[i + 1], KerasBatchNorm)]', '');
  }
  out.push(
    'rows = []',
    'step = 0',
    `n = len(x_train)`);
  if (exact) {
    out.push('orders = [torch.tensor(o) for o in RUN["orders"]]');
  } else {
    out.push(`orders = (torch.randperm(n) if ${config.shuffle ? 'True' : 'False'} else torch.arange(n) for _ in range(${config.epochs}))`);
  }
  out.push('for epoch, order in enumerate(orders, 1):',
    '    total = 0.0  # Keras\'s "loss": the batch-size-weighted mean of the batch losses',
    `    for start in range(0, n, ${config.batch}):`,
    `        idx = order[start:start + ${config.batch}]`,
    '        before = penalty()',
    `        loss = loss_of(${exact && dropout ? 'forward(x_train[idx], step)' : 'model(x_train[idx])'}, y_train[idx])`,
    '        if L2:',
    '            (loss + L2 * sum((w * w).sum() for w in kernels)).backward()',
    '        else:',
    '            loss.backward()',
    ...(exact && norms.includes('before') ? [
      "        for m in before_norm:  # the lab's exact 0: the normalization subtracts what the bias adds",
      '            m.bias.grad.zero_()'] : []),
    '        rules.step()',
    '        step += 1',
    '        total += (float(loss) + before) * len(idx)',
    '    rows.append({"epoch": epoch, "train_loss": total / n, "val_loss": evaluate(x_val, y_val)})',
    '    print(json.dumps(rows[-1]), flush=True)');
  if (exact) out.push(...COMPARE);
  return [...out, ...PLOT, ''].join('\n');
}

/**
 * The script for a config ({ key: value }, complete) in framework 'keras' or
 * 'pytorch'. options: keys (the core's key table, Engine.keys: every key's
 * name for the header, in its order, and kind), exact (load
 * flatline_run.json), dataFile (the CSV path for dataset csv), data (how the core
 * read that file: Engine.dataSummary, whose choices the script's reader repeats),
 * regression (that file's labels are real targets; data's by default).
 */
export function script(framework, config, { keys, exact = false, dataFile, data = null, regression = data?.regression ?? false } = {}) {
  if (!FRAMEWORKS.includes(framework)) throw new Error(`export: '${framework}' is not one of ${FRAMEWORKS.join(', ')}`);
  const make = framework === 'keras' ? kerasScript : pytorchScript;
  return make(config, { exact, keys, dataFile, data, kinds: new Map(keys.map((k) => [k.name, k.kind])), out: outputOf(config, regression) });
}
