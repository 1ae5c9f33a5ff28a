// The docs: every relative link and anchor in README.md and docs/ resolves
// (on a code host and in a checkout alike: plain relative paths, GitHub's
// heading anchors), and every command quoted in a code block of the README
// runs. npm scripts are checked by what they run: the files they name exist,
// and `npm start` ends in a server that serves the lab (`npm test` is this run).
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PAGES = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function anchors(markdown) {
  const seen = new Map();
  const out = new Set();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const m = !fenced && line.match(/^#{1,6}\s+(.*?)\s*#*\s*$/);
    if (!m) continue;
    const text = m[1].replace(/`/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const base = text.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n ? `${base}-${n}` : base);
  }
  return out;
}

/** The links of a page outside code: [{ text, target }], images included. */
export function links(markdown) {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/!?\[([^\]]*)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => ({ text: m[1], target: m[2] }));
}

test('the anchor rule follows GitHub on the headings these pages use', () => {
  const a = anchors('# The page\n## Your code in, Python out\n### `lr` and `batch`\n## Offline, dark, and by keyboard\n## x\n## x\n```\n# not a heading\n```');
  assert.deepEqual([...a], ['the-page', 'your-code-in-python-out', 'lr-and-batch', 'offline-dark-and-by-keyboard', 'x', 'x-1']);
});

test('every relative link and anchor in README.md and docs/ resolves', () => {
  const broken = [];
  let checked = 0;
  for (const page of PAGES) {
    const text = readFileSync(join(ROOT, page), 'utf8');
    for (const { target } of links(text)) {
      if (/^[a-z]+:/i.test(target)) continue; // http:, https:, mailto:
      checked++;
      const [path, anchor] = target.split('#');
      const file = path ? resolve(ROOT, dirname(page), decodeURIComponent(path)) : join(ROOT, page);
      if (relative(ROOT, file).startsWith('..')) broken.push(`${page}: ${target} leaves the repository`);
      else if (!existsSync(file)) broken.push(`${page}: ${target}: no such file`);
      else if (anchor !== undefined) {
        if (!file.endsWith('.md') || statSync(file).isDirectory()) broken.push(`${page}: ${target}: an anchor into a file that is not Markdown`);
        else if (!anchors(readFileSync(file, 'utf8')).has(anchor)) broken.push(`${page}: ${target}: no heading for #${anchor}`);
      }
    }
  }
  assert.deepEqual(broken, []);
  assert.ok(checked >= 20, `only ${checked} links checked`);
});

test('every page of docs/ is in the README\'s map and starts with what it covers', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  for (const page of PAGES.filter((p) => p.startsWith('docs/'))) {
    assert.ok(readme.includes(`](${page})`), `README.md links ${page}`);
    const [title, blank, intro] = readFileSync(join(ROOT, page), 'utf8').split('\n');
    assert.match(title, /^# \S/, `${page} opens with its title`);
    assert.equal(blank, '');
    assert.ok(intro.length > 40 && !intro.startsWith('#'), `${page} says what it covers under its title`);
  }
  assert.ok(readme.split('\n').length <= 150, 'the README stays short');
});

// The README's commands: every line of its ```sh blocks.
function readmeCommands() {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1].split('\n'))
    .map((l) => l.replace(/\s+#.*$/, '').trim()).filter(Boolean);
}

test('the README quotes its commands in code blocks, the two first', () => {
  const commands = readmeCommands();
  assert.deepEqual(commands.slice(0, 2), ['npm start', 'npm test']);
  assert.ok(commands.length > 2);
});

test('every npm script the README quotes names files that exist; npm start ends in a server that serves the lab', async () => {
  const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts;
  for (const command of readmeCommands().filter((c) => c.startsWith('npm '))) {
    const name = command.replace(/^npm (run )?/, '');
    assert.ok(scripts[name], `package.json has the script ${name}`);
    for (const file of scripts[name].match(/tools\/[\w.-]+/g) ?? []) assert.ok(existsSync(join(ROOT, file)), `${command}: ${file} exists`);
  }
  // `npm start` is setup, build and serve; this run did the first two, so the last is what is left to check.
  const last = scripts.start.split('&&').pop().trim().split(/\s+/);
  assert.deepEqual(last, ['node', 'tools/serve.mjs']);
  const server = spawn(process.execPath, [last[1]], { cwd: ROOT, env: { ...process.env, PORT: '18431' }, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise((done, fail) => {
      let out = '';
      server.stdout.on('data', (d) => {
        out += d;
        const m = out.match(/https?:\/\/[^\s]+/);
        if (m) done(m[0]);
      });
      server.on('exit', (code) => fail(new Error(`serve.mjs exited with ${code}`)));
    });
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<title>[^<]*Flatline/);
  } finally {
    server.kill();
  }
});

test('every other command the README quotes runs and exits 0', () => {
  for (const command of readmeCommands().filter((c) => !c.startsWith('npm '))) {
    const [cmd, ...args] = command.split(/\s+/);
    const out = execFileSync(cmd === 'node' ? process.execPath : cmd, args, { cwd: ROOT, encoding: 'utf8', timeout: 120000 });
    assert.ok(out.trim().length > 0, `${command} prints something`);
  }
});
