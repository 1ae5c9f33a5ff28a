#!/usr/bin/env node
// train.mjs: the command line. Runs the same .wasm as the page, in Node, and
// prints one JSON object per epoch on stdout: the metrics, the per-layer
// signals (`layers`) and the doctor's findings (`diagnosis`). With --verify it
// then runs each finding's fix on seeds 1-3 and prints one more object with
// the outcomes. Bad arguments exit with status 2 and a message on stderr
// naming the key.
//
// --from-keras FILE reads a Keras snippet into the config (its unread lines
// listed on stderr); --data FILE trains on a CSV of your own; --export
// keras|pytorch prints the equivalent Python script instead of training, and
// --export-exact DIR writes flatline_run.json and both scripts in exact mode.
//
//   node tools/train.mjs [--preset NAME] [--from-keras FILE] [--data FILE] [--KEY VALUE ...]
//                        [--engine simd|scalar] [--initial] [--verify] [--quiet] [--fields LIST]
//                        [--export keras|pytorch] [--export-exact DIR]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// What every run needs is imported here; the script writer (codegen.js) and the
// exact replica's data load on first use, so the first epoch's line is not kept
// waiting for them.
import { FRAMEWORKS, exactScriptName } from '../web/code/frameworks.js';
import { diagnose } from '../web/doctor/doctor.js';
import { recall } from '../web/doctor/memory.js';
import { MEASUREMENTS } from '../web/doctor/measurements.js';
import { RATE_TRIAL, measure } from '../web/doctor/rate-trial.js';
import { ConfigError, KEYS_FROM_DATA, csvKeys, loadEngine, simdSupported } from '../web/engine/engine.js';
import { RUN_FILE } from '../web/engine/exact-run.js';
import { readingNotes } from '../web/code/csv-notes.js';
import { REPORTED, reportedFor } from '../web/code/export.js';
import { SnippetError, importKeras, noModelReason, notAsWrittenReason } from '../web/code/keras-import.js';
import { PRESETS, findPreset } from '../web/engine/presets.js';
import { defaults as defaultsOf, dependents } from '../web/engine/settings.js';
import { verifyFindings } from '../web/doctor/verify.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export class UsageError extends Error {}

function usage() {
  return `usage: node tools/train.mjs [--preset NAME] [--from-keras FILE] [--data FILE [--label COLUMN] [--drop-missing]] [--KEY VALUE ...]
                            [--engine simd|scalar] [--initial] [--verify] [--quiet] [--fields LIST]
                            [--export keras|pytorch|fixed] [--export-exact DIR]

Trains Flatline's network and prints one JSON object per epoch, with the
per-layer signals ("layers") and the doctor's findings ("diagnosis").
Presets: ${PRESETS.map((p) => p.name).join(', ')}
Keys: see docs/config.md; a key given beside a preset wins.
Flags: --initial also prints epoch 0 (the untrained network).
       --quiet prints only the last epoch's line (a diverged run: where it did).
       --fields LIST prints only these fields of each line, such as train_loss,val_loss
         (epoch always): ${LINE_FIELDS.join(', ')}.
       --verify then runs each finding's fix on seeds 1-3 and prints the outcomes.
       --from-keras FILE reads a Keras snippet's model, compile, fit and data lines
         into the config; the lines it does not read are listed on stderr.
       --data FILE trains on a CSV: feature columns and a label (a class 0-99 or a
         name, or a number for a regression under --loss mse or mae); comma,
         semicolon or tab separated, a header row optional. What the reader chose
         is said on stderr. --label NAME|N picks the label column (N from 1);
         --drop-missing drops rows with empty or NA cells; --val_share (default
         0.2) holds out that share.
       --export keras|pytorch prints an equivalent Python script instead of training;
         --export fixed (with --from-keras) trains, then prints your snippet with the
         doctor's fix applied as a unified diff.
       --export-exact DIR writes DIR/${RUN_FILE} and DIR/flatline_keras_exact.py and
         DIR/flatline_pytorch_exact.py, which reproduce this run's losses.`;
}

