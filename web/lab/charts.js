// charts.js: the three live charts, drawn with Chart.js (tree-shaken: line
// charts on linear and log scales, tooltips, legends). Data arrive as whole
// epoch records; each chart draws at most MAX_POINTS points per curve by
// striding over long runs, and redraws only when told (once per frame at
// most), without animation. A small plugin draws the labelled chance line,
// the markers where a setting changed mid-run, and the epochs where the
// doctor's findings first showed. The health chart draws the gradient norm
// of every layer, so that vanishing gradients show as lines that part.
import {
  Chart, Legend, LineController, LineElement, LinearScale, LogarithmicScale, PointElement, Tooltip,
} from 'chart.js';

import { grouped } from '../engine/settings.js';
import { recordsToObjects } from '../engine/trainer.js';
import { RunShelf } from './runs.js';
import { COLORS, curveColors, layerColor, onThemeChange, theme } from '../ui/theme.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip, Legend);

const MAX_POINTS = 600;

// Text on a pale box, so that a label stays readable over the curves.
function label(ctx, text, x, y, align, color) {
  const w = ctx.measureText(text).width;
  const left = align === 'right' ? x - w : x;
  ctx.fillStyle = theme().labelBg; // light enough that a curve under a label still shows
  ctx.fillRect(left - 2, y - 10, w + 4, 13);
  ctx.fillStyle = color;
  ctx.textAlign = align;
  ctx.fillText(text, x, y);
}

// Log axes label the powers of ten, and on an axis of two decades or less
// also 2 and 5 times them, so that an axis that ends at 9 still has a
// labelled tick above 1 while a wide one stays uncrowded.
function logTick(v, _index, ticks) {
  const e = Math.floor(Math.log10(v) + 1e-9);
  const m = Number((v / 10 ** e).toPrecision(3));
  const span = ticks?.length > 1 ? Math.log10(ticks.at(-1).value / ticks[0].value) : 0;
  if (!(m === 1 || (span <= 2 && (m === 2 || m === 5)))) return '';
  return Math.abs(e) <= 3 ? String(Number(v.toPrecision(1))) : `${m === 1 ? '' : `${m}×`}1e${e}`;
}

// Linear tick labels with the fewest digits that keep every label on the axis
// distinct: "0.25" beside "0.5", and 2.02e6 beside 2.04e6, never "2E6" twice.
function linearTick(v, _index, ticks) {
  const values = ticks?.length ? ticks.map((t) => t.value) : [v];
  const big = Math.max(...values.map(Math.abs)) >= 1e5;
  const write = (x, d) => (big ? (x === 0 ? '0' : x.toExponential(d).replace('e+', 'e')) : x.toFixed(d));
  for (let d = 0; d <= 8; d++) {
    const labels = values.map((x) => write(x, d));
    if (new Set(labels).size === labels.length) return write(v, d);
  }
  return write(v, 8);
}

// A round number at or above v (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten).
function niceCeil(v) {
  if (!(v > 0)) return 1;
  const e = Math.floor(Math.log10(v));
  const m = v / 10 ** e;
  const stop = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((x) => x >= m - 1e-12);
  return Number((stop * 10 ** e).toPrecision(3));
}

// options.plugins.guides: { lines: [{ y, label }], markers: [{ x, label }], findings: [{ x, label }],
//   diverged: { x, label } | null, clipped: text | null }
function dashed(ctx, x0, y0, x1, y1, color, dash) {
  ctx.strokeStyle = color;
  ctx.setLineDash(dash);
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
  ctx.setLineDash([]);
}

