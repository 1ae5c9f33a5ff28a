// kernels.c: the kernels the layers call. With WebAssembly SIMD they are
// register-blocked loops over 128-bit vectors; without it they are the scalar
// reference. Every function here computes exactly what its kern_ref_ twin
// computes, in the same order (see kernels.h); the tests hold them to that on
// awkward sizes.
#include "kernels.h"

#include "flatline.h"

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>

#include "fmath.h"

int kern_simd(void) {
    return 1;
}

#define V_LOAD(p)           wasm_v128_load(p)
#define V_STORE(p, v)       wasm_v128_store(p, v)
#define V_SPLAT(x)          wasm_f32x4_splat(x)
#define V_ADD(a, b)         wasm_f32x4_add(a, b)
#define V_SUB(a, b)         wasm_f32x4_sub(a, b)
#define V_MUL(a, b)         wasm_f32x4_mul(a, b)
#define V_MULADD(acc, a, b) wasm_f32x4_add(acc, wasm_f32x4_mul(a, b))

// fm_expf, lane by lane, op for op.
static inline v128_t v_exp(v128_t x) {
    x = wasm_f32x4_pmax(V_SPLAT(FM_EXP_LO), x);
    x = wasm_f32x4_pmin(V_SPLAT(FM_EXP_HI), x);
    v128_t n = wasm_f32x4_floor(V_ADD(V_MUL(x, V_SPLAT(FM_LOG2E)), V_SPLAT(0.5f)));
    v128_t r = V_SUB(x, V_MUL(n, V_SPLAT(FM_LN2_HI)));
    r = V_SUB(r, V_MUL(n, V_SPLAT(FM_LN2_LO)));
    v128_t p = V_SPLAT(FM_EXP_C7);
    p = V_ADD(V_MUL(p, r), V_SPLAT(FM_EXP_C6));
    p = V_ADD(V_MUL(p, r), V_SPLAT(FM_EXP_C5));
    p = V_ADD(V_MUL(p, r), V_SPLAT(FM_EXP_C4));
    p = V_ADD(V_MUL(p, r), V_SPLAT(FM_EXP_C3));
    p = V_ADD(V_MUL(p, r), V_SPLAT(FM_EXP_C2));
    p = V_ADD(V_MUL(p, r), V_SPLAT(1.0f));
    p = V_ADD(V_MUL(p, r), V_SPLAT(1.0f));
    v128_t e = wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(n), wasm_i32x4_splat(127));
    return V_MUL(p, wasm_i32x4_shl(e, 23));
}

// kern_act on four lanes.
static inline v128_t v_act(v128_t x, int act) {
    v128_t zero = wasm_f32x4_splat(0.0f), one = V_SPLAT(1.0f);
    switch (act) {
    case FL_ACT_RELU:
        return wasm_f32x4_pmax(zero, x);
    case FL_ACT_LEAKY_RELU:
        return wasm_v128_bitselect(x, V_MUL(x, V_SPLAT(FM_LEAKY)), wasm_f32x4_gt(x, zero));
    case FL_ACT_SIGMOID:
        return wasm_f32x4_div(one, V_ADD(one, v_exp(wasm_f32x4_neg(x))));
    case FL_ACT_TANH: {
        v128_t neg = wasm_f32x4_lt(x, zero);
        v128_t ax = wasm_v128_bitselect(wasm_f32x4_neg(x), x, neg);
        v128_t e = v_exp(V_MUL(V_SPLAT(-2.0f), ax));
        v128_t y = wasm_f32x4_div(V_SUB(one, e), V_ADD(one, e));
        return wasm_v128_bitselect(wasm_f32x4_neg(y), y, neg);
    }
    default:
        return x;
    }
}

