#!/usr/bin/env node
// bench-cli.mjs: how soon the command line answers. Spawns `node tools/train.mjs
// --preset example-1` (the post's model) again and again and times, from the
// spawn, the first epoch's line on stdout and the whole process, with a bare
// `node -e 0` beside it for what Node itself takes to start. Printed as min and
// median. When the environment sets NODE_EXTRA_CA_CERTS (a certificate bundle
// Node parses before it runs any script: about 80 ms on these machines), each
// figure is also taken without it, so the CLI's own share is seen apart.
// Part of `npm run bench`; alone: node tools/bench-cli.mjs [--runs N].
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

// One process: ms from spawn to its first stdout line (null if none) and to its exit.
function once(args, env) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let first = null;
    const p = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'ignore'] });
    p.stdout.on('data', (d) => { if (first === null && d.includes(10)) first = performance.now() - t0; });
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve({ first, total: performance.now() - t0 }) : reject(new Error(`${args.join(' ')} exited ${code}`))));
  });
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)] };
};

/** { rows: [{ what, env, first, total }] } over runs spawns each, interleaved. */
export async function benchCli(runs = 15) {
  const envs = [['as set', process.env]];
  if (process.env.NODE_EXTRA_CA_CERTS) {
    const { NODE_EXTRA_CA_CERTS: _cut, ...rest } = process.env;
    envs.push(['without NODE_EXTRA_CA_CERTS', rest]);
  }
  const cases = [['node -e 0', ['-e', '0']], ['train.mjs --preset example-1', ['tools/train.mjs', '--preset', 'example-1']]];
  const times = new Map();
  for (let r = 0; r < runs + 1; r++) { // the first round warms the disk cache and is dropped
    for (const [envName, env] of envs) {
      for (const [what, args] of cases) {
        const t = await once(args, env);
        if (r === 0) continue;
        const key = `${what}|${envName}`;
        if (!times.has(key)) times.set(key, []);
        times.get(key).push(t);
      }
    }
  }
  const rows = [...times].map(([key, ts]) => {
    const [what, env] = key.split('|');
    return { what, env, runs: ts.length, first: ts[0].first === null ? null : stats(ts.map((t) => t.first)), total: stats(ts.map((t) => t.total)) };
  });
  return { rows };
}

/** The table, as the README quotes it. */
export function cliTable({ rows }) {
  const ms = (s) => (s ? `${s.min.toFixed(0)} / ${s.median.toFixed(0)}` : '—');
  return ['| command | environment | first line, ms (min / median) | whole process, ms (min / median) |', '|---|---|---:|---:|',
    ...rows.map((r) => `| \`${r.what}\` | ${r.env} | ${ms(r.first)} | ${ms(r.total)} |`)].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--runs');
  const result = await benchCli(i > 0 ? Number(process.argv[i + 1]) : 15);
  console.log(cliTable(result));
}
