// loss.c: the output activation and the four losses of loss.h, one sample at a
// time, in the order the header lists them. Scalar code: both WebAssembly
// builds compile it the same, so it gives the same bits in each.
#include "loss.h"

#include "base.h"
#include "fmath.h"
#include "kernels.h"

#define EPS 1e-7f // Keras's backend epsilon, the clip of probabilities

loss_spec loss_spec_of(const fl_config *cfg) {
    loss_spec s;
    s.loss = cfg->loss;
    s.act = fl_config_output_act(cfg);
    s.from_logits = cfg->from_logits;
    s.units = fl_config_outputs(cfg);
    s.with_acc = !fl_config_regression(cfg);
    s.with_mae = cfg->loss == FL_LOSS_MSE || cfg->loss == FL_LOSS_MAE;
    FL_ASSERT(s.units >= 1 && s.units <= LOSS_MAX_UNITS);
    return s;
}

static int kernel_act(int out) {
    switch (out) {
    case FL_OUT_SIGMOID:
        return FL_ACT_SIGMOID;
    case FL_OUT_RELU:
        return FL_ACT_RELU;
    case FL_OUT_TANH:
        return FL_ACT_TANH;
    default:
        return FL_ACT_LINEAR;
    }
}

static int argmax(const float *v, int n) {
    int best = 0;
    for (int c = 1; c < n; c++)
        if (v[c] > v[best]) best = c;
    return best;
}

// e[c] = exp(z[c] - max z), returning their sum; *best is the argmax.
static float softmax_terms(const float *z, int n, float *e, int *best) {
    int b = argmax(z, n);
    float sum = 0.0f;
    for (int c = 0; c < n; c++) sum += e[c] = fm_expf(z[c] - z[b]);
    *best = b;
    return sum;
}

void loss_output(const loss_spec *s, const float *z, float *a) {
    int O = s->units;
    if (s->act == FL_OUT_SOFTMAX) {
        int best;
        float sum = softmax_terms(z, O, a, &best);
        for (int c = 0; c < O; c++) a[c] /= sum;
        return;
    }
    for (int c = 0; c < O; c++) a[c] = kern_act(z[c], kernel_act(s->act));
}

static float clip(float p) {
    return p < EPS ? EPS : p > 1.0f - EPS ? 1.0f - EPS : p;
}
static int inside(float p) { // where clip_by_value passes the gradient
    return p >= EPS && p <= 1.0f - EPS;
}

// dz = (da/dz)^T ga, times scale.
static void chain(const loss_spec *s, const float *a, const float *ga, float scale, float *dz) {
    int O = s->units;
    if (s->act == FL_OUT_SOFTMAX) {
        float dot = 0.0f;
        for (int c = 0; c < O; c++) dot += ga[c] * a[c];
        for (int c = 0; c < O; c++) dz[c] = a[c] * (ga[c] - dot) * scale;
        return;
    }
    for (int c = 0; c < O; c++) dz[c] = kern_act_grad(ga[c], a[c], kernel_act(s->act)) * scale;
}

// Softmax cross-entropy of logits v against label y; g (when not NULL) gets
// softmax(v) - onehot(y), and p (when not NULL) softmax(v) itself, the very
// floats loss_output gives.
static double cross_entropy(const float *v, int O, int y, float *g, float *p) {
    float e[LOSS_MAX_UNITS];
    int best;
    float sum = softmax_terms(v, O, e, &best);
    double loss = fm_log(sum) - ((double)v[y] - v[best]);
    for (int c = 0; c < O && (p || g); c++) {
        float q = e[c] / sum;
        if (p) p[c] = q;
        if (g) g[c] = q - (c == y ? 1.0f : 0.0f);
    }
    return loss;
}

static double sparse_xent(const loss_spec *s, const float *z, const float *a, int y, float *ga) {
    int O = s->units;
    if (s->from_logits) return cross_entropy(a, O, y, ga, NULL);
    float v[LOSS_MAX_UNITS];
    for (int c = 0; c < O; c++) v[c] = (float)fm_log(clip(a[c]));
    double loss = cross_entropy(v, O, y, ga, NULL);
    (void)z;
    if (ga)
        for (int c = 0; c < O; c++) ga[c] = inside(a[c]) ? ga[c] / clip(a[c]) : 0.0f;
    return loss;
}

// One unit's binary cross-entropy from a logit x: max(x, 0) - x t + log(1 + e^-|x|).
static double bce_logit(float x, float t, float *g) {
    double ax = x < 0 ? -(double)x : x;
    if (g) *g = fm_sigmoidf(x) - t;
    return (x > 0 ? (double)x : 0.0) - (double)x * t + fm_log(1.0 + fm_exp(-ax));
}

