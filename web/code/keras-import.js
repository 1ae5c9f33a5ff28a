// keras-import.js: reads a Keras snippet of the kind blog posts carry into a
// Flatline config (issue 11, issue 22), over python-reader.js's expressions. It
// understands a Sequential of Dense layers (units, an activation per layer,
// initializer, L2, input_shape or keras.Input), Activation, Dropout and
// BatchNormalization layers,
// compile (optimizer by name or Adam/SGD/RMSprop(...), the loss and its
// from_logits), fit (batch_size, epochs, shuffle, validation_split), the seed,
// and the post's data lines (np.random.rand(n, d) * s, np.random.randint(0, k,
// n)) or the exported scripts' make_data(...). The last layer and the loss are
// trained as written. Anything else is listed with its line number and
// ignored, never guessed. It also says where the lines a fix may edit are
// (`sites`, for fix-code.js). No DOM: the page's box and `train.mjs
// --from-keras` share it.

import { MAKE_DATA_KEYS, OWN_OUTPUT } from '../engine/settings.js';
import { DepthError, MAX_CHARS, MAX_LINES, Parser, SnippetError, plainText, statements, tooLong } from './python-reader.js';

export { MAX_CHARS, MAX_LINES, MAX_NESTING, MAX_TERMS, SnippetError, plainText } from './python-reader.js';

// --- what the snippet means ------------------------------------------------------

const OPTIMIZERS = new Set(['adam', 'sgd', 'rmsprop']); // Keras's names, which are Flatline's too
const DEFAULT_LR = { adam: 0.001, sgd: 0.01, momentum: 0.01, rmsprop: 0.001 };
const ACTIVATIONS = new Set(['relu', 'tanh', 'sigmoid', 'linear', 'leaky_relu']);
const INITS = new Set(['glorot_uniform', 'glorot_normal', 'he_uniform', 'he_normal', 'lecun_uniform', 'lecun_normal']);
// Keras's values, which Flatline's optimizers hold fixed.
const FIXED = { beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, rho: 0.9 };
const DATA_ARGS = [...MAKE_DATA_KEYS, 'val_share']; // make_data's, as the exported scripts call it

const last = (dotted) => (dotted ?? '').split('.').pop();

/**
 * Reads a snippet: { config: { key: value } (only the keys it sets), ignored:
 * [{ line, text, why }] for every line it did not understand, model: whether
 * it read a Dense layer } (noModelReason says why one without can't train).
 */
