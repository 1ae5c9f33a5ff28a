// scenarios.mjs: the doctor's examination. Each scenario is a config with a
// known cause, the causes the doctor must name first (`first`), may also name
// (`may`) and must not name (`not`), and its ground truth by intervention,
// written here independently of the doctor's rules: `symptom` holds on the
// broken run, and on the run with `fix` it is gone. For no_signal no fix
// exists: `none` lists strong changes that must all leave validation at or
// above chance. Every scenario is checked on seeds 1 to 3.
//
// Symptoms read the final record `e` (and the history `h`) with K classes.

const ln = Math.log;
const end = (h) => h.at(-1);
const minVal = (h) => Math.min(...h.map((r) => r.val_loss));
// Validation not below chance by more than the sampling noise of 200 samples allows.
const atChance = (h, K = 3) => end(h).val_loss > ln(K) - 0.05;
const learned = (h, below) => end(h).val_loss < below;
// The same against the labels' own chance (the core's chance_loss), for files with any class shares.
const ownChance = (h) => h[0].chance_loss;
const notLearned = (h) => end(h).val_loss > ownChance(h) - 0.05;

// Each flat, learnable scenario's fix must lower the final validation loss clearly.
const lowers = (by) => (broken, fixed) => end(fixed).val_loss < end(broken).val_loss - by;
// The same on each run's own scale (a fix that rescales the targets rescales the loss):
// the final validation loss as a share of the constant prediction's.
const relativeLowers = (by) => (broken, fixed) => end(fixed).val_loss / fixed[0].chance_loss < end(broken).val_loss / broken[0].chance_loss - by;

