// experiment-charts.js: the chart an experiment ends with. Line charts with
// Chart.js (registered by charts.js): training accuracy on the tiny subset,
// validation loss against the control run, the range test's smoothed loss
// over the rate, the seeds' band; the sweep as a heat map on a plain canvas.
// Drawing only: every number comes from the experiment's results.
import { Chart } from 'chart.js';

import { formatValue } from '../engine/settings.js';
import { COLORS, theme } from '../ui/theme.js';

const CONTROL = '#6b7280';
const SUGGESTED = '#15803d';

// Vertical lines with a label at the top: options.plugins.vlines = [{ x, label, color }].
const vlines = {
  id: 'vlines',
  afterDatasetsDraw(chart, _args, opts) {
    const { ctx, chartArea: area, scales: { x } } = chart;
    ctx.save();
    ctx.font = '11px system-ui, sans-serif';
    (opts.lines ?? []).forEach((line, i) => {
      const px = x.getPixelForValue(line.x);
      if (!(px >= area.left && px <= area.right)) return;
      ctx.strokeStyle = line.color;
      ctx.setLineDash([4, 3]);
      ctx.beginPath();
      ctx.moveTo(px, area.top);
      ctx.lineTo(px, area.bottom);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = line.color;
      const right = px > area.right - 90;
      ctx.textAlign = right ? 'right' : 'left';
      ctx.fillText(line.label, px + (right ? -4 : 4), area.top + 12 + 13 * i);
    });
    ctx.restore();
  },
};

const line = (label, color, data, extra = {}) => ({ label, data, borderColor: color, backgroundColor: color, borderWidth: 2,
  pointRadius: 0, tension: 0, ...extra });
const epochs = (run, field, scale = 1) => run.history.map((r) => ({ x: r.epoch, y: r[field] * scale }));

// The datasets, axes and lines of each experiment's chart.
const SPECS = {
  'overfit-tiny': (r, runs) => ({
    datasets: [line('training accuracy on the subset', COLORS.train, epochs(runs[0], 'train_acc', 100))],
    x: { title: 'epoch' }, y: { title: 'accuracy %', min: 0, max: 100 },
  }),
  'shuffled-labels': (r, runs) => control(runs, 'shuffled labels'),
  'zero-inputs': (r, runs) => control(runs, 'zeroed inputs'),
  'lr-range': (r, _runs, config) => ({
    datasets: [line('smoothed loss', COLORS.val, r.smooth.map((y, i) => ({ x: r.lrs[i], y })))],
    x: { title: 'learning rate (log)', log: true }, y: { title: 'loss' },
    lines: [{ x: r.suggested_lr, label: `suggested ${formatValue(r.suggested_lr)}`, color: SUGGESTED },
      { x: config.lr, label: `current ${formatValue(config.lr)}`, color: COLORS.marker }],
  }),
  seeds: (r) => ({
    datasets: [
      line('lowest of the seeds', COLORS.val, r.val_band.map((b) => ({ x: b.epoch, y: b.min })), { borderWidth: 1, fill: false }),
      line('highest of the seeds', COLORS.val, r.val_band.map((b) => ({ x: b.epoch, y: b.max })), { borderWidth: 1 }),
      line('mean validation loss', '#7c2d12', r.val_band.map((b) => ({ x: b.epoch, y: b.mean }))),
    ],
    x: { title: 'epoch' }, y: { title: 'validation loss' },
  }),
};

function control(runs, name) {
  return {
    datasets: [line('validation loss, real', COLORS.val, epochs(runs[0], 'val_loss')),
      line(`validation loss, ${name}`, CONTROL, epochs(runs[1], 'val_loss'), { borderDash: [6, 3] })],
    x: { title: 'epoch' }, y: { title: 'loss' },
  };
}

export class ExperimentChart {
  /** canvas: for Chart.js; heat: a canvas for the sweep's heat map. */
  constructor(canvas, heat) {
    this.canvas = canvas;
    this.heat = heat;
    this.chart = null;
  }

