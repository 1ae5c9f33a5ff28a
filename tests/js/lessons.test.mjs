// lessons.test.mjs: every lesson file follows the schema (web/lessons/lesson.js), and
// every claim a step's words make holds on the run of that step's settings,
// as the core computes it; the conditions and templates do what they say.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { diagnose } from '../../web/doctor/doctor.js';
import { runExperiment } from '../../web/experiments/experiments.js';
import { LESSON_NAMES, PROGRESS_KEY, Progress, checkLesson, fill, holds, stepConfig } from '../../web/lessons/lesson.js';
import { Store } from '../../web/engine/store.js';
import { ROOT, engine } from './helpers.mjs';

const eng = await engine('simd');
const lessons = LESSON_NAMES.map((n) => JSON.parse(readFileSync(join(ROOT, 'web', 'lessons', `${n}.json`), 'utf8')));

function runOf(keys) {
  const t = eng.createTrainer(keys);
  t.runAll();
  const config = t.config();
  const history = t.history();
  t.free();
  return { config, history, findings: diagnose(config, history, null, { strict: true }), done: true };
}

test('every lesson file follows the schema', () => {
  const keys = eng.keys.map((k) => k.name);
  assert.deepEqual(lessons.map((l) => l.name), LESSON_NAMES);
  for (const l of lessons) assert.deepEqual(checkLesson(l, keys), []);
  assert.deepEqual(checkLesson({ name: 'x', title: 'x', steps: [{ title: 't', text: 't', keys: { colour: 1 } }] }, keys).length > 0, true);
});

test('what the steps claim holds on their own runs, and each template fills with the run\'s numbers', () => {
  for (const l of lessons) {
    l.steps.filter((s) => !s.sandbox).forEach((step, i) => {
      const keys = stepConfig(step).keys;
      const state = runOf(keys);
      for (const c of step.claims ?? []) assert.ok(holds(c, state), `${l.name} step ${i + 1}: ${JSON.stringify(c)}`);
      // What the words say after the task: on the run doing the task gives (its `walk`).
      let walked = { ...keys, ...step.walk.set };
      if (step.walk.apply) walked = { ...walked, ...runExperiment(eng, step.walk.experiment, state.config).apply };
      const after = runOf(walked);
      for (const c of step.claimsAfter ?? []) assert.ok(holds(c, after), `${l.name} step ${i + 1}, after: ${JSON.stringify(c)}`);
      assert.ok(holds(step.goal, { ...after, experiments: step.walk.experiment ? [step.walk.experiment] : [] }),
        `${l.name} step ${i + 1}: doing the task meets the goal`);
      for (const text of [step.after ?? '', step.predict?.explain ?? '']) {
        const filled = fill(text, { ...state, lastResult: { conclusion: 'the conclusion' } });
        assert.doesNotMatch(filled, /[{}]|…|NaN/, `${l.name} step ${i + 1}: ${filled}`);
      }
    });
  }
});

test('conditions and templates', () => {
  const history = [0, 1, 2].map((epoch) => ({ epoch, val_loss: 1.1 - 0.2 * epoch, val_acc: 0.3 + 0.2 * epoch, dead_frac: 0.5 }));
  const s = { config: { classes: 3, dataset: 'random', width: 8, lr: 0.01 }, history, findings: [{ cause: 'dead_units' }], done: true, experiments: ['seeds'] };
  assert.equal(holds({ metric: 'val_loss', at: 'last', op: '<', value: 'chance-0.3' }, s), true); // 0.7 < 0.799
  assert.equal(holds({ metric: 'val_loss', at: 'min', op: '<', value: 0.7 }, s), false);
  assert.equal(holds({ every: 'val_loss', op: '<', value: 1 }, s), true);
  assert.equal(holds({ all: [{ config: 'width', op: 'in', value: [8, 16] }, { doctor: 'dead_units' }, { experiment: 'seeds' }, { finished: true }] }, s), true);
  assert.equal(holds({ doctor: 'dead_units', present: false }, s), false);
  // A finding that held earlier and no longer does (memory.recall) is not the doctor's finding now.
  assert.equal(holds({ doctor: 'dead_units' }, { ...s, findings: [{ cause: 'dead_units', past: true }] }), false);
  assert.equal(holds({ not: { epochs: 3 } }, s), true);
  assert.equal(fill('{first.val_loss} → {last.val_loss}, {last.val_acc}, chance {chance}, width {config.width}, {epoch1.dead_frac}', s),
    '1.100 → 0.700, 70%, chance 1.099, width 8, 50%');
  // Chance is the labels' own once a record carries it (the core's chance_loss), ln K before.
  const measured = { ...s, history: history.map((r) => ({ ...r, chance_loss: 1.05 })) };
  assert.equal(fill('chance {chance}', measured), 'chance 1.050');
  assert.equal(holds({ metric: 'val_loss', at: 'last', op: '<', value: 'chance-0.3' }, measured), true); // 0.7 < 0.75
});