// kern_act_grad on four lanes.
static inline v128_t v_act_grad(v128_t g, v128_t a, int act) {
    v128_t zero = wasm_f32x4_splat(0.0f), one = V_SPLAT(1.0f);
    switch (act) {
    case FL_ACT_RELU:
        return wasm_v128_and(g, wasm_f32x4_gt(a, zero));
    case FL_ACT_LEAKY_RELU:
        return wasm_v128_bitselect(g, V_MUL(g, V_SPLAT(FM_LEAKY)), wasm_f32x4_gt(a, zero));
    case FL_ACT_TANH:
        return V_MUL(g, V_SUB(one, V_MUL(a, a)));
    case FL_ACT_SIGMOID:
        return V_MUL(g, V_MUL(a, V_SUB(one, a)));
    default:
        return g;
    }
}

// (l0 + l2) + (l1 + l3), as kern_lanes.
static inline float v_lanes(v128_t v) {
    v128_t t = V_ADD(v, wasm_i32x4_shuffle(v, v, 2, 3, 0, 1));
    return wasm_f32x4_extract_lane(t, 0) + wasm_f32x4_extract_lane(t, 1);
}

// One output column of `rows` rows, in scalar code: the tail of the forward.
static void fwd_column(float *out, const float *inp, const float *w, const float *bias, int rows,
                       int I, int O, int o, int act) {
    for (int r = 0; r < rows; r++) {
        float acc = 0.0f;
        for (int i = 0; i < I; i++) acc += inp[r * I + i] * w[i * O + o];
        out[r * O + o] = kern_act(acc + bias[o], act);
    }
}

// Forward: tiles of 4 rows x 8 columns keep 8 accumulators in registers and
// read each weight vector once for four rows; each element still sums over i
// in order, as the reference does.
void kern_dense_fwd(float *out, const float *inp, const float *w, const float *bias, int B, int I,
                    int O, int act) {
    int b = 0;
    for (; b + 4 <= B; b += 4) {
        const float *x0 = inp + b * I, *x1 = x0 + I, *x2 = x1 + I, *x3 = x2 + I;
        float *y = out + b * O;
        int o = 0;
        for (; o + 8 <= O; o += 8) {
            v128_t a00 = V_SPLAT(0), a01 = a00, a10 = a00, a11 = a00;
            v128_t a20 = a00, a21 = a00, a30 = a00, a31 = a00;
            const float *wp = w + o;
            for (int i = 0; i < I; i++, wp += O) {
                v128_t w0 = V_LOAD(wp), w1 = V_LOAD(wp + 4), s;
                s = V_SPLAT(x0[i]), a00 = V_MULADD(a00, s, w0), a01 = V_MULADD(a01, s, w1);
                s = V_SPLAT(x1[i]), a10 = V_MULADD(a10, s, w0), a11 = V_MULADD(a11, s, w1);
                s = V_SPLAT(x2[i]), a20 = V_MULADD(a20, s, w0), a21 = V_MULADD(a21, s, w1);
                s = V_SPLAT(x3[i]), a30 = V_MULADD(a30, s, w0), a31 = V_MULADD(a31, s, w1);
            }
            v128_t b0 = V_LOAD(bias + o), b1 = V_LOAD(bias + o + 4);
            V_STORE(y + o, v_act(V_ADD(a00, b0), act));
            V_STORE(y + o + 4, v_act(V_ADD(a01, b1), act));
            V_STORE(y + O + o, v_act(V_ADD(a10, b0), act));
            V_STORE(y + O + o + 4, v_act(V_ADD(a11, b1), act));
            V_STORE(y + 2 * O + o, v_act(V_ADD(a20, b0), act));
            V_STORE(y + 2 * O + o + 4, v_act(V_ADD(a21, b1), act));
            V_STORE(y + 3 * O + o, v_act(V_ADD(a30, b0), act));
            V_STORE(y + 3 * O + o + 4, v_act(V_ADD(a31, b1), act));
        }
        for (; o + 4 <= O; o += 4) {
            v128_t a0 = V_SPLAT(0), a1 = a0, a2 = a0, a3 = a0;
            const float *wp = w + o;
            for (int i = 0; i < I; i++, wp += O) {
                v128_t w0 = V_LOAD(wp);
                a0 = V_MULADD(a0, V_SPLAT(x0[i]), w0);
                a1 = V_MULADD(a1, V_SPLAT(x1[i]), w0);
                a2 = V_MULADD(a2, V_SPLAT(x2[i]), w0);
                a3 = V_MULADD(a3, V_SPLAT(x3[i]), w0);
            }
            v128_t b0 = V_LOAD(bias + o);
            V_STORE(y + o, v_act(V_ADD(a0, b0), act));
            V_STORE(y + O + o, v_act(V_ADD(a1, b0), act));
            V_STORE(y + 2 * O + o, v_act(V_ADD(a2, b0), act));
            V_STORE(y + 3 * O + o, v_act(V_ADD(a3, b0), act));
        }
        for (; o < O; o++) fwd_column(y, x0, w, bias, 4, I, O, o, act);
    }
    for (; b < B; b++) {
        const float *x0 = inp + b * I;
        float *y = out + b * O;
        int o = 0;
        for (; o + 4 <= O; o += 4) {
            v128_t a0 = V_SPLAT(0);
            const float *wp = w + o;
            for (int i = 0; i < I; i++, wp += O) a0 = V_MULADD(a0, V_SPLAT(x0[i]), V_LOAD(wp));
            V_STORE(y + o, v_act(V_ADD(a0, V_LOAD(bias + o)), act));
        }
        for (; o < O; o++) fwd_column(y, x0, w, bias, 1, I, O, o, act);
    }
}

