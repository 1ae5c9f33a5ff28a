// data.c: the data sets of DESIGN.md. `random` is the seed post's mock data:
// features uniform in [0, 1), labels uniform, so nothing can be learned.
// `linear` and `teacher` label the same kind of features with a random network:
// `linear` with one linear layer (argmax of x W), `teacher` with a maxout layer
// of prototypes (each class's logit is the best of its units 2 u.p - |p|^2,
// i.e. the class of the nearest prototype), a boundary of many facets that a
// few hidden units cannot follow. Random tanh teachers turned out to be
// dominated by a few directions, so that width 8 nearly matched width 128 on
// them: slow, not small. Both teachers see centred features u = 2x - 1 (an
// uncentred linear teacher puts most points in one class) and get an output
// bias tuned until the classes are about balanced. The 2-D sets are the classic
// toy problems, with classes dealt out in turn so they are exactly balanced.
#include "data.h"

#include <stdlib.h>
#include <string.h>

#include "base.h"
#include "fmath.h"
#include "rng.h"

#define PROTOS_PER_CLASS 4    // teacher: prototypes per class (width 8 underfits, 128 does not)
#define CALIBRATION      4096 // samples used to balance the classes

int data_is_plane(const fl_config *cfg) {
    if (cfg->dataset == FL_DATA_CSV) return cfg->data && cfg->data->features == 2;
    return cfg->dataset >= FL_DATA_SPIRAL && cfg->dataset <= FL_DATA_GAUSS;
}

int data_features(const fl_config *cfg) {
    if (!data_is_plane(cfg)) return cfg->features;
    return 2 + cfg->x1_sq + cfg->x2_sq + cfg->x1_x2 + cfg->sin_x1 + cfg->sin_x2;
}

void data_plane_row(const fl_config *cfg, float x1, float x2, float *row) {
    float *f = row;
    *f++ = x1, *f++ = x2;
    if (cfg->x1_sq) *f++ = x1 * x1;
    if (cfg->x2_sq) *f++ = x2 * x2;
    if (cfg->x1_x2) *f++ = x1 * x2;
    if (cfg->sin_x1) *f++ = (float)fm_sin(5.0 * x1);
    if (cfg->sin_x2) *f++ = (float)fm_sin(5.0 * x2);
}

// A random teacher: linear (protos == 0, w is F x C) or maxout over
// prototypes (w holds protos rows of F; prototype j belongs to class j % C).
typedef struct {
    int features, classes, protos;
    float *w, *bias;
} teacher;

static void teacher_logits(const teacher *t, const float *x, float *logits) {
    int F = t->features, C = t->classes;
    float u[64];
    for (int i = 0; i < F; i++) u[i] = 2.0f * x[i] - 1.0f;
    if (t->protos) {
        for (int c = 0; c < C; c++) logits[c] = -1e30f;
        for (int j = 0; j < t->protos; j++) {
            const float *p = t->w + (size_t)j * F;
            float z = 0; // 2 u.p - |p|^2 = |u|^2 - |u - p|^2
            for (int i = 0; i < F; i++) z += (2.0f * u[i] - p[i]) * p[i];
            if (z > logits[j % C]) logits[j % C] = z;
        }
        for (int c = 0; c < C; c++) logits[c] += t->bias[c];
        return;
    }
    for (int c = 0; c < C; c++) {
        float a = t->bias[c];
        for (int i = 0; i < F; i++) a += u[i] * t->w[i * C + c];
        logits[c] = a;
    }
}

static int argmax(const float *z, int n) {
    int best = 0;
    for (int c = 1; c < n; c++)
        if (z[c] > z[best]) best = c;
    return best;
}