static double bce_prob(float a, float t, float *g) {
    float p = clip(a);
    if (g) *g = inside(a) ? -t / p + (1.0f - t) / (1.0f - p) : 0.0f;
    return -((double)t * fm_log(p) + (1.0 - (double)t) * fm_log(1.0 - (double)p));
}

void loss_eval(const loss_spec *s, float *dz, const float *z, const int32_t *labels,
               const float *targets, int B, float scale, loss_sums *sums) {
    int O = s->units;
    float a[LOSS_MAX_UNITS], ga[LOSS_MAX_UNITS];
    // Softmax under sparse cross-entropy is taken from the logits themselves, and
    // that one softmax also gives the probabilities (for the accuracy).
    int from_z = s->loss == FL_LOSS_SCE && s->act == FL_OUT_SOFTMAX && !s->from_logits;
    for (int b = 0; b < B; b++) {
        const float *zb = z + (size_t)b * O, *t = targets ? targets + (size_t)b * O : NULL;
        float *db = dz ? dz + (size_t)b * O : NULL;
        double loss = 0, abs_err = 0, hits = 0;
        if (!from_z) loss_output(s, zb, a);
        if (s->loss == FL_LOSS_SCE) {
            int y = labels[b];
            if (from_z) {
                loss = cross_entropy(zb, O, y, db, a);
                if (db)
                    for (int c = 0; c < O; c++) db[c] *= scale;
            } else {
                loss = sparse_xent(s, zb, a, y, db ? ga : NULL);
                if (db) chain(s, a, ga, scale, db);
            }
            hits = argmax(a, O) == y;
        } else if (s->loss == FL_LOSS_BCE) {
            int direct = s->act == FL_OUT_SIGMOID && !s->from_logits;
            for (int c = 0; c < O; c++) {
                float *g = db ? &ga[c] : NULL;
                loss += direct           ? bce_logit(zb[c], t[c], g)
                        : s->from_logits ? bce_logit(a[c], t[c], g)
                                         : bce_prob(a[c], t[c], g);
                hits += (a[c] > 0.5f) == (t[c] > 0.5f);
            }
            loss /= O, hits /= O;
            if (db && direct)
                for (int c = 0; c < O; c++) db[c] = ga[c] * (scale / (float)O);
            else if (db)
                for (int c = 0; c < O; c++) ga[c] /= (float)O;
            if (db && !direct) chain(s, a, ga, scale, db);
        } else {
            for (int c = 0; c < O; c++) {
                float d = a[c] - t[c];
                float ad = d < 0 ? -d : d;
                loss += s->loss == FL_LOSS_MSE ? (double)d * d : ad;
                abs_err += ad;
                ga[c] = (s->loss == FL_LOSS_MSE ? 2.0f * d
                         : d > 0                ? 1.0f
                         : d < 0                ? -1.0f
                                                : 0.0f) /
                        (float)O;
            }
            loss /= O, abs_err /= O;
            if (O == 1)
                hits = (a[0] > 0.5f ? 1 : 0) == (labels ? labels[b] : t[0] > 0.5f);
            else
                hits = labels && argmax(a, O) == labels[b];
            if (db) chain(s, a, ga, scale, db);
        }
        sums->loss += loss;
        sums->loss_sq += loss * loss;
        sums->acc += hits;
        sums->mae += abs_err;
    }
}

void loss_predict(const loss_spec *s, const float *z, int *cls, float *conf) {
    int O = s->units;
    float a[LOSS_MAX_UNITS];
    loss_output(s, z, a);
    if (!s->with_acc) {
        *cls = 0, *conf = a[0];
        return;
    }
    if (O == 1) { // one unit: class 1 above 0.5
        float p = a[0];
        if (s->loss == FL_LOSS_BCE && (s->from_logits || s->act == FL_OUT_SIGMOID))
            p = fm_sigmoidf(s->from_logits ? a[0] : z[0]);
        p = p < 0 ? 0 : p > 1 ? 1 : p;
        *cls = p > 0.5f;
        *conf = p > 0.5f ? p : 1.0f - p;
        return;
    }
    int best = argmax(a, O);
    *cls = best;
    if (s->loss == FL_LOSS_SCE) { // the share the loss gives the class
        float v[LOSS_MAX_UNITS], e[LOSS_MAX_UNITS];
        for (int c = 0; c < O; c++)
            v[c] = s->act == FL_OUT_SOFTMAX && !s->from_logits ? z[c]
                   : s->from_logits                            ? a[c]
                                                               : (float)fm_log(clip(a[c]));
        int top;
        float sum = softmax_terms(v, O, e, &top);
        *conf = e[best] / sum;
        return;
    }
    float p = a[best];
    *conf = p < 0 ? 0 : p > 1 ? 1 : p;
}
