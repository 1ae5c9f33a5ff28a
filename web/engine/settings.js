// settings.js: the one table of the page's settings (playground's State.PROPS,
// with the ranges taken from the C core's key table instead of kept here),
// and everything driven by it: slider stops, reading and clamping the URL
// hash, writing it back. No DOM here.
import { PRESETS, findPreset } from './presets.js';

// The embed's own hash keys, beside the config keys (web/embed reads their values).
export const EMBED_KEYS = ['controls', 'charts', 'autoplay', 'stop', 'doctor'];

// Values of a log slider: 1, 2, 3, 5 per decade between lo and hi.
function logStops(lo, hi, mantissas = [1, 2, 3, 5]) {
  const out = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of mantissas) {
      const v = Number((m * 10 ** e).toPrecision(3));
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push(v);
    }
  }
  return out;
}

const SIZE_STOPS = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000];

/**
 * The settings, in the order the page shows them. `control`: 'stops' (a
 * slider over listed values), 'int' (a slider over whole numbers), 'select',
 * 'check' or 'number'. `group` places it; the four knobs of the question come
 * first. `help` is the sentence a learner can open beside the control.
 */
export const SETTINGS = [
  { key: 'lr', label: 'Learning rate', help: "How far each step moves the weights. Too small and the loss barely moves; too large and it jumps, or the ReLUs die.", group: 'knobs', control: 'stops', stops: logStops(1e-6, 10) },
  { key: 'batch', label: 'Batch size', help: "Samples per step. The gradient is averaged over a batch: a larger batch gives fewer, smoother steps per epoch.", group: 'knobs', control: 'stops',
    stops: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000, 2000, 5000, 10000, 20000, 50000, 100000] },
  { key: 'width', label: 'Width', help: "Units in each hidden layer: the network's capacity to draw a complicated boundary.", group: 'knobs', control: 'stops',
    stops: [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024] },
  { key: 'input_scale', label: 'Input scale', help: "Every input feature is multiplied by this. Far from 1 (×100, ×0.001) the first layer's sums are huge or tiny.", group: 'knobs', control: 'stops', stops: logStops(0.001, 1000, [1, 2, 5]) },
  { key: 'dataset', label: 'Data set', help: "What the network learns. Random labels have nothing to learn: they ignore the inputs, as in the post's examples.", group: 'data', control: 'select' },
  { key: 'standardize', label: 'Standardize inputs', help: "Z-score each feature with the training set's mean and spread, which undoes any input scale.", group: 'data', control: 'check' },
  { key: 'label_noise', label: 'Label noise', help: "The share of labels replaced by random ones: a floor under the validation loss.", group: 'data', control: 'stops',
    stops: [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1] },
  { key: 'classes', label: 'Classes', help: "How many classes to tell apart. An even guess has a loss of ln(classes): the chance line.", group: 'data', control: 'int' },
  { key: 'features', label: 'Features', help: "Input features of the 10-D data sets (the 2-D sets have 2).", group: 'data', control: 'int' },
  { key: 'x1_sq', label: 'Input x₁²', help: "An engineered input for the 2-D sets (TF Playground's): x₁ squared. With x₂², a circle becomes a straight line for the network.", group: 'data', control: 'check' },
  { key: 'x2_sq', label: 'Input x₂²', help: "An engineered input for the 2-D sets: x₂ squared.", group: 'data', control: 'check' },
  { key: 'x1_x2', label: 'Input x₁·x₂', help: "An engineered input for the 2-D sets: the product x₁·x₂, whose sign alone tells xor's classes apart.", group: 'data', control: 'check' },
  { key: 'sin_x1', label: 'Input sin 5x₁', help: "An engineered input for the 2-D sets: sin(5·x₁). The sets reach radius 1 where TF Playground's reach 5, so 5x₁ makes as many waves as its sin(x₁).", group: 'data', control: 'check' },
  { key: 'sin_x2', label: 'Input sin 5x₂', help: "An engineered input for the 2-D sets: sin(5·x₂).", group: 'data', control: 'check' },
  { key: 'val_share', label: 'Validation share (your data)', help: "Your own data: the share of its rows held out for validation, drawn by the seed.", group: 'data', control: 'stops',
    stops: [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5] },
  { key: 'n_train', label: 'Training samples', help: "Samples the network trains on, every epoch.", group: 'data', control: 'stops', stops: SIZE_STOPS },
  { key: 'n_val', label: 'Validation samples', help: "Samples held out for the validation loss. Never trained on, they show what generalizes.", group: 'data', control: 'stops', stops: SIZE_STOPS },
  { key: 'widths', label: 'Layer widths', help: "Units of each hidden layer, first to last, such as 64,32 (as posts stack Dense(64) then Dense(32)). Empty: every layer has the Width above. Moving Width or Depth empties it.", group: 'model', control: 'text' },
  { key: 'dropout', label: 'Dropout', help: "Keras's Dropout after the hidden layers, while training only: 0.5 drops half the units at random on every step (and scales up the rest). One rate for every layer, or one per layer such as 0.5,0.2. The usual answer to overfitting; too much and the network cannot fit at all.", group: 'model', control: 'text', example: 'e.g. 0.5 or 0.5,0.2' },
  { key: 'batchnorm', label: 'Batch normalization', help: "Keras's BatchNormalization on the hidden layers: after each activation (Dense(64, activation='relu') then BatchNormalization()), or before it (Dense(64), BatchNormalization(), Activation('relu')). While training each unit is rescaled by its batch's mean and spread; when evaluating by their moving averages (momentum 0.99), which lag behind a network that changes fast. One for every layer, or one per layer such as after,none. Empty: none.", group: 'model', control: 'text', example: 'e.g. after or before,none' },
  { key: 'depth', label: 'Depth (hidden layers)', help: "Hidden layers between input and output. Deep sigmoid or tanh stacks can stop passing the gradient back.", group: 'model', control: 'int' },
  { key: 'activation', label: 'Activation', help: "What each hidden unit applies to its sum. A ReLU can die (output 0 for good); sigmoid and tanh can saturate.", group: 'model', control: 'select' },
  { key: 'activations', label: 'Activation per layer', help: "A different activation for each hidden layer, first to last, such as relu,tanh (as a post writes Dense(64, activation='relu') then Dense(32, activation='tanh')). Empty: every layer has the Activation above.", group: 'model', control: 'text', example: 'e.g. relu,tanh' },
  { key: 'init', label: 'Initializer', help: "How the first weights are drawn. He suits ReLU; Glorot (Keras's default) suits tanh and sigmoid.", group: 'model', control: 'select' },
  { key: 'loss', label: 'Loss', help: "What the training minimizes, by its Keras name: sparse categorical cross-entropy for classes, binary cross-entropy for two classes on one sigmoid unit, mse or mae for real-valued targets (the regression sets, or your file's numbers).", group: 'model', control: 'select' },
  { key: 'output', label: 'Output activation', help: "The last layer's activation. auto picks the loss's own (softmax, sigmoid, linear); another one is trained as written, as a mismatched Keras model would be.", group: 'model', control: 'select' },
  { key: 'from_logits', label: 'Loss from logits', help: "Keras's from_logits=True: the loss reads the output as raw scores, not probabilities. Right for a linear output; after a softmax it feeds probabilities to a loss that expects logits.", group: 'model', control: 'check' },
  { key: 'outputs', label: 'Output units (0: the loss\'s own)', help: "Units of the output layer: 0 picks one per class (sparse cross-entropy), one for two classes (binary), one per target (mse, mae). One unit under a softmax always outputs 1.", group: 'model', control: 'int' },
  { key: 'target_scale', label: 'Target scale', help: "The regression sets: every target multiplied by this, as prices in dollars are. Far from 1 the loss starts huge.", group: 'data', control: 'stops', stops: logStops(0.001, 1e6, [1, 3]) },
  { key: 'standardize_targets', label: 'Standardize targets', help: "Regression: z-score the targets with the training set's mean and spread (a StandardScaler on y). Prices in dollars then become numbers near 0 that a new network can reach.", group: 'data', control: 'check' },
  { key: 'optimizer', label: 'Optimizer', help: "The update rule. Adam scales each weight's step by its own gradient history; SGD steps along the raw gradient.", group: 'training', control: 'select' },
  { key: 'epochs', label: 'Epochs', help: "Passes over the training set.", group: 'training', control: 'stops',
    stops: [1, 2, 5, 10, 20, 30, 50, 100, 200, 300, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000] },
  { key: 'l2', label: 'L2 penalty', help: "A penalty on large weights, added to the loss: less overfitting, for a higher training loss.", group: 'training', control: 'stops', stops: [0, ...logStops(1e-6, 1, [1, 3])] },
  { key: 'seed', label: 'Seed', help: "Fixes the data, the first weights and the batch order: the same seed gives the same run, to the bit.", group: 'training', control: 'number' },
  { key: 'shuffle', label: 'Shuffle each epoch', help: "A new order of the training samples every epoch.", group: 'training', control: 'check' },
  { key: 'train_subset', label: 'Train on the first (0: all)', help: "Trains on only the first this many training samples: a network that cannot fit 16 of them is broken.", group: 'experiment', control: 'stops',
    stops: [0, 8, 16, 32, 64, 128, 256, 512, 1000, 2000, 5000, 10000, 20000, 50000, 100000] },
  { key: 'shuffle_labels', label: 'Shuffle the labels', help: "Permutes the training labels: if validation does as well as with the real ones, the labels carry nothing the inputs predict.", group: 'experiment', control: 'check' },
  { key: 'zero_inputs', label: 'Zero the inputs', help: "Sets every input to 0: a network that does as well without its inputs does not use them.", group: 'experiment', control: 'check' },
  { key: 'lr_growth', label: 'Learning rate growth per step', help: "Multiplies the learning rate after every step, as the learning-rate range test does (1: a constant rate).", group: 'experiment', control: 'stops',
    stops: [1, 1.001, 1.002, 1.005, 1.01, 1.02, 1.05, 1.1, 1.2, 1.5, 2, 5, 10] },
  { key: 'step_log', label: 'Steps logged', help: "Keeps the rate and the batch loss of the first this many steps, for the learning-rate range test.", group: 'experiment', control: 'stops',
    stops: [0, 100, 200, 500, 1000, 10000, 100000] },
];

