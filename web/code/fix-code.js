// fix-code.js: your pasted Keras snippet with the doctor's fix applied as the
// fewest line edits, and the edits as a unified diff (issue 22, part 7). The
// fix is config keys (doctor.js); each becomes the Keras words for it on the
// line that says it: the learning rate in the optimizer, batch_size and epochs
// in fit, the units and activations of the Dense lines, a loss's from_logits,
// new lines before fit that standardize the data (a scaler, as a user would
// write it), or a BatchNormalization line after each hidden Dense. A key with no line to edit is said, never dropped silently.
// No DOM: the page and `train.mjs --export fixed` share it.

import { importKeras } from './keras-import.js';
import { pyString } from './codegen.js';
import { OWN_OUTPUT, layerNorms } from '../engine/settings.js';

const OPTIMIZER_CLASS = { adam: 'Adam', sgd: 'SGD', momentum: 'SGD', rmsprop: 'RMSprop' };

const numberText = (v) => String(Number(v.toPrecision(6)));

// A string literal in the quotes the line already uses.
const quoteLike = (line, text) => ((line.match(/'/g)?.length ?? 0) > (line.match(/"/g)?.length ?? 0) ? `'${text}'` : pyString(text));

// The optimizer as one Keras call with its rate.
function optimizerCall(name, lr) {
  const momentum = name === 'momentum' ? ', momentum=0.9' : '';
  return `keras.optimizers.${OPTIMIZER_CLASS[name] ?? 'Adam'}(learning_rate=${numberText(lr)}${momentum})`;
}

// Replaces a keyword's value on a line (name=value up to a comma or bracket); null when absent.
function setKeyword(line, names, value) {
  for (const name of names) {
    const re = new RegExp(`\\b${name}\\s*=\\s*([^,()\\[\\]]+?|\\w+\\([^()]*\\))(\\s*[,)\\]])`);
    if (re.test(line)) return line.replace(re, `${name}=${value}$2`);
  }
  return null;
}

// Adds keyword=value before a call's closing bracket on the call's last line.
function addKeyword(line, name, value) {
  const at = line.lastIndexOf(')');
  if (at < 0) return null;
  const open = line.slice(0, at).trimEnd();
  return `${open}${open.endsWith('(') ? '' : ', '}${name}=${value}${line.slice(at)}`;
}

/**
 * The snippet with the fix: { text, diff, edits: [{ line, why }], unsaid: [why] }.
 * source: the snippet; fix: { key: value } (the doctor's lead fix); config: the
 * run's config, for the keys the fix does not name; name: the file's name.
 */
export function fixedSnippet(source, fix, config, name = 'snippet.py') {
  const reading = importKeras(source);
  const { sites } = reading;
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const edits = [];
  const unsaid = [];
  const inserts = new Map(); // line number -> lines to insert before it
  let bare = false; // a new line calls BatchNormalization by its bare name
  const edit = (lineNo, next, why) => {
    if (next === null || next === undefined) return false;
    if (lines[lineNo - 1] !== next) {
      lines[lineNo - 1] = next;
      edits.push({ line: lineNo, why });
    }
    return true;
  };
  const at = (lineNo) => lines[lineNo - 1] ?? '';
  const indent = (lineNo) => at(lineNo).match(/^\s*/)[0];
  const layers = sites.layers ?? [];
  const hidden = layers.slice(0, -1);
  const out = layers.at(-1);
  const denseOn = (layer, fn) => { // edits the k-th Dense( on its line
    const same = layers.filter((l) => l.line === layer.line);
    const k = same.indexOf(layer);
    let seen = -1;
    const text = at(layer.line).replace(/\b(?:layers\.|keras\.layers\.)?Dense\(([^()]*(?:\([^()]*\)[^()]*)*)\)/g, (whole, args) => {
      seen++;
      return seen === k ? fn(whole, args) : whole;
    });
    return text;
  };
  for (const [key, value] of Object.entries(fix ?? {})) {
    if (key === 'lr') {
      const o = sites.optimizer;
      const optimizer = fix.optimizer ?? config.optimizer;
      if (!o) {
        if (sites.compile) {
          edit(sites.compile.line, addKeyword(at(sites.compile.line), 'optimizer', optimizerCall(optimizer, value)), `learning rate ${numberText(value)}`) ||
            unsaid.push(`the learning rate: set it to ${numberText(value)} in compile's optimizer`);
        } else unsaid.push(`the learning rate: no compile line; use ${optimizerCall(optimizer, value)}`);
        continue;
      }
      const line = at(o.line);
      const rate = numberText(value);
      const call = /\b(Adam|SGD|RMSprop)\(/;
      let next = null;
      if (o.byName) next = line.replace(/(["'])(adam|sgd|rmsprop)\1/i, optimizerCall(optimizer, value));
      else {
        next = setKeyword(line, ['learning_rate', 'lr'], rate);
        if (next === null && /\b(Adam|SGD|RMSprop)\(\s*[0-9.]/.test(line)) next = line.replace(/\b(Adam|SGD|RMSprop)\(\s*[0-9.eE+-]+/, `$1(${rate}`);
        if (next === null && call.test(line)) next = line.replace(call, (m) => `${m}learning_rate=${rate}, `).replace(/, \)/, ')');
      }
      if (!next || next === line) unsaid.push(`the learning rate: set it to ${rate} on line ${o.line}`);
      else edit(o.line, next, `learning rate ${rate}`);
    } else if (key === 'optimizer') {
      const o = sites.optimizer;
      if (!o || value === config.optimizer) continue;
      const line = at(o.line);
      const next = o.byName ? line.replace(/(["'])(adam|sgd|rmsprop)\1/i, `"${value === 'momentum' ? 'sgd' : value}"`)
        : line.replace(/\b(Adam|SGD|RMSprop)\(/, `${OPTIMIZER_CLASS[value]}(`);
      edit(o.line, next, `optimizer ${value}`);
    } else if (key === 'batch' || key === 'epochs') {
      const f = sites.fit;
      if (!f) { unsaid.push(`${key === 'batch' ? 'batch_size' : 'epochs'}=${value}: no fit line`); continue; }
      const names = key === 'batch' ? ['batch_size'] : ['epochs', 'nb_epoch'];
      let done = false;
      for (let l = f.line; l <= f.last && !done; l++) done = edit(l, setKeyword(at(l), names, String(value)), `${names[0]} ${value}`);
      if (!done) edit(f.last, addKeyword(at(f.last), names[0], String(value)), `${names[0]} ${value}`) || unsaid.push(`${names[0]}=${value}`);
    } else if (key === 'width' || key === 'widths') {
      const widths = key === 'width' ? hidden.map(() => value) : String(value).split(',').map(Number);
      hidden.forEach((layer, i) => {
        const w = widths[i];
        if (w === undefined || w === layer.units) return;
        edit(layer.line, denseOn(layer, (whole, args) => whole.replace(args, args.replace(/^(\s*(?:units\s*=\s*|output_dim\s*=\s*)?)\d+/, `$1${w}`))),
          `${w} units`);
      });
    } else if (key === 'depth') {
      if (value !== 1 || hidden.length !== 0 || !out) { unsaid.push(`depth ${value}`); continue; }
      const units = fix.width ?? Math.max(32, config.width ?? 32);
      const act = fix.activation ?? 'relu';
      const text = at(out.line);
      const added = text.replace(/\bDense\(([^()]*)\)/, () => `Dense(${units}, activation=${pyString(act)})`);
      inserts.set(out.line, [...(inserts.get(out.line) ?? []), added]);
      edits.push({ line: out.line, why: `a hidden layer of ${units}` });
    } else if (key === 'activation' || key === 'activations' || key === 'init') {
      // activations: one per hidden layer; emptied, it leaves each layer to activation.
      if (key === 'activations' && value === '') continue;
      const each = key === 'activations' ? String(value).split(',') : null;
      const act = key !== 'init';
      hidden.forEach((layer, i) => {
        const v = each ? each[i] : value;
        if (v === undefined || (act && layer.act === v)) return;
        const kw = act ? 'activation' : 'kernel_initializer';
        const q = (text) => quoteLike(at(layer.line), text);
        const line = layer.actLine && act
          ? at(layer.actLine).replace(/Activation\(\s*(["'])[^"']*\1/, `Activation(${quoteLike(at(layer.actLine), v)}`)
          : null;
        if (line) { edit(layer.actLine, line, `activation ${v}`); return; }
        edit(layer.line, denseOn(layer, (whole, args) => {
          const set = setKeyword(`(${args})`, act ? [kw] : ['kernel_initializer', 'init'], q(v));
          return `${whole.slice(0, whole.indexOf('('))}${set ?? `(${args}${args.trim() ? ', ' : ''}${kw}=${q(v)})`}`;
        }), `${act ? 'activation' : 'initializer'} ${v}`);
      });
    } else if (key === 'output' || key === 'from_logits') {
      const own = OWN_OUTPUT[config.loss ?? 'sparse_categorical_crossentropy'];
      if (key === 'output' && out && out.act !== own) {
        if (out.actLine) {
          edit(out.actLine, own === 'linear' ? '' : at(out.actLine).replace(/Activation\(\s*(["'])[^"']*\1/, `Activation(${quoteLike(at(out.actLine), own)}`), `output ${own}`);
        } else {
          edit(out.line, denseOn(out, (whole, args) => {
            const set = setKeyword(`(${args})`, ['activation'], quoteLike(at(out.line), own));
            return `${whole.slice(0, whole.indexOf('('))}${set ?? `(${args}, activation=${quoteLike(at(out.line), own)})`}`;
          }), `output activation ${own}`);
        }
      }
      if (key === 'from_logits' && sites.compile) {
        let done = false;
        for (let l = sites.compile.line; l <= sites.compile.last && !done; l++) done = edit(l, setKeyword(at(l), ['from_logits'], 'False'), 'from_logits=False');
        if (!done) unsaid.push('from_logits=False in the loss');
      }
    } else if (key === 'dropout') {
      const rates = String(value).split(',').map(Number);
      hidden.forEach((layer, i) => {
        const rate = rates.length === 1 ? rates[0] : rates[i];
        if (!layer.dropoutLine) {
          if (rate > 0) unsaid.push(`dropout ${rate} after hidden layer ${i + 1}, which has no Dropout line`);
          return;
        }
        edit(layer.dropoutLine, at(layer.dropoutLine).replace(/\bDropout\(\s*(rate\s*=\s*)?[0-9.]+/, `Dropout($1${rate}`), `dropout ${rate}`);
      });
    } else if (key === 'batchnorm') {
      const norms = layerNorms({ batchnorm: value, depth: hidden.length });
      hidden.forEach((layer, i) => {
        const n = norms[i];
        if (n === layer.norm || n === 'none') return;
        // BatchNormalization() after the Dense line (after its Activation line, before its
        // Dropout), written as that line writes its Dense: model.add(...), a list item, a prefix.
        const line = n === 'after' && !layer.normLine && layers.filter((l) => l.line === layer.line).length === 1
          ? denseOn(layer, (whole) => whole.replace(/Dense\([\s\S]*$/, 'BatchNormalization()')) : null;
        if (!line || line === at(layer.line)) { unsaid.push(`BatchNormalization ${n} the activation of hidden layer ${i + 1}`); return; }
        const after = layer.actLine ?? layer.line;
        inserts.set(after + 1, [...(inserts.get(after + 1) ?? []), line]);
        edits.push({ line: after, why: `BatchNormalization after hidden layer ${i + 1}` });
        if (/(^|[^.\w])BatchNormalization\(/.test(line)) bare = true;
      });
    } else if (key === 'standardize' || key === 'standardize_targets') {
      const f = sites.fit;
      const train = key === 'standardize' ? f?.x : f?.y;
      const val = key === 'standardize' ? f?.valX : f?.valY;
      if (!train) { unsaid.push(`${key === 'standardize' ? 'the inputs' : 'the targets'}: standardize them with the training set's mean and spread`); continue; }
      const pad = indent(f.line);
      const what = key === 'standardize' ? 'inputs' : 'targets';
      const block = [
        `${pad}# Standardize the ${what}: the training set's mean and spread, for every split${what === 'targets' ? ' (predictions * sd + mean undo it)' : ''}`,
        `${pad}mean, sd = ${train}.mean(axis=0), ${train}.std(axis=0) + 1e-12`,
        `${pad}${train} = (${train} - mean) / sd`,
        ...(val ? [`${pad}${val} = (${val} - mean) / sd`] : []),
      ];
      inserts.set(f.line, [...(inserts.get(f.line) ?? []), ...block]);
      edits.push({ line: f.line, why: `standardize the ${what}` });
    } else {
      unsaid.push(`${key} ${value}: the lab's setting, with no line of the snippet to say it`);
    }
  }
  // A bare BatchNormalization() needs its name imported where Dense is.
  if (bare && !lines.some((l) => /^\s*from\s+\S+\s+import\s+(.*\bBatchNormalization\b|\*)/.test(l))) {
    const k = lines.findIndex((l) => /^\s*from\s+\S+\s+import\s+[^()#]*\bDense\b[^()#]*$/.test(l));
    if (k < 0 || !edit(k + 1, `${at(k + 1).trimEnd()}, BatchNormalization`, 'import BatchNormalization')) unsaid.push('import BatchNormalization where Dense is imported');
  }
  const result = [];
  lines.forEach((l, i) => {
    result.push(...(inserts.get(i + 1) ?? []));
    if (!(l === '' && edits.some((e) => e.line === i + 1 && /^output/.test(e.why)))) result.push(l);
  });
  const text = result.join('\n');
  return { text, diff: unifiedDiff(source.replace(/\r\n?/g, '\n'), text, name), edits, unsaid };
}

/** A unified diff of two texts (line by line, three lines of context). */
export function unifiedDiff(a, b, name = 'snippet.py') {
  const x = a.split('\n');
  const y = b.split('\n');
  // Longest common subsequence by dynamic programming: snippets are at most a few thousand lines.
  const n = x.length;
  const m = y.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const ops = []; // [' ' | '-' | '+', text, aLine, bLine]
  for (let i = 0, j = 0; i < n || j < m;) {
    if (i < n && j < m && x[i] === y[j]) ops.push([' ', x[i], i++, j++]);
    else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) ops.push(['-', x[i], i++, j]);
    else ops.push(['+', y[j], i, j++]);
  }
  const out = [`--- ${name}`, `+++ ${name} (with the doctor's fix)`];
  for (let k = 0; k < ops.length;) {
    if (ops[k][0] === ' ') { k++; continue; }
    let start = Math.max(0, k - 3);
    let end = k;
    while (end < ops.length) {
      if (ops[end][0] !== ' ') { end++; continue; }
      let run = end;
      while (run < ops.length && ops[run][0] === ' ') run++;
      if (run - end > 6 || run === ops.length) { end = Math.min(run, end + 3); break; }
      end = run;
    }
    const hunk = ops.slice(start, end);
    const aCount = hunk.filter((o) => o[0] !== '+').length;
    const bCount = hunk.filter((o) => o[0] !== '-').length;
    out.push(`@@ -${hunk[0][2] + 1},${aCount} +${hunk[0][3] + 1},${bCount} @@`, ...hunk.map((o) => `${o[0]}${o[1]}`));
    k = end;
    start = end;
  }
  return `${out.join('\n')}\n`;
}