// Moves the output bias until argmax spreads the calibration samples about
// evenly over the classes: each round nudges a class's bias by how far its
// share is from 1/C, in units of the logits' spread, with a shrinking step.
static void teacher_balance(teacher *t, const float *x, int n, float *logits) {
    int C = t->classes;
    double spread = 0;
    for (int k = 0; k < n; k++) {
        teacher_logits(t, x + (size_t)k * t->features, logits + (size_t)k * C);
        for (int c = 0; c < C; c++) spread += (double)logits[k * C + c] * logits[k * C + c];
    }
    spread = __builtin_sqrt(spread / ((double)n * C)) + 1e-6;
    float step = (float)spread;
    for (int round = 0; round < 200; round++, step *= 0.98f) {
        int count[16] = {0};
        for (int k = 0; k < n; k++) {
            float z[16];
            for (int c = 0; c < C; c++) z[c] = logits[k * C + c] + t->bias[c];
            count[argmax(z, C)]++;
        }
        for (int c = 0; c < C; c++) t->bias[c] += step * (1.0f / C - (float)count[c] / n);
    }
}

static void draw_uniform(float *x, size_t n, uint64_t *rng) {
    for (size_t k = 0; k < n; k++) x[k] = rng_uniform(rng);
}

static fl_status make_teacher_data(const fl_config *cfg, uint64_t *rng, float *xt, int32_t *yt,
                                   float *xv, int32_t *yv) {
    int F = cfg->features, C = cfg->classes;
    int protos = cfg->dataset == FL_DATA_TEACHER ? PROTOS_PER_CLASS * C : 0;
    int n_cal = cfg->n_train < CALIBRATION ? cfg->n_train : CALIBRATION;
    size_t n_w = protos ? (size_t)protos * F : (size_t)F * C;
    float *mem = malloc((n_w + C + (size_t)n_cal * C) * sizeof(float));
    if (!mem) return FL_ENOMEM;
    teacher t = {F, C, protos, mem, mem + n_w};
    for (size_t k = 0; k < n_w; k++)
        t.w[k] = protos ? 2.0f * rng_uniform(rng) - 1.0f : rng_normal(rng);
    for (int c = 0; c < C; c++) t.bias[c] = 0;

    draw_uniform(xt, (size_t)cfg->n_train * F, rng);
    draw_uniform(xv, (size_t)cfg->n_val * F, rng);
    teacher_balance(&t, xt, n_cal, mem + n_w + C);
    float z[16];
    for (int k = 0; k < cfg->n_train; k++)
        teacher_logits(&t, xt + (size_t)k * F, z), yt[k] = argmax(z, C);
    for (int k = 0; k < cfg->n_val; k++)
        teacher_logits(&t, xv + (size_t)k * F, z), yv[k] = argmax(z, C);
    free(mem);
    return FL_OK;
}

// One 2-D point of class c.
static void make_point(int dataset, int c, int C, uint64_t *rng, float *p) {
    const double tau = 6.283185307179586;
    double x = 0, y = 0;
    switch (dataset) {
    case FL_DATA_SPIRAL: {
        double t = rng_uniform(rng);
        double angle = tau * c / C + 7.0 * t + 0.12 * rng_normal(rng);
        x = t * fm_cos(angle), y = t * fm_sin(angle);
        break;
    }
    case FL_DATA_CIRCLES: {
        double r = (c + 1.0) / C + 0.06 * rng_normal(rng), angle = tau * rng_uniform(rng);
        x = r * fm_cos(angle), y = r * fm_sin(angle);
        break;
    }
    case FL_DATA_XOR: // quadrants: class (x > 0) xor (y > 0); drawn until it is c
        do x = 2.0 * rng_uniform(rng) - 1.0, y = 2.0 * rng_uniform(rng) - 1.0;
        while (((x > 0) ^ (y > 0)) != c);
        break;
    default: { // gauss: blobs on a circle of radius 0.6
        double angle = tau * c / C;
        x = 0.6 * fm_cos(angle) + 0.3 * rng_normal(rng);
        y = 0.6 * fm_sin(angle) + 0.3 * rng_normal(rng);
    }
    }
    p[0] = (float)x, p[1] = (float)y;
}

static void make_2d(const fl_config *cfg, uint64_t *rng, float *x, int32_t *y, int n) {
    int F = data_features(cfg);
    for (int k = 0; k < n; k++) {
        int c = k % cfg->classes;
        float p[2];
        make_point(cfg->dataset, c, cfg->classes, rng, p);
        data_plane_row(cfg, p[0], p[1], x + (size_t)k * F);
        y[k] = c;
    }
}