export const GROUPS = [
  ['knobs', 'The four knobs'],
  ['data', 'Data'],
  ['model', 'Model'],
  ['training', 'Training'],
  ['experiment', 'For experiments'],
];

export const SETTING_BY_KEY = new Map(SETTINGS.map((s) => [s.key, s]));

/** The 2-D data sets (x1, x2 and the engineered inputs; the 10-D sets use `features`). */
export const PLANE_SETS = new Set(['spiral', 'circles', 'xor', 'gauss']);

/** Whether a config's data is a plane (x1, x2): a 2-D set, or rows of two features of your own. */
export const isPlane = (config) => PLANE_SETS.has(config.dataset) || (config.dataset === 'csv' && config.features === 2);

/** The index of the stop nearest to value (on a log scale where stops are positive). */
export function nearestStop(stops, value) {
  let best = 0;
  const dist = (a) => (a > 0 && value > 0 ? Math.abs(Math.log(a / value)) : Math.abs(a - value));
  stops.forEach((s, i) => { if (dist(s) < dist(stops[best])) best = i; });
  return best;
}

/**
 * A whole number with commas between thousands, as en-US writes it: 1,234,567.
 * Without Intl, whose first use costs the page about 50 ms of ICU start-up,
 * on the way to its first drawn epoch.
 */
