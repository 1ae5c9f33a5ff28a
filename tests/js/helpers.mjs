// helpers.mjs: what the Node tests share: the built engines from dist/, and a
// short way to run a config to the end.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { loadEngine } from '../../web/engine/engine.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = join(ROOT, 'dist');

const cache = new Map();

/** The engine built from dist/flatline-<variant>.wasm ('simd' or 'scalar'). */
export async function engine(variant) {
  if (!cache.has(variant)) {
    cache.set(variant, loadEngine(readFileSync(join(DIST, `flatline-${variant}.wasm`))));
  }
  return cache.get(variant);
}

/** Trains config to the end; returns { history (objects), raw (Float64Array), params }. */
export function train(eng, config) {
  const t = eng.createTrainer(config);
  t.runAll();
  const out = { history: t.history(), raw: t.historyArray(), params: t.getParams(), trainer: t };
  return out;
}

export const LN3 = Math.log(3);

/** A small seeded generator for test inputs (xorshift32): returns () => a float in [0, 1). */
export function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

/**
 * The page's training worker (the newest, after a replacement), never one of
 * the experiments' pool, which may run the doctor's trials beside it.
 */
export function trainingWorker(page) {
  const found = page.workers().filter((w) => /\/worker\.js(\?|$)/.test(w.url()));
  if (!found.length) throw new Error(`no training worker among ${page.workers().map((w) => w.url()).join(', ')}`);
  return found.at(-1);
}