// Weight gradient: tiles of 4 kernel rows x 8 columns, accumulating over the
// batch in order from the gradient already there.
void kern_dense_bwd_weights(float *dw, float *db, const float *inp, const float *dout, int B, int I,
                            int O) {
    int i = 0;
    for (; i + 4 <= I; i += 4) {
        float *g0 = dw + i * O, *g1 = g0 + O, *g2 = g1 + O, *g3 = g2 + O;
        int o = 0;
        for (; o + 8 <= O; o += 8) {
            v128_t a00 = V_LOAD(g0 + o), a01 = V_LOAD(g0 + o + 4);
            v128_t a10 = V_LOAD(g1 + o), a11 = V_LOAD(g1 + o + 4);
            v128_t a20 = V_LOAD(g2 + o), a21 = V_LOAD(g2 + o + 4);
            v128_t a30 = V_LOAD(g3 + o), a31 = V_LOAD(g3 + o + 4);
            const float *x = inp + i, *d = dout + o;
            for (int b = 0; b < B; b++, x += I, d += O) {
                v128_t d0 = V_LOAD(d), d1 = V_LOAD(d + 4), s;
                s = V_SPLAT(x[0]), a00 = V_MULADD(a00, s, d0), a01 = V_MULADD(a01, s, d1);
                s = V_SPLAT(x[1]), a10 = V_MULADD(a10, s, d0), a11 = V_MULADD(a11, s, d1);
                s = V_SPLAT(x[2]), a20 = V_MULADD(a20, s, d0), a21 = V_MULADD(a21, s, d1);
                s = V_SPLAT(x[3]), a30 = V_MULADD(a30, s, d0), a31 = V_MULADD(a31, s, d1);
            }
            V_STORE(g0 + o, a00), V_STORE(g0 + o + 4, a01);
            V_STORE(g1 + o, a10), V_STORE(g1 + o + 4, a11);
            V_STORE(g2 + o, a20), V_STORE(g2 + o + 4, a21);
            V_STORE(g3 + o, a30), V_STORE(g3 + o + 4, a31);
        }
        for (; o + 4 <= O; o += 4) {
            v128_t a0 = V_LOAD(g0 + o), a1 = V_LOAD(g1 + o), a2 = V_LOAD(g2 + o),
                   a3 = V_LOAD(g3 + o);
            const float *x = inp + i, *d = dout + o;
            for (int b = 0; b < B; b++, x += I, d += O) {
                v128_t d0 = V_LOAD(d);
                a0 = V_MULADD(a0, V_SPLAT(x[0]), d0);
                a1 = V_MULADD(a1, V_SPLAT(x[1]), d0);
                a2 = V_MULADD(a2, V_SPLAT(x[2]), d0);
                a3 = V_MULADD(a3, V_SPLAT(x[3]), d0);
            }
            V_STORE(g0 + o, a0), V_STORE(g1 + o, a1), V_STORE(g2 + o, a2), V_STORE(g3 + o, a3);
        }
        for (; o < O; o++)
            for (int r = 0; r < 4; r++) {
                float acc = dw[(i + r) * O + o];
                for (int b = 0; b < B; b++) acc += inp[b * I + i + r] * dout[b * O + o];
                dw[(i + r) * O + o] = acc;
            }
    }
    for (; i < I; i++) {
        float *g0 = dw + i * O;
        int o = 0;
        for (; o + 4 <= O; o += 4) {
            v128_t a0 = V_LOAD(g0 + o);
            for (int b = 0; b < B; b++)
                a0 = V_MULADD(a0, V_SPLAT(inp[b * I + i]), V_LOAD(dout + b * O + o));
            V_STORE(g0 + o, a0);
        }
        for (; o < O; o++) {
            float acc = g0[o];
            for (int b = 0; b < B; b++) acc += inp[b * I + i] * dout[b * O + o];
            g0[o] = acc;
        }
    }
    int o = 0;
    for (; o + 4 <= O; o += 4) {
        v128_t acc = V_LOAD(db + o);
        for (int b = 0; b < B; b++) acc = V_ADD(acc, V_LOAD(dout + b * O + o));
        V_STORE(db + o, acc);
    }
    for (; o < O; o++) {
        float acc = db[o];
        for (int b = 0; b < B; b++) acc += dout[b * O + o];
        db[o] = acc;
    }
}

