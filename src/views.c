// views.c: what the page draws beside the curves, computed from the trained
// network without touching its training state: the decision map of a 2-input
// network, one hidden unit's output over the same plane, and the histogram of
// a unit's outputs over the validation set. Each runs forward passes through
// the trainer's chunk buffers, which hold nothing between units of work.
#include <string.h>

#include "data.h"
#include "fmath.h"
#include "trainer_internal.h"

// The grid over the training points' bounding box plus a margin, in the plane
// of the 2-D sets' own x1 and x2 (before input_scale, standardize and the
// engineered inputs): xmin, xmax, ymin, ymax.
static void grid_bounds(const fl_trainer *t, float bounds[4]) {
    float lo[2] = {1e30f, 1e30f}, hi[2] = {-1e30f, -1e30f};
    for (int k = 0; k < t->n[0]; k++)
        for (int d = 0; d < 2; d++) {
            float v = t->raw[0][(size_t)k * t->features + d];
            lo[d] = v < lo[d] ? v : lo[d];
            hi[d] = v > hi[d] ? v : hi[d];
        }
    for (int d = 0; d < 2; d++) {
        float margin = (hi[d] - lo[d]) * 0.08f;
        if (!(margin > 0)) margin = 1.0f;
        lo[d] -= margin, hi[d] += margin;
    }
    bounds[0] = lo[0], bounds[1] = hi[0], bounds[2] = lo[1], bounds[3] = hi[1];
}

// Runs the forward pass over the res x res grid chunk by chunk; visit(t,
// first cell, rows) reads the chunk's activations. Each cell's point becomes
// the input row the network sees, as the data's points did.
static void over_grid(fl_trainer *t, int res, const float bounds[4],
                      void (*visit)(fl_trainer *, int, int, void *), void *ctx) {
    int total = res * res, F = t->features;
    float scale = t->cfg.input_scale;
    for (int start = 0; start < total; start += t->chunk) {
        int rows = total - start < t->chunk ? total - start : t->chunk;
        for (int r = 0; r < rows; r++) {
            int cell = start + r, row = cell / res, col = cell % res;
            float *in = t->xb + (size_t)r * F;
            data_plane_row(&t->cfg, bounds[0] + (bounds[1] - bounds[0]) * (col + 0.5f) / res,
                           bounds[3] - (bounds[3] - bounds[2]) * (row + 0.5f) / res, in);
            for (int f = 0; f < F; f++) in[f] = (in[f] * scale - t->shift[f]) * t->gain[f];
        }
        trainer_forward(t, t->xb, rows);
        visit(t, start, rows, ctx);
    }
}

typedef struct {
    uint8_t *cls;
    float *conf;
} class_grid;

static void visit_classes(fl_trainer *t, int start, int rows, void *ctx) {
    class_grid *g = ctx;
    int O = t->loss.units;
    const float *z = t->acts[t->shape.n_layers - 1];
    for (int r = 0; r < rows; r++) {
        int cls;
        loss_predict(&t->loss, z + (size_t)r * O, &cls, &g->conf[start + r]);
        g->cls[start + r] = (uint8_t)cls;
    }
}

fl_status fl_trainer_grid(fl_trainer *t, int res, uint8_t *cls, float *conf, float bounds[4]) {
    if (!data_is_plane(&t->cfg) || res < 2 || res > 512) return FL_EINVAL;
    grid_bounds(t, bounds);
    class_grid g = {cls, conf};
    over_grid(t, res, bounds, visit_classes, &g);
    return FL_OK;
}

typedef struct {
    int layer, unit;
    float *out;
} unit_view;

static void visit_unit(fl_trainer *t, int start, int rows, void *ctx) {
    unit_view *v = ctx;
    int W = t->shape.out[v->layer];
    for (int r = 0; r < rows; r++) v->out[start + r] = t->acts[v->layer][r * W + v->unit];
}

static int is_hidden_unit(const fl_trainer *t, int layer, int unit) {
    return layer >= 0 && layer + 1 < t->shape.n_layers && unit >= 0 && unit < t->shape.out[layer];
}

fl_status fl_trainer_unit_grid(fl_trainer *t, int layer, int unit, int res, float *out,
                               float bounds[4]) {
    if (!data_is_plane(&t->cfg) || res < 2 || res > 512 || !is_hidden_unit(t, layer, unit))
        return FL_EINVAL;
    grid_bounds(t, bounds);
    unit_view v = {layer, unit, out};
    over_grid(t, res, bounds, visit_unit, &v);
    return FL_OK;
}

typedef struct {
    int per_layer, cells; // units kept a layer; res * res
    float *out;
} unit_maps;

static void visit_units(fl_trainer *t, int start, int rows, void *ctx) {
    unit_maps *m = ctx;
    float *map = m->out; // the first unit's map; each map is m->cells values
    for (int l = 0; l + 1 < t->shape.n_layers; l++) {
        int W = t->shape.out[l], kept = W < m->per_layer ? W : m->per_layer;
        for (int u = 0; u < kept; u++, map += m->cells)
            for (int r = 0; r < rows; r++) map[start + r] = t->acts[l][r * W + u];
    }
}

fl_status fl_trainer_unit_maps(fl_trainer *t, int res, int per_layer, float *out, float bounds[4]) {
    if (!data_is_plane(&t->cfg) || res < 2 || res > 512 || per_layer < 1) return FL_EINVAL;
    grid_bounds(t, bounds);
    unit_maps m = {per_layer, res * res, out};
    over_grid(t, res, bounds, visit_units, &m);
    return FL_OK;
}

fl_status fl_trainer_unit_histogram(fl_trainer *t, int layer, int unit, int bins, int32_t *counts,
                                    float range[2]) {
    if (bins < 1 || bins > 256 || !is_hidden_unit(t, layer, unit)) return FL_EINVAL;
    int n = t->n[1], W = t->shape.out[layer];
    float lo = 1e30f, hi = -1e30f;
    for (int pass = 0; pass < 2; pass++) { // the range first, then the counts
        if (pass) memset(counts, 0, (size_t)bins * sizeof *counts);
        float width = hi > lo ? (hi - lo) / bins : 1.0f;
        for (int start = 0; start < n; start += t->chunk) {
            int rows = n - start < t->chunk ? n - start : t->chunk;
            trainer_forward(t, t->x[1] + (size_t)start * t->features, rows);
            for (int r = 0; r < rows; r++) {
                float a = t->acts[layer][r * W + unit];
                if (!pass) {
                    lo = a < lo ? a : lo, hi = a > hi ? a : hi;
                    continue;
                }
                int b = hi > lo ? (int)((a - lo) / width) : 0;
                counts[b < 0 ? 0 : b >= bins ? bins - 1 : b]++;
            }
        }
    }
    range[0] = lo, range[1] = hi;
    return FL_OK;
}