export const SCENARIOS = [
  // --- no_signal: random labels; the post's three examples among them --------------
  { cause: 'no_signal', name: 'post example 1', config: { preset: 'example-1' }, first: ['no_signal'], may: ['memorizing'],
    not: ['lr_too_low', 'too_little_capacity', 'too_few_steps', 'still_learning', 'healthy', 'vanishing_gradients'],
    truth: { symptom: (h) => atChance(h), none: [{ width: 256 }, { lr: 0.01 }, { epochs: 60, depth: 2, width: 64 }, { standardize: 1 }] } },
  { cause: 'no_signal', name: 'post example 2', config: { preset: 'example-2' }, first: ['no_signal'], may: ['dead_units', 'lr_too_high'],
    not: ['lr_too_low', 'still_learning', 'healthy', 'too_few_steps', 'vanishing_gradients'],
    truth: { symptom: (h) => atChance(h), none: [{ lr: 0.001 }, { lr: 0.001, width: 256 }] } },
  { cause: 'no_signal', name: 'post example 3', config: { preset: 'example-3' }, first: ['no_signal'], may: ['unscaled_inputs', 'memorizing'],
    not: ['lr_too_low', 'still_learning', 'healthy', 'too_few_steps'],
    truth: { symptom: (h) => atChance(h), none: [{ standardize: 1 }, { input_scale: 1, width: 128 }] } },
  { cause: 'no_signal', name: 'all labels noise, linear teacher', config: { dataset: 'linear', label_noise: 1, depth: 2, width: 64 },
    first: ['no_signal'], may: ['memorizing'], not: ['lr_too_low', 'still_learning', 'healthy', 'too_little_capacity'],
    truth: { symptom: (h) => atChance(h), none: [{ lr: 0.01 }, { batch: 8 }] } },

  // --- learned_nothing: data with signal, a flat curve, no single cause ----------------
  { cause: 'learned_nothing', name: 'inputs all zero, linear teacher', config: { dataset: 'linear', zero_inputs: 1 },
    first: ['learned_nothing'], may: [], not: ['healthy', 'still_learning', 'no_signal', 'unscaled_inputs', 'too_little_capacity'],
    truth: { symptom: (h) => atChance(h), none: [{ lr: 0.01 }, { width: 256, epochs: 40 }] } },
  { cause: 'learned_nothing', name: 'inputs all zero, spiral', config: { dataset: 'spiral', zero_inputs: 1, depth: 2 },
    first: ['learned_nothing'], may: [], not: ['healthy', 'still_learning', 'no_signal', 'unscaled_inputs'],
    truth: { symptom: (h) => atChance(h), none: [{ lr: 0.01 }, { standardize: 1 }] } },

  // --- memorizing: random labels, a net big enough to learn them by heart ----------
  { cause: 'memorizing', name: 'memorize preset', config: { preset: 'memorize' }, first: ['no_signal', 'memorizing'], may: ['memorizing'],
    not: ['healthy', 'still_learning', 'lr_too_low', 'overfitting'],
    truth: { symptom: (h) => end(h).train_loss < 0.8 && end(h).val_loss > ln(3), none: [{ epochs: 10 }, { l2: 0.01 }] } },
  { cause: 'memorizing', name: 'three layers of 256 on random labels, 60 epochs', config: { dataset: 'random', depth: 3, width: 256, epochs: 60 },
    first: ['no_signal', 'memorizing'], may: ['memorizing'],
    not: ['healthy', 'still_learning', 'lr_too_low', 'overfitting'],
    truth: { symptom: (h) => end(h).train_loss < 0.1 && end(h).val_loss > ln(3), none: [{ epochs: 5 }, { l2: 0.01 }] } },

  // --- overfitting: learnable data, few samples, a big net, long training ----------
  { cause: 'overfitting', name: '100 noisy samples, 2x256, 300 epochs',
    config: { dataset: 'teacher', n_train: 100, depth: 2, width: 256, epochs: 300, batch: 10, label_noise: 0.2 },
    first: ['overfitting'], may: ['lr_too_high'], not: ['no_signal', 'healthy', 'lr_too_low', 'still_learning', 'too_little_capacity'],
    truth: { symptom: (h) => end(h).val_loss > minVal(h) + 0.3, fix: { epochs: 20 }, better: lowers(0.3) } },
  { cause: 'overfitting', name: '200 samples, 2x512, 200 epochs', config: { dataset: 'teacher', n_train: 200, depth: 2, width: 512, epochs: 200 },
    first: ['overfitting'], may: [], not: ['no_signal', 'healthy', 'lr_too_low', 'still_learning', 'too_little_capacity'],
    truth: { symptom: (h) => end(h).val_loss > minVal(h) + 0.2, fix: { epochs: 40 }, better: lowers(0.2) } },

  // --- lr_too_high ------------------------------------------------------------------
  { cause: 'lr_too_high', name: 'RMSprop at lr 0.1', config: { dataset: 'linear', optimizer: 'rmsprop', lr: 0.1 },
    first: ['lr_too_high'], may: ['dead_units', 'overfitting', 'still_learning'], not: ['lr_too_low', 'healthy', 'no_signal'],
    truth: { symptom: (h) => end(h).dead_frac > 0.6, fix: { lr: 0.003 }, better: (b, f) => end(f).dead_frac < 0.3 } },
  { cause: 'lr_too_high', name: 'spiral, Adam at lr 0.3', config: { preset: 'spiral', lr: 0.3 },
    first: ['lr_too_high'], may: ['dead_units'], not: ['lr_too_low', 'healthy', 'still_learning', 'no_signal'],
    truth: { symptom: (h) => end(h).val_loss > 0.3, fix: { lr: 0.01 }, better: lowers(0.2) } },
  { cause: 'lr_too_high', name: 'SGD lr 10 on inputs x100 (the issue\'s first case)',
    config: { dataset: 'teacher', optimizer: 'sgd', lr: 10, input_scale: 100, epochs: 10 },
    first: ['diverged', 'lr_too_high'], may: ['lr_too_high', 'unscaled_inputs', 'dead_units'],
    not: ['lr_too_low', 'still_learning', 'healthy', 'no_signal', 'too_few_steps'],
    truth: { symptom: (h) => end(h).val_loss > ln(3), fix: { lr: 0.1, standardize: 1 }, better: lowers(1) } },

  // --- diverged: the loss turns NaN or Infinity ----------------------------------------
  { cause: 'diverged', name: 'SGD lr 10, linear activation, inputs x1000',
    config: { dataset: 'linear', optimizer: 'sgd', lr: 10, input_scale: 1000, activation: 'linear' },
    first: ['diverged'], may: [], not: ['lr_too_low', 'still_learning', 'healthy'],
    truth: { symptom: (h, run) => run.diverged !== null, fix: { lr: 1e-6 }, better: (b, f, fixed) => fixed.diverged === null } },
  { cause: 'diverged', name: 'momentum lr 10, linear activation, inputs x100',
    config: { dataset: 'teacher', optimizer: 'momentum', lr: 10, activation: 'linear', input_scale: 100, epochs: 10 },
    first: ['diverged'], may: ['lr_too_high'], not: ['lr_too_low', 'still_learning', 'healthy'],
    truth: { symptom: (h, run) => run.diverged !== null, fix: { lr: 1e-5 }, better: (b, f, fixed) => fixed.diverged === null } },

  // --- lr_too_low: flat on learnable data with tiny steps -----------------------------
  { cause: 'lr_too_low', name: 'Adam lr 1e-5 (flat)', config: { dataset: 'linear', lr: 1e-5 },
    first: ['lr_too_low'], may: [], not: ['no_signal', 'healthy', 'lr_too_high', 'too_little_capacity', 'vanishing_gradients'],
    truth: { symptom: (h) => atChance(h), fix: { lr: 0.001 }, better: lowers(0.3) } },
  { cause: 'lr_too_low', name: 'SGD lr 1e-4 (flat)', config: { dataset: 'linear', optimizer: 'sgd', lr: 1e-4 },
    first: ['lr_too_low'], may: [], not: ['no_signal', 'healthy', 'lr_too_high', 'too_little_capacity'],
    truth: { symptom: (h) => atChance(h), fix: { lr: 0.1 }, better: lowers(0.3) } },
  { cause: 'lr_too_low', name: 'momentum lr 1e-3 on spiral', config: { dataset: 'spiral', optimizer: 'momentum', lr: 0.001, epochs: 30 },
    first: ['lr_too_low'], may: ['still_learning'], not: ['no_signal', 'lr_too_high', 'healthy'],
    truth: { symptom: (h) => end(h).val_loss > 0.9, fix: { lr: 0.03 }, better: lowers(0.2) } },

  // --- unscaled_inputs ----------------------------------------------------------------
  { cause: 'unscaled_inputs', name: 'saturated tanh on circles x300 (a flat curve, a normal initial loss)',
    config: { dataset: 'circles', input_scale: 300, activation: 'tanh', optimizer: 'momentum', lr: 0.01, depth: 2 },
    first: ['unscaled_inputs'], may: ['lr_too_high', 'learned_nothing'], not: ['healthy', 'no_signal'],
    truth: { symptom: (h) => end(h).val_loss > 0.6, fix: { standardize: 1 }, better: lowers(0.2) } },
  { cause: 'unscaled_inputs', name: 'linear teacher, inputs x100', config: { preset: 'example-3-learnable', standardize: 0 },
    first: ['unscaled_inputs'], may: ['overfitting', 'still_learning'], not: ['no_signal', 'lr_too_low', 'healthy'],
    truth: { symptom: (h) => h[0].val_loss > 5, fix: { standardize: 1 }, better: lowers(0.2) } },
  { cause: 'unscaled_inputs', name: 'circles, inputs x1000', config: { dataset: 'circles', input_scale: 1000, epochs: 30 },
    first: ['unscaled_inputs'], may: ['lr_too_high', 'overfitting'], not: ['no_signal', 'lr_too_low', 'healthy', 'still_learning'],
    truth: { symptom: (h) => h[0].val_loss > 20, fix: { standardize: 1 }, better: lowers(0.3) } },
  { cause: 'unscaled_inputs', name: 'linear teacher, inputs x0.001', config: { dataset: 'linear', input_scale: 0.001 },
    first: ['unscaled_inputs'], may: ['dead_units', 'lr_too_low'], not: ['no_signal', 'healthy', 'lr_too_high'],
    truth: { symptom: (h) => atChance(h), fix: { standardize: 1 }, better: lowers(0.3) } },

  // --- too_little_capacity ------------------------------------------------------------
  { cause: 'too_little_capacity', name: 'capacity preset: teacher, width 8', config: { preset: 'capacity' },
    first: ['too_little_capacity'], may: [], not: ['no_signal', 'lr_too_low', 'still_learning', 'overfitting'],
    truth: { symptom: (h) => end(h).train_acc < 0.85, fix: { width: 128 }, better: lowers(0.15) } },
  { cause: 'too_little_capacity', name: 'spiral with no hidden layer', config: { preset: 'spiral', depth: 0 },
    first: ['too_little_capacity'], may: [], not: ['no_signal', 'lr_too_low', 'lr_too_high', 'healthy', 'still_learning'],
    truth: { symptom: (h) => end(h).train_acc < 0.5, fix: { depth: 2 }, better: lowers(0.5) } },
  { cause: 'too_little_capacity', name: 'circles with no hidden layer', config: { dataset: 'circles', depth: 0 },
    first: ['too_little_capacity'], may: [], not: ['no_signal', 'lr_too_low', 'healthy', 'still_learning'],
    truth: { symptom: (h) => end(h).train_acc < 0.5, fix: { depth: 1, width: 32, epochs: 60, lr: 0.01 }, better: lowers(0.3) } },
  { cause: 'too_little_capacity', name: 'spiral, one layer of 4', config: { preset: 'spiral', depth: 1, width: 4 },
    first: ['too_little_capacity'], may: ['dead_units'], not: ['no_signal', 'lr_too_low', 'healthy', 'still_learning'],
    truth: { symptom: (h) => end(h).train_acc < 0.8, fix: { width: 64 }, better: lowers(0.3) } },
  { cause: 'too_little_capacity', name: 'spiral, layers of 4 then 2 (widths)', config: { preset: 'spiral', widths: '4,2' },
    first: ['too_little_capacity'], may: [], not: ['no_signal', 'lr_too_low', 'healthy', 'still_learning'],
    truth: { symptom: (h) => end(h).train_acc < 0.8, fix: { widths: '32,32' }, better: lowers(0.3) } },

  // --- dead_units ------------------------------------------------------------------------
  { cause: 'dead_units', name: 'linear teacher, Adam lr 0.1 (the post\'s example 2 on learnable labels)', config: { preset: 'example-2-learnable' },
    first: ['dead_units', 'lr_too_high'], may: ['lr_too_high', 'still_learning'], not: ['no_signal', 'lr_too_low', 'vanishing_gradients'],
    truth: { symptom: (h) => end(h).dead_frac > 0.6, fix: { lr: 0.01 }, better: (b, f) => end(f).dead_frac < 0.5 } },
  { cause: 'dead_units', name: 'SGD lr 3, two ReLU layers', config: { dataset: 'linear', optimizer: 'sgd', lr: 3, depth: 2 },
    first: ['dead_units', 'lr_too_high'], may: ['lr_too_high'], not: ['no_signal', 'lr_too_low', 'healthy'],
    truth: { symptom: (h) => end(h).dead_frac > 0.6, fix: { lr: 0.1 }, better: (b, f) => end(f).dead_frac < 0.5 } },

  // --- vanishing_gradients -----------------------------------------------------------------
  { cause: 'vanishing_gradients', name: 'six sigmoid layers, SGD 0.01 (the issue\'s third case)',
    config: { dataset: 'teacher', activation: 'sigmoid', depth: 6, optimizer: 'sgd', lr: 0.01 },
    first: ['vanishing_gradients'], may: ['lr_too_low'], not: ['no_signal', 'healthy', 'dead_units', 'lr_too_high'],
    truth: { symptom: (h) => end(h).grad_ratio < 1e-3 && atChance(h), fix: { activation: 'relu', init: 'he_uniform' },
      better: (b, f) => minVal(f) < minVal(b) - 0.1 } },
  { cause: 'vanishing_gradients', name: 'five sigmoid layers, momentum', config: { dataset: 'linear', activation: 'sigmoid', depth: 5, optimizer: 'momentum', lr: 0.01 },
    first: ['vanishing_gradients'], may: ['lr_too_low'], not: ['no_signal', 'healthy', 'dead_units', 'lr_too_high'],
    truth: { symptom: (h) => end(h).grad_ratio < 1e-3, fix: { activation: 'relu', init: 'he_uniform' }, better: lowers(0.1) } },
  { cause: 'vanishing_gradients', name: 'six sigmoid layers, Adam', config: { dataset: 'teacher', activation: 'sigmoid', depth: 6 },
    first: ['vanishing_gradients'], may: ['still_learning', 'lr_too_low'], not: ['no_signal', 'dead_units', 'lr_too_high'],
    truth: { symptom: (h) => h[1].grad_ratio < 1e-3, fix: { activation: 'relu', init: 'he_uniform' }, better: lowers(0.05) } },

  // --- too_few_steps -------------------------------------------------------------------------
  { cause: 'too_few_steps', name: 'big-batch preset: one step per epoch', config: { preset: 'big-batch' },
    first: ['too_few_steps'], may: ['still_learning'], not: ['no_signal', 'healthy', 'lr_too_high', 'too_little_capacity', 'vanishing_gradients'],
    truth: { symptom: (h) => atChance(h, 3) || end(h).val_acc < 0.5, fix: { batch: 32 }, better: lowers(0.3) } },
  { cause: 'too_few_steps', name: 'xor, batch 500', config: { dataset: 'xor', classes: 2, batch: 500 },
    first: ['too_few_steps'], may: ['still_learning'], not: ['no_signal', 'healthy', 'lr_too_high', 'too_little_capacity'],
    truth: { symptom: (h) => end(h).val_loss > 0.55, fix: { batch: 32 }, better: lowers(0.2) } },
  { cause: 'too_few_steps', name: 'spiral, batch 1000, 30 epochs', config: { preset: 'spiral', batch: 1000, epochs: 30 },
    first: ['too_few_steps'], may: ['still_learning'], not: ['no_signal', 'healthy', 'lr_too_high', 'too_little_capacity'],
    truth: { symptom: (h) => end(h).val_loss > 0.6, fix: { batch: 32 }, better: lowers(0.3) } },

  // --- still_learning: slow, not stuck --------------------------------------------------------
  { cause: 'still_learning', name: 'post example 1 on a linear teacher: width 8 is slow, not small', config: { preset: 'example-1-learnable' },
    // Its features are the post's uniform [0, 1): on seed 2, 3 of the 8 ReLUs are dead before any step,
    // and standardizing takes validation 0.881 -> 0.483 (measured): that finding may lead.
    first: ['still_learning', 'dead_units'], may: ['healthy', 'dead_units'], not: ['too_little_capacity', 'no_signal', 'lr_too_high', 'lr_too_low'],
    truth: { symptom: (h) => end(h).val_loss > 0.5, fix: { epochs: 100 }, better: lowers(0.2) } },
  { cause: 'still_learning', name: 'SGD at Keras\'s default lr 0.01 (a slow but steady learner)', config: { dataset: 'linear', optimizer: 'sgd', lr: 0.01 },
    first: ['still_learning'], may: ['healthy'], not: ['no_signal', 'lr_too_high', 'too_little_capacity', 'lr_too_low'],
    truth: { symptom: (h) => end(h).val_loss > 0.8, fix: { epochs: 60 }, better: lowers(0.2) } },
  { cause: 'still_learning', name: 'RMSprop at its default lr 0.001', config: { dataset: 'linear', optimizer: 'rmsprop' },
    first: ['still_learning'], may: ['healthy'], not: ['no_signal', 'lr_too_high', 'too_little_capacity', 'lr_too_low'],
    truth: { symptom: (h) => end(h).val_loss > 0.35, fix: { epochs: 60 }, better: lowers(0.1) } },

  // --- healthy, some of them odd-looking ---------------------------------------------------------
  { cause: 'healthy', name: 'healthy: linear teacher x100, standardized', config: { preset: 'example-3-learnable' },
    first: ['healthy'], may: ['still_learning'], not: ['no_signal', 'unscaled_inputs', 'lr_too_low', 'lr_too_high', 'dead_units', 'overfitting'] },
  { cause: 'healthy', name: 'healthy: spiral preset', config: { preset: 'spiral' },
    first: ['healthy'], may: ['still_learning'], not: ['no_signal', 'lr_too_low', 'lr_too_high', 'too_little_capacity', 'dead_units'] },
  { cause: 'healthy', name: 'healthy-odd: label noise 0.3 (a high floor)', config: { dataset: 'linear', label_noise: 0.3 },
    first: ['healthy', 'still_learning'], may: ['still_learning'], not: ['no_signal', 'too_little_capacity', 'lr_too_low', 'overfitting', 'memorizing'] },
  { cause: 'healthy', name: 'healthy-odd: gauss with label noise 0.4', config: { dataset: 'gauss', label_noise: 0.4 },
    first: ['healthy', 'still_learning'], may: ['still_learning'], not: ['no_signal', 'too_little_capacity', 'lr_too_low', 'memorizing'] },
  { cause: 'healthy', name: 'healthy-odd: SGD at lr 0.1, ten times Keras\'s default', config: { dataset: 'linear', optimizer: 'sgd', lr: 0.1 },
    first: ['healthy', 'still_learning'], may: ['still_learning'], not: ['lr_too_high', 'no_signal', 'lr_too_low', 'dead_units'] },
  { cause: 'healthy', name: 'healthy-odd: momentum 0.05, fast and bumpy', config: { dataset: 'linear', optimizer: 'momentum', lr: 0.05 },
    first: ['healthy', 'still_learning'], may: ['still_learning'], not: ['no_signal', 'lr_too_low', 'dead_units'] },

  // --- your own data: CSV files as users have them (scenario-data.mjs), on 3 seeds each -----------
  // Sensor readings in the tens of thousands and up: the inputs' scale is the cause.
  { cause: 'unscaled_inputs', name: 'your data: six sensors in the tens of thousands, Adam', config: { data: ['linear', { scale: 30000, offset: 20000 }] },
    first: ['unscaled_inputs'], may: ['lr_too_high', 'diverged', 'dead_units'], not: ['healthy', 'still_learning', 'no_signal', 'lr_too_low', 'too_little_capacity'],
    truth: { symptom: (h) => end(h).val_loss > ownChance(h), fix: { standardize: 1 }, better: lowers(0.3) } },
  { cause: 'unscaled_inputs', name: 'your data: readings up to 1e5, SGD 0.01', config: { data: ['linear', { scale: 100000 }], optimizer: 'sgd', lr: 0.01 },
    first: ['diverged', 'unscaled_inputs'], may: ['lr_too_high', 'diverged', 'dead_units'], not: ['healthy', 'still_learning', 'no_signal', 'lr_too_low'],
    truth: { symptom: (h) => end(h).val_loss > ownChance(h), fix: { standardize: 1 }, better: lowers(0.3) } },
  { cause: 'unscaled_inputs', name: 'your data: readings x1000 into tanh (saturated, a normal initial loss)', config: { data: ['linear', { scale: 1000 }], activation: 'tanh' },
    first: ['unscaled_inputs'], may: ['lr_too_high'], not: ['healthy', 'still_learning', 'no_signal', 'lr_too_low', 'dead_units'],
    truth: { symptom: (h) => end(h).val_loss > 0.7, fix: { standardize: 1 }, better: lowers(0.2) } },
  { cause: 'unscaled_inputs', name: 'your data: readings x1000 into sigmoid', config: { data: ['linear', { scale: 1000 }], activation: 'sigmoid', epochs: 60 },
    first: ['unscaled_inputs'], may: ['lr_too_high', 'still_learning'], not: ['healthy', 'no_signal', 'lr_too_low', 'dead_units'],
    truth: { symptom: (h) => end(h).val_loss > 0.5, fix: { standardize: 1 }, better: lowers(0.15) } },
  { cause: 'unscaled_inputs', name: 'your data: readings x10000, two ReLU layers', config: { data: ['linear', { scale: 10000 }], depth: 2 },
    first: ['unscaled_inputs'], may: ['lr_too_high', 'diverged', 'dead_units'], not: ['healthy', 'still_learning', 'no_signal', 'lr_too_low'],
    truth: { symptom: (h) => end(h).val_loss > ownChance(h), fix: { standardize: 1 }, better: lowers(0.3) } },
  { cause: 'unscaled_inputs', name: 'your data: flowers measured in tenths of a millimetre (all positive, rms 400)', config: { data: ['flowers', { scale: 100 }] },
    first: ['unscaled_inputs', 'dead_units'], may: ['dead_units', 'lr_too_high'], not: ['healthy', 'still_learning', 'no_signal', 'lr_too_low'],
    truth: { symptom: (h) => end(h).val_loss > 0.5, fix: { standardize: 1 }, better: lowers(0.2) } },
  // Positive-only features: ReLUs dead before any step; standardizing, not leaky ReLU.
  { cause: 'dead_units', name: 'your data: flowers in centimetres (all positive), ReLU', config: { data: ['flowers'] },
    first: ['dead_units'], may: ['still_learning'], not: ['healthy', 'no_signal', 'lr_too_low', 'lr_too_high'],
    truth: { symptom: (h) => h[0].layers[0].dead_frac > 0.25, fix: { standardize: 1 }, better: lowers(0.1) } },
  { cause: 'dead_units', name: 'your data: flowers in centimetres, ReLU of 64', config: { data: ['flowers'], width: 64 },
    first: ['dead_units', 'unscaled_inputs'], may: ['still_learning', 'unscaled_inputs'], not: ['healthy', 'no_signal', 'lr_too_low', 'lr_too_high'],
    truth: { symptom: (h) => h[0].layers[0].dead_frac > 0.25, fix: { standardize: 1 }, better: lowers(0.1) } },
  { cause: 'healthy', name: 'your data: flowers in centimetres into tanh (no unit dies; nothing to flag)', config: { data: ['flowers'], activation: 'tanh' },
    first: ['healthy', 'still_learning'], may: ['still_learning'], not: ['no_signal', 'dead_units', 'unscaled_inputs', 'lr_too_low', 'lr_too_high'] },
  // Labels that skip a class: said out loud; chance counts the classes that have rows.
  // (Labels 1 to 3 are read as classes 0 to 2: said by the reader, no class empty.)
  { cause: 'healthy', name: 'your data: labels 1-3, read from 1', config: { data: ['linear', { first: 1 }] },
    first: ['healthy', 'still_learning'], may: ['still_learning'], not: ['empty_classes', 'no_signal', 'learned_nothing'] },
  { cause: 'empty_classes', name: 'your data: labels 0, 2, 3 (class 1 has no row)', config: { data: ['linear', { skip: 1 }] },
    first: ['healthy', 'still_learning'], may: ['still_learning'], not: ['no_signal', 'learned_nothing', 'too_little_capacity'],
    truth: { symptom: (h) => h[0].empty_classes === 1 && Math.abs(h[0].chance_loss - Math.log(3)) < 0.01 } },
  { cause: 'empty_classes', name: 'your data: flower species 0, 2, 3, standardized', config: { data: ['flowers', { skip: 1 }], standardize: 1 },
    first: ['healthy', 'still_learning'], may: ['still_learning'], not: ['no_signal', 'learned_nothing', 'dead_units'],
    truth: { symptom: (h) => h[0].empty_classes === 1 } },
  { cause: 'empty_classes', name: 'your data: labels 0, 2, 3 at random (nothing to learn, and a class skipped)', config: { data: ['postRandom', { classes: 3, skip: 1 }], val_share: 0.2 },
    first: ['learned_nothing'], may: [], not: ['healthy', 'still_learning', 'too_little_capacity'],
    truth: { symptom: (h) => notLearned(h) && h[0].empty_classes === 1, none: [{ lr: 0.01 }, { width: 128 }] } },
  // Unbalanced classes, 90/10: chance is 90% accuracy and a loss of 0.33, not ln 2.
  { cause: 'healthy', name: 'your data: 90/10 classes, learnable', config: { data: ['linear', { cuts: [0.9] }] },
    first: ['healthy', 'still_learning'], may: ['still_learning'], not: ['no_signal', 'learned_nothing', 'lr_too_low', 'too_little_capacity'] },
  { cause: 'learned_nothing', name: 'your data: 90/10 classes at random', config: { data: ['postRandom', { n: 2000, classes: 2, shares: [0.9] }], val_share: 0.5 },
    first: ['learned_nothing'], may: [], not: ['healthy', 'still_learning', 'lr_too_low'],
    truth: { symptom: (h) => notLearned(h), none: [{ lr: 0.01 }, { width: 128, depth: 2 }] } },
  { cause: 'lr_too_low', name: 'your data: 90/10 classes, Adam 1e-5', config: { data: ['linear', { cuts: [0.9] }], lr: 0.00001 },
    first: ['lr_too_low'], may: ['learned_nothing'], not: ['healthy', 'no_signal', 'lr_too_high'],
    truth: { symptom: (h) => end(h).val_loss > 0.8 * ownChance(h), fix: { lr: 0.001 }, better: lowers(0.05) } },
  // The post's examples, as the CSV files their np.random calls make: nothing to learn, and the lab cannot know the labels are random.
  { cause: 'learned_nothing', name: 'your data: the post\'s example 1 as a CSV', config: { data: ['postRandom', { n: 1200, features: 10, classes: 3 }], val_share: 0.1667, depth: 1, width: 8 },
    // One run cannot tell labels with nothing in them from a slow rate or units dead on these
    // uncentred features (all three hold here); what it must not say is that it learns.
    first: ['learned_nothing', 'lr_too_low', 'dead_units'], may: ['lr_too_low', 'dead_units'], not: ['healthy', 'still_learning', 'too_little_capacity'],
    truth: { symptom: (h) => notLearned(h), none: [{ width: 256 }, { lr: 0.01 }] } },
  { cause: 'dead_units', name: 'your data: the post\'s example 2 as a CSV (Adam 0.1)', config: { data: ['postRandom', { n: 1200, features: 10, classes: 3 }], val_share: 0.1667, depth: 2, width: 32, lr: 0.1 },
    first: ['learned_nothing', 'lr_too_high', 'dead_units'], may: ['lr_too_high', 'dead_units'], not: ['healthy', 'still_learning', 'lr_too_low'],
    truth: { symptom: (h) => notLearned(h), none: [{ lr: 0.001 }] } },
  { cause: 'unscaled_inputs', name: 'your data: the post\'s example 3 as a CSV (inputs x100)', config: { data: ['postRandom', { n: 1200, features: 10, classes: 3, scale: 100 }], val_share: 0.1667, depth: 2, width: 32 },
    first: ['unscaled_inputs', 'learned_nothing'], may: ['unscaled_inputs', 'learned_nothing', 'lr_too_high'], not: ['healthy', 'still_learning', 'lr_too_low'],
    truth: { symptom: (h) => notLearned(h), none: [{ standardize: 1 }] } },
  { cause: 'learned_nothing', name: 'your data: the post\'s data, twenty features, ten classes, 64 units', config: { data: ['postRandom'], depth: 1, width: 64 },
    first: ['learned_nothing'], may: [], not: ['healthy', 'still_learning', 'lr_too_low', 'too_little_capacity'],
    truth: { symptom: (h) => notLearned(h), none: [{ width: 256 }, { lr: 0.01 }] } },
  // Ten classes of clusters.
  { cause: 'healthy', name: 'your data: ten clusters in 16 dimensions, 32 units', config: { data: ['clusters'] },
    first: ['healthy'], may: ['still_learning'], not: ['no_signal', 'too_little_capacity', 'lr_too_low', 'dead_units'] },
  { cause: 'too_little_capacity', name: 'your data: ten clusters through a layer of 2 (named within 20 epochs)', config: { data: ['clusters'], width: 2 },
    first: ['too_little_capacity'], may: ['still_learning'], not: ['healthy', 'no_signal', 'lr_too_low'],
    truth: { symptom: (h) => end(h).train_acc < 0.8, fix: { width: 32 }, better: lowers(0.3) } },
  { cause: 'unscaled_inputs', name: 'your data: ten clusters, features x1000', config: { data: ['clusters', { scale: 1000 }] },
    first: ['unscaled_inputs'], may: ['lr_too_high', 'dead_units'], not: ['healthy', 'no_signal', 'lr_too_low'],
    truth: { symptom: (h) => end(h).val_loss > 0.5, fix: { standardize: 1 }, better: lowers(0.3) } },
  { cause: 'overfitting', name: 'your data: 200 noisy rows, 2x256, 300 epochs', config: { data: ['linear', { n: 250, noise: 0.2 }], depth: 2, width: 256, epochs: 300, batch: 10 },
    first: ['overfitting'], may: ['lr_too_high', 'memorizing'], not: ['no_signal', 'healthy', 'lr_too_low', 'still_learning', 'too_little_capacity'],
    truth: { symptom: (h) => end(h).val_loss > minVal(h) + 0.3, fix: { epochs: 3 }, better: lowers(0.3) } },
  { cause: 'lr_too_high', name: 'your data: standardized sensors, RMSprop 1', config: { data: ['linear', { scale: 30000 }], standardize: 1, optimizer: 'rmsprop', lr: 1 },
    first: ['lr_too_high'], may: ['dead_units', 'overfitting'], not: ['healthy', 'lr_too_low', 'no_signal'],
    truth: { symptom: (h) => end(h).val_loss > 0.5, fix: { lr: 0.001 }, better: lowers(0.1) } },
  { cause: 'too_few_steps', name: 'your data: 800 rows in one batch', config: { data: ['linear', { n: 1000 }], batch: 800 },
    first: ['too_few_steps'], may: ['lr_too_low', 'learned_nothing'], not: ['healthy', 'no_signal', 'lr_too_high'],
    truth: { symptom: (h) => end(h).val_loss > 0.8, fix: { batch: 32 }, better: lowers(0.2) } },
  { cause: 'vanishing_gradients', name: 'your data: six sigmoid layers on standardized sensors', config: { data: ['linear'], activation: 'sigmoid', depth: 6, optimizer: 'sgd', lr: 0.01 },
    first: ['vanishing_gradients', 'learned_nothing'], may: ['lr_too_low', 'learned_nothing'], not: ['healthy', 'no_signal', 'lr_too_high'],
    truth: { symptom: (h) => notLearned(h), fix: { activation: 'relu', init: 'he_uniform' }, better: lowers(0.05) } },

  // --- more of the built-in data sets, each cause on data it was not tuned on -------------------
  { cause: 'healthy', name: 'healthy: gauss blobs, defaults', config: { dataset: 'gauss' },
    first: ['healthy', 'still_learning'], may: ['still_learning'], not: ['no_signal', 'lr_too_low', 'lr_too_high', 'too_little_capacity', 'dead_units', 'unscaled_inputs'] },
  { cause: 'healthy', name: 'healthy: teacher net, two layers (a high floor)', config: { dataset: 'teacher', depth: 2 },
    first: ['healthy', 'still_learning'], may: ['still_learning'], not: ['no_signal', 'lr_too_low', 'lr_too_high', 'dead_units', 'unscaled_inputs'] },
  { cause: 'healthy', name: 'healthy: circles, two layers', config: { dataset: 'circles', depth: 2 },
    first: ['healthy', 'still_learning'], may: ['still_learning'], not: ['no_signal', 'lr_too_low', 'lr_too_high', 'too_little_capacity', 'dead_units'] },
  { cause: 'healthy', name: 'healthy: xor, two layers of 16', config: { dataset: 'xor', classes: 2, depth: 2, width: 16 },
    first: ['healthy', 'still_learning'], may: ['still_learning'], not: ['no_signal', 'lr_too_low', 'lr_too_high', 'too_little_capacity', 'dead_units'] },
  { cause: 'no_signal', name: 'random labels, five classes, SGD', config: { dataset: 'random', classes: 5, optimizer: 'sgd', lr: 0.01 },
    first: ['no_signal'], may: ['memorizing', 'lr_too_low'], not: ['healthy', 'still_learning', 'too_little_capacity'],
    truth: { symptom: (h) => atChance(h, 5), none: [{ lr: 0.1 }, { optimizer: 'adam', lr: 0.001, width: 128 }] } },
  { cause: 'no_signal', name: 'random labels, three layers of 16 at lr 0.01', config: { dataset: 'random', depth: 3, width: 16, lr: 0.01 },
    first: ['no_signal'], may: ['memorizing', 'dead_units'], not: ['healthy', 'still_learning', 'lr_too_low', 'too_little_capacity'],
    truth: { symptom: (h) => atChance(h), none: [{ lr: 0.001 }, { width: 64 }] } },
  { cause: 'too_little_capacity', name: 'xor with no hidden layer', config: { dataset: 'xor', classes: 2, depth: 0 },
    first: ['too_little_capacity'], may: [], not: ['healthy', 'still_learning', 'no_signal', 'lr_too_low'],
    truth: { symptom: (h) => end(h).val_acc < 0.7, fix: { depth: 1, width: 32 }, better: lowers(0.3) } },
  { cause: 'too_little_capacity', name: 'ten gauss blobs through a layer of 4 (narrower than the classes)', config: { dataset: 'gauss', classes: 10, width: 4 },
    first: ['too_little_capacity'], may: ['still_learning'], not: ['healthy', 'no_signal', 'lr_too_low'],
    truth: { symptom: (h) => end(h).train_acc < 0.4, fix: { width: 32 }, better: lowers(0.3) } },
  { cause: 'too_little_capacity', name: 'teacher with 8 classes through a layer of 3', config: { dataset: 'teacher', classes: 8, width: 3 },
    first: ['too_little_capacity', 'dead_units'], may: ['dead_units', 'still_learning'], not: ['healthy', 'no_signal', 'lr_too_low'],
    truth: { symptom: (h) => end(h).train_acc < 0.3, fix: { width: 32 }, better: lowers(0.1) } },
  { cause: 'too_few_steps', name: 'gauss blobs, batch 1000: one step per epoch', config: { dataset: 'gauss', batch: 1000 },
    first: ['too_few_steps'], may: ['lr_too_low', 'still_learning'], not: ['healthy', 'no_signal', 'lr_too_high'],
    truth: { symptom: (h) => end(h).val_loss > 0.8, fix: { batch: 32 }, better: lowers(0.3) } },
  { cause: 'unscaled_inputs', name: 'spiral x1000, two layers', config: { dataset: 'spiral', depth: 2, input_scale: 1000 },
    first: ['unscaled_inputs'], may: ['still_learning', 'overfitting', 'lr_too_high', 'dead_units'], not: ['healthy', 'no_signal', 'lr_too_low'],
    truth: { symptom: (h) => end(h).val_loss > 1, fix: { standardize: 1 }, better: lowers(0.3) } },
  { cause: 'vanishing_gradients', name: 'circles through six sigmoid layers, SGD', config: { dataset: 'circles', activation: 'sigmoid', depth: 6, optimizer: 'sgd', lr: 0.01 },
    first: ['vanishing_gradients'], may: ['lr_too_low', 'learned_nothing'], not: ['healthy', 'no_signal', 'lr_too_high'],
    truth: { symptom: (h) => atChance(h), fix: { activation: 'relu', init: 'he_uniform', optimizer: 'adam', lr: 0.001 }, better: lowers(0.1) } },
  { cause: 'learned_nothing', name: 'inputs all zero, circles', config: { dataset: 'circles', zero_inputs: 1 },
    first: ['learned_nothing'], may: [], not: ['healthy', 'still_learning', 'no_signal', 'unscaled_inputs', 'too_little_capacity'],
    truth: { symptom: (h) => atChance(h), none: [{ lr: 0.01 }, { depth: 2 }] } },
  { cause: 'still_learning', name: 'Adam at 3e-4 on the linear teacher', config: { dataset: 'linear', lr: 0.0003 },
    first: ['still_learning'], may: ['healthy'], not: ['no_signal', 'too_little_capacity', 'lr_too_high', 'overfitting'],
    truth: { symptom: (h) => end(h).val_loss > 0.6, fix: { epochs: 100 }, better: lowers(0.2) } },

  // --- output_loss_mismatch: an output the loss was not made for (issue 22) ------------
  { cause: 'output_loss_mismatch', name: 'Dense(1, softmax) with binary_crossentropy: a softmax over one unit',
    config: { dataset: 'circles', classes: 2, loss: 'binary_crossentropy', output: 'softmax' },
    first: ['output_loss_mismatch'], may: ['learned_nothing'], not: ['healthy', 'lr_too_low', 'still_learning', 'too_little_capacity', 'no_signal'],
    truth: { symptom: (h) => Math.abs(end(h).train_loss - h[1].train_loss) < 1e-9 && notLearned(h), fix: { output: 'auto' }, better: lowers(1) } },
  { cause: 'output_loss_mismatch', name: 'a ReLU output under sparse_categorical_crossentropy',
    config: { dataset: 'spiral', depth: 2, output: 'relu' },
    first: ['output_loss_mismatch'], may: ['learned_nothing', 'dead_units'], not: ['healthy', 'lr_too_low', 'still_learning', 'no_signal'],
    truth: { symptom: (h) => end(h).val_loss > ownChance(h) - 0.2, fix: { output: 'auto' }, better: lowers(0.3) } },
  { cause: 'output_loss_mismatch', name: 'a softmax output fed to a loss told from_logits',
    config: { dataset: 'spiral', depth: 2, from_logits: 1 },
    first: ['output_loss_mismatch'], may: ['learned_nothing'], not: ['healthy', 'lr_too_low', 'still_learning', 'no_signal'],
    truth: { symptom: (h) => end(h).val_loss > 0.8, fix: { from_logits: 0 }, better: lowers(0.2) } },
  { cause: 'output_loss_mismatch', name: 'regression through a sigmoid output (targets beyond 0 to 1)',
    config: { dataset: 'teacher_reg', loss: 'mse', output: 'sigmoid', depth: 2, width: 64 },
    first: ['output_loss_mismatch'], may: ['learned_nothing'], not: ['healthy', 'lr_too_low', 'still_learning', 'no_signal'],
    truth: { symptom: (h) => end(h).val_loss > 0.4 * ownChance(h), fix: { output: 'auto' }, better: lowers(0.25) } },
  // The new losses, learning well: nothing to flag.
  { cause: 'healthy', name: 'healthy: a regression (mse) on the tanh teacher', config: { dataset: 'teacher_reg', loss: 'mse', depth: 2, width: 64, lr: 0.003 },
    first: ['healthy', 'still_learning'], may: ['still_learning'], not: ['no_signal', 'output_loss_mismatch', 'learned_nothing', 'lr_too_low', 'too_little_capacity'] },
  { cause: 'healthy', name: 'healthy: binary cross-entropy on one sigmoid unit (xor)', config: { dataset: 'xor', classes: 2, loss: 'binary_crossentropy', width: 16, lr: 0.01 },
    first: ['healthy'], may: ['still_learning'], not: ['no_signal', 'output_loss_mismatch', 'learned_nothing', 'lr_too_low', 'too_little_capacity'] },
  // --- unscaled_targets: regression targets far from the outputs' unit scale ----------------
  { cause: 'unscaled_targets', name: 'a regression with targets x1000 (mse)', config: { dataset: 'linear_reg', loss: 'mse', target_scale: 1000 },
    first: ['unscaled_targets'], may: ['learned_nothing', 'still_learning', 'lr_too_low'], not: ['healthy', 'no_signal', 'output_loss_mismatch', 'unscaled_inputs'],
    truth: { symptom: (h) => end(h).val_loss > 0.3 * ownChance(h), fix: { standardize_targets: 1 }, better: relativeLowers(0.25) } },
  { cause: 'unscaled_targets', name: 'your data: house prices in dollars (mse), inputs standardized', config: { data: ['prices'], loss: 'mse', standardize: 1 },
    first: ['unscaled_targets'], may: ['learned_nothing', 'still_learning', 'lr_too_low'], not: ['healthy', 'no_signal', 'output_loss_mismatch', 'unscaled_inputs'],
    truth: { symptom: (h) => end(h).val_loss > 0.3 * ownChance(h), fix: { standardize_targets: 1 }, better: relativeLowers(0.25) } },
  { cause: 'healthy', name: 'your data: house prices in dollars, targets and inputs standardized (mae)', config: { data: ['prices'], loss: 'mae', standardize: 1, standardize_targets: 1, lr: 0.003 },
    first: ['healthy', 'still_learning'], may: ['still_learning'], not: ['unscaled_targets', 'no_signal', 'output_loss_mismatch', 'learned_nothing'] },
  // --- dropout_too_strong: dropout that keeps the network from fitting ------------------------
  { cause: 'dropout_too_strong', name: 'spiral, two layers of 32 with dropout 0.8', config: { dataset: 'spiral', depth: 2, width: 32, dropout: '0.8', epochs: 40, lr: 0.01 },
    first: ['dropout_too_strong'], may: ['still_learning', 'learned_nothing'], not: ['healthy', 'no_signal', 'overfitting', 'lr_too_low'],
    truth: { symptom: (h) => end(h).val_loss > 0.5, fix: { dropout: '0.2' }, better: lowers(0.3) } },
  { cause: 'dropout_too_strong', name: 'spiral, two layers of 16 with dropout 0.6', config: { dataset: 'spiral', depth: 2, width: 16, dropout: '0.6', epochs: 40, lr: 0.01 },
    first: ['dropout_too_strong'], may: ['too_little_capacity', 'still_learning', 'learned_nothing'], not: ['healthy', 'no_signal', 'overfitting'],
    truth: { symptom: (h) => end(h).val_loss > 0.5, fix: { dropout: '0.15' }, better: lowers(0.3) } },
  { cause: 'healthy', name: 'healthy: the teacher through two layers of 128 with dropout 0.2', config: { dataset: 'teacher', depth: 2, width: 128, dropout: '0.2' },
    first: ['healthy', 'still_learning'], may: ['still_learning'], not: ['dropout_too_strong', 'no_signal', 'lr_too_low'] },
];