// Input gradient: each element is the dot product of a row of dout and a row of
// w, kept in four lanes. Tiles of 2 rows x 4 kernel rows share their loads.
void kern_dense_bwd_input(float *dinp, const float *dout, const float *w, const float *inp, int B,
                          int I, int O, int act) {
    int O4 = O & ~3;
    int b = 0;
    for (; b + 2 <= B; b += 2) {
        const float *d0 = dout + b * O, *d1 = d0 + O;
        int i = 0;
        for (; i + 4 <= I; i += 4) {
            const float *w0 = w + i * O, *w1 = w0 + O, *w2 = w1 + O, *w3 = w2 + O;
            v128_t a00 = V_SPLAT(0), a01 = a00, a02 = a00, a03 = a00;
            v128_t a10 = a00, a11 = a00, a12 = a00, a13 = a00;
            for (int o = 0; o < O4; o += 4) {
                v128_t x0 = V_LOAD(d0 + o), x1 = V_LOAD(d1 + o);
                v128_t v0 = V_LOAD(w0 + o), v1 = V_LOAD(w1 + o), v2 = V_LOAD(w2 + o),
                       v3 = V_LOAD(w3 + o);
                a00 = V_MULADD(a00, x0, v0), a01 = V_MULADD(a01, x0, v1);
                a02 = V_MULADD(a02, x0, v2), a03 = V_MULADD(a03, x0, v3);
                a10 = V_MULADD(a10, x1, v0), a11 = V_MULADD(a11, x1, v1);
                a12 = V_MULADD(a12, x1, v2), a13 = V_MULADD(a13, x1, v3);
            }
            float r0[4] = {v_lanes(a00), v_lanes(a01), v_lanes(a02), v_lanes(a03)};
            float r1[4] = {v_lanes(a10), v_lanes(a11), v_lanes(a12), v_lanes(a13)};
            for (int o = O4; o < O; o++)
                for (int c = 0; c < 4; c++) {
                    r0[c] += d0[o] * w[(i + c) * O + o];
                    r1[c] += d1[o] * w[(i + c) * O + o];
                }
            float *g0 = dinp + b * I + i, *g1 = g0 + I;
            const float *p0 = inp + b * I + i, *p1 = p0 + I;
            V_STORE(g0, v_act_grad(V_LOAD(r0), V_LOAD(p0), act));
            V_STORE(g1, v_act_grad(V_LOAD(r1), V_LOAD(p1), act));
        }
        for (; i < I; i++)
            for (int r = 0; r < 2; r++) {
                const float *d = dout + (b + r) * O, *wr = w + i * O;
                v128_t a = V_SPLAT(0);
                for (int o = 0; o < O4; o += 4) a = V_MULADD(a, V_LOAD(d + o), V_LOAD(wr + o));
                float s = v_lanes(a);
                for (int o = O4; o < O; o++) s += d[o] * wr[o];
                dinp[(b + r) * I + i] = kern_act_grad(s, inp[(b + r) * I + i], act);
            }
    }
    for (; b < B; b++)
        for (int i = 0; i < I; i++) {
            const float *d = dout + b * O, *wr = w + i * O;
            v128_t a = V_SPLAT(0);
            for (int o = 0; o < O4; o += 4) a = V_MULADD(a, V_LOAD(d + o), V_LOAD(wr + o));
            float s = v_lanes(a);
            for (int o = O4; o < O; o++) s += d[o] * wr[o];
            dinp[b * I + i] = kern_act_grad(s, inp[b * I + i], act);
        }
}

