#!/usr/bin/env node
// experiment.mjs: runs one of the lab's experiments (web/experiments/experiments.js) on
// the same .wasm as the page, its jobs one after another, and prints one JSON
// object: the experiment, the resolved config, its results and its
// `conclusion`. Bad arguments exit with status 2 and a message on stderr.
//
//   node tools/experiment.mjs NAME [--preset P] [--from-keras FILE] [--data FILE] [--KEY VALUE ...]
//                                  [--x KEY --y KEY --size N] [--engine simd|scalar]
//   node tools/experiment.mjs --list
import { ConfigError } from '../web/engine/engine.js';
import { EXPERIMENTS, EXPERIMENT_BY_NAME, SWEEP_KEYS, runExperiment } from '../web/experiments/experiments.js';
import { UsageError, configFromArgs, openEngine, parseArgs, runCommand } from './train.mjs';

function usage() {
  return `usage: node tools/experiment.mjs NAME [--preset P] [--from-keras FILE] [--data FILE] [--KEY VALUE ...] [--x KEY --y KEY --size N]
       node tools/experiment.mjs --list

Runs an experiment on the config the keys give (as train.mjs reads them) and
prints one JSON object with its results and its conclusion.
Experiments: ${EXPERIMENTS.map((e) => e.name).join(', ')}
Sweep: --x and --y pick two of ${SWEEP_KEYS.join(', ')} (default lr and width), --size the values
of each (6 to 10, default 6).`;
}

/** NAME, the sweep's options and the train.mjs arguments; throws UsageError. */
function parse(argv) {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') return { help: true };
  if (name === '--list') return { list: true };
  if (!EXPERIMENT_BY_NAME.has(name)) {
    throw new UsageError(`unknown experiment '${name}'; the experiments are ${EXPERIMENTS.map((e) => e.name).join(', ')}`);
  }
  const options = {};
  const others = [];
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i].replace(/^--/, '');
    if (!['x', 'y', 'size'].includes(flag) || !rest[i].startsWith('--')) {
      others.push(rest[i]);
      continue;
    }
    if (i + 1 >= rest.length) throw new UsageError(`--${flag} needs a value`);
    const value = rest[++i];
    if (flag === 'size') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 6 || n > 10) throw new UsageError(`size: '${value}' is not a whole number from 6 to 10`);
      options.size = n;
    } else {
      if (!SWEEP_KEYS.includes(value)) throw new UsageError(`${flag}: '${value}' is not one of ${SWEEP_KEYS.join(', ')}`);
      options[flag] = value;
    }
  }
  if (options.x && options.x === options.y) throw new UsageError(`x and y are both '${options.x}'; sweep two different keys`);
  if (name !== 'sweep' && Object.keys(options).length) throw new UsageError('--x, --y and --size belong to the sweep');
  return { name, options, args: parseArgs(others) };
}

async function main(argv) {
  let cmd;
  try {
    cmd = parse(argv);
    if (cmd.args?.help) cmd = { help: true };
    if (cmd.args?.initial || cmd.args?.verify || cmd.args?.export || cmd.args?.exportExact) {
      throw new UsageError('--initial, --verify, --export and --export-exact belong to train.mjs');
    }
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`experiment.mjs: ${err.message}\n${usage()}\n`);
    return 2;
  }
  if (cmd.help) {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  if (cmd.list) {
    for (const e of EXPERIMENTS) process.stdout.write(`${e.name}\t${e.title}: ${e.question}\n`);
    return 0;
  }
  const engine = await openEngine(cmd.args.engine, 'experiment.mjs');
  if (!engine) return 1;
  let config;
  try {
    const t = engine.createTrainer(configFromArgs(engine, cmd.args, 'experiment.mjs'));
    config = t.config();
    t.free();
  } catch (err) {
    if (!(err instanceof ConfigError || err instanceof UsageError)) throw err;
    process.stderr.write(`experiment.mjs: ${err.message}\n`);
    return 2;
  }
  const result = runExperiment(engine, cmd.name, config, cmd.options);
  process.stdout.write(`${JSON.stringify({ ...result, config })}\n`);
  return 0;
}

await runCommand(import.meta.url, main);
