// export.js: what a reader takes home from the lab: the curves as CSV (Keras's
// CSVLogger layout: `epoch`, then the metric names sorted), the run as a JSON
// record (format version, config, history), the charts as one PNG, and the
// link, and the Python scripts of codegen.js. The CLI prints the same fields
// (REPORTED), so the CSV's numbers are the CLI's for the same keys. Building
// the files has no DOM; saving them does.
// The script writer loads on first use: it is most of the Python's text.
const codegen = () => import('./codegen.js');

/** The metrics of an epoch as the CLI prints them, and as the CSV holds them. */
export const REPORTED = ['train_loss', 'val_loss', 'train_acc', 'val_acc', 'grad_norm', 'update_ratio', 'dead_frac',
  'grad_ratio', 'val_loss_sd', 'input_rms', 'input_max', 'input_mean', 'chance_loss', 'chance_acc', 'empty_classes', 'train_mae', 'val_mae'];
export const RECORD_VERSION = 1;
// Reported only by the runs that have them: the mean absolute error of mse and mae.
const ONLY_WHEN_MEASURED = new Set(['train_mae', 'val_mae']);

/** The REPORTED fields a run has: all, less the mean absolute error unless its loss is mse or mae. */
export function reportedFor(history) {
  const first = history[0] ?? {};
  return REPORTED.filter((k) => !ONLY_WHEN_MEASURED.has(k) || Number.isFinite(first[k]));
}

// A number as JSON writes it (the shortest text that reads back to the same
// double); what is not a number as Python's CSV writer gives it.
const cell = (v) => (Number.isFinite(v) ? String(v) : 'nan');

/** The CSV of a history: epoch 1 on (as the CLI prints; Keras counts from 0), columns sorted. */
export function historyCsv(history) {
  const columns = ['epoch', ...reportedFor(history).sort()];
  const rows = history.filter((r) => r.epoch >= 1).map((r) => columns.map((c) => cell(r[c])).join(','));
  return `${[columns.join(','), ...rows].join('\r\n')}\r\n`;
}

/** The run as one JSON object: { flatline: format version, config, diverged, history }. */
export function runRecord(config, history, diverged = null) {
  return JSON.stringify({ flatline: RECORD_VERSION, config, diverged, history }, (k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
}

/** The canvases stacked into one PNG data URL, on white, each under its title. */
export function chartsPng(charts) {
  const ratio = Math.max(...charts.map((c) => c.canvas.width / (c.canvas.clientWidth || c.canvas.width)));
  const width = Math.max(...charts.map((c) => c.canvas.width));
  const title = Math.round(22 * ratio);
  const height = charts.reduce((h, c) => h + title + c.canvas.height, 0);
  const out = document.createElement('canvas');
  out.width = width;
  out.height = height;
  const ctx = out.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  let y = 0;
  for (const c of charts) {
    ctx.fillStyle = '#111827';
    ctx.font = `600 ${Math.round(14 * ratio)}px system-ui, sans-serif`;
    ctx.fillText(c.title, Math.round(8 * ratio), y + Math.round(16 * ratio));
    ctx.drawImage(c.canvas, 0, y + title);
    y += title + c.canvas.height;
  }
  return out.toDataURL('image/png');
}

/** Saves text or a data URL as a file the browser downloads. */
export function save(name, content, type = 'text/plain') {
  const url = content.startsWith?.('data:') ? content : URL.createObjectURL(new Blob([content], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  if (!url.startsWith('data:')) setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Wires the Export menu: els { menu, csv, json, png, keras, pytorch, exactFiles, link,
 * status }; lab { config(), history(), diverged(), charts() → [{ canvas, title }],
 * link(), keys(), exact(config) → { json, error } (the replica's file, or why
 * not), changedMidRun() }.
 */
export function setUpExport(els, lab) {
  const name = () => `flatline-${lab.config().dataset}-${lab.history().at(-1)?.epoch ?? 0}ep`;
  const say = (text) => {
    els.status.textContent = text;
    els.menu.open = false; // a choice closes the menu
  };
  els.csv.addEventListener('click', () => {
    save(`${name()}.csv`, historyCsv(lab.history()), 'text/csv');
    say('Saved the curves as CSV.');
  });
  els.json.addEventListener('click', () => {
    save(`${name()}.json`, runRecord(lab.config(), lab.history(), lab.diverged()), 'application/json');
    say('Saved the run as JSON.');
  });
  els.png.addEventListener('click', () => {
    save(`${name()}.png`, chartsPng(lab.charts()));
    say('Saved the charts as PNG.');
  });
  for (const framework of ['keras', 'pytorch']) {
    els[framework].addEventListener('click', async () => {
      const { script } = await codegen();
      save(`flatline_${framework}.py`, script(framework, lab.config(), { keys: lab.keys(), data: lab.dataSummary?.() }), 'text/x-python');
      say(`Saved the ${framework === 'keras' ? 'Keras' : 'PyTorch'} script: the same recipe, model and training settings (equivalent, within seed noise).`);
    });
  }
  els.exactFiles.addEventListener('click', async () => {
    say('Preparing the exact replica…');
    const config = lab.config();
    const [{ RUN_FILE, exactScriptName, script }, { json, error }] = await Promise.all([codegen(), lab.exact(config)]);
    if (error) return say(`${error}.`);
    save(RUN_FILE, json, 'application/json');
    for (const framework of ['keras', 'pytorch']) {
      save(exactScriptName(framework), script(framework, config, { exact: true, keys: lab.keys(), data: lab.dataSummary?.() }), 'text/x-python');
    }
    const which = lab.changedMidRun()
      ? "a run of the current settings from epoch 0 (this run changed settings mid-run, so its curve differs; Reset shows the replica's)"
      : 'these losses';
    say(`Saved ${RUN_FILE} (inputs, first weights, batch orders) and ${exactScriptName('keras')} and ${exactScriptName('pytorch')}, which reproduce ${which}.`);
  });
  els.link.addEventListener('click', async () => {
    const link = lab.link();
    try {
      await navigator.clipboard.writeText(link);
      say(`Copied the link: ${link}`);
    } catch {
      say(`Copy this link: ${link}`); // no clipboard here (an embed, an old browser): shown to copy by hand
    }
  });
}