  /** Draws an experiment's result (`r`: its conclusion object; runs: the finished runs; config: the lab's). */
  show(r, runs, config) {
    this.chart?.destroy();
    this.chart = null;
    const sweep = r.experiment === 'sweep';
    this.canvas.parentElement.hidden = sweep;
    this.heat.parentElement.hidden = !sweep;
    if (sweep) {
      this.drawHeat(r);
      return;
    }
    const spec = SPECS[r.experiment](r, runs, config);
    const axis = (a) => ({ type: a.log ? 'logarithmic' : 'linear', title: { display: true, text: a.title }, min: a.min, max: a.max,
      ticks: a.log ? { callback: (v) => (Number.isInteger(Math.log10(v)) ? formatValue(v) : '') } : { callback: (v) => formatValue(v) } }); // not Chart.js's own: it starts Intl
    this.chart = new Chart(this.canvas, {
      type: 'line',
      data: { datasets: spec.datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, parsing: false,
        interaction: { mode: 'nearest', intersect: false },
        scales: { x: axis(spec.x), y: axis(spec.y) },
        plugins: { legend: { position: 'bottom', labels: { boxWidth: 14, boxHeight: 2 } }, vlines: { lines: spec.lines ?? [] } },
      },
      plugins: [vlines],
    });
  }

  // The sweep: one cell per run, darker where the validation loss is lower,
  // its value written in it, the best cell outlined; rows are y, columns x.
  drawHeat(r) {
    const c = this.heat;
    const ratio = window.devicePixelRatio || 1;
    const w = c.clientWidth || 320, h = c.clientHeight || 240;
    c.width = Math.round(w * ratio);
    c.height = Math.round(h * ratio);
    const ctx = c.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const left = 52, bottom = 34, top = 6, right = 6;
    const cw = (w - left - right) / r.xs.length, ch = (h - top - bottom) / r.ys.length;
    const finite = r.val_loss.filter(Number.isFinite);
    const lo = Math.min(...finite), hi = Math.max(...finite);
    ctx.font = '10px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    r.ys.forEach((vy, iy) => r.xs.forEach((vx, ix) => {
      const v = r.val_loss[iy * r.xs.length + ix];
      const t = Number.isFinite(v) && hi > lo ? (v - lo) / (hi - lo) : 1; // 0: best
      const px = left + ix * cw, py = top + (r.ys.length - 1 - iy) * ch;
      // From deep teal (low loss) to pale (high loss); a diverged cell is hatched grey.
      ctx.fillStyle = Number.isFinite(v) ? `hsl(${180 - 20 * t}, ${60 - 30 * t}%, ${25 + 65 * t}%)` : '#d1d5db';
      ctx.fillRect(px, py, cw - 1, ch - 1);
      ctx.fillStyle = t < 0.5 ? '#fff' : '#111827';
      ctx.fillText(Number.isFinite(v) ? v.toFixed(2) : 'NaN', px + cw / 2, py + ch / 2);
      if (vx === r.best[r.x] && vy === r.best[r.y]) {
        ctx.strokeStyle = '#f59e0b';
        ctx.lineWidth = 3;
        ctx.strokeRect(px + 1.5, py + 1.5, cw - 4, ch - 4);
      }
    }));
    ctx.fillStyle = theme().text;
    r.xs.forEach((vx, ix) => ctx.fillText(formatValue(vx), left + ix * cw + cw / 2, h - bottom + 10));
    ctx.textAlign = 'right';
    r.ys.forEach((vy, iy) => ctx.fillText(formatValue(vy), left - 6, top + (r.ys.length - 1 - iy) * ch + ch / 2));
    ctx.textAlign = 'center';
    ctx.fillText(r.x, left + (w - left - right) / 2, h - 8);
    ctx.save();
    ctx.translate(10, top + (h - top - bottom) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText(r.y, 0, 0);
    ctx.restore();
    this.heatLabel = `Validation loss over ${r.x} × ${r.y}; best ${r.best.val_loss.toFixed(3)} at ${r.x} ${formatValue(r.best[r.x])}, ${r.y} ${formatValue(r.best[r.y])}`;
    c.setAttribute('aria-label', this.heatLabel);
  }

  clear() {
    this.chart?.destroy();
    this.chart = null;
  }
}
