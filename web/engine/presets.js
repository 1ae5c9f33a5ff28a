// presets.js: named sets of config keys, shared by the page and the CLI. A
// preset lists only the keys it changes from the defaults; keys given beside it
// (URL hash, --KEY flags) win. The first three are the seed post's examples,
// which all train on random labels; each has a learnable counterpart.

export const PRESETS = [
  {
    name: 'example-1',
    title: 'Post 1: "too little capacity"',
    summary: 'One hidden layer of 8 on random labels: both losses sit at ln 3, because there is nothing to learn.',
    keys: { dataset: 'random', depth: 1, width: 8, lr: 0.001, batch: 32, epochs: 20 },
  },
  {
    name: 'example-1-learnable',
    title: 'Example 1 on learnable labels',
    summary: 'The same 8-unit net on labels from a linear teacher: both losses fall.',
    keys: { dataset: 'linear', depth: 1, width: 8, lr: 0.001, batch: 32, epochs: 20 },
  },
  {
    name: 'example-2',
    title: 'Post 2: "rate too high"',
    summary: 'Adam at lr 0.1 on random labels: nearly every ReLU dies in epoch 1 and the net predicts one class.',
    keys: { dataset: 'random', depth: 2, width: 32, lr: 0.1, batch: 32, epochs: 20 },
  },
  {
    name: 'example-2-learnable',
    title: 'Example 2 on learnable labels',
    summary: 'lr 0.1 on a linear teacher still learns, with most ReLUs dead.',
    keys: { dataset: 'linear', depth: 2, width: 32, lr: 0.1, batch: 32, epochs: 20 },
  },
  {
    name: 'example-3',
    title: 'Post 3: "unscaled inputs"',
    summary: 'Inputs x100 on random labels: the loss starts near 14 and falls a lot; validation ends above chance.',
    keys: { dataset: 'random', depth: 2, width: 32, input_scale: 100, batch: 32, epochs: 20 },
  },
  {
    name: 'example-3-learnable',
    title: 'Example 3 learnable, z-scored',
    summary: 'Inputs x100 on a linear teacher, z-scored: standardizing undoes the scale and the net learns.',
    keys: { dataset: 'linear', depth: 2, width: 32, input_scale: 100, standardize: 1, batch: 32, epochs: 20 },
  },
  {
    name: 'capacity',
    title: 'Too little capacity, for real',
    summary: '10,000 points labelled by a prototype teacher: width 8 levels off without fitting even the training set; try width 128.',
    keys: { dataset: 'teacher', n_train: 10000, n_val: 2000, depth: 1, width: 8, lr: 0.003, epochs: 100 },
  },
  {
    name: 'memorize',
    title: 'Memorizing random labels',
    summary: 'Two layers of 128 for 100 epochs on random labels: train loss falls while validation rises.',
    keys: { dataset: 'random', depth: 2, width: 128, epochs: 100 },
  },
  {
    name: 'big-batch',
    title: 'Batch 1000: one step per epoch',
    summary: 'A linear teacher with the whole training set as one batch barely moves in 20 epochs.',
    keys: { dataset: 'linear', depth: 1, width: 32, batch: 1000, epochs: 20 },
  },
  {
    name: 'spiral',
    title: 'Spiral: a boundary needing units',
    summary: 'Three interleaved spiral arms; watch the decision map form. Then try width 2.',
    keys: { dataset: 'spiral', depth: 2, width: 32, lr: 0.01, epochs: 100 },
  },
  {
    name: 'features',
    title: 'Engineer a feature, not width',
    summary: 'No hidden layer draws a straight line, which cannot ring the inner circle. Turn on inputs x₁² and x₂² (Data) and it can.',
    keys: { dataset: 'circles', classes: 2, depth: 0, lr: 0.05, epochs: 30 },
  },
];

const BY_NAME = new Map(PRESETS.map((p) => [p.name, p]));

/**
 * Whether two presets belong together: one of the post's examples and its
 * learnable counterpart (example-2 and example-2-learnable), compared side by side.
 */
export function counterparts(a, b) {
  const base = (n) => (n ?? '').replace(/-learnable$/, '');
  return Boolean(a && b && a !== b && base(a) === base(b));
}

/** The preset called `name`, or undefined. */
export function findPreset(name) {
  return BY_NAME.get(name);
}