/** Splits argv into { preset, engine, initial, keys } or throws UsageError. */
export function parseArgs(argv) {
  // Keys live in an object without a prototype: '--toString' and '--__proto__'
  // are keys like any other, which the core then calls unknown.
  const out = { preset: null, engine: null, initial: false, verify: false, keys: Object.create(null),
    fromKeras: null, data: null, export: null, exportExact: null, label: null, dropMissing: false, quiet: false, fields: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return { help: true };
    if (arg === '--initial') { out.initial = true; continue; }
    if (arg === '--verify') { out.verify = true; continue; }
    if (arg === '--drop-missing') { out.dropMissing = true; continue; }
    if (arg === '--quiet') { out.quiet = true; continue; }
    if (!arg.startsWith('--') || arg.length < 3) throw new UsageError(`unexpected argument '${arg}'`);
    let key = arg.slice(2);
    let value;
    const eq = key.indexOf('=');
    if (eq >= 0) {
      value = key.slice(eq + 1);
      key = key.slice(0, eq);
    } else {
      if (i + 1 >= argv.length) throw new UsageError(`--${key} needs a value`);
      value = argv[++i];
    }
    if (key === 'preset') {
      if (!findPreset(value)) {
        throw new UsageError(`preset: '${value}' is not one of ${PRESETS.map((p) => p.name).join(', ')}`);
      }
      out.preset = value;
    } else if (key === 'from-keras' || key === 'data' || key === 'export-exact') {
      if (!value) throw new UsageError(`${key}: needs a file or folder`);
      out[{ 'from-keras': 'fromKeras', data: 'data', 'export-exact': 'exportExact' }[key]] = value;
    } else if (key === 'fields') {
      const fields = value.split(',').map((f) => f.trim()).filter(Boolean);
      const bad = fields.filter((f) => !LINE_FIELDS.includes(f));
      if (!fields.length || bad.length) {
        throw new UsageError(`fields: '${bad[0] ?? value}' is not a field of an epoch's line; the fields are ${LINE_FIELDS.join(', ')}`);
      }
      out.fields = new Set(fields);
    } else if (key === 'label') {
      if (!value) throw new UsageError('label: needs a column name, or a column number from 1');
      if (/^\d+$/.test(value) && Number(value) < 1) throw new UsageError(`label: column ${value}: columns count from 1`);
      out.label = /^\d+$/.test(value) ? String(Number(value) - 1) : value;
    } else if (key === 'export') {
      if (![...FRAMEWORKS, 'fixed'].includes(value)) throw new UsageError(`export: '${value}' is not one of ${[...FRAMEWORKS, 'fixed'].join(', ')}`);
      out.export = value;
    } else if (key === 'engine') {
      if (value !== 'simd' && value !== 'scalar') throw new UsageError(`engine: '${value}' is not one of simd, scalar`);
      out.engine = value;
    } else {
      if (Object.hasOwn(out.keys, key)) throw new UsageError(`${key}: given twice`);
      out.keys[key] = value;
    }
  }
  return out;
}

/** The .wasm for an engine name: the built site's copy. */
export function wasmPath(engine) {
  return join(ROOT, 'dist', `flatline-${engine}.wasm`);
}

/** The engine of a name (default: SIMD where the runtime has it) from dist/, or null after saying it is missing. */
export async function openEngine(name, tool) {
  const path = wasmPath(name ?? (simdSupported() ? 'simd' : 'scalar'));
  if (!existsSync(path)) {
    process.stderr.write(`${tool}: ${path} is missing; run 'npm run build' first\n`);
    return null;
  }
  return loadEngine(readFileSync(path));
}

/** Runs main(argv) as the process's exit status when moduleUrl is the script run. */
export async function runCommand(moduleUrl, main) {
  if (!process.argv[1] || fileURLToPath(moduleUrl) !== process.argv[1]) return;
  // A reader that stops reading (`| head -1`) is not an error: stop quietly.
  process.stdout.on('error', (err) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(0);
  });
  process.exitCode = await main(process.argv.slice(2));
}

const finite = (v) => (Number.isFinite(v) ? v : null);

/**
 * The config the arguments ask for: the preset's keys, then the keys given,
 * then the page's rules between keys for the keys not given (--dataset xor
 * means 2 classes, --n_train 10 a batch of at most 10), each said through
 * say(notice). A key given that breaks a rule is left for the core to refuse.
 */
export function configOf(engine, args, say) {
  const config = { ...(args.preset ? findPreset(args.preset).keys : {}), ...(args.imported ?? {}), ...args.keys };
  const numeric = (k, v) => (['enum', 'list'].includes(engine.keyByName.get(k)?.kind) ? v : Number(v));
  const full = { ...defaultsOf(engine.keys), ...Object.fromEntries(Object.entries(config).map(([k, v]) => [k, numeric(k, v)])) };
  for (const c of dependents(full)) {
    if (Object.hasOwn(args.keys, c.key)) continue;
    config[c.key] = c.value;
    say(c.notice);
  }
  return config;
}