const memoryStorage = (init = {}) => {
  const m = new Map(Object.entries(init));
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => m.set(k, String(v)), removeItem: (k) => m.delete(k), m };
};

test('progress is kept where storage works, and lives in memory where it throws', () => {
  const storage = memoryStorage();
  new Progress(new Store(storage)).set('example-1', 2);
  assert.deepEqual(new Progress(new Store(storage)).get('example-1'), { step: 2, done: false });
  const fail = () => { throw new Error('SecurityError'); };
  const p = new Progress(new Store({ getItem: fail, setItem: fail, removeItem: fail }));
  p.set('example-2', 1, true);
  assert.deepEqual(p.get('example-2'), { step: 1, done: true });
});

test('stored progress is data: any other shape is dropped with a notice, and the lessons open', () => {
  for (const bad of ['5', '"abc"', 'null', '[1,2]', '{', '{"example-1": {"step": "x", "done": false}}',
    '{"example-1": 3}', '{"example-1": {"step": -1, "done": false}}']) {
    const storage = memoryStorage({ [PROGRESS_KEY]: bad });
    const store = new Store(storage);
    const p = new Progress(store);
    assert.deepEqual(p.get('example-1'), { step: 0, done: false }, bad);
    const notices = store.takeNotices();
    assert.equal(notices.length, 1, bad);
    assert.match(notices[0], /lesson progress stored in this browser could not be read/);
    p.set('example-1', 1);
    assert.deepEqual(JSON.parse(storage.m.get(PROGRESS_KEY))['example-1'], { step: 1, done: false });
  }
  // A lesson called __proto__ is only a name.
  const odd = new Progress(new Store(memoryStorage({ [PROGRESS_KEY]: '{"__proto__": {"step": 1, "done": true}}' })));
  assert.deepEqual(odd.get('example-1'), { step: 0, done: false });
  assert.deepEqual(odd.get('__proto__'), { step: 1, done: true });
  // A good entry beside a bad one stays.
  const storage = memoryStorage({ [PROGRESS_KEY]: '{"example-1": {"step": 2, "done": true}, "example-2": {"step": null}}' });
  const store = new Store(storage);
  assert.deepEqual(new Progress(store).get('example-1'), { step: 2, done: true });
  assert.match(store.takeNotices()[0], /Part of the lesson progress .* 'example-2'/);
});

// The lessons and the doctor agree: on the run a step's task produces (its
// walk), no finding offers a fix that changes a key the step just set, as if
// the lesson's answer were itself the fault (lr 0.01 on example 2 called "too
// high", batch 1000 at lr 0.03 told to lower the rate).
test('the doctor never undoes what a lesson step just set, on the run the step asks for', () => {
  const disagreements = [];
  for (const l of lessons) {
    l.steps.filter((s) => !s.sandbox).forEach((step, i) => {
      const keys = stepConfig(step).keys;
      const state = runOf(keys);
      let walked = { ...keys, ...step.walk.set };
      let set = Object.keys(step.walk.set ?? {});
      if (step.walk.apply) {
        const applied = runExperiment(eng, step.walk.experiment, state.config).apply;
        walked = { ...walked, ...applied };
        set = [...set, ...Object.keys(applied)];
      }
      if (!set.length) return;
      const after = runOf(walked);
      for (const f of after.findings) {
        const undone = Object.keys(f.fix ?? {}).filter((k) => set.includes(k));
        if (undone.length) disagreements.push(`${l.name} step ${i + 1}: ${f.cause} would set ${undone.join(', ')} (${f.fixText})`);
      }
    });
  }
  assert.deepEqual(disagreements, []);
});