const guides = {
  id: 'guides',
  // The seeds' band (options.plugins.guides.band: { points: [{ x, lo, hi }] }), under the curves.
  beforeDatasetsDraw(chart, _args, opts) {
    const pts = opts.band?.points;
    if (!pts?.length) return;
    const { ctx, chartArea: area, scales: { x, y } } = chart;
    ctx.save();
    ctx.beginPath();
    ctx.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
    ctx.clip();
    ctx.fillStyle = COLORS.band;
    ctx.beginPath();
    pts.forEach((p, i) => ctx[i ? 'lineTo' : 'moveTo'](x.getPixelForValue(p.x), y.getPixelForValue(p.hi)));
    for (let i = pts.length - 1; i >= 0; i--) ctx.lineTo(x.getPixelForValue(pts[i].x), y.getPixelForValue(pts[i].lo));
    ctx.closePath();
    ctx.fill();
    ctx.fillStyle = COLORS.val;
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillText(opts.band.label, area.left + 6, area.bottom - 6);
    ctx.restore();
  },
  afterDatasetsDraw(chart, _args, opts) {
    const { ctx, chartArea: area, scales: { x, y } } = chart;
    ctx.save();
    ctx.font = '11px system-ui, sans-serif';
    ctx.lineWidth = 1;
    for (const line of opts.lines ?? []) {
      const py = y.getPixelForValue(line.y);
      if (!(py >= area.top && py <= area.bottom)) continue;
      dashed(ctx, area.left, py, area.right, py, curveColors().guide, [5, 4]);
      label(ctx, line.label, area.right - 4, py - 5, 'right', curveColors().guide);
    }
    // A curve of one point (epoch 0, or a run that diverged in epoch 1) has no
    // line to draw: a dot stands for it. (Drawn here: a point radius option
    // would be resolved per point on every frame, or cached at its first value.)
    for (const [i, ds] of chart.data.datasets.entries()) {
      const p = ds.data.length === 1 ? ds.data[0] : null;
      if (!p || p.y === null || !chart.isDatasetVisible(i)) continue;
      const py = chart.scales[ds.yAxisID ?? 'y'].getPixelForValue(p.y);
      ctx.fillStyle = ds.borderColor;
      ctx.beginPath();
      ctx.arc(x.getPixelForValue(p.x), py, 3, 0, 2 * Math.PI);
      ctx.fill();
    }
    // Earlier runs that go above the current run's scale: said at the top.
    const top = opts.clipped ? 13 : 0;
    if (opts.clipped) label(ctx, opts.clipped, area.left + 6, area.top + 11, 'left', curveColors().guide);
    // Mid-run changes: a dashed line each, and its label on the first row where
    // it overlaps no other label (the boxes are kept for the tests).
    const rows = [];
    opts.boxes = [];
    for (const m of [...(opts.markers ?? [])].sort((a, b) => a.x - b.x)) {
      const px = x.getPixelForValue(m.x);
      if (!(px >= area.left && px <= area.right)) continue;
      dashed(ctx, px, area.top, px, area.bottom, curveColors().marker, [2, 3]);
      const w = ctx.measureText(m.label).width + 4;
      const right = px + 3 + w > area.right;
      const left = right ? px - 3 - w : px + 1;
      let row = rows.findIndex((end) => left > end + 2);
      if (row < 0) row = rows.length;
      rows[row] = left + w;
      const y = area.top + top + 11 + 13 * row;
      label(ctx, m.label, right ? px - 3 : px + 3, y, right ? 'right' : 'left', curveColors().marker);
      opts.boxes.push({ left, right: left + w, top: y - 10, bottom: y + 3 });
    }
    // Where a run diverged: a cross at the top of the chart, in the epoch it happened.
    if (opts.diverged) {
      const px = Math.min(area.right - 4, Math.max(area.left + 4, x.getPixelForValue(opts.diverged.x)));
      ctx.strokeStyle = curveColors().finding;
      ctx.lineWidth = 2.5;
      ctx.beginPath();
      ctx.moveTo(px - 5, area.top + 4);
      ctx.lineTo(px + 5, area.top + 14);
      ctx.moveTo(px + 5, area.top + 4);
      ctx.lineTo(px - 5, area.top + 14);
      ctx.stroke();
      ctx.lineWidth = 1;
      const right = px > area.right - 100;
      label(ctx, opts.diverged.label, px + (right ? -9 : 9), area.top + 13, right ? 'right' : 'left', curveColors().finding);
    }
    // The doctor's findings: a numbered triangle on the x axis at the epoch
    // where each first showed, numbered as in the panel.
    (opts.findings ?? []).forEach((f, i) => {
      const px = x.getPixelForValue(f.x);
      if (!(px >= area.left - 1 && px <= area.right + 1)) return;
      ctx.fillStyle = curveColors().finding;
      ctx.beginPath();
      ctx.moveTo(px, area.bottom - 9);
      ctx.lineTo(px - 5, area.bottom);
      ctx.lineTo(px + 5, area.bottom);
      ctx.fill();
      const right = px > area.right - 60;
      label(ctx, `${i + 1}`, px + (right ? -7 : 7), area.bottom - 12 - 13 * i, right ? 'right' : 'left', curveColors().finding);
    });
    ctx.restore();
  },
};