// The optimizers: a vector body with lane sums of g^2, (w_new - w)^2 and w^2,
// then the scalar tail from the reference's update.
#define OPT_SIMD(VBODY, SBODY)                                                                     \
    v128_t sg = V_SPLAT(0), sd = sg, sw = sg;                                                      \
    int k = 0;                                                                                     \
    for (; k + 4 <= n; k += 4) {                                                                   \
        v128_t gv = V_LOAD(g + k), wv = V_LOAD(w + k), nv;                                         \
        VBODY;                                                                                     \
        v128_t dv = V_SUB(nv, wv);                                                                 \
        V_STORE(w + k, nv);                                                                        \
        sg = V_MULADD(sg, gv, gv), sd = V_MULADD(sd, dv, dv), sw = V_MULADD(sw, wv, wv);           \
    }                                                                                              \
    sums[0] = v_lanes(sg), sums[1] = v_lanes(sd), sums[2] = v_lanes(sw);                           \
    for (; k < n; k++) {                                                                           \
        float gk = g[k], wk = w[k], nw;                                                            \
        SBODY;                                                                                     \
        float d = nw - wk;                                                                         \
        w[k] = nw;                                                                                 \
        sums[0] += gk * gk, sums[1] += d * d, sums[2] += wk * wk;                                  \
    }

void kern_sgd(float *w, const float *g, float lr, int n, float sums[3]) {
    v128_t lv = V_SPLAT(lr);
    OPT_SIMD(nv = V_SUB(wv, V_MUL(lv, gv)), nw = wk - lr * gk)
}

void kern_momentum(float *w, float *vel, const float *g, float lr, float mom, int n,
                   float sums[3]) {
    v128_t lv = V_SPLAT(lr), mv = V_SPLAT(mom);
    OPT_SIMD(v128_t vk = V_SUB(V_MUL(mv, V_LOAD(vel + k)), V_MUL(lv, gv)); V_STORE(vel + k, vk);
             nv = V_ADD(wv, vk), float vk = mom * vel[k] - lr * gk; vel[k] = vk; nw = wk + vk)
}

void kern_rmsprop(float *w, float *ms, const float *g, float lr, float rho, float eps, int n,
                  float sums[3]) {
    float c = 1.0f - rho;
    v128_t lv = V_SPLAT(lr), rv = V_SPLAT(rho), cv = V_SPLAT(c), ev = V_SPLAT(eps);
    OPT_SIMD(v128_t mk = V_ADD(V_MUL(rv, V_LOAD(ms + k)), V_MUL(cv, V_MUL(gv, gv)));
             V_STORE(ms + k, mk);
             nv = V_SUB(wv, wasm_f32x4_div(V_MUL(lv, gv), wasm_f32x4_sqrt(V_ADD(mk, ev)))),
             float mk = rho * ms[k] + c * (gk * gk);
             ms[k] = mk; nw = wk - (lr * gk) / __builtin_sqrtf(mk + eps))
}

