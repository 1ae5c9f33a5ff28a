// network.js: the network view. Columns of units, inputs to outputs (up to 32
// a layer drawn; wider layers say how many more), links coloured by the sign
// of their weight and drawn stronger as it grows, and each hidden unit filled
// by its mean output on the validation set: a dead ReLU is drawn empty and
// crossed, a saturated tanh or sigmoid unit with a double ring. Hovering or
// focusing a unit (the canvas takes the arrow keys) asks the worker what it
// computes and shows it: its output over the input plane on the 2-D sets, the
// histogram of its outputs on the others. A text summary says the same for
// screen readers. Every number drawn was computed by the core. Buttons over
// the diagram add and remove units of each hidden layer, and hidden layers.
import { UNIT_DEAD, UNIT_SATURATED } from '../engine/trainer.js';
import { curveColors, theme } from '../ui/theme.js';

const POS = [37, 99, 235]; // positive weights: blue
const NEG = [234, 88, 12]; // negative: orange (the pair stays apart for colour-blind readers)

// "; batch normalization after the activation in layers 1, 2" (norms: each hidden layer's, 'none', 'after' or 'before').
function normWords(norms) {
  return ['after', 'before'].map((where) => {
    const layers = norms.flatMap((n, l) => (n === where ? [l + 1] : []));
    if (!layers.length) return '';
    const which = layers.length === norms.length ? 'every hidden layer' : `layer${layers.length > 1 ? 's' : ''} ${layers.join(', ')}`;
    return `; batch normalization ${where} the activation in ${which}`;
  }).join('');
}

// A unit's output over the plane (a res x res grid, the core's unitGrid) as a
// square at (x, y) of side size: blue where positive, orange where negative,
// as strong as its share of the unit's largest output.
function drawMap(ctx, values, x, y, size) {
  const res = Math.round(Math.sqrt(values.length));
  let max = 1e-12;
  for (const v of values) max = Math.max(max, Math.abs(v));
  const img = new ImageData(res, res);
  values.forEach((v, k) => {
    const [r, g, b] = v >= 0 ? POS : NEG;
    img.data.set([r, g, b, Math.round(255 * Math.min(1, Math.abs(v) / max))], 4 * k);
  });
  const tile = new OffscreenCanvas(res, res);
  tile.getContext('2d').putImageData(img, 0, 0);
  ctx.drawImage(tile, x, y, size, size);
}

export class NetworkView {
  /**
   * canvas: where to draw; summary: the text summary element; unitBox: a canvas
   * for what the chosen unit computes, with unitText its caption;
   * onAsk(layer, unit) asks the worker for that unit's view; edit: the layer
   * over the canvas for each layer's +/- buttons, layerEdit: where the +/- of
   * the hidden layers go (the figure's caption); onEdit(widths) asks for a network of
   * those hidden widths ([] for none), within bounds(): { width, depth }, the
   * core's largest width and depth.
   */
  constructor({ canvas, summary, unitBox, unitText, edit, layerEdit }, onAsk, { onEdit, bounds } = {}) {
    Object.assign(this, { canvas, summary, unitBox, unitText, edit, layerEdit, onAsk, onEdit, bounds });
    this.net = null;
    this.focus = null; // { layer (hidden layer from 0), unit }
    canvas.tabIndex = 0;
    // A mouse chooses a unit by passing over it, a finger or a pen by touching it.
    canvas.addEventListener('pointermove', (e) => { if (e.pointerType === 'mouse') this.hover(e); });
    canvas.addEventListener('pointerdown', (e) => this.hover(e));
    canvas.addEventListener('keydown', (e) => this.key(e));
    canvas.addEventListener('focus', () => { if (!this.focus && this.net) this.choose({ layer: 0, unit: 0 }); });
  }

  /** New data from the worker (NETWORK). */
  set(net) {
    this.net = net;
    this.updates = (this.updates ?? 0) + 1;
    this.dirty = true;
    this.summary.textContent = this.describe();
    this.canvas.setAttribute('aria-label', this.summary.textContent);
  }

  clear() {
    this.net = null;
    this.editSign = '';
    this.edit?.replaceChildren();
    this.layerEdit?.replaceChildren();
    this.focus = null;
    this.summary.textContent = '';
    const touch = window.matchMedia('(hover: none)').matches;
    this.unitText.textContent = touch ? 'Tap a unit to see what it computes.'
      : 'Hover over a unit, or focus the diagram and use the arrow keys, to see what it computes.';
    this.unitBox.getContext('2d').clearRect(0, 0, this.unitBox.width, this.unitBox.height);
    this.unitBox.parentElement.classList.remove('picked'); // the box shows once a unit is chosen
  }

