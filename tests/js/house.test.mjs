// The house: web/ is rooms by capability, and imports run one way. The engine
// (the core, the key table, the worker) knows no capability; ui/ (the
// colours) knows nothing but itself; each capability uses the engine, ui/
// and its own room; the lab wires them all. docs/architecture.md draws the
// same table. Also: no module imports in a circle, and the C is formatted.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const WEB = join(ROOT, 'web');

const CAPABILITY = ['engine', 'ui'];
// What each room may import besides itself and npm packages.
export const ROOMS = {
  engine: [],
  ui: [],
  doctor: CAPABILITY,
  experiments: CAPABILITY,
  lessons: CAPABILITY,
  code: CAPABILITY,
  embed: CAPABILITY,
  lab: ['engine', 'ui', 'doctor', 'experiments', 'lessons', 'code', 'embed'],
};

/** Every module under web/ as 'room/file.js', with the modules it imports (static and dynamic). */
export function importGraph() {
  const graph = new Map();
  for (const room of readdirSync(WEB)) {
    const dir = join(WEB, room);
    if (!statSync(dir).isDirectory()) continue;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
      const text = readFileSync(join(dir, file), 'utf8');
      const targets = [...text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)]
        .map((m) => relative(WEB, resolve(dir, m[1])));
      graph.set(`${room}/${file}`, targets);
    }
  }
  return graph;
}

test('web/ holds only rooms, each known here; each room says what it does, each module too', () => {
  const entries = readdirSync(WEB);
  const loose = entries.filter((n) => !statSync(join(WEB, n)).isDirectory());
  assert.deepEqual(loose, [], 'files loose in web/');
  assert.deepEqual(entries.sort(), Object.keys(ROOMS).sort());
  const opened = new Map();
  for (const [module] of importGraph()) {
    const [room, file] = module.split('/');
    const text = readFileSync(join(WEB, module), 'utf8');
    assert.ok(text.includes(`// ${file}: `), `${module} opens with a comment saying what it does`);
    if (text.startsWith(`// Room web/${room}/: `)) opened.set(room, [...(opened.get(room) ?? []), file]);
  }
  for (const room of Object.keys(ROOMS)) {
    assert.equal(opened.get(room)?.length, 1, `one module of web/${room}/ opens with what the room does and may use`);
  }
});

test('imports run one way: capabilities use the engine; the engine knows none of them', () => {
  const wrong = [];
  for (const [module, targets] of importGraph()) {
    const room = module.split('/')[0];
    for (const target of targets) {
      const to = target.split('/')[0];
      if (to !== room && !ROOMS[room].includes(to)) wrong.push(`${module} imports ${target}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('the test sees the imports it judges (a wrong-way import is caught)', () => {
  const graph = importGraph();
  assert.ok(graph.get('engine/worker.js').includes('engine/engine.js'));
  assert.ok(graph.get('lab/main.js').some((t) => t.startsWith('doctor/')));
  assert.ok(graph.get('code/export.js').includes('code/codegen.js'), 'a dynamic import counts');
  assert.ok(!ROOMS.engine.includes('lab') && !ROOMS.doctor.includes('lab'));
});

test('no module imports in a circle', () => {
  const graph = importGraph();
  const state = new Map();
  const cycles = [];
  const visit = (m, path) => {
    if (state.get(m) === 'done') return;
    if (state.get(m) === 'open') {
      cycles.push([...path.slice(path.indexOf(m)), m].join(' -> '));
      return;
    }
    state.set(m, 'open');
    for (const t of graph.get(m) ?? []) visit(t, [...path, m]);
    state.set(m, 'done');
  };
  for (const m of graph.keys()) visit(m, []);
  assert.deepEqual(cycles, []);
});

// The C reads one way too: clang-format with the project's .clang-format
// (tools/setup.sh --test installs it). A file it would change fails, by name.
test('the C is formatted: clang-format changes no file', () => {
  const dirs = ['src', join('tests', 'c'), 'tools'];
  const files = dirs.flatMap((d) => readdirSync(join(ROOT, d)).filter((f) => /\.[ch]$/.test(f)).map((f) => join(d, f)));
  assert.ok(files.includes(join('src', 'trainer.c')) && files.length > 30, `the C files found: ${files.length}`);
  const r = spawnSync('clang-format', ['--dry-run', '-Werror', ...files], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.error, undefined, `clang-format did not run (${r.error?.message}): bash tools/setup.sh --test installs it`);
  const unformatted = [...new Set([...r.stderr.matchAll(/^([^\s:]+\.[ch]):\d+:\d+: error/gm)].map((m) => m[1]))];
  assert.deepEqual(unformatted, [], 'format them with clang-format -i');
  assert.equal(r.status, 0, r.stderr.slice(0, 500));
});