// The user's rows in an order drawn from the seed: the first n_train train,
// the rest validate.
static fl_status split_rows(const fl_config *cfg, uint64_t *rng, float *x_train, int32_t *y_train,
                            float *x_val, int32_t *y_val, float *t_train, float *t_val) {
    const fl_csv *d = cfg->data;
    int F = data_features(cfg),
        plane = data_is_plane(cfg); // a plane's rows get the engineered inputs
    int32_t *order = malloc((size_t)d->rows * sizeof *order);
    if (!order) return FL_ENOMEM;
    for (int r = 0; r < d->rows; r++) order[r] = r;
    rng_permute(rng, order, d->rows);
    for (int k = 0; k < d->rows; k++) {
        int train = k < cfg->n_train, at = train ? k : k - cfg->n_train;
        float *x = (train ? x_train : x_val) + (size_t)at * F;
        const float *row = d->x + (size_t)order[k] * d->features;
        if (plane)
            data_plane_row(cfg, row[0], row[1], x);
        else
            memcpy(x, row, (size_t)F * sizeof *x);
        (train ? y_train : y_val)[at] = d->y[order[k]];
        if (d->classes == 0) (train ? t_train : t_val)[at] = d->t[order[k]];
    }
    free(order);
    return FL_OK;
}

static void add_label_noise(int32_t *y, int n, int C, float noise, uint64_t *rng) {
    for (int k = 0; k < n; k++)
        if (rng_uniform(rng) < noise) y[k] = rng_below(rng, C);
}

// Regression: features uniform in [0, 1) as the 10-D sets; each target is a
// random teacher of the centred features u = 2x - 1: linear_reg u.w, teacher_reg
// a sum of REG_UNITS tanh units (a bumpy surface, which a few units fit
// poorly). Each target is scaled to mean 0 and sd 1 on the training rows, gets
// label_noise times a standard normal, and is multiplied by target_scale.
#define REG_UNITS 16
static fl_status make_regression(const fl_config *cfg, uint64_t *rng, float *x_train,
                                 float *t_train, float *x_val, float *t_val) {
    int F = cfg->features, O = fl_config_outputs(cfg), H = REG_UNITS;
    int deep = cfg->dataset == FL_DATA_TEACHER_REG;
    size_t n_w = deep ? (size_t)H * F + H + (size_t)H * O : (size_t)F * O;
    float *w = malloc(n_w * sizeof *w);
    double *stats = calloc(2 * (size_t)O, sizeof *stats);
    if (!w || !stats) {
        free(w), free(stats);
        return FL_ENOMEM;
    }
    for (size_t k = 0; k < n_w; k++) w[k] = rng_normal(rng);
    draw_uniform(x_train, (size_t)cfg->n_train * F, rng);
    draw_uniform(x_val, (size_t)cfg->n_val * F, rng);
    float gain = (float)(2.5 / __builtin_sqrt((double)F)); // units in their bends, not flat
    for (int split = 0; split < 2; split++) {
        int n = split ? cfg->n_val : cfg->n_train;
        const float *x = split ? x_val : x_train;
        float *t = split ? t_val : t_train;
        for (int k = 0; k < n; k++) {
            float u[64], h[REG_UNITS];
            for (int i = 0; i < F; i++) u[i] = 2.0f * x[(size_t)k * F + i] - 1.0f;
            for (int j = 0; deep && j < H; j++) {
                float z = w[(size_t)H * F + j]; // the unit's bias, standard normal
                for (int i = 0; i < F; i++) z += gain * u[i] * w[(size_t)j * F + i];
                h[j] = fm_tanhf(z);
            }
            for (int o = 0; o < O; o++) {
                float v = 0;
                if (deep)
                    for (int j = 0; j < H; j++)
                        v += h[j] * w[(size_t)H * F + H + (size_t)j * O + o];
                else
                    for (int i = 0; i < F; i++) v += u[i] * w[(size_t)i * O + o];
                t[(size_t)k * O + o] = v;
                if (!split) stats[2 * o] += v, stats[2 * o + 1] += (double)v * v;
            }
        }
    }
    for (int split = 0; split < 2; split++) {
        int n = split ? cfg->n_val : cfg->n_train;
        float *t = split ? t_val : t_train;
        for (int k = 0; k < n; k++)
            for (int o = 0; o < O; o++) {
                double mean = stats[2 * o] / cfg->n_train;
                double var = stats[2 * o + 1] / cfg->n_train - mean * mean;
                double sd = var > 1e-12 ? __builtin_sqrt(var) : 1.0;
                float *v = &t[(size_t)k * O + o];
                *v = (float)((*v - mean) / sd) + cfg->label_noise * rng_normal(rng);
                *v *= cfg->target_scale;
            }
    }
    free(w), free(stats);
    return FL_OK;
}