/** The records of one run as they arrived: objects with their `layers`, as the doctor reads them. */
export class RunData {
  constructor(fields, classes) {
    this.fields = fields;
    this.classes = classes;
    this.history = [];
    this.diverged = null; // where the core stopped it, if it diverged
  }

  get length() { return this.history.length; }

  /** Appends records (a Float64Array of METRIC_FIELDS) and their layers' records. */
  add(records, layerRecords, nLayers) {
    for (const rec of recordsToObjects(records, layerRecords, nLayers)) {
      this.history.push(rec);
      for (const v of [rec.train_loss, rec.val_loss]) {
        if (!(Number.isFinite(v) && v > 0)) continue;
        this.lossLo = Math.min(this.lossLo ?? v, v);
        this.lossHi = Math.max(this.lossHi ?? v, v);
      }
    }
  }

  last(field) { return this.history[this.length - 1]?.[field]; }

  /** {x: epoch, y: value(record)} points, at most MAX_POINTS, always ending with the last one. */
  points(value, scale = 1) {
    const get = typeof value === 'function' ? value : (r) => r[value];
    const n = this.length;
    const stride = Math.ceil(n / MAX_POINTS) || 1;
    const out = [];
    const push = (i) => {
      const v = get(this.history[i]);
      out.push({ x: this.history[i].epoch, y: Number.isFinite(v) ? v * scale : null });
    };
    for (let i = 0; i < n; i += stride) push(i);
    if (n && (n - 1) % stride !== 0) push(n - 1);
    return out;
  }
}

function lineDataset(label, color, extra = {}) {
  return {
    label, data: [], borderColor: color, backgroundColor: color, borderWidth: 2, pointRadius: 0,
    pointHoverRadius: 3, tension: 0, spanGaps: false, ...extra,
  };
}

function baseOptions(yTitle) {
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    parsing: false,
    normalized: true,
    interaction: { mode: 'index', intersect: false },
    scales: {
      x: { type: 'linear', min: 0, title: { display: true, text: 'epoch' }, grid: { color: COLORS.grid },
        ticks: { precision: 0, includeBounds: false, maxTicksLimit: 11, callback: grouped } }, // no crowded extra tick at the end
      // Each axis writes its own labels: Chart.js's own would start Intl (ICU), 50 ms on the first frame.
      y: { type: 'linear', title: { display: true, text: yTitle }, grid: { color: COLORS.grid }, ticks: { callback: linearTick } },
    },
    plugins: {
      legend: {
        position: 'bottom',
        // Earlier runs have their own list beside the chart, with show, hide and pin.
        labels: { boxWidth: 14, boxHeight: 2, font: { size: 12 },
          filter: (item, data) => data.datasets[item.datasetIndex].data.length > 0 && !data.datasets[item.datasetIndex].faint },
      },
      tooltip: {
        filter: (item) => !item.dataset.faint,
        callbacks: {
          title: (items) => (items.length ? `epoch ${items[0].parsed.x}` : ''),
          label: (item) => `${item.dataset.label}: ${item.raw?.zero ? '0 (drawn on the axis floor)' : item.dataset.format(item.parsed.y)}`,
        },
      },
      guides: { lines: [], markers: [], findings: [] },
    },
  };
}

const fixed4 = (v) => (v == null ? 'n/a' : v.toFixed(4));
const percent = (v) => (v == null ? 'n/a' : `${v.toFixed(1)}%`);
const sci = (v) => (v == null ? 'n/a' : v.toPrecision(3));