export const grouped = (n) => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** A short, exact text for a value: 0.001, 1e-6, 100000, 0.25. */
export function formatValue(v) {
  if (typeof v !== 'number') return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v); // a seed reads 4294967295
  if (v !== 0 && (Math.abs(v) < 1e-4 || Math.abs(v) >= 1e6)) return v.toExponential().replace('e+', 'e');
  return String(Number(v.toPrecision(6)));
}

/**
 * A value as the hash writes it: numbers in the shortest form that reads back
 * to the same double (String(v)), so that a link replays the run to the bit.
 */
export const hashValue = (v) => String(v);

/** Text quoted in a notice, shortened so that a hostile value cannot stretch the page. */
export function quote(text, max = 40) {
  const t = String(text);
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

// The number syntax the core accepts (config.c): decimal, with an optional
// exponent; no hex, no "Infinity", no spaces.
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Defaults from the core's key table: { key: value }. */
export function defaults(keys) {
  return Object.fromEntries(keys.map((k) => [k.name, k.default]));
}

/**
 * Clamps one raw (string) value for key into its range; returns { value,
 * notice } where notice (or null) says what was wrong and what is used instead.
 */
export function clampValue(info, raw, fallback) {
  const name = SETTING_BY_KEY.get(info.name)?.label ?? info.name;
  if (info.kind === 'enum') {
    if (info.choices.includes(raw)) return { value: raw, notice: null };
    return { value: fallback, notice: `${name}: '${quote(raw)}' is not one of ${info.choices.join(', ')}; using ${fallback}.` };
  }
  if (info.kind === 'list') return clampList(info, name, raw, fallback);
  let text = String(raw).trim();
  if (info.kind === 'bool' && (text === 'true' || text === 'false')) text = text === 'true' ? '1' : '0';
  const v = Number(text);
  if (!DECIMAL.test(text) || !Number.isFinite(v)) {
    return { value: fallback, notice: `${name}: '${quote(raw)}' is not a number; using ${formatValue(fallback)}.` };
  }
  const { min, max } = info;
  let value = info.kind === 'real' ? v : Math.round(v);
  let notice = value !== v ? `${name}: ${quote(raw)} is not a whole number; using ${value}.` : null;
  // The ends themselves are in range: the value as written is compared, as the core does.
  if (value < min || value > max) {
    const bound = value < min ? min : max;
    notice = `${name}: ${quote(text)} is outside its range ${formatValue(min)} to ${formatValue(max)}; using ${formatValue(bound)}.`;
    value = bound;
  }
  return { value, notice };
}

// A list key: whole numbers within the key's range (widths), or rates (dropout,
// whose range ends below 1), at most six ("64, 32" is read as 64,32); '' is the
// empty list.
function clampList(info, name, raw, fallback) {
  const text = String(raw).replace(/\s+/g, '');
  if (text === '') return { value: '', notice: null };
  const items = text.split(',');
  if (info.choices?.length) { // a list of names (activations)
    if (!items.every((t) => info.choices.includes(t)) || items.length > 6) {
      return { value: fallback, notice: `${name}: '${quote(raw)}' is not a list of up to 6 of ${info.choices.join(', ')}; using ${fallback || 'none'}.` };
    }
    return { value: items.join(','), notice: null };
  }
  const rates = info.max < 1;
  if (!items.every((t) => (rates ? /^(\d+\.?\d*|\.\d+)$/ : /^\d+$/).test(t))) {
    return { value: fallback, notice: `${name}: '${quote(raw)}' is not a list of ${rates ? 'rates such as 0.5 or 0.5,0.2' : 'whole numbers such as 64,32'}; using ${fallback || 'none'}.` };
  }
  const notices = [];
  let values = items.map(Number);
  if (values.length > 6) {
    notices.push(`${name}: ${values.length} layers, more than 6; using the first 6.`);
    values = values.slice(0, 6);
  }
  const clamped = values.map((v) => Math.min(info.max, Math.max(info.min, v)));
  if (clamped.some((v, i) => v !== values[i])) {
    notices.push(`${name}: each layer has ${info.min} to ${info.max}${rates ? '' : ' units'}; using ${clamped.join(',')}.`);
  }
  return { value: clamped.join(','), notice: notices.length ? notices.join(' ') : null };
}

/** The config keys of make_data(), the exported scripts' data recipe (codegen.js), in its order. */
export const MAKE_DATA_KEYS = ['features', 'classes', 'n_train', 'n_val', 'label_noise', 'input_scale', 'standardize',
  'x1_sq', 'x2_sq', 'x1_x2', 'sin_x1', 'sin_x2', 'train_subset', 'zero_inputs', 'shuffle_labels', 'seed', 'target_scale',
  'standardize_targets'];

/** The layer widths of a config: widths when given, else depth times width. */
export function layerWidths(config) {
  return config.widths ? String(config.widths).split(',').map(Number) : Array(config.depth).fill(config.width);
}

/** The activation of each hidden layer (`activations` when given, else `activation` on every one). */
export function layerActivations(config) {
  const depth = layerWidths(config).length;
  const given = config.activations ? String(config.activations).split(',') : [];
  return Array.from({ length: depth }, (_, l) => given[l] ?? config.activation);
}

/** The dropout rate after each hidden layer (the `dropout` key: one rate for all, or one per layer). */
export function dropoutRates(config) {
  const given = config.dropout ? String(config.dropout).split(',').map(Number) : [];
  const depth = layerWidths(config).length;
  return Array.from({ length: depth }, (_, l) => (given.length === 0 ? 0 : given.length === 1 ? given[0] : given[l] ?? 0));
}

/** Each hidden layer's batch normalization, 'none', 'after' or 'before' its activation (the `batchnorm` key: one for all, or one per layer). */
export function layerNorms(config) {
  const given = config.batchnorm ? String(config.batchnorm).split(',') : [];
  const depth = layerWidths(config).length;
  return Array.from({ length: depth }, (_, l) => (given.length === 0 ? 'none' : given.length === 1 ? given[0] : given[l] ?? 'none'));
}

/**
 * The hidden layers' activations in words: "sigmoid" when one serves every layer,
 * else the kinds in the order they come, "sigmoid and tanh", "relu, tanh and sigmoid".
 */
export function activationWords(config) {
  const kinds = [...new Set(layerActivations(config))];
  if (kinds.length <= 1) return kinds[0] ?? config.activation;
  return `${kinds.slice(0, -1).join(', ')} and ${kinds.at(-1)}`;
}

/** The keys that give every hidden layer activation act (clearing a per-layer list). */
export function everyLayer(config, act) {
  return config.activations ? { activation: act, activations: '' } : { activation: act };
}

/** Each loss and the output activation it was made for (Keras's pairs; the core's `output: auto`). */
export const OWN_OUTPUT = { sparse_categorical_crossentropy: 'softmax', binary_crossentropy: 'sigmoid', mse: 'linear', mae: 'linear' };

/** The regression sets: real targets, for mse and mae. */
export const REGRESSION_SETS = new Set(['linear_reg', 'teacher_reg']);

/**
 * The output a config trains, as the core resolves `output: auto` and
 * `outputs: 0` (src/config.c, fl_config_output_act and fl_config_outputs; a test
 * holds the two together): { act, units, regression, loss }. regression: real
 * targets (the regression sets, or, with realTargets, a file whose labels are no
 * classes: Engine.dataSummary's `regression`).
 */
export function outputOf(config, realTargets = false) {
  const loss = config.loss ?? 'sparse_categorical_crossentropy';
  const regression = REGRESSION_SETS.has(config.dataset) || (config.dataset === 'csv' && realTargets);
  const own = OWN_OUTPUT[loss];
  const act = !config.output || config.output === 'auto' ? own : config.output;
  const units = config.outputs > 0 ? config.outputs
    : loss === 'sparse_categorical_crossentropy' ? config.classes
    : loss === 'binary_crossentropy' ? (config.classes === 2 ? 1 : config.classes)
    : regression ? 1 : config.classes;
  return { act, units, regression, loss };
}

/**
 * The complete, valid config for a preset name (or null) and raw overrides
 * (strings, from the hash or the controls): { config, preset, notices }.
 * Unknown keys and bad values are dropped or clamped, each with a notice.
 */
export function resolve(keys, presetName, raw) {
  const notices = [];
  const byName = new Map(keys.map((k) => [k.name, k]));
  let preset = presetName ? findPreset(presetName) : null;
  if (presetName && !preset) {
    notices.push(`Preset '${quote(presetName)}' does not exist; the presets are ${PRESETS.map((p) => p.name).join(', ')}.`);
  }
  const base = { ...defaults(keys), ...(preset ? preset.keys : {}) };
  const config = { ...base };
  for (const [key, value] of Object.entries(raw)) {
    if (!byName.has(key)) {
      notices.push(`Ignored unknown setting '${quote(key)}'.`);
      continue;
    }
    const { value: v, notice } = clampValue(byName.get(key), value, base[key]);
    config[key] = v;
    if (notice) notices.push(notice);
  }
  for (const c of dependents(config)) {
    config[c.key] = c.value;
    if (c.key !== 'classes' || Object.hasOwn(raw, 'classes')) notices.push(c.notice);
  }
  return { config, preset: preset ? preset.name : null, notices };
}

/**
 * The rules between keys, as the core states them (fl_config_validate): the
 * changes that make config consistent, [{ key, value, notice }]. The page
 * applies them all; the CLI applies those to keys the user did not give and
 * lets the core refuse the others.
 */
export function dependents(config) {
  const out = [];
  const layers = layerWidths(config).length;
  if (layers !== config.depth) {
    out.push({ key: 'depth', value: layers,
      notice: `Depth: the layer widths ${config.widths} make ${layers} hidden layers; using ${layers}.` });
  }
  if (config.batch > config.n_train) {
    out.push({ key: 'batch', value: config.n_train,
      notice: `Batch size: ${config.batch} is larger than the ${config.n_train} training samples; using ${config.n_train}.` });
  }
  if (config.train_subset > config.n_train) {
    out.push({ key: 'train_subset', value: config.n_train,
      notice: `Train on the first: ${config.train_subset} is more than the ${config.n_train} training samples; using ${config.n_train}.` });
  }
  const fit = Math.min(config.train_subset || config.n_train, config.n_train);
  if (config.batch <= config.n_train && config.batch > fit) {
    out.push({ key: 'batch', value: fit,
      notice: `Batch size: ${config.batch} is larger than the ${fit} samples trained on; using ${fit}.` });
  }
  const rates = config.dropout ? String(config.dropout).split(',') : [];
  const depth = layers;
  const acts = config.activations ? String(config.activations).split(',') : [];
  if (acts.length && acts.length !== depth) {
    out.push({ key: 'activations', value: '',
      notice: `Activation per layer: ${acts.length} for ${depth} hidden layer${depth === 1 ? '' : 's'}; using the Activation (${config.activation}) on every layer.` });
  }
  const norms = config.batchnorm ? String(config.batchnorm).split(',') : [];
  if (norms.length > 1 && norms.length !== depth) {
    out.push({ key: 'batchnorm', value: norms[0],
      notice: `Batch normalization: ${norms.length} for ${depth} hidden layer${depth === 1 ? '' : 's'}; using ${norms[0]} on every layer.` });
  }
  if (rates.length > 1 && rates.length !== depth) {
    out.push({ key: 'dropout', value: rates[0],
      notice: `Dropout: ${rates.length} rates for ${depth} hidden layer${depth === 1 ? '' : 's'}; using ${rates[0]} after every layer.` });
  }
  if (config.dataset !== 'csv' && config.classes > 10) {
    out.push({ key: 'classes', value: 10, notice: `Classes: the generated sets have up to 10 classes (your own data up to 100); using 10.` });
  }
  if (config.dataset === 'xor' && config.classes !== 2) {
    out.push({ key: 'classes', value: 2, notice: 'Classes: the xor data set has 2 classes; using 2.' });
  }
  // The output against the loss and the labels, as the core checks them (src/config.c, check_output).
  const loss = config.loss ?? 'sparse_categorical_crossentropy';
  const crossEntropy = loss === 'sparse_categorical_crossentropy' || loss === 'binary_crossentropy';
  if (REGRESSION_SETS.has(config.dataset) && crossEntropy) {
    out.push({ key: 'loss', value: 'mse', notice: `Loss: the ${config.dataset} set has real-valued targets, which ${loss} cannot read; using mse.` });
  } else if (config.outputs > 0 && !REGRESSION_SETS.has(config.dataset) && config.dataset !== 'csv') {
    const classes = config.dataset === 'xor' ? 2 : config.classes;
    const fits = loss === 'sparse_categorical_crossentropy' ? config.outputs >= classes
      : loss === 'binary_crossentropy' && config.outputs === 1 ? classes === 2 : config.outputs === 1 || config.outputs === classes;
    if (!fits) {
      out.push({ key: 'outputs', value: 0,
        notice: `Output units: ${config.outputs} do not fit ${loss} on ${classes} classes; using the loss's own (0).` });
    }
  }
  return out;
}

/**
 * Reads '#preset=example-1&lr=0.1' into { preset, raw, lesson, step, embed }:
 * a guided lesson's step is '#lesson=NAME&step=N' (N from 1), then its keys;
 * the embed's own keys (controls=, charts=, ...) go to `embed`.
 */
export function parseHash(hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const raw = {};
  const embed = {};
  let preset = null;
  let lesson = null;
  let step = null;
  for (const [k, v] of params) {
    if (k === 'preset') preset = v;
    else if (k === 'lesson') lesson = v;
    else if (k === 'step') step = Number.isInteger(Number(v)) ? Number(v) : null;
    else if (EMBED_KEYS.includes(k)) embed[k] = v;
    else raw[k] = v;
  }
  return { preset, raw, lesson, step, embed };
}

/** The hash for a config: the preset, then every key that differs from it. */
export function makeHash(keys, presetName, config) {
  const preset = presetName ? findPreset(presetName) : null;
  const base = { ...defaults(keys), ...(preset ? preset.keys : {}) };
  const params = new URLSearchParams();
  if (preset) params.set('preset', preset.name);
  for (const k of keys) {
    if (config[k.name] !== base[k.name]) params.set(k.name, hashValue(config[k.name]));
  }
  return `#${params.toString()}`;
}