  /** "Network: 2 inputs, 2 hidden layers (32, 32), 3 outputs. Layer 1: 5 of 32 units dead; ..." (BN marks a normalized layer) */
  describe() {
    const { shapes, flags } = this.net;
    const hidden = shapes.slice(0, -1).map((s) => s.out);
    const parts = [];
    let at = 0;
    hidden.forEach((w, l) => {
      let dead = 0;
      let sat = 0;
      for (let u = 0; u < w; u++) {
        dead += (flags[at + u] & UNIT_DEAD) !== 0;
        sat += (flags[at + u] & UNIT_SATURATED) !== 0;
      }
      at += w;
      parts.push(`Layer ${l + 1}: ${dead} of ${w} units dead${sat ? `, ${sat} saturated` : ''}`);
    });
    const layers = hidden.length ? `${hidden.length} hidden layer${hidden.length > 1 ? 's' : ''} (${hidden.join(', ')})` : 'no hidden layer';
    const count = (n, what) => `${n} ${what}${n === 1 ? '' : 's'}`;
    const m = this.net.model;
    const model = m ? ` Output: ${m.output} under ${m.loss}${m.activations ? `; activations ${m.activations.split(',').join(', ')}` : ''}` +
      `${m.dropout ? `; dropout ${m.dropout.includes(',') ? m.dropout.split(',').join(', ') : `${m.dropout} after every hidden layer`} while training` : ''}` +
      `${normWords(m.norms ?? [])}.` : '';
    const inputs = this.net.inputs && this.net.inputs.length <= 7 ? ` (${this.net.inputs.join(', ')})` : '';
    const maps = this.net.maps ? ' Each hidden unit draws its output over the plane (blue positive, orange negative).' : '';
    return `Network: ${count(shapes[0].in, 'input')}${inputs}, ${layers}, ${count(shapes.at(-1).out, 'output')}.${model}${parts.length ? ` ${parts.join('; ')}.` : ''}${maps}`;
  }

  /** Unit positions: [{ x, y, layer (column, inputs 0), unit }] per column. */
  layout() {
    const { drawn, inputs } = this.net;
    const box = this.canvas.getBoundingClientRect();
    const w = box.width;
    const h = box.height;
    // Named inputs leave room on the left for their names.
    const left = inputs ? 18 + Math.min(56, 7 * Math.max(...inputs.map((s) => s.length))) : 18;
    const top = this.net.maps ? 18 : 14; // a map is a square up to 32 px: room above the first
    return drawn.map((n, c) => Array.from({ length: n }, (_, u) => ({
      x: left + ((w - left - 18) * c) / (drawn.length - 1),
      y: n === 1 ? h / 2 : top + ((h - 26 - top) * u) / (n - 1),
      col: c, unit: u,
    })));
  }