fl_status data_generate(const fl_config *cfg, uint64_t *rng, float *x_train, int32_t *y_train,
                        float *x_val, int32_t *y_val, float *t_train, float *t_val) {
    int F = data_features(cfg), C = cfg->classes;
    switch (cfg->dataset) {
    case FL_DATA_RANDOM:
        // In the seed post's order: X_train, y_train, X_val, y_val.
        draw_uniform(x_train, (size_t)cfg->n_train * F, rng);
        for (int k = 0; k < cfg->n_train; k++) y_train[k] = rng_below(rng, C);
        draw_uniform(x_val, (size_t)cfg->n_val * F, rng);
        for (int k = 0; k < cfg->n_val; k++) y_val[k] = rng_below(rng, C);
        break;
    case FL_DATA_LINEAR:
    case FL_DATA_TEACHER: {
        fl_status st = make_teacher_data(cfg, rng, x_train, y_train, x_val, y_val);
        if (st != FL_OK) return st;
        break;
    }
    case FL_DATA_CSV: {
        fl_status st = split_rows(cfg, rng, x_train, y_train, x_val, y_val, t_train, t_val);
        if (st != FL_OK) return st;
        break;
    }
    case FL_DATA_LINEAR_REG:
    case FL_DATA_TEACHER_REG:
        return make_regression(cfg, rng, x_train, t_train, x_val, t_val); // labels stay 0
    default:
        make_2d(cfg, rng, x_train, y_train, cfg->n_train);
        make_2d(cfg, rng, x_val, y_val, cfg->n_val);
    }
    if (fl_config_regression(cfg)) return FL_OK; // a CSV's real targets: as they are
    add_label_noise(y_train, cfg->n_train, C, cfg->label_noise, rng);
    add_label_noise(y_val, cfg->n_val, C, cfg->label_noise, rng);
    return FL_OK;
}

void data_transform(float *out_train, float *out_val, const float *raw_train, const float *raw_val,
                    int n_train, int n_val, int features, float scale, int standardize,
                    float *shift, float *gain) {
    size_t nt = (size_t)n_train * features, nv = (size_t)n_val * features;
    for (int f = 0; f < features; f++) shift[f] = 0.0f, gain[f] = 1.0f;
    for (size_t k = 0; k < nt; k++) out_train[k] = raw_train[k] * scale;
    for (size_t k = 0; k < nv; k++) out_val[k] = raw_val[k] * scale;
    if (!standardize) return;
    for (int f = 0; f < features; f++) {
        double mean = 0, var = 0;
        for (int k = 0; k < n_train; k++) mean += out_train[(size_t)k * features + f];
        mean /= n_train;
        for (int k = 0; k < n_train; k++) {
            double d = out_train[(size_t)k * features + f] - mean;
            var += d * d;
        }
        double sd = __builtin_sqrt(var / n_train);
        if (!(sd > 1e-12)) sd = 1.0; // a constant feature is only centred
        float m = (float)mean, inv = (float)(1.0 / sd);
        shift[f] = m, gain[f] = inv;
        for (int k = 0; k < n_train; k++) {
            float *v = out_train + (size_t)k * features + f;
            *v = (*v - m) * inv;
        }
        for (int k = 0; k < n_val; k++) {
            float *v = out_val + (size_t)k * features + f;
            *v = (*v - m) * inv;
        }
    }
}
