// map.js: the decision map of a 2-D data set: the class the network predicts
// over the plane of x1 and x2 (computed in C, on a res x res grid), tinted by
// its confidence, with the training points (filled) and, when asked, the
// validation points (rings) on top, the axes, and a legend of the classes.
// Drawing only.
import { theme } from '../ui/theme.js';

export const CLASS_COLORS = [
  [37, 99, 235], [234, 88, 12], [22, 163, 74], [147, 51, 234], [219, 39, 119],
  [202, 138, 4], [8, 145, 178], [120, 113, 108], [79, 70, 229], [190, 18, 60],
];

const rgb = (c) => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
const MARGIN = { left: 30, bottom: 27, top: 14, right: 8 }; // CSS pixels around the plot, for the axes
const MAX_POINTS = 3000;

/** About `count` round tick values covering [lo, hi]: steps of 1, 2 or 5 times a power of ten. */
export function ticks(lo, hi, count = 5) {
  const raw = (hi - lo) / count;
  if (!(raw > 0)) return [];
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(6)) || 0);
  return out;
}

export class DecisionMap {
  /** canvas: the map; legend: the element that lists the classes (or null). */
  constructor(canvas, legend = null) {
    this.canvas = canvas;
    this.legend = legend;
    this.train = null;
    this.val = null;
    this.showVal = false;
    this.grid = null;
    this.offscreen = document.createElement('canvas');
  }

  /** The points ({ x: n x 2, y }) of both splits, or null, and the number of classes. */
  setPoints(train, val, classes) {
    this.train = train;
    this.val = val;
    this.classes = classes;
    this.dirty = true;
    this.writeLegend();
  }

  /** Whether the validation points show beside the training points. */
  setShowValidation(on) {
    this.showVal = on;
    this.dirty = true;
  }

  setGrid(grid) {
    this.grid = grid;
    this.dirty = true;
  }

  clear() {
    this.train = this.val = null;
    this.grid = null;
    this.dirty = true;
  }

  writeLegend() {
    if (!this.legend) return;
    this.legend.replaceChildren();
    for (let c = 0; c < (this.train ? this.classes : 0); c++) {
      const item = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = rgb(CLASS_COLORS[c % CLASS_COLORS.length]);
      item.append(swatch, `class ${c}`);
      this.legend.append(item);
    }
  }

  draw() {
    if (!this.dirty) return;
    this.dirty = false;
    const c = this.canvas;
    const ratio = window.devicePixelRatio || 1;
    const w = c.clientWidth, h = c.clientHeight || w;
    if (c.width !== Math.round(w * ratio) || c.height !== Math.round(h * ratio)) {
      c.width = Math.round(w * ratio);
      c.height = Math.round(h * ratio);
    }
    const ctx = c.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const plot = { x: MARGIN.left, y: MARGIN.top, w: w - MARGIN.left - MARGIN.right, h: h - MARGIN.top - MARGIN.bottom };
    ctx.fillStyle = theme().plotBg;
    ctx.fillRect(plot.x, plot.y, plot.w, plot.h);
    const g = this.grid;
    if (!g || plot.w <= 0 || plot.h <= 0) return;
    this.drawGrid(ctx, g, plot);
    const [xmin, xmax, ymin, ymax] = g.bounds;
    const at = (px, py) => [plot.x + ((px - xmin) / (xmax - xmin)) * plot.w, plot.y + ((ymax - py) / (ymax - ymin)) * plot.h];
    ctx.save();
    ctx.beginPath();
    ctx.rect(plot.x, plot.y, plot.w, plot.h);
    ctx.clip();
    if (this.train) this.drawPoints(ctx, this.train, at, false);
    if (this.val && this.showVal) this.drawPoints(ctx, this.val, at, true);
    ctx.restore();
    this.drawAxes(ctx, g.bounds, plot);
  }

  // The grid: one pixel per cell, white blended towards the class colour by confidence.
  drawGrid(ctx, g, plot) {
    const off = this.offscreen;
    off.width = g.res;
    off.height = g.res;
    const octx = off.getContext('2d');
    const img = octx.createImageData(g.res, g.res);
    const classes = this.classes || 2;
    for (let k = 0; k < g.res * g.res; k++) {
      const col = CLASS_COLORS[g.cls[k] % CLASS_COLORS.length];
      // Confidence 1/C (a guess) shows white; certainty shows a light tint.
      const t = Math.max(0, Math.min(1, (g.conf[k] - 1 / classes) / (1 - 1 / classes))) * 0.45;
      img.data[4 * k] = 255 + (col[0] - 255) * t;
      img.data[4 * k + 1] = 255 + (col[1] - 255) * t;
      img.data[4 * k + 2] = 255 + (col[2] - 255) * t;
      img.data[4 * k + 3] = 255;
    }
    octx.putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(off, plot.x, plot.y, plot.w, plot.h);
  }

  // Training points filled with a dark edge; validation points as rings of their class's colour.
  drawPoints(ctx, points, at, rings) {
    const { x, y } = points;
    const n = Math.min(y.length, MAX_POINTS);
    const r = Math.max(1.6, 2.4 * Math.min(1, 600 / y.length) ** 0.25);
    ctx.lineWidth = rings ? 1.6 : 0.8;
    if (!rings) ctx.strokeStyle = 'rgba(17, 24, 39, 0.7)';
    for (let k = 0; k < n; k++) {
      const [px, py] = at(x[2 * k], x[2 * k + 1]);
      const col = rgb(CLASS_COLORS[y[k] % CLASS_COLORS.length]);
      ctx.beginPath();
      ctx.arc(px, py, rings ? r + 0.6 : r, 0, 2 * Math.PI);
      if (rings) {
        ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
        ctx.fill();
        ctx.strokeStyle = col;
      } else {
        ctx.fillStyle = col;
        ctx.fill();
      }
      ctx.stroke();
    }
  }

  drawAxes(ctx, [xmin, xmax, ymin, ymax], plot) {
    ctx.strokeStyle = theme().muted;
    ctx.fillStyle = theme().text;
    ctx.lineWidth = 1;
    ctx.font = '10px system-ui, sans-serif';
    ctx.strokeRect(plot.x + 0.5, plot.y + 0.5, plot.w - 1, plot.h - 1);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const v of ticks(xmin, xmax, 4)) {
      const px = plot.x + ((v - xmin) / (xmax - xmin)) * plot.w;
      ctx.beginPath();
      ctx.moveTo(px, plot.y + plot.h);
      ctx.lineTo(px, plot.y + plot.h + 3);
      ctx.stroke();
      ctx.fillText(String(v), px, plot.y + plot.h + 4);
    }
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const v of ticks(ymin, ymax, 4)) {
      const py = plot.y + ((ymax - v) / (ymax - ymin)) * plot.h;
      ctx.beginPath();
      ctx.moveTo(plot.x - 3, py);
      ctx.lineTo(plot.x, py);
      ctx.stroke();
      ctx.fillText(String(v), plot.x - 5, py);
    }
    ctx.font = 'italic 11px system-ui, sans-serif';
    ctx.textAlign = 'right';
    ctx.textBaseline = 'bottom';
    ctx.fillText('x₁', plot.x + plot.w, plot.y + plot.h + MARGIN.bottom);
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    ctx.fillText('x₂', 4, 0);
  }
}