  draw() {
    if (!this.net || !this.dirty) return;
    this.dirty = false;
    const box = this.canvas.getBoundingClientRect();
    const ratio = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(box.width * ratio);
    this.canvas.height = Math.round(box.height * ratio);
    const ctx = this.canvas.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, box.width, box.height);
    const cols = this.layout();
    this.placeEdit(cols);
    const { weights, shapes, flags, mean } = this.net;
    // Units shrink to fit a tall column: radius at most 6 px, and a gap between.
    const tallest = Math.max(...cols.map((c) => c.length));
    // Units that draw their own maps get up to 16 px a side.
    const R = Math.max(2, Math.min(this.net.maps ? 16 : 6, (box.height - 40) / Math.max(1, tallest - 1) / 2.4));
    this.radius = R;
    // Links, by weight.
    weights.forEach((w, l) => {
      let max = 1e-12;
      for (const v of w) max = Math.max(max, Math.abs(v));
      const n = cols[l + 1].length;
      for (const a of cols[l]) {
        for (const b of cols[l + 1]) {
          const v = w[a.unit * n + b.unit];
          const s = Math.abs(v) / max;
          if (s < 0.05) continue;
          const [r, g, bl] = v > 0 ? POS : NEG;
          ctx.strokeStyle = `rgba(${r}, ${g}, ${bl}, ${0.15 + 0.6 * s})`;
          ctx.lineWidth = 0.4 + 2.2 * s;
          ctx.beginPath();
          ctx.moveTo(a.x, a.y);
          ctx.lineTo(b.x, b.y);
          ctx.stroke();
        }
      }
    });
    // Units: hidden ones by their mean output over the validation set.
    let at = 0;
    cols.forEach((col, c) => {
      const hidden = c > 0 && c < cols.length - 1;
      const width = hidden ? shapes[c - 1].out : 0;
      let max = 1e-12;
      if (hidden) for (let u = 0; u < col.length; u++) max = Math.max(max, Math.abs(mean[at + u]));
      for (const p of col) {
        const f = hidden ? flags[at + p.unit] : 0;
        const dead = (f & UNIT_DEAD) !== 0;
        const map = hidden ? this.net.maps?.[c - 1]?.[p.unit] : null;
        if (map) drawMap(ctx, map, p.x - R, p.y - R, 2 * R);
        if (c === 0 && this.net.inputs?.[p.unit]) {
          ctx.fillStyle = theme().text;
          ctx.font = '11px system-ui, sans-serif';
          ctx.textAlign = 'right';
          ctx.fillText(this.net.inputs[p.unit], p.x - R - 4, p.y + 4);
        }
        ctx.beginPath();
        if (map) ctx.rect(p.x - R, p.y - R, 2 * R, 2 * R);
        else ctx.arc(p.x, p.y, R, 0, 2 * Math.PI);
        if (map) ctx.fillStyle = 'transparent';
        else if (dead) ctx.fillStyle = theme().unitFill;
        else if (hidden) {
          const s = Math.min(1, Math.abs(mean[at + p.unit]) / max);
          const [r, g, b] = mean[at + p.unit] >= 0 ? POS : NEG;
          ctx.fillStyle = `rgba(${r}, ${g}, ${b}, ${0.15 + 0.85 * s})`;
        } else ctx.fillStyle = '#9ca3af';
        ctx.fill();
        ctx.lineWidth = 1.2;
        ctx.strokeStyle = dead ? curveColors().dead : theme().unitEdge;
        ctx.stroke();
        if (dead) {
          ctx.beginPath();
          const k = R * 0.7;
          ctx.moveTo(p.x - k, p.y - k);
          ctx.lineTo(p.x + k, p.y + k);
          ctx.moveTo(p.x + k, p.y - k);
          ctx.lineTo(p.x - k, p.y + k);
          ctx.stroke();
        }
        if (f & UNIT_SATURATED) {
          ctx.beginPath();
          ctx.arc(p.x, p.y, R + 2, 0, 2 * Math.PI);
          ctx.strokeStyle = '#a16207';
          ctx.stroke();
        }
        if (this.focus && hidden && this.focus.layer === c - 1 && this.focus.unit === p.unit) {
          ctx.beginPath();
          ctx.arc(p.x, p.y, R + 3, 0, 2 * Math.PI);
          ctx.lineWidth = 2;
          ctx.strokeStyle = theme().ink;
          ctx.stroke();
        }
      }
      const total = c === 0 ? shapes[0].in : shapes[c - 1].out;
      // Under the column: how many more units than drawn, and a normalized layer's BN.
      const notes = [total > col.length ? `+${total - col.length}` : '', hidden && shapes[c - 1].norm !== 'none' ? 'BN' : '']
        .filter(Boolean).join(' ');
      if (notes) {
        ctx.fillStyle = theme().text;
        ctx.font = '11px system-ui, sans-serif';
        ctx.textAlign = 'center';
        ctx.fillText(notes, col[0].x, box.height - 6);
      }
      at += width;
    });
  }

  /**
   * The +/- buttons: a pair above each hidden column (a unit more or fewer, from 1
   * to the core's largest width) and a pair for the hidden layers (one more, as
   * wide as the last, or the last one fewer, up to the core's largest depth). Rebuilt only when the layers or their places change.
   */
  placeEdit(cols) {
    if (!this.edit) return;
    const hidden = this.net.shapes.slice(0, -1).map((s) => s.out);
    const xs = cols.map((c) => Math.round(c[0]?.x ?? 0));
    const sign = `${hidden}|${xs}`;
    if (sign === this.editSign) return;
    this.editSign = sign;
    const most = this.bounds();
    const button = (text, label, enabled, widths) => {
      const b = Object.assign(document.createElement('button'), { type: 'button', textContent: text, disabled: !enabled });
      b.setAttribute('aria-label', label);
      b.addEventListener('click', () => this.onEdit(widths));
      return b;
    };
    const pair = (className, x, ...buttons) => {
      const g = Object.assign(document.createElement('span'), { className });
      g.style.left = `${x}px`;
      g.append(...buttons);
      return g;
    };
    const resized = (l, w) => hidden.map((v, k) => (k === l ? w : v));
    const groups = hidden.map((w, l) => pair('net-units', xs[l + 1],
      button('−', `One unit fewer in layer ${l + 1} (${w})`, w > 1, resized(l, w - 1)),
      button('+', `One unit more in layer ${l + 1} (${w})`, w < most.width, resized(l, w + 1))));
    // Columns closer than a pair is wide put every other pair on a second row.
    const tight = xs.length > 2 && xs[2] - xs[1] < 56;
    if (tight !== this.edit.classList.contains('tight')) this.dirty = true; // the canvas changes height: draw again
    this.edit.classList.toggle('tight', tight);
    this.edit.replaceChildren(...groups);
    this.layerEdit.replaceChildren(
      button('−', `Remove hidden layer ${hidden.length}`, hidden.length > 0, hidden.slice(0, -1)),
      button('+', 'Add a hidden layer', hidden.length < most.depth, [...hidden, hidden.at(-1) ?? 8]));
  }

  hover(e) {
    if (!this.net) return;
    const box = this.canvas.getBoundingClientRect();
    const x = e.clientX - box.left;
    const y = e.clientY - box.top;
    const cols = this.layout();
    // The nearest hidden unit within reach: the unit's own circle for a mouse, a
    // fingertip's 12 px for a touch (units can be 4 px across).
    const reach = Math.max((this.radius ?? 6) + 2, e.pointerType === 'touch' ? 12 : 0);
    let best = null;
    for (let c = 1; c < cols.length - 1; c++) {
      for (const p of cols[c]) {
        const d = (p.x - x) ** 2 + (p.y - y) ** 2;
        if (d <= reach ** 2 && (!best || d < best.d)) best = { d, layer: c - 1, unit: p.unit };
      }
    }
    if (best) this.choose({ layer: best.layer, unit: best.unit });
  }

  key(e) {
    if (!this.net || !this.focus) return;
    const hiddenCols = this.net.drawn.slice(1, -1);
    let { layer, unit } = this.focus;
    if (e.key === 'ArrowRight') layer = Math.min(hiddenCols.length - 1, layer + 1);
    else if (e.key === 'ArrowLeft') layer = Math.max(0, layer - 1);
    else if (e.key === 'ArrowDown') unit += 1;
    else if (e.key === 'ArrowUp') unit -= 1;
    else return;
    e.preventDefault();
    this.choose({ layer, unit: Math.max(0, Math.min(hiddenCols[layer] - 1, unit)) });
  }

  choose(focus) {
    if (!this.net?.drawn[focus.layer + 1] || this.net.drawn.length < 3) return;
    if (this.focus?.layer === focus.layer && this.focus?.unit === focus.unit) return;
    this.focus = focus;
    this.dirty = true;
    this.onAsk(focus.layer, focus.unit);
  }

  /** The worker's answer (UNIT_VIEW): draws what the unit computes. */
  showUnit(view) {
    if (!this.focus || view.layer !== this.focus.layer || view.unit !== this.focus.unit) return;
    const ctx = this.unitBox.getContext('2d');
    const { width, height } = this.unitBox;
    ctx.clearRect(0, 0, width, height);
    this.unitBox.parentElement.classList.add('picked');
    const at = this.net.shapes.slice(0, view.layer).reduce((a, s) => a + s.out, 0) + view.unit;
    const f = this.net.flags[at];
    const state = f & UNIT_DEAD ? 'dead: its output is 0 on every validation sample'
      : f & UNIT_SATURATED ? 'saturated on every validation sample' : `mean output ${this.net.mean[at].toPrecision(3)}`;
    if (view.grid) {
      const { res, out } = view.grid;
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of out) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
      const image = ctx.createImageData(res, res);
      for (let k = 0; k < res * res; k++) {
        const s = hi > lo ? (out[k] - lo) / (hi - lo) : 0;
        image.data.set([255 - 218 * s, 255 - 156 * s, 255 - 20 * s, 255], 4 * k);
      }
      const tmp = new OffscreenCanvas(res, res);
      tmp.getContext('2d').putImageData(image, 0, 0);
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(tmp, 0, 0, width, height);
      this.unitText.textContent = `Layer ${view.layer + 1}, unit ${view.unit + 1} (${state}): its output over the input plane, ` +
        `from ${lo.toPrecision(3)} (white) to ${hi.toPrecision(3)} (blue).`;
    } else if (view.histogram) {
      const { counts, range } = view.histogram;
      const most = Math.max(1, ...counts);
      const bw = width / counts.length;
      ctx.fillStyle = '#2563eb';
      counts.forEach((n, b) => ctx.fillRect(b * bw + 1, height - (height - 4) * (n / most), bw - 2, (height - 4) * (n / most)));
      this.unitText.textContent = `Layer ${view.layer + 1}, unit ${view.unit + 1} (${state}): its outputs over the ` +
        `validation set, from ${range[0].toPrecision(3)} to ${range[1].toPrecision(3)}.`;
    }
  }
}