export class LabCharts {
  constructor({ loss, acc, health }) {
    this.current = null;
    this.shelf = new RunShelf(); // earlier runs, drawn faint in their own colours
    this.shelfDrawn = -1;        // the shelf version the loss chart shows
    this.markers = [];
    this.dirty = false;

    this.loss = new Chart(loss, {
      type: 'line',
      data: {
        datasets: [
          lineDataset('train loss', COLORS.train, { format: fixed4 }),
          lineDataset('validation loss', COLORS.val, { format: fixed4 }),
        ],
      },
      options: { ...baseOptions('loss') },
      plugins: [guides],
    });
    this.acc = new Chart(acc, {
      type: 'line',
      data: {
        datasets: [
          lineDataset('train accuracy', COLORS.train, { format: percent }),
          lineDataset('validation accuracy', COLORS.val, { format: percent }),
        ],
      },
      options: baseOptions('accuracy %'),
      plugins: [guides],
    });
    this.acc.options.scales.y.min = 0;
    this.acc.options.scales.y.max = 100;
    const healthOptions = baseOptions('size (log)');
    healthOptions.scales.y.type = 'logarithmic';
    healthOptions.scales.y.ticks = { callback: logTick, autoSkip: false };
    healthOptions.scales.y2 = {
      type: 'linear', position: 'right', min: 0, max: 100, title: { display: true, text: 'dead units %' },
      grid: { drawOnChartArea: false }, ticks: { callback: linearTick },
    };
    this.health = new Chart(health, {
      type: 'line',
      data: {
        datasets: [
          lineDataset('update / weight', COLORS.ratio, { format: sci, borderDash: [6, 3] }),
          lineDataset('dead units', COLORS.dead, { yAxisID: 'y2', format: percent, borderDash: [2, 2] }),
        ],
      },
      options: healthOptions,
      plugins: [guides],
    });
    this.applyTheme();
    onThemeChange(() => {
      this.applyTheme();
      this.dirty = true;
      this.draw(true);
    });
  }

  /** Text and grid colours for the reader's light or dark scheme. */
  applyTheme() {
    const t = theme();
    const c = curveColors();
    Chart.defaults.color = t.text;
    for (const chart of [this.loss, this.acc, this.health]) {
      for (const scale of Object.values(chart.options.scales)) {
        if (scale.grid) scale.grid.color = t.grid;
      }
    }
    // The health chart's lines take the scheme's palette: the reds and the layers' ramp differ in dark.
    const [ratio, dead, ...layers] = this.health.data.datasets;
    ratio.borderColor = ratio.backgroundColor = c.ratio;
    dead.borderColor = dead.backgroundColor = c.dead;
    layers.forEach((ds, l) => { ds.borderColor = ds.backgroundColor = layerColor(l, layers.length); });
  }

  /**
   * One gradient-norm line per layer ("layer 1 … output"), made for a new
   * run's network; the update ratio and dead units stay first.
   */
  setLayers(n) {
    const ds = this.health.data.datasets;
    ds.length = 2;
    for (let l = 0; l < n; l++) {
      const name = l === n - 1 ? 'output layer' : `layer ${l + 1}`;
      ds.push(lineDataset(`grad norm, ${name}`, layerColor(l, n), { format: sci, borderWidth: 1.75, layer: l }));
    }
    this.dirty = true;
  }

  /**
   * A log axis has no place for 0, the gradient of a layer whose units all died:
   * such points lie on the axis floor, a decade under the smallest other value,
   * and say 0 in the tooltip, instead of leaving the chart.
   */
  floorZeros(datasets) {
    const y = this.health.options.scales.y;
    const values = datasets.flatMap((d) => d.data.map((p) => p.y));
    const positive = values.filter((v) => v > 0);
    if (!values.some((v) => v === 0) || !positive.length) {
      delete y.min;
      return;
    }
    y.min = 10 ** (Math.floor(Math.log10(Math.min(...positive))) - 1);
    for (const d of datasets) d.data = d.data.map((p) => (p.y === 0 ? { ...p, y: y.min, zero: true } : p));
  }

  /** The run diverged (Trainer.diverged): its curve ends, and the place is marked. */
  setDiverged(d) {
    this.current.diverged = d;
    this.loss.options.plugins.guides.diverged = { x: Math.max(0, d.epoch - 1) + (d.step > 0 ? 0.5 : 1), label: `diverged: ${d.kind}` };
    this.dirty = true;
  }

  /** The doctor's findings to mark on the loss chart: [{ x: epoch, label }]. */
  setFindings(marks) {
    const old = this.loss.options.plugins.guides.findings ?? [];
    if (JSON.stringify(old) === JSON.stringify(marks)) return;
    this.loss.options.plugins.guides.findings = marks;
    this.dirty = true;
  }

  /** The newest earlier run's records (RunData), or null. */
  get previous() { return this.shelf.latest?.data ?? null; }

  /** A new run. What happens to the one it replaces is the shelf's business (main.js). */
  newRun(fields, classes) {
    this.current = new RunData(fields, classes);
    this.markers = [];
    this.loss.options.plugins.guides.findings = [];
    this.loss.options.plugins.guides.diverged = null;
    this.loss.options.plugins.guides.band = null;
    this.bandEnd = 0;
    this.loss.options.plugins.guides.lines = [];
    this.acc.options.plugins.guides.lines = [];
    this.loss.options.plugins.guides.clipped = null;
    this.chanceShown = false;
    this.dirty = true;
  }

