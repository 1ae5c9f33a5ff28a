// scenario-data.mjs: CSV files as users bring them, for the doctor's
// scenarios: sensor readings in the tens of thousands, positive-only
// measurements, labels that start at 1, a 90/10 split of classes, ten
// classes of clusters, and the post's own random data. Each is a function of
// a seed (the file changes with it, as the user's would) and writes plain
// CSV text with a header; nothing here knows the doctor's rules.
import { rng } from './helpers.mjs';

function normal(r) {
  const u = Math.max(r(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

function csv(names, rows) {
  return `${[names.join(','), ...rows.map((row) => row.join(','))].join('\n')}\n`;
}

const num = (v) => Number(v.toPrecision(7));

// A class as the file writes it: from `first`, and with class `skip` (and the
// ones above it) one higher, so that label `skip` has no row.
const relabel = (c, first, skip) => c + first + (skip !== null && c >= skip ? 1 : 0);

/**
 * Rows whose label is read off a hidden direction of standard-normal factors
 * z (cut at the given quantiles), written as offset + scale * z per feature.
 * opts: { n, features, scale, offset, cuts (shares of each class but the
 * last, e.g. [1/3, 1/3]), first (the first label), skip (a label left without rows), noise (share of labels
 * drawn at random) }.
 */
export function linear(seed, { n = 600, features = 6, scale = 1, offset = 0, cuts = [1 / 3, 1 / 3], first = 0, noise = 0, skip = null } = {}) {
  const r = rng(seed * 7919 + 17);
  const w = Array.from({ length: features }, () => normal(r));
  const rows = Array.from({ length: n }, () => {
    const z = Array.from({ length: features }, () => normal(r));
    return { z, s: z.reduce((a, v, i) => a + v * w[i], 0) };
  });
  const sorted = rows.map((x) => x.s).sort((a, b) => a - b);
  let acc = 0;
  const bounds = cuts.map((c) => sorted[Math.min(n - 1, Math.floor((acc += c) * n))]);
  const names = [...Array.from({ length: features }, (_, i) => `x${i + 1}`), 'label'];
  return csv(names, rows.map(({ z, s }) => {
    let label = bounds.filter((b) => s >= b).length;
    if (r() < noise) label = Math.floor(r() * (cuts.length + 1));
    return [...z.map((v, i) => num(offset * (1 + i / features) + scale * v)), relabel(label, first, skip)];
  }));
}

/**
 * Positive measurements in a few centimetres, three species of flower-like
 * clusters (iris as a user has it); scale: another unit (10 for millimetres);
 * first: the first species' label.
 */
export function flowers(seed, { n = 300, scale = 1, first = 0, skip = null } = {}) {
  const r = rng(seed * 104729 + 3);
  const centres = [[5.0, 3.4, 1.5, 0.2], [5.9, 2.8, 4.3, 1.3], [6.6, 3.0, 5.6, 2.0]];
  const spread = [0.35, 0.35, 0.45, 0.2];
  return csv(['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species'],
    Array.from({ length: n }, (_, k) => {
      const c = k % 3;
      return [...centres[c].map((m, i) => num(scale * Math.max(0.1, m + spread[i] * normal(r)))), relabel(c, first, skip)];
    }));
}

/** K clusters in d dimensions (digits-like: ten classes that a wide layer separates and a narrow one cannot). */
export function clusters(seed, { n = 1000, features = 16, classes = 10, sep = 2.2, scale = 1 } = {}) {
  const r = rng(seed * 15485863 + 11);
  const centres = Array.from({ length: classes }, () => Array.from({ length: features }, () => sep * normal(r)));
  return csv([...Array.from({ length: features }, (_, i) => `p${i}`), 'digit'],
    Array.from({ length: n }, (_, k) => {
      const c = k % classes;
      return [...centres[c].map((m) => num(scale * (m + normal(r)))), c];
    }));
}

/**
 * The post's data as a file: uniform features in [0, 1) (times scale) and
 * labels drawn at random (its np.random calls); shares: the chance of each
 * class but the last (uniform by default); first: the first label.
 */
export function postRandom(seed, { n = 1000, features = 20, classes = 10, scale = 1, shares = null, first = 0, skip = null } = {}) {
  const r = rng(seed * 2654435761 + 5);
  const label = () => {
    if (!shares) return Math.floor(r() * classes);
    const u = r();
    let acc = 0;
    const k = shares.findIndex((p) => u < (acc += p));
    return k < 0 ? shares.length : k;
  };
  return csv([...Array.from({ length: features }, (_, i) => `f${i}`), 'y'],
    Array.from({ length: n }, () => [...Array.from({ length: features }, () => num(scale * r())), relabel(label(), first, skip)]));
}

/**
 * House prices in dollars, as a regression CSV: floor area in m², rooms and
 * age in years, the price a linear rule of them plus noise (about $300,000
 * around a spread of $80,000). opts: { n, unit (the price's unit: 1 for
 * dollars, 1e5 for hundreds of thousands) }.
 */
export function prices(seed, { n = 600, unit = 1 } = {}) {
  const r = rng(seed * 104729 + 3);
  const rows = Array.from({ length: n }, () => {
    const area = 50 + 150 * r();
    const rooms = 1 + Math.floor(5 * r());
    const age = Math.floor(60 * r());
    const price = 60000 + 1500 * area + 12000 * rooms - 800 * age + 15000 * normal(r);
    return [num(area), rooms, age, num(price / unit)];
  });
  return csv(['area', 'rooms', 'age', 'price'], rows);
}