void kern_adam(float *w, float *m, float *v, const float *g, float alpha, float b1, float b2,
               float eps, int n, float sums[3]) {
    float c1 = 1.0f - b1, c2 = 1.0f - b2;
    v128_t av = V_SPLAT(alpha), c1v = V_SPLAT(c1), c2v = V_SPLAT(c2), ev = V_SPLAT(eps);
    OPT_SIMD(v128_t m0 = V_LOAD(m + k); v128_t v0 = V_LOAD(v + k);
             v128_t mk = V_ADD(m0, V_MUL(V_SUB(gv, m0), c1v));
             v128_t vk = V_ADD(v0, V_MUL(V_SUB(V_MUL(gv, gv), v0), c2v)); V_STORE(m + k, mk);
             V_STORE(v + k, vk);
             nv = V_SUB(wv, wasm_f32x4_div(V_MUL(mk, av), V_ADD(wasm_f32x4_sqrt(vk), ev))),
             float mk = m[k] + (gk - m[k]) * c1;
             float vk = v[k] + (gk * gk - v[k]) * c2; m[k] = mk; v[k] = vk;
             nw = wk - (mk * alpha) / (__builtin_sqrtf(vk) + eps))
}

void kern_axpy(float *y, const float *x, float c, int n) {
    v128_t cv = V_SPLAT(c);
    int k = 0;
    for (; k + 4 <= n; k += 4) V_STORE(y + k, V_ADD(V_LOAD(y + k), V_MUL(cv, V_LOAD(x + k))));
    for (; k < n; k++) y[k] += c * x[k];
}

float kern_sumsq(const float *x, int n) {
    v128_t a = V_SPLAT(0);
    int k = 0;
    for (; k + 4 <= n; k += 4) {
        v128_t v = V_LOAD(x + k);
        a = V_MULADD(a, v, v);
    }
    float s = v_lanes(a);
    for (; k < n; k++) s += x[k] * x[k];
    return s;
}

#else // no SIMD: the reference is the implementation.

int kern_simd(void) {
    return 0;
}

void kern_dense_fwd(float *out, const float *inp, const float *w, const float *bias, int B, int I,
                    int O, int act) {
    kern_ref_dense_fwd(out, inp, w, bias, B, I, O, act);
}
void kern_dense_bwd_weights(float *dw, float *db, const float *inp, const float *dout, int B, int I,
                            int O) {
    kern_ref_dense_bwd_weights(dw, db, inp, dout, B, I, O);
}
void kern_dense_bwd_input(float *dinp, const float *dout, const float *w, const float *inp, int B,
                          int I, int O, int act) {
    kern_ref_dense_bwd_input(dinp, dout, w, inp, B, I, O, act);
}
void kern_sgd(float *w, const float *g, float lr, int n, float sums[3]) {
    kern_ref_sgd(w, g, lr, n, sums);
}
void kern_momentum(float *w, float *vel, const float *g, float lr, float mom, int n,
                   float sums[3]) {
    kern_ref_momentum(w, vel, g, lr, mom, n, sums);
}
void kern_rmsprop(float *w, float *ms, const float *g, float lr, float rho, float eps, int n,
                  float sums[3]) {
    kern_ref_rmsprop(w, ms, g, lr, rho, eps, n, sums);
}
void kern_adam(float *w, float *m, float *v, const float *g, float alpha, float b1, float b2,
               float eps, int n, float sums[3]) {
    kern_ref_adam(w, m, v, g, alpha, b1, b2, eps, n, sums);
}
void kern_axpy(float *y, const float *x, float c, int n) {
    kern_ref_axpy(y, x, c, n);
}
float kern_sumsq(const float *x, int n) {
    return kern_ref_sumsq(x, n);
}

#endif