  // Chance as the core measured it on these labels (the entropy of the class
  // shares, the largest share), once the first record has arrived.
  // On regression data (no accuracy: the core records NaN) chance is the loss
  // of always predicting one number, and the second chart shows the mean
  // absolute error instead of the accuracy, as Keras prints `mae`.
  showChance(first) {
    const K = this.current.classes - (first.empty_classes > 0 ? first.empty_classes : 0);
    const loss = first.chance_loss;
    const regression = !Number.isFinite(first.chance_acc);
    const balanced = Math.abs(loss - Math.log(K)) < 1e-9;
    const short = (v) => (Math.abs(v) >= 1000 ? grouped(v) : v.toFixed(3));
    const label = regression ? `one constant: ${short(loss)}` : `chance: ${balanced ? `ln ${K} = ` : ''}${short(loss)}`;
    this.loss.options.plugins.guides.lines = [{ y: loss, label }];
    this.showMetric(regression ? 'mae' : 'acc');
    const acc = 100 * first.chance_acc;
    this.acc.options.plugins.guides.lines = regression ? []
      : [{ y: acc, label: `chance: ${Math.abs(acc - 100 / K) < 1e-9 ? `1/${K}` : `${acc.toFixed(1)}%`}` }];
    this.chanceShown = true;
  }

  // The second chart's metric: 'acc' (accuracy, %) or 'mae' (mean absolute error).
  showMetric(metric) {
    if (this.metric === metric) return;
    this.metric = metric;
    const mae = metric === 'mae';
    const [train, val] = this.acc.data.datasets;
    train.label = mae ? 'train MAE' : 'train accuracy';
    val.label = mae ? 'validation MAE' : 'validation accuracy';
    train.format = val.format = mae ? (v) => (v == null ? 'n/a' : v.toPrecision(4)) : percent;
    const y = this.acc.options.scales.y;
    y.title.text = mae ? 'mean absolute error' : 'accuracy %';
    y.min = 0;
    y.max = mae ? undefined : 100;
    const caption = this.acc.canvas.closest('figure')?.querySelector('figcaption span');
    if (caption) caption.textContent = mae ? 'Mean absolute error' : 'Accuracy';
    this.acc.canvas.setAttribute('aria-label', mae ? 'Training and validation mean absolute error per epoch' : 'Training and validation accuracy per epoch');
  }

  // The loss axis follows the current run: its losses and chance set the range,
  // whatever earlier runs reached (those leave the chart at its top, with a
  // line saying so). Past a factor of 100 between the run's smallest and
  // largest loss the axis turns logarithmic by itself, and its title says so.
  fitLossAxis(cur) {
    const y = this.loss.options.scales.y;
    const chance = this.loss.options.plugins.guides.lines[0]?.y ?? 0;
    if (!(cur.lossHi > 0)) {
      delete y.min;
      delete y.max;
      return;
    }
    const lo = Math.min(cur.lossLo, chance || cur.lossLo);
    const hi = Math.max(cur.lossHi, chance);
    const span = hi / lo;
    const log = this.userLog || span > 100;
    y.type = log ? 'logarithmic' : 'linear';
    y.ticks = log ? { callback: logTick, autoSkip: false } : { callback: linearTick };
    // On two lines, so that a phone's short axis holds the reason too.
    y.title.text = this.userLog ? 'loss (log)'
      : log ? ['loss (log scale:', `the run spans ×${linearTick(Number(span.toPrecision(2)))})`] : 'loss';
    y.min = log ? 10 ** Math.floor(Math.log10(lo)) : 0;
    y.max = log ? 10 ** Math.ceil(Math.log10(hi)) : niceCeil(hi * 1.05);
    const above = this.shelf.shown.filter((r) => (r.data.lossHi ?? 0) > y.max).map((r) => r.id);
    this.loss.options.plugins.guides.clipped = above.length
      ? `↑ earlier run${above.length > 1 ? 's' : ''} ${above.join(', ')} ${above.length > 1 ? 'go' : 'goes'} above this scale` : null;
  }

  add(records, layerRecords, nLayers) {
    this.current.add(records, layerRecords, nLayers);
    this.dirty = true;
  }

