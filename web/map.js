// map.js: the decision map of a 2-input network: the class the network
// predicts over the plane (computed in C, on a res x res grid), tinted by its
// confidence, with the training points on top. Drawing only.
export const CLASS_COLORS = [
  [37, 99, 235], [234, 88, 12], [22, 163, 74], [147, 51, 234], [219, 39, 119],
  [202, 138, 4], [8, 145, 178], [120, 113, 108], [79, 70, 229], [190, 18, 60],
];

export class DecisionMap {
  constructor(canvas) {
    this.canvas = canvas;
    this.points = null;
    this.grid = null;
    this.offscreen = document.createElement('canvas');
  }

  /** The training points ({ x, y }) or null, and the number of classes. */
  setPoints(train, classes) {
    this.points = train;
    this.classes = classes;
    this.dirty = true;
  }

  setGrid(grid) {
    this.grid = grid;
    this.dirty = true;
  }

  clear() {
    this.points = null;
    this.grid = null;
    this.dirty = true;
  }

  draw() {
    if (!this.dirty) return;
    this.dirty = false;
    const c = this.canvas;
    const size = c.clientWidth;
    const ratio = window.devicePixelRatio || 1;
    if (c.width !== Math.round(size * ratio)) {
      c.width = Math.round(size * ratio);
      c.height = Math.round(size * ratio);
    }
    const ctx = c.getContext('2d');
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = '#f3f4f6';
    ctx.fillRect(0, 0, c.width, c.height);
    const g = this.grid;
    if (!g) return;
    // The grid: one pixel per cell, white blended towards the class colour by confidence.
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
    ctx.drawImage(off, 0, 0, c.width, c.height);
    if (!this.points) return;
    const [xmin, xmax, ymin, ymax] = g.bounds;
    const { x, y } = this.points;
    const r = Math.max(1.5, 2.2 * ratio * Math.min(1, 600 / y.length) ** 0.25);
    ctx.lineWidth = 0.8 * ratio;
    ctx.strokeStyle = 'rgba(17, 24, 39, 0.7)';
    const n = Math.min(y.length, 3000);
    for (let k = 0; k < n; k++) {
      const px = ((x[2 * k] - xmin) / (xmax - xmin)) * c.width;
      const py = ((ymax - x[2 * k + 1]) / (ymax - ymin)) * c.height;
      const col = CLASS_COLORS[y[k] % CLASS_COLORS.length];
      ctx.fillStyle = `rgb(${col[0]}, ${col[1]}, ${col[2]})`;
      ctx.beginPath();
      ctx.arc(px, py, r, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    }
  }
}
