#!/usr/bin/env node
// build.mjs: builds both .wasm files with Emscripten through CMake, bundles the
// page with esbuild (Chart.js included, tree-shaken), and assembles the site
// in dist/. Nothing is written into web/ or public/.
//
//   node tools/build.mjs            the site in dist/
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as esbuild from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
// Emscripten 3.1.6's glue generation needs Debian's node modules (acorn).
const env = { ...process.env, NODE_PATH: '/usr/share/nodejs' };

function run(cmd, args) {
  execFileSync(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
}

/** Configures (once) and builds one Emscripten build tree. */
function buildWasm(variant) {
  const dir = `build-wasm-${variant}`;
  if (!existsSync(join(ROOT, dir, 'CMakeCache.txt'))) {
    run('emcmake', ['cmake', '-S', '.', '-B', dir, '-DCMAKE_BUILD_TYPE=Release',
      `-DFLATLINE_SIMD=${variant === 'simd' ? 'ON' : 'OFF'}`,
      '-DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node']);
  }
  run('cmake', ['--build', dir, '-j', '2']);
  return join(ROOT, dir, `flatline-${variant}.wasm`);
}

// The bundles the site loads, by their name in dist/, and where each starts.
const ENTRIES = { main: 'lab/main.js', worker: 'engine/worker.js', 'experiment-worker': 'experiments/experiment-worker.js' };

export async function build() {
  const wasm = ['simd', 'scalar'].map(buildWasm);
  rmSync(DIST, { recursive: true, force: true });
  mkdirSync(DIST);
  for (const file of wasm) cpSync(file, join(DIST, file.split('/').pop()));
  for (const name of readdirSync(join(ROOT, 'web', 'lab'))) {
    if (name.endsWith('.html') || name.endsWith('.css')) cpSync(join(ROOT, 'web', 'lab', name), join(DIST, name));
  }
  if (existsSync(join(ROOT, 'public'))) cpSync(join(ROOT, 'public'), DIST, { recursive: true });
  // The guided lessons: the data files without what only the tests read (what
  // each step claims, and how to walk it), and an index for the lesson list.
  const lessonsDir = join(ROOT, 'web', 'lessons');
  mkdirSync(join(DIST, 'lessons'));
  const { LESSON_NAMES } = await import('../web/lessons/lesson.js');
  const lessons = {};
  const index = LESSON_NAMES.map((name) => {
    const text = readFileSync(join(lessonsDir, `${name}.json`), 'utf8');
    const lesson = JSON.parse(text);
    const forPage = (key, value) => (['claims', 'claimsAfter', 'walk'].includes(key) ? undefined : value);
    writeFileSync(join(DIST, 'lessons', `${name}.json`), JSON.stringify(lesson, forPage));
    lessons[name] = JSON.parse(JSON.stringify(lesson, forPage));
    return { name, title: lesson.title };
  });
  writeFileSync(join(DIST, 'lessons', 'index.json'), `${JSON.stringify(index)}\n`);
  await esbuild.build({
    // Flat names in the site, whichever room a bundle starts in.
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, path]) => [name, join(ROOT, 'web', path)])),
    outdir: DIST,
    bundle: true,
    // Code the page and its workers share (the engine wrapper, the settings)
    // goes to chunks loaded once, instead of a copy in each bundle.
    splitting: true,
    chunkNames: 'chunk-[hash]',
    format: 'esm',
    minify: process.env.NOMINIFY ? false : true,
    target: ['es2022'],
    logLevel: 'warning',
    legalComments: 'linked',
  });
  lessons.index = index;
  await buildOffline(lessons);
  console.log(`build: site written to ${DIST}, and the lab as one file, ${OFFLINE}`);
}

export const OFFLINE = 'flatline-offline.html';

// Text safe inside a <script> element.
const inScript = (text) => text.replace(/<\/script/gi, '<\\/script').replace(/<!--/g, '<\\!--');

/**
 * dist/flatline-offline.html: the lab in one file that trains when opened from
 * disk (file://, where nothing can be fetched and no worker started from a
 * file): the page with its style inlined, each bundle whole (no shared chunks),
 * and window.FLATLINE_INLINE holding the workers' code, both .wasm files
 * (base64) and the lessons, which web/engine/assets.js hands out instead.
 */
async function buildOffline(lessons) {
  // The workers as classic scripts: a file:// page cannot start module workers from blob: URLs.
  const bundle = async (entry) => (await esbuild.build({
    entryPoints: [join(ROOT, 'web', ENTRIES[entry])], bundle: true, format: entry === 'main' ? 'esm' : 'iife', minify: true,
    target: ['es2022'], write: false, logLevel: 'warning', legalComments: 'eof',
  })).outputFiles[0].text;
  const [main, worker, experiment] = await Promise.all(['main', 'worker', 'experiment-worker'].map(bundle));
  const wasm = Object.fromEntries(['simd', 'scalar'].map((v) => [v, readFileSync(join(DIST, `flatline-${v}.wasm`)).toString('base64')]));
  const inline = { wasm, lessons, workers: { worker, 'experiment-worker': experiment } };
  const icon = readFileSync(join(ROOT, 'public', 'favicon.svg')).toString('base64');
  const csp = "default-src 'none'; script-src 'unsafe-inline' 'wasm-unsafe-eval' blob:; worker-src blob:; " +
    "style-src 'unsafe-inline'; img-src data: blob:; connect-src data: blob:; object-src 'none'; base-uri 'none'; form-action 'none'";
  let html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const swap = (from, to) => {
    if (!html.includes(from)) throw new Error(`build: index.html no longer has ${from}`);
    html = html.replace(from, () => to);
  };
  swap(html.match(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/)[0],
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`);
  swap('<link rel="icon" href="favicon.svg" type="image/svg+xml">', `<link rel="icon" href="data:image/svg+xml;base64,${icon}">`);
  swap('<link rel="stylesheet" href="style.css">', `<style>${readFileSync(join(DIST, 'style.css'), 'utf8')}</style>`);
  swap('<script type="module" src="main.js"></script>',
    `<script>window.FLATLINE_INLINE = ${inScript(JSON.stringify(inline))};</script>\n<script type="module">${inScript(main)}</script>`);
  writeFileSync(join(DIST, OFFLINE), html);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await build();