const read = (flag, file) => {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new UsageError(`${flag}: cannot read '${file}' (${err.code ?? err.message})`);
  }
};

/**
 * configOf with the files the arguments name: --from-keras read into keys
 * (its unread lines said on stderr), --data loaded into the engine as the
 * csv data set. Throws UsageError or ConfigError (a refused file: key 'data').
 */
export function configFromArgs(engine, args, tool) {
  const say = (text) => process.stderr.write(`${tool}: ${text}\n`);
  if (args.fromKeras) {
    let reading;
    try {
      reading = importKeras(read('from-keras', args.fromKeras).toString('utf8'));
    } catch (err) {
      if (err instanceof SnippetError) throw new UsageError(`from-keras: ${args.fromKeras}: ${err.message}`);
      throw err;
    }
    const { config: imported, ignored } = reading;
    for (const g of ignored) say(`from-keras: line ${g.line} ignored (${g.why}): ${g.text}`);
    const noModel = noModelReason(reading); // the lab's own network is not the snippet's
    if (noModel) throw new UsageError(`from-keras: ${args.fromKeras}: ${noModel}`);
    const changed = notAsWrittenReason(reading); // nor is a model without its unread layers and settings
    if (changed) throw new UsageError(`from-keras: ${args.fromKeras}: ${changed}`);
    args.imported = imported;
  }
  if ((args.label !== null || args.dropMissing) && !args.data) throw new UsageError('label, drop-missing: they read a CSV given by --data');
  if (args.data) {
    for (const k of ['dataset', ...KEYS_FROM_DATA]) {
      if (Object.hasOwn(args.keys, k)) throw new UsageError(`${k}: set by --data (its columns and rows); --val_share sets the split`);
    }
    const summary = engine.useData(read('data', args.data), Number(args.keys.val_share ?? 0.2), null,
      { label: args.label, dropMissing: args.dropMissing });
    for (const note of readingNotes(summary)) say(`data: ${note}`);
    args.imported = { ...args.imported, ...csvKeys(summary) };
  }
  return configOf(engine, args, say);
}

/**
 * One epoch's line: its metrics, its layers (output layer last) and the
 * findings, with `diagnosis_epoch` when they were made at an earlier epoch.
 */
// The fields an epoch's line may carry (--fields picks some; epoch always comes first).
const LINE_FIELDS = [...REPORTED, 'layers', 'diagnosis'];

function record(rec, findings, at, fields = null) {
  const want = (k) => !fields || fields.has(k);
  const out = { epoch: rec.epoch };
  for (const k of reportedFor([rec])) if (want(k)) out[k] = finite(rec[k]);
  if (want('layers')) out.layers = rec.layers.map((l) => Object.fromEntries(Object.entries(l).map(([k, v]) => [k, finite(v)])));
  if (want('diagnosis')) {
    out.diagnosis = findings;
    if (at !== rec.epoch) out.diagnosis_epoch = at;
  }
  return JSON.stringify(out);
}

// The doctor reads the whole history (about 0.5 us a record), so diagnosing
// every epoch of a long run would cost more than training it: every epoch up
// to 200, then every 2nd, 4th, ... (a power of two near epoch/100), and always
// the last.
const diagnoseNow = (epoch, last) => epoch === last || epoch <= 200 || epoch % 2 ** Math.floor(Math.log2(epoch / 100)) === 0;

// --export fixed: the snippet with the lead finding's fix, as a unified diff on
// stdout; what each edit does, and any part of the fix no line could say, on stderr.
async function printFixed(args, config, findings) {
  const say = (text) => process.stderr.write(`train.mjs: ${text}\n`);
  const lead = findings.find((f) => f.lead && !f.past);
  if (!lead?.fix) {
    say(`export fixed: the doctor has no fix to apply${lead ? ` (its first finding, ${lead.cause}, has none: ${lead.fixText ?? 'nothing in the settings helps'})` : ''}; your snippet stays as it is`);
    return 0;
  }
  const source = readFileSync(args.fromKeras, 'utf8');
  const { fixedSnippet } = await import('../web/code/fix-code.js'); // only this export needs it
  const { diff, edits, unsaid } = fixedSnippet(source, lead.fix, config, basename(args.fromKeras));
  say(`export fixed: ${lead.title}: ${lead.fixText}`);
  for (const e of edits) say(`export fixed: line ${e.line}: ${e.why}`);
  for (const u of unsaid) say(`export fixed: not written in the snippet: ${u}`);
  process.stdout.write(edits.length ? diff : '');
  return 0;
}

