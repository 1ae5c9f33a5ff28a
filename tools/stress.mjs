#!/usr/bin/env node
// stress.mjs: runs the browser suites N times with every core kept busy by
// other processes, and reports each test that failed even once: a test that
// fails one run in four is found here, not in CI. npm run build first.
//
//   node tools/stress.mjs [RUNS] [--load K] [--files a.test.mjs,b.test.mjs]
//
// RUNS defaults to 5; K busy loops (default: one per core) run beside the
// suites for the whole time. Exit status 1 when any test failed.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i < 0 ? fallback : args.splice(i, 2)[1];
};
const load = Number(option('--load', availableParallelism()));
const files = option('--files', 'browser.test.mjs,embed.test.mjs,reliability.test.mjs').split(',');
const runs = Number(args[0] ?? 5);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(load) || load < 0) {
  process.stderr.write('stress.mjs: usage: node tools/stress.mjs [RUNS] [--load K] [--files a.test.mjs,...]\n');
  process.exit(2);
}

// The load: busy loops in processes of their own, ended with the script.
const busy = Array.from({ length: load }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
const stopLoad = () => busy.forEach((p) => p.kill());
process.on('exit', stopLoad);
process.on('SIGINT', () => process.exit(130));

function suite() {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=tap',
      ...files.map((f) => join(ROOT, 'tests', 'js', f))], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('close', (code) => resolve({ code, out }));
  });
}

const failures = new Map(); // test name -> runs it failed in
for (let run = 1; run <= runs; run++) {
  const started = Date.now();
  const { code, out } = await suite();
  const names = (re) => [...out.matchAll(re)].map((m) => m[1].replace(/ # .*$/, ''));
  // A file's own line (its path) fails with its tests, or alone when the file could not run at all.
  const failed = names(/^\s*not ok \d+ - (.*)$/gm);
  const passed = names(/^\s*ok \d+ - (.*)$/gm).filter((n) => !/\.test\.mjs$/.test(n));
  if (code !== 0 && !failed.length) failed.push(`the suite itself (exit ${code})`);
  // Each failure with the first line of its error, to see why without running it again.
  for (const m of out.matchAll(/^\s*not ok \d+ - (.*)\n[\s\S]*?^\s*error: (?:\|-\n\s*)?(.*)$/gm)) {
    process.stdout.write(`  run ${run}: ${m[1].replace(/ # .*$/, '')}: ${m[2].trim().slice(0, 300)}\n`);
  }
  for (const name of failed) failures.set(name, [...(failures.get(name) ?? []), run]);
  process.stdout.write(`run ${run}/${runs}: ${passed.length} passed, ${failed.length} failed ` +
    `(${((Date.now() - started) / 1000).toFixed(0)} s, ${load} busy loops)\n`);
}
stopLoad();
if (failures.size) {
  process.stdout.write('\nfailed at least once:\n');
  for (const [name, inRuns] of failures) process.stdout.write(`  ${name}: runs ${inRuns.join(', ')}\n`);
}
process.stdout.write(`\nstress: ${failures.size} tests failed in ${runs} runs under load\n`);
process.exit(failures.size ? 1 : 0);
