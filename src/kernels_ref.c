// kernels_ref.c: the scalar reference kernels. They are the definition of what
// every kernel computes, in which order; kernels.c must match them to the bit.
#include "kernels.h"

#include "fmath.h"
#include "flatline.h"

float kern_act(float x, int act) {
    switch (act) {
    case FL_ACT_RELU:
        return (0.0f < x) ? x : 0.0f;
    case FL_ACT_LEAKY_RELU:
        return (x > 0.0f) ? x : x * FM_LEAKY;
    case FL_ACT_TANH:
        return fm_tanhf(x);
    case FL_ACT_SIGMOID:
        return fm_sigmoidf(x);
    default:
        return x;
    }
}

float kern_act_grad(float g, float a, int act) {
    switch (act) {
    case FL_ACT_RELU:
        return (a > 0.0f) ? g : 0.0f;
    case FL_ACT_LEAKY_RELU:
        return (a > 0.0f) ? g : g * FM_LEAKY;
    case FL_ACT_TANH:
        return g * (1.0f - a * a);
    case FL_ACT_SIGMOID:
        return g * (a * (1.0f - a));
    default:
        return g;
    }
}

float kern_lanes(const float s[4]) {
    return (s[0] + s[2]) + (s[1] + s[3]);
}

void kern_ref_dense_fwd(float *out, const float *inp, const float *w, const float *bias, int B,
                        int I, int O, int act) {
    for (int b = 0; b < B; b++)
        for (int o = 0; o < O; o++) {
            float acc = 0.0f;
            for (int i = 0; i < I; i++) acc += inp[b * I + i] * w[i * O + o];
            out[b * O + o] = kern_act(acc + bias[o], act);
        }
}

void kern_ref_dense_bwd_weights(float *dw, float *db, const float *inp, const float *dout, int B,
                                int I, int O) {
    for (int i = 0; i < I; i++)
        for (int o = 0; o < O; o++) {
            float acc = dw[i * O + o];
            for (int b = 0; b < B; b++) acc += inp[b * I + i] * dout[b * O + o];
            dw[i * O + o] = acc;
        }
    for (int o = 0; o < O; o++) {
        float acc = db[o];
        for (int b = 0; b < B; b++) acc += dout[b * O + o];
        db[o] = acc;
    }
}

// The dot product of two rows in the four-lane order: term k goes to lane
// k mod 4, tail included, each lane sums in order, then (l0 + l2) + (l1 + l3).
static float dot_lanes(const float *x, const float *y, int n) {
    float s[4] = {0, 0, 0, 0};
    for (int k = 0; k < n; k++) s[k & 3] += x[k] * y[k];
    return kern_lanes(s);
}

void kern_ref_dense_bwd_input(float *dinp, const float *dout, const float *w, const float *inp,
                              int B, int I, int O, int act) {
    for (int b = 0; b < B; b++)
        for (int i = 0; i < I; i++)
            dinp[b * I + i] =
                kern_act_grad(dot_lanes(dout + b * O, w + i * O, O), inp[b * I + i], act);
}

// The optimizers share one shape: an element-wise update, then three sums in
// the order kernels.c keeps: whole groups of four in lanes, combined, and the
// last n mod 4 terms added after, in order.
#define OPT_STEP(UPDATE)                                                                           \
    float gk = g[k], wk = w[k], nw;                                                                \
    UPDATE;                                                                                        \
    float d = nw - wk;                                                                             \
    w[k] = nw;
#define OPT_LOOP(UPDATE)                                                                           \
    float sg[4] = {0, 0, 0, 0}, sd[4] = {0, 0, 0, 0}, sw[4] = {0, 0, 0, 0};                        \
    int k = 0;                                                                                     \
    for (; k < (n & ~3); k++) {                                                                    \
        OPT_STEP(UPDATE)                                                                           \
        sg[k & 3] += gk * gk, sd[k & 3] += d * d, sw[k & 3] += wk * wk;                            \
    }                                                                                              \
    sums[0] = kern_lanes(sg), sums[1] = kern_lanes(sd), sums[2] = kern_lanes(sw);                  \
    for (; k < n; k++) {                                                                           \
        OPT_STEP(UPDATE)                                                                           \
        sums[0] += gk * gk, sums[1] += d * d, sums[2] += wk * wk;                                  \
    }

void kern_ref_sgd(float *w, const float *g, float lr, int n, float sums[3]) {
    OPT_LOOP(nw = wk - lr * gk)
}

void kern_ref_momentum(float *w, float *vel, const float *g, float lr, float mom, int n,
                       float sums[3]) {
    OPT_LOOP(float vk = mom * vel[k] - lr * gk; vel[k] = vk; nw = wk + vk)
}

void kern_ref_rmsprop(float *w, float *ms, const float *g, float lr, float rho, float eps, int n,
                      float sums[3]) {
    float c = 1.0f - rho;
    OPT_LOOP(float mk = rho * ms[k] + c * (gk * gk); ms[k] = mk;
             nw = wk - (lr * gk) / __builtin_sqrtf(mk + eps))
}

void kern_ref_adam(float *w, float *m, float *v, const float *g, float alpha, float b1, float b2,
                   float eps, int n, float sums[3]) {
    float c1 = 1.0f - b1, c2 = 1.0f - b2;
    OPT_LOOP(float mk = m[k] + (gk - m[k]) * c1; float vk = v[k] + (gk * gk - v[k]) * c2; m[k] = mk;
             v[k] = vk; nw = wk - (mk * alpha) / (__builtin_sqrtf(vk) + eps))
}

void kern_ref_axpy(float *y, const float *x, float c, int n) {
    for (int k = 0; k < n; k++) y[k] += c * x[k];
}

float kern_ref_sumsq(const float *x, int n) {
    return dot_lanes(x, x, n);
}