async function main(argv) {
  let args;
  try {
    args = parseArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`train.mjs: ${err.message}\n${usage()}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  const engine = await openEngine(args.engine, 'train.mjs');
  if (!engine) return 1;
  const fail = (message) => {
    process.stderr.write(`train.mjs: ${message}\n`);
    return 2;
  };
  let config;
  try {
    config = configFromArgs(engine, args, 'train.mjs');
  } catch (err) {
    if (!(err instanceof ConfigError || err instanceof UsageError)) throw err;
    return fail(err.message);
  }
  let trainer;
  try {
    trainer = engine.createTrainer(config);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return fail(err.message);
  }
  if (args.export === 'fixed' && !args.fromKeras) {
    trainer.free();
    return fail('export fixed: it edits your snippet: give it with --from-keras FILE');
  }
  if ((args.export && args.export !== 'fixed') || args.exportExact) {
    const [{ script }, { exactRun }] = await Promise.all([import('../web/code/codegen.js'), import('../web/engine/exact-run.js')]);
    const full = trainer.config();
    trainer.free();
    const keys = engine.keys;
    if (args.export) {
      process.stdout.write(script(args.export, full, { keys, dataFile: args.data ?? undefined, data: engine.dataSummary() }));
      return 0;
    }
    try {
      const run = JSON.stringify(exactRun(engine, full)); // before any file: a refusal writes nothing
      mkdirSync(args.exportExact, { recursive: true });
      writeFileSync(join(args.exportExact, RUN_FILE), run);
      for (const f of ['keras', 'pytorch']) {
        writeFileSync(join(args.exportExact, exactScriptName(f)), script(f, full, { exact: true, keys, data: engine.dataSummary() }));
      }
    } catch (err) {
      if (err instanceof RangeError) return fail(err.message);
      if (!err.code) throw err;
      return fail(`export-exact: cannot write in '${args.exportExact}' (${err.code})`);
    }
    process.stderr.write(`train.mjs: wrote ${RUN_FILE}, ${FRAMEWORKS.map(exactScriptName).join(' and ')} in ${args.exportExact}\n`);
    return 0;
  }
  const resolved = trainer.config();
  const history = [];
  const out = [];
  let findings = [];
  let findingsAt = 0;
  while (trainer.run(4096) > 0 || history.length < trainer.records) {
    for (const rec of trainer.history(history.length)) {
      history.push(rec);
      const last = rec.epoch === resolved.epochs;
      // A line that shows no diagnosis needs none (nor its trials), but --export fixed needs the last one.
      const shown = (!args.quiet || last) && (!args.fields || args.fields.has('diagnosis'));
      if ((shown || (last && args.export === 'fixed')) && diagnoseNow(rec.epoch, resolved.epochs)) { // the CLI never changes a key mid-run
        findings = diagnose(resolved, history);
        // The last epoch's diagnosis measures its rate fix and says what held earlier and no longer does.
        if (rec.epoch === resolved.epochs) {
          for (const trial of MEASUREMENTS) findings = measure(trial, engine, resolved, history, findings);
          findings = [...findings, ...recall(resolved, history, findings)];
        }
        findingsAt = rec.epoch;
      }
      if (rec.epoch >= (args.initial ? 0 : 1) && args.export !== 'fixed' && (!args.quiet || last)) {
        out.push(record(rec, findings, findingsAt, args.fields));
      }
    }
    if (out.length) {
      process.stdout.write(`${out.join('\n')}\n`);
      out.length = 0;
    }
  }
  // A run that diverged ends with where it did, instead of losses that are not numbers.
  const diverged = trainer.diverged;
  if (diverged) {
    findings = measure(RATE_TRIAL, engine, resolved, history, diagnose(resolved, history, diverged), diverged);
    if (args.export !== 'fixed') process.stdout.write(`${JSON.stringify({ ...diverged, diverged: true, diagnosis: findings })}\n`);
  }
  trainer.free();
  if (args.export === 'fixed') return await printFixed(args, resolved, findings);
  if (args.verify) {
    const { results, findings } = verifyFindings(engine, resolved, diagnose(resolved, history, diverged));
    process.stdout.write(`${JSON.stringify({ verify: results, diagnosis: findings })}\n`);
  }
  return 0;
}

await runCommand(import.meta.url, main);