export function importKeras(source) {
  if (source.length > MAX_CHARS) throw new SnippetError(tooLong(`${source.length} characters`));
  const text = plainText(source);
  const lines = text.split('\n');
  const ignored = new Map(); // line -> { line, text, why }: every reason given for it, joined
  const vars = new Map();
  const config = {};
  const layers = [];
  let loss = null; // { name (the core's), fromLogits, line }: compile's loss
  // Where the snippet says what a fix may change (fix-code.js edits those lines):
  // the optimizer, compile and fit statements, with fit's data variables.
  const sites = { optimizer: null, compile: null, fit: null };
  const scales = new Set(); // the input scales the data lines use
  let validationSplit = null; // fit's validation_split: { value, line }
  // changes: whether what is not read would change the training (a layer, an
  // optimizer's setting, a loss); such a snippet is not trained as written, and is
  // refused (notAsWrittenReason). Notes, callbacks and statements the reader cannot
  // place are listed without it.
  const ignore = (line, why, changes = true) => {
    const seen = ignored.get(line);
    if (seen) {
      if (!seen.why.split('; ').includes(why)) seen.why += `; ${why}`;
      seen.changes ||= changes;
      return;
    }
    const whole = (lines[line - 1] ?? '').trim();
    ignored.set(line, { line, text: whole.length > 120 ? `${whole.slice(0, 117)}...` : whole, why, changes });
  };
  if (lines.length > MAX_LINES) throw new SnippetError(tooLong(`${lines.length} lines`));

  // A number from a literal, a variable or simple arithmetic on them; null otherwise.
  const num = (node) => {
    if (!node) return null;
    if (node.t === 'num') return node.v;
    if (node.t === 'name' && typeof vars.get(node.v) === 'number') return vars.get(node.v);
    if (node.t === 'neg') { const a = num(node.a); return a === null ? null : -a; }
    if (node.t === 'bin') {
      const a = num(node.a);
      const b = num(node.b);
      if (a === null || b === null) return null;
      return { '+': a + b, '-': a - b, '*': a * b, '/': a / b }[node.op];
    }
    return null;
  };
  // A number the snippet gives for `what`; a value that is not one is listed, never dropped unsaid.
  const given = (node, what) => {
    const v = num(node);
    if (v !== null && Number.isFinite(v)) return v;
    ignore(node?.line, `${what} is not a number the lab can read`);
    return undefined;
  };
  const str = (node) => (node?.t === 'str' ? node.v : node?.t === 'name' && typeof vars.get(node.v) === 'string' ? vars.get(node.v) : null);
  const callName = (node) => (node?.t === 'call' ? last(node.fn.dotted) : null);

  function dense(node) {
    const units = num(node.pos[0] ?? node.kw.units ?? node.kw.output_dim); // output_dim: Keras 1's name
    if (units === null) return ignore(node.line, 'the units are not a number');
    // Keras 1's Dense(input_dim, output_dim): in Keras 2 and later the second argument is the activation.
    if (node.pos[1] && num(node.pos[1]) !== null) {
      return ignore(node.line, `Dense(${units}, ${num(node.pos[1])}) reads as Keras 1's Dense(input_dim, output_dim); ` +
        `Keras 2 takes the units first and the activation second: write Dense(${num(node.pos[1])}, input_dim=${units})`);
    }
    const given = node.kw.activation ?? node.pos[1];
    const act = given ? str(given) ?? (given.t === 'attr' ? given.name : null) : 'linear';
    const layer = { units, act: act ?? '?', line: node.line };
    const init = node.kw.kernel_initializer ?? node.kw.init; // init: Keras 1's name
    if (init) layer.init = str(init) ?? callName(init)?.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
    const reg = node.kw.kernel_regularizer;
    if (reg) layer.l2 = callName(reg)?.toLowerCase() === 'l2' ? num(reg.pos[0] ?? reg.kw.l2) : null;
    const shape = node.kw.input_shape ?? node.kw.input_dim;
    if (shape) layer.inputs = num(shape.t === 'tuple' || shape.t === 'list' ? shape.items[0] : shape);
    for (const k of Object.keys(node.kw)) {
      if (!['units', 'output_dim', 'activation', 'kernel_initializer', 'init', 'kernel_regularizer', 'input_shape', 'input_dim', 'name'].includes(k)) {
        ignore(node.kw[k].line, `Dense's ${k} is not one Flatline has`);
      }
    }
    layers.push(layer);
  }

  // BatchNormalization after a Dense: after its activation, or before the
  // Activation layer that follows (the Activation branch above moves it).
  // Keras's own momentum and epsilon are the lab's; other settings are named.
  function batchNorm(node) {
    const before = layers.at(-1);
    if (!before) return ignore(node.line, 'BatchNormalization on the inputs: the lab normalizes hidden layers only (standardize scales the inputs)');
    if (before.norm) return ignore(node.line, 'a second BatchNormalization after the same layer');
    if (before.dropout !== undefined) return ignore(node.line, 'BatchNormalization after Dropout: the lab normalizes a layer before its dropout');
    const fixed = { momentum: 0.99, epsilon: 1e-3, axis: -1, center: 1, scale: 1 }; // True reads as 1
    const held = [];
    for (const [k, v] of Object.entries(node.kw)) {
      if (k === 'name') continue;
      if (!(k in fixed)) held.push(`BatchNormalization's ${k} is not one Flatline has`);
      else if (num(v) !== fixed[k]) held.push(`BatchNormalization's ${k} is held at Keras's default ${k === 'center' || k === 'scale' ? 'True' : fixed[k]}`);
    }
    if (node.pos.length) held.push("BatchNormalization's positional arguments are not read");
    if (held.length) return held.forEach((why) => ignore(node.line, why));
    before.norm = 'after';
    before.normLine = node.line;
    return undefined;
  }

  function layer(node) {
    const name = callName(node);
    if (name === 'Dense') return dense(node);
    if (name === 'Activation') { // folded into the Dense before it, when that one has none of its own
      const act = str(node.pos[0] ?? node.kw.activation);
      const before = layers.at(-1);
      if (!before || before.act !== 'linear' || before.activationLayer) {
        return ignore(node.line, 'an Activation layer is read only right after a Dense without an activation of its own');
      }
      // Dense, BatchNormalization, Activation: the normalization comes before the activation.
      if (before.norm) before.norm = 'before';
      before.act = act ?? '?';
      before.activationLayer = true;
      before.actLine = node.line;
      return undefined;
    }
    if (name === 'BatchNormalization') return batchNorm(node);
    if (name === 'Dropout') { // the rate after the Dense before it (model() checks it is a hidden one)
      const rate = num(node.pos[0] ?? node.kw.rate);
      const before = layers.at(-1);
      if (rate === null || !(rate >= 0 && rate <= 0.95)) return ignore(node.line, 'the dropout rate is not a number from 0 to 0.95');
      if (!before) return ignore(node.line, 'Dropout on the inputs: the lab drops units only after hidden layers');
      if (before.dropout !== undefined) return ignore(node.line, 'a second Dropout after the same layer');
      before.dropout = rate;
      before.dropoutLine = node.line;
      return undefined;
    }
    if (name === 'Input' || name === 'InputLayer') {
      const shape = node.kw.shape ?? node.kw.input_shape ?? node.pos[0];
      const item = shape?.t === 'tuple' || shape?.t === 'list' ? shape.items[0] : shape;
      if (item?.t === 'index' && item.of.t === 'attr' && item.of.name === 'shape') return; // the data's own width
      const d = num(item);
      if (d === null) return ignore(node.line, 'the input shape is not a number', false); // the data lines give it
      config.features = d;
      return;
    }
    ignore(node.line, `${name ?? 'this'} is not a layer Flatline has (Dense, Activation, Dropout and BatchNormalization)`);
  }

  function optimizer(node) {
    if (node?.t === 'name' && vars.has(node.v) && typeof vars.get(node.v) === 'object') node = vars.get(node.v);
    if (node?.line) sites.optimizer = { line: node.line, byName: Boolean(str(node)) };
    const byName = str(node);
    if (byName) {
      const o = byName.toLowerCase();
      if (!OPTIMIZERS.has(o)) return ignore(node.line, `the optimizer '${byName}' is not one Flatline has`);
      config.optimizer = o;
      config.lr = DEFAULT_LR[o];
      return;
    }
    const name = callName(node)?.toLowerCase();
    if (!OPTIMIZERS.has(name)) return ignore(node?.line, 'this optimizer is not one Flatline has (Adam, SGD, RMSprop)');
    let o = name;
    const m = node.kw.momentum ? num(node.kw.momentum) : 0;
    if (o === 'sgd' && m === 0.9) o = 'momentum';
    else if (m !== 0) ignore(node.kw.momentum.line, 'Flatline has momentum 0.9 (SGD) or none');
    config.optimizer = o;
    let lr = node.kw.learning_rate ?? node.kw.lr ?? node.pos[0];
    if (callName(lr) === 'ExponentialDecay') {
      const rate = num(lr.kw.decay_rate ?? lr.pos[2]);
      const steps = num(lr.kw.decay_steps ?? lr.pos[1]);
      if (steps === 1 && rate !== null) config.lr_growth = rate;
      else ignore(lr.line, 'only a decay every step (decay_steps=1) becomes lr_growth');
      lr = lr.kw.initial_learning_rate ?? lr.pos[0];
    }
    config.lr = lr ? given(lr, 'the learning rate') : DEFAULT_LR[o];
    for (const [k, v] of Object.entries(node.kw)) {
      if (k in FIXED && num(v) !== FIXED[k]) ignore(v.line, `Flatline's ${k} is Keras's ${FIXED[k]}`);
      else if (!(k in FIXED) && !['learning_rate', 'lr', 'momentum', 'name'].includes(k)) ignore(v.line, `${k} is not an argument Flatline has`);
    }
  }

  function compile(node) {
    // compile(optimizer, loss, ...) by position as well as by name.
    const opt = node.kw.optimizer ?? node.pos[0];
    if (opt) optimizer(opt);
    const node2 = node.kw.loss ?? node.pos[1];
    if (!node2) return;
    const name = str(node2) ?? callName(node2);
    const key = lossKey(name);
    if (!key) {
      ignore(node2.line, `the loss '${name ?? '?'}' is not one Flatline has (sparse_categorical_crossentropy, ` +
        'categorical_crossentropy with to_categorical, binary_crossentropy, mse, mae)');
      return;
    }
    // categorical_crossentropy on to_categorical's one-hot labels is the sparse loss on the labels themselves;
    // on integer labels Keras stops with a shape error, which is no run to show.
    if (key === 'categorical' && !/\bto_categorical\(/.test(text)) {
      ignore(node2.line, 'categorical_crossentropy needs one-hot labels (to_categorical), and none are made here: Keras would stop ' +
        'with "Shapes (None, 1) and (None, K) are incompatible"; use sparse_categorical_crossentropy on integer labels');
      return;
    }
    const logits = node2.t === 'call' && node2.kw.from_logits ? num(node2.kw.from_logits) === 1 : false;
    loss = { name: key === 'categorical' ? 'sparse_categorical_crossentropy' : key, fromLogits: logits, line: node2.line };
  }

  function fit(node) {
    const kw = node.kw;
    // fit(x, y, batch_size, epochs, ...) by position too; nb_epoch is Keras 1's epochs.
    const batch = kw.batch_size ?? node.pos[2];
    const epochs = kw.epochs ?? kw.nb_epoch ?? node.pos[3];
    config.batch = batch ? given(batch, 'the batch size') : 32; // Keras's defaults
    config.epochs = epochs ? given(epochs, 'the number of epochs') : 1;
    if (kw.shuffle) config.shuffle = given(kw.shuffle, 'shuffle');
    if (kw.validation_split) validationSplit = { value: given(kw.validation_split, 'validation_split'), line: kw.validation_split.line };
    for (const [k, v] of Object.entries(kw)) {
      if (!['batch_size', 'epochs', 'nb_epoch', 'shuffle', 'validation_data', 'validation_split', 'verbose', 'callbacks'].includes(k)) {
        ignore(v.line, `fit's ${k} is not one Flatline has`);
      }
    }
    // Callbacks are read, and said: the lab trains every epoch it is given.
    const callbacks = kw.callbacks?.t === 'list' ? kw.callbacks.items.map(callName).filter(Boolean) : [];
    if (callbacks.length) {
      ignore(kw.callbacks.line, `the lab runs no callbacks (${callbacks.join(', ')}): it trains every epoch` +
        `${callbacks.includes('EarlyStopping') ? '; the doctor names the epoch where validation was best' : ''}`, false);
    }
  }

  // X = np.random.rand(n, d) * s; y = np.random.randint(0, k, n); optionally .astype(...).
  function dataLine(target, node) {
    let value = node;
    if (value.t === 'call' && value.fn.t === 'attr' && value.fn.name === 'astype') value = value.fn.of;
    let scale = 1;
    if (value.t === 'bin' && value.op === '*') {
      scale = num(value.b) ?? num(value.a);
      value = num(value.b) !== null ? value.a : value.b;
    }
    const fn = value.t === 'call' ? value.fn.dotted ?? '' : '';
    const split = /val|test/i.test(target) ? 'n_val' : 'n_train';
    // np.random.rand(n, d), np.random.random((n, d)), np.random.random_sample(size=(n, d)), rng.random((n, d))
    const shape = (call) => {
      const one = call.kw.size ?? call.pos[0];
      return call.pos.length === 2 ? call.pos.map(num) : one?.t === 'tuple' || one?.t === 'list' ? one.items.map(num) : [];
    };
    if (/(random\.rand|\.random|random_sample)$/.test(fn) && scale !== null) {
      const [n, d] = shape(value);
      if (n == null || d == null) return false;
      config.dataset = 'random';
      config[split] = n;
      config.features = d;
      // One input_scale serves both splits: a second, different scale is not read.
      if (scales.size && !scales.has(scale)) {
        ignore(node.line, `the lab scales both splits alike (input_scale ${[...scales][0]})`, false);
        return true;
      }
      scales.add(scale);
      config.input_scale = scale;
      return true;
    }
    if (/(random\.randint|\.integers)$/.test(fn) && scale === 1) { // randint(0, k, n), randint(k, size=n)
      const args = value.pos.map(num);
      const [lo, hi] = args.length >= 2 ? args : [0, args[0]];
      const n = value.kw.size ? num(value.kw.size) : args[2];
      if (lo !== 0 || hi == null || n == null) return false;
      config.classes = hi;
      config[split] = n;
      return true;
    }
    return false;
  }

  function makeData(node) {
    const dataset = str(node.pos[0]);
    if (!dataset) return ignore(node.line, 'make_data needs the data set\'s name');
    config.dataset = dataset;
    for (const [k, v] of Object.entries(node.kw)) {
      if (k === 'path') continue;
      if (DATA_ARGS.includes(k)) config[k] = given(v, `make_data's ${k}`);
      else ignore(v.line, `make_data has no ${k}`);
    }
  }

  const OUTPUT_ONLY = /^(import |from \S+ import |print\(|try:|except\b|pass$|finally:|plt\.|rows = \[\]$)|matplotlib|keras\.callbacks\.|json\.dump|\.summary\(\)|\.evaluate\(|\.predict\(|\.save\(|history\.history/;
  let skipDef = false;
  for (const st of statements(text)) {
    const source = lines.slice(st.line - 1, st.last).join('\n').trim();
    const indented = /^\s/.test(lines[st.line - 1] ?? '');
    if (skipDef && indented) continue; // the body of our own make_data
    skipDef = false;
    if (st.tokens[0].t === 'str' && st.tokens.length === 1) continue; // a docstring or a bare string
    if (/^def (make_data|read_csv_rows)\(/.test(source)) { skipDef = true; continue; } // the scripts' own helpers
    if (OUTPUT_ONLY.test(source) || (indented && /print\(|plt\.|pass/.test(source))) continue;
    let target = null;
    let toks = st.tokens;
    if (toks[0].t === 'name' && toks[1]?.t === 'op' && toks[1].v === '=') {
      target = toks[0].v;
      toks = toks.slice(2);
    } else if (toks[0].t === 'name' && toks[1]?.t === 'op' && toks[1].v === ',') {
      const eq = toks.findIndex((t) => t.t === 'op' && t.v === '=');
      if (eq > 0) { target = toks.slice(0, eq).map((t) => t.v).join(''); toks = toks.slice(eq + 1); }
    }
    let node;
    try {
      const p = new Parser([...toks, { t: 'nl', line: st.last }]);
      node = p.expr();
      if (p.peek().t !== 'nl') throw new SyntaxError('more follows');
    } catch (err) {
      ignore(st.line, err instanceof DepthError ? `not read: ${err.message}` : 'not a statement Flatline reads', false);
      continue;
    }
    const fn = node.t === 'call' ? node.fn.dotted ?? '' : '';
    const name = last(fn);
    if (target && (node.t === 'num' || node.t === 'str')) { vars.set(target, node.v); continue; }
    if (name === 'Sequential') {
      const list = node.pos[0];
      for (const item of list?.t === 'list' ? list.items : []) layer(item);
      continue;
    }
    if (fn.endsWith('.add') && node.pos[0]) { layer(node.pos[0]); continue; }
    if (fn.endsWith('.compile')) { sites.compile = { line: st.line, last: st.last }; compile(node); continue; }
    if (fn.endsWith('.fit')) {
      const named = (n) => (n?.t === 'name' ? n.v : null);
      const val = node.kw.validation_data;
      sites.fit = { line: st.line, last: st.last, x: named(node.pos[0] ?? node.kw.x), y: named(node.pos[1] ?? node.kw.y),
        valX: val?.t === 'tuple' || val?.t === 'list' ? named(val.items[0]) : null,
        valY: val?.t === 'tuple' || val?.t === 'list' ? named(val.items[1]) : null };
      fit(node);
      continue;
    }
    if (/(set_random_seed|random\.seed|manual_seed|set_seed)$/.test(fn)) { config.seed = given(node.pos[0], 'the seed'); continue; }
    if (name === 'make_data') { makeData(node); continue; }
    if (name === 'to_categorical') continue; // one-hot labels: with categorical_crossentropy, the sparse loss on the labels
    if (target && OPTIMIZERS.has(name?.toLowerCase())) { vars.set(target, node); continue; }
    if (target && dataLine(target, node)) continue;
    ignore(st.line, 'not a statement Flatline reads', false);
  }
  model(layers, loss, config, ignore);
  splitOff(validationSplit, config, ignore);
  for (const k of Object.keys(config)) if (config[k] === undefined || config[k] === null) delete config[k];
  return { config, ignored: [...ignored.values()].sort((a, b) => a.line - b.line), model: layers.length > 0,
    sites: {
      ...sites,
      layers: layers.map(({ units, act, line, actLine, dropoutLine, norm, normLine }) => ({
        units, act, line, actLine: actLine ?? null, dropoutLine: dropoutLine ?? null, norm: norm ?? 'none', normLine: normLine ?? null,
      })),
    } };
}

/**
 * Why a read snippet (importKeras's result) cannot be trained as written, or
 * null: with no Dense layer read the lab would train its own network, not the
 * snippet's, so a caller that trains refuses it with these words.
 */
export function noModelReason({ model: hasModel, ignored }) {
  if (hasModel) return null;
  const first = ignored.slice(0, 3).map((x) => `line ${x.line}: ${x.why}`).join('; ');
  return 'no model read: Flatline reads Dense layers from Sequential([...]) or model.add(Dense(...)) with their units as numbers' +
    `${first ? ` (${first}${ignored.length > 3 ? '; ...' : ''})` : ''}`;
}

/**
 * Why a snippet with a model is not trained as written, or null: the lines whose
 * unread constructs would change the training (a layer the lab lacks, an
 * optimizer's or a layer's setting it holds fixed, a loss it has not), so that a
 * snippet is either trained as written or refused with its reasons.
 */
export function notAsWrittenReason({ ignored }) {
  const held = ignored.filter((x) => x.changes);
  if (!held.length) return null;
  const first = held.slice(0, 3).map((x) => `line ${x.line}: ${x.why}`).join('; ');
  return `not trained as written: ${held.length === 1 ? 'a line changes' : `${held.length} lines change`} the training in ways the lab does not read ` +
    `(${first}${held.length > 3 ? '; ...' : ''}); change or remove ${held.length === 1 ? 'it' : 'them'} to train the rest`;
}

// fit's validation_split: Keras holds out the last share of the rows it was
// given. Rows drawn in the snippet (n_train, no validation rows of their own)
// are split so; otherwise it is val_share, the share of your CSV held out.
function splitOff(split, config, ignore) {
  if (!split || split.value === undefined) return;
  const v = split.value;
  if (config.dataset === 'random' && config.n_train && config.n_val === undefined) {
    const nVal = Math.round(config.n_train * v);
    if (v > 0 && v < 1 && nVal >= 10 && config.n_train - nVal >= 10) {
      config.n_val = nVal;
      config.n_train -= nVal;
      return;
    }
  } else if (v >= 0.05 && v <= 0.5) {
    config.val_share = v;
    return;
  }
  ignore(split.line, `validation_split ${v}: the lab holds out between 0.05 and 0.5 of the rows, and at least 10 of each`);
}

// Keras's loss names (strings, functions and classes) as the core's.
function lossKey(name) {
  const n = (name ?? '').replace(/_/g, '').toLowerCase();
  if (n === 'sparsecategoricalcrossentropy') return 'sparse_categorical_crossentropy';
  if (n === 'categoricalcrossentropy') return 'categorical';
  if (n === 'binarycrossentropy') return 'binary_crossentropy';
  if (['mse', 'meansquarederror'].includes(n)) return 'mse';
  if (['mae', 'meanabsoluteerror'].includes(n)) return 'mae';
  return null;
}
const OUTPUTS = new Set(['softmax', 'sigmoid', 'linear', 'relu', 'tanh']);

// The last layer and the loss, trained as written (a pair that does not fit is
// the doctor's to name): loss, output, from_logits, and the units as outputs
// and classes.
function outputAndLoss(out, loss, config, ignore) {
  const name = loss?.name ?? 'sparse_categorical_crossentropy';
  if (name !== 'sparse_categorical_crossentropy') config.loss = name;
  if (!OUTPUTS.has(out.act)) ignore(out.line, `the output activation '${out.act}' is not one Flatline has (${[...OUTPUTS].join(', ')})`);
  else if (out.act !== OWN_OUTPUT[name]) config.output = out.act;
  let logits = Boolean(loss?.fromLogits);
  if (logits && ((out.act === 'softmax' && name === 'sparse_categorical_crossentropy') || (out.act === 'sigmoid' && name === 'binary_crossentropy'))) {
    // Keras reads a softmax or sigmoid layer's own logits whatever from_logits says (it warns).
    ignore(loss.line, `from_logits=True after a ${out.act} layer: Keras uses the layer's logits anyway (and warns), so the lab does too`, false);
    logits = false;
  }
  // A linear layer's logits read by the loss are the loss's own output's (a softmax or a sigmoid): the same training.
  if (logits && out.act === 'linear' && OWN_OUTPUT[name] !== 'linear') delete config.output;
  else if (logits) config.from_logits = 1;
  if (name === 'sparse_categorical_crossentropy') {
    config.classes = out.units;
  } else if (name === 'binary_crossentropy') {
    config.classes = out.units === 1 ? 2 : out.units;
    if (out.units === 1 && config.output === 'softmax') config.outputs = 1;
  } else {
    config.outputs = out.units;
  }
}

// The Dense stack into depth, width or widths, activation, init, l2, and the output with its loss.
function model(layers, loss, config, ignore) {
  if (!layers.length) return;
  const out = layers[layers.length - 1];
  const hidden = layers.slice(0, -1);
  outputAndLoss(out, loss, config, ignore);
  if (out.dropout !== undefined) ignore(out.dropoutLine, 'Dropout after the output layer: the lab drops units only after hidden layers');
  if (out.norm) ignore(out.normLine, 'BatchNormalization after the output layer: the lab normalizes hidden layers only');
  const norms = hidden.map((l) => l.norm ?? 'none');
  if (norms.some((n) => n !== 'none')) config.batchnorm = norms.every((n) => n === norms[0]) ? norms[0] : norms.join(',');
  const rates = hidden.map((l) => l.dropout ?? 0);
  if (rates.some((r) => r > 0)) config.dropout = rates.every((r) => r === rates[0]) ? String(rates[0]) : rates.join(',');
  if (layers[0].inputs) config.features = layers[0].inputs;
  config.depth = hidden.length;
  const widths = hidden.map((l) => l.units);
  if (widths.length && widths.every((w) => w === widths[0])) config.width = widths[0];
  else if (widths.length) config.widths = widths.join(',');
  // One activation for every hidden layer, or one per layer (activations).
  const unknown = hidden.find((l) => !ACTIVATIONS.has(l.act));
  if (unknown) {
    ignore(unknown.line, `the activation '${unknown.act}' is not one Flatline has`);
  } else if (hidden.length) {
    config.activation = hidden[0].act;
    if (hidden.some((l) => l.act !== hidden[0].act)) config.activations = hidden.map((l) => l.act).join(',');
  }
  const inits = [...new Set(layers.map((l) => l.init ?? 'glorot_uniform'))];
  if (INITS.has(inits[0])) config.init = inits[0];
  else ignore(layers[0].line, `the initializer '${inits[0]}' is not one Flatline has`);
  for (const l of layers) if ((l.init ?? 'glorot_uniform') !== inits[0]) ignore(l.line, 'Flatline gives every layer one initializer');
  const l2 = [...new Set(layers.map((l) => l.l2 ?? 0))];
  if (l2.length === 1 && l2[0] !== null) { if (l2[0]) config.l2 = l2[0]; } else {
    ignore(layers.find((l) => l.l2 !== undefined)?.line ?? out.line, 'Flatline puts one L2 penalty on every kernel');
  }
}