  /** Marks a mid-run change after `epoch`; one marker per key and epoch. */
  /**
   * A live change of key from one value to another after `epoch`, labelled by
   * label(from, to). Changes of one key within one epoch are one marker, from
   * the value before the first to the value it settled on (the stops a slider's
   * thumb passed are not changes); a key changed back leaves no marker.
   */
  mark(epoch, key, from, to, label) {
    const old = this.markers.find((m) => m.x === epoch && m.key === key);
    const first = old ? old.from : from;
    this.markers = this.markers.filter((m) => m !== old);
    if (String(first) !== String(to)) this.markers.push({ x: epoch, key, from: first, to, label: label(first, to) });
    this.dirty = true;
  }

  // The shown earlier runs as faint curves after the current run's two:
  // validation solid, training dashed, each run in its own colour. New dataset
  // objects each time (Chart.js caches a dataset's resolved options).
  drawShelf() {
    this.shelfDrawn = this.shelf.version;
    const ds = this.loss.data.datasets;
    ds.length = 2;
    for (const r of this.shelf.shown) {
      ds.push(lineDataset(`run ${r.id}: validation`, `${r.color}b3`, { faint: true, borderWidth: 1.5, format: fixed4, data: r.data.points('val_loss') }));
      ds.push(lineDataset(`run ${r.id}: train`, `${r.color}80`, { faint: true, borderWidth: 1.25, borderDash: [5, 3], format: fixed4, data: r.data.points('train_loss') }));
    }
  }

  /** The seeds experiment's band ([{ epoch, min, max }]) on the loss chart, until the next run. */
  setBand(band, label) {
    const points = band.map((b) => ({ x: b.epoch, lo: b.min, hi: b.max }));
    this.loss.options.plugins.guides.band = { points, label };
    this.bandEnd = points.at(-1)?.x ?? 0;
    this.dirty = true;
  }

  /** Marks the chart for a redraw (the shelf changed). */
  touch() { this.dirty = true; }

  setLogScale(on) {
    this.userLog = on; // a log axis asked for; without it, fitLossAxis chooses
    this.dirty = true;
  }

  /**
   * Redraws what changed since the last call: the loss chart at once, the
   * accuracy and health charts at most 10 times a second unless `all`
   * (training has stopped). Returns true while those still wait to be drawn.
   */
  draw(all = true) {
    const cur = this.current;
    if (!cur) return false;
    if (this.dirty) {
      this.dirty = false;
      this.secondaryDirty = true;
      if (this.shelfDrawn !== this.shelf.version) this.drawShelf();
      const [trainDs, valDs] = this.loss.data.datasets;
      trainDs.data = cur.points('train_loss');
      valDs.data = cur.points('val_loss');
      const earlier = this.shelf.shown.map((r) => r.data.last('epoch'));
      const band = this.bandEnd ?? 0; // read from here: Chart.js's option proxies resolve arrays of objects
      this.lastEpoch = Math.max(cur.length ? cur.last('epoch') : 0, ...earlier, band, cur.diverged?.epoch ?? 0, 1);
      this.loss.options.scales.x.max = this.lastEpoch;
      this.loss.options.plugins.guides.markers = this.markers;
      if (!this.chanceShown && cur.length) this.showChance(cur.history[0]);
      this.fitLossAxis(cur);
      this.loss.update('none');
    }
    const now = performance.now();
    if (!this.secondaryDirty || (!all && now - (this.secondaryAt ?? 0) < 100)) return this.secondaryDirty;
    this.secondaryDirty = false;
    this.secondaryAt = now;
    for (const chart of [this.acc, this.health]) {
      chart.options.scales.x.max = this.lastEpoch;
      chart.options.plugins.guides.markers = this.markers;
    }
    const [trainAcc, valAcc] = this.acc.data.datasets;
    const mae = this.metric === 'mae';
    trainAcc.data = mae ? cur.points('train_mae') : cur.points('train_acc', 100);
    valAcc.data = mae ? cur.points('val_mae') : cur.points('val_acc', 100);
    const [ratio, dead, ...grads] = this.health.data.datasets;
    ratio.data = cur.points('update_ratio');
    dead.data = cur.points('dead_frac', 100);
    for (const g of grads) g.data = cur.points((r) => r.layers[g.layer]?.grad_norm);
    this.floorZeros([ratio, ...grads]);
    this.acc.update('none');
    this.health.update('none');
    return false;
  }
}
