// kernels.c: the kernels the layers call: register-blocked loops over the
// four-float vectors of simd.h (WebAssembly SIMD, or native vectors); in the
// scalar WebAssembly build, the reference. Every function here computes exactly what its kern_ref_
// twin computes, in the same order (see kernels.h); the tests hold them to that on awkward sizes.
#include "kernels.h"

#include "flatline.h"

#include "simd.h"

#if defined(SIMD_ISA)
#include "fmath.h"

const char *kern_isa(void) {
    return SIMD_ISA;
}

// fm_expf, lane by lane, op for op.
static inline vf v_exp(vf x) {
    x = V_PMAX(V_SPLAT(FM_EXP_LO), x);
    x = V_PMIN(V_SPLAT(FM_EXP_HI), x);
    vf n = V_FLOOR(V_ADD(V_MUL(x, V_SPLAT(FM_LOG2E)), V_SPLAT(0.5f)));
    vf r = V_SUB(x, V_MUL(n, V_SPLAT(FM_LN2_HI)));
    r = V_SUB(r, V_MUL(n, V_SPLAT(FM_LN2_LO)));
    vf p = V_SPLAT(FM_EXP_C7);
    p = V_ADD(V_MUL(p, r), V_SPLAT(FM_EXP_C6));
    p = V_ADD(V_MUL(p, r), V_SPLAT(FM_EXP_C5));
    p = V_ADD(V_MUL(p, r), V_SPLAT(FM_EXP_C4));
    p = V_ADD(V_MUL(p, r), V_SPLAT(FM_EXP_C3));
    p = V_ADD(V_MUL(p, r), V_SPLAT(FM_EXP_C2));
    p = V_ADD(V_MUL(p, r), V_SPLAT(1.0f));
    p = V_ADD(V_MUL(p, r), V_SPLAT(1.0f));
    return V_MUL(p, V_EXP2I(n));
}

// kern_act on four lanes.
static inline vf v_act(vf x, int act) {
    vf zero = V_SPLAT(0.0f), one = V_SPLAT(1.0f);
    switch (act) {
    case FL_ACT_RELU:
        return V_PMAX(zero, x);
    case FL_ACT_LEAKY_RELU:
        return V_SELECT(x, V_MUL(x, V_SPLAT(FM_LEAKY)), V_GT(x, zero));
    case FL_ACT_SIGMOID:
        return V_DIV(one, V_ADD(one, v_exp(V_NEG(x))));
    case FL_ACT_TANH: {
        vf neg = V_LT(x, zero);
        vf ax = V_SELECT(V_NEG(x), x, neg);
        vf e = v_exp(V_MUL(V_SPLAT(-2.0f), ax));
        vf y = V_DIV(V_SUB(one, e), V_ADD(one, e));
        return V_SELECT(V_NEG(y), y, neg);
    }
    default:
        return x;
    }
}

// kern_act_grad on four lanes.
static inline vf v_act_grad(vf g, vf a, int act) {
    vf zero = V_SPLAT(0.0f), one = V_SPLAT(1.0f);
    switch (act) {
    case FL_ACT_RELU:
        return V_AND(g, V_GT(a, zero));
    case FL_ACT_LEAKY_RELU:
        return V_SELECT(g, V_MUL(g, V_SPLAT(FM_LEAKY)), V_GT(a, zero));
    case FL_ACT_TANH:
        return V_MUL(g, V_SUB(one, V_MUL(a, a)));
    case FL_ACT_SIGMOID:
        return V_MUL(g, V_MUL(a, V_SUB(one, a)));
    default:
        return g;
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
            vf a00 = V_SPLAT(0), a01 = a00, a10 = a00, a11 = a00;
            vf a20 = a00, a21 = a00, a30 = a00, a31 = a00;
            const float *wp = w + o;
            for (int i = 0; i < I; i++, wp += O) {
                vf w0 = V_LOAD(wp), w1 = V_LOAD(wp + 4), s;
                s = V_SPLAT(x0[i]), a00 = V_MULADD(a00, s, w0), a01 = V_MULADD(a01, s, w1);
                s = V_SPLAT(x1[i]), a10 = V_MULADD(a10, s, w0), a11 = V_MULADD(a11, s, w1);
                s = V_SPLAT(x2[i]), a20 = V_MULADD(a20, s, w0), a21 = V_MULADD(a21, s, w1);
                s = V_SPLAT(x3[i]), a30 = V_MULADD(a30, s, w0), a31 = V_MULADD(a31, s, w1);
            }
            vf b0 = V_LOAD(bias + o), b1 = V_LOAD(bias + o + 4);
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
            vf a0 = V_SPLAT(0), a1 = a0, a2 = a0, a3 = a0;
            const float *wp = w + o;
            for (int i = 0; i < I; i++, wp += O) {
                vf w0 = V_LOAD(wp);
                a0 = V_MULADD(a0, V_SPLAT(x0[i]), w0);
                a1 = V_MULADD(a1, V_SPLAT(x1[i]), w0);
                a2 = V_MULADD(a2, V_SPLAT(x2[i]), w0);
                a3 = V_MULADD(a3, V_SPLAT(x3[i]), w0);
            }
            vf b0 = V_LOAD(bias + o);
            V_STORE(y + o, v_act(V_ADD(a0, b0), act));
            V_STORE(y + O + o, v_act(V_ADD(a1, b0), act));
            V_STORE(y + 2 * O + o, v_act(V_ADD(a2, b0), act));
            V_STORE(y + 3 * O + o, v_act(V_ADD(a3, b0), act));
        }
        if (o < O) { // the last 1..3 columns as a partial vector
            int n = O - o;
            vf a0 = V_SPLAT(0), a1 = a0, a2 = a0, a3 = a0;
            const float *wp = w + o;
            for (int i = 0; i < I; i++, wp += O) {
                vf w0 = V_LOADN(wp, n);
                a0 = V_MULADD(a0, V_SPLAT(x0[i]), w0);
                a1 = V_MULADD(a1, V_SPLAT(x1[i]), w0);
                a2 = V_MULADD(a2, V_SPLAT(x2[i]), w0);
                a3 = V_MULADD(a3, V_SPLAT(x3[i]), w0);
            }
            vf b0 = V_LOADN(bias + o, n);
            V_STOREN(y + o, v_act(V_ADD(a0, b0), act), n);
            V_STOREN(y + O + o, v_act(V_ADD(a1, b0), act), n);
            V_STOREN(y + 2 * O + o, v_act(V_ADD(a2, b0), act), n);
            V_STOREN(y + 3 * O + o, v_act(V_ADD(a3, b0), act), n);
        }
    }
    for (; b < B; b++) {
        const float *x0 = inp + b * I;
        float *y = out + b * O;
        int o = 0;
        for (; o + 4 <= O; o += 4) {
            vf a0 = V_SPLAT(0);
            const float *wp = w + o;
            for (int i = 0; i < I; i++, wp += O) a0 = V_MULADD(a0, V_SPLAT(x0[i]), V_LOAD(wp));
            V_STORE(y + o, v_act(V_ADD(a0, V_LOAD(bias + o)), act));
        }
        if (o < O) {
            int n = O - o;
            vf a0 = V_SPLAT(0);
            const float *wp = w + o;
            for (int i = 0; i < I; i++, wp += O) a0 = V_MULADD(a0, V_SPLAT(x0[i]), V_LOADN(wp, n));
            V_STOREN(y + o, v_act(V_ADD(a0, V_LOADN(bias + o, n)), act), n);
        }
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
            vf a00 = V_LOAD(g0 + o), a01 = V_LOAD(g0 + o + 4);
            vf a10 = V_LOAD(g1 + o), a11 = V_LOAD(g1 + o + 4);
            vf a20 = V_LOAD(g2 + o), a21 = V_LOAD(g2 + o + 4);
            vf a30 = V_LOAD(g3 + o), a31 = V_LOAD(g3 + o + 4);
            const float *x = inp + i, *d = dout + o;
            for (int b = 0; b < B; b++, x += I, d += O) {
                vf d0 = V_LOAD(d), d1 = V_LOAD(d + 4), s;
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
            vf a0 = V_LOAD(g0 + o), a1 = V_LOAD(g1 + o), a2 = V_LOAD(g2 + o), a3 = V_LOAD(g3 + o);
            const float *x = inp + i, *d = dout + o;
            for (int b = 0; b < B; b++, x += I, d += O) {
                vf d0 = V_LOAD(d);
                a0 = V_MULADD(a0, V_SPLAT(x[0]), d0);
                a1 = V_MULADD(a1, V_SPLAT(x[1]), d0);
                a2 = V_MULADD(a2, V_SPLAT(x[2]), d0);
                a3 = V_MULADD(a3, V_SPLAT(x[3]), d0);
            }
            V_STORE(g0 + o, a0), V_STORE(g1 + o, a1), V_STORE(g2 + o, a2), V_STORE(g3 + o, a3);
        }
        if (o < O) {
            int n = O - o;
            vf a0 = V_LOADN(g0 + o, n), a1 = V_LOADN(g1 + o, n), a2 = V_LOADN(g2 + o, n),
               a3 = V_LOADN(g3 + o, n);
            const float *x = inp + i, *d = dout + o;
            for (int b = 0; b < B; b++, x += I, d += O) {
                vf d0 = V_LOADN(d, n);
                a0 = V_MULADD(a0, V_SPLAT(x[0]), d0);
                a1 = V_MULADD(a1, V_SPLAT(x[1]), d0);
                a2 = V_MULADD(a2, V_SPLAT(x[2]), d0);
                a3 = V_MULADD(a3, V_SPLAT(x[3]), d0);
            }
            V_STOREN(g0 + o, a0, n), V_STOREN(g1 + o, a1, n);
            V_STOREN(g2 + o, a2, n), V_STOREN(g3 + o, a3, n);
        }
    }
    for (; i < I; i++) {
        float *g0 = dw + i * O;
        int o = 0;
        for (; o + 4 <= O; o += 4) {
            vf a0 = V_LOAD(g0 + o);
            for (int b = 0; b < B; b++)
                a0 = V_MULADD(a0, V_SPLAT(inp[b * I + i]), V_LOAD(dout + b * O + o));
            V_STORE(g0 + o, a0);
        }
        if (o < O) {
            int n = O - o;
            vf a0 = V_LOADN(g0 + o, n);
            for (int b = 0; b < B; b++)
                a0 = V_MULADD(a0, V_SPLAT(inp[b * I + i]), V_LOADN(dout + b * O + o, n));
            V_STOREN(g0 + o, a0, n);
        }
    }
    int o = 0;
    for (; o + 4 <= O; o += 4) {
        vf acc = V_LOAD(db + o);
        for (int b = 0; b < B; b++) acc = V_ADD(acc, V_LOAD(dout + b * O + o));
        V_STORE(db + o, acc);
    }
    if (o < O) {
        int n = O - o;
        vf acc = V_LOADN(db + o, n);
        for (int b = 0; b < B; b++) acc = V_ADD(acc, V_LOADN(dout + b * O + o, n));
        V_STOREN(db + o, acc, n);
    }
}

// The lane sums (l0 + l2) + (l1 + l3) of four vectors at once, as four lanes:
// each add is one the reference does (kern_lanes), with its operands in its order.
static inline vf v_lanes4(vf a, vf b, vf c, vf d) {
    vf ab = V_ADD(v_lows(a, b), v_highs(a, b)); // a0+a2 a1+a3 b0+b2 b1+b3
    vf cd = V_ADD(v_lows(c, d), v_highs(c, d));
    return V_ADD(v_evens(ab, cd), v_odds(ab, cd));
}

// One dot product in the four-lane order, the last 1..3 terms as a partial vector.
static inline float dot_row(const float *d, const float *wr, int O) {
    int O4 = O & ~3;
    vf a = V_SPLAT(0);
    for (int o = 0; o < O4; o += 4) a = V_MULADD(a, V_LOAD(d + o), V_LOAD(wr + o));
    if (O4 < O) a = V_MULADD(a, V_LOADN(d + O4, O - O4), V_LOADN(wr + O4, O - O4));
    return v_lanes(a);
}

// The input gradient of a narrow layer (O up to 8: a classifier's output layer).
// A dot product of 1 to 8 terms leaves the four-lane tiles below mostly idle and
// spends more on the lane sums than on the terms, so here a vector holds four
// kernel rows instead, and four vectors s0..s3 keep each element's four lane sums
// (s_l takes the terms o = l, l + 4, in order, from zero, as dot_lanes does); the
// rows' weights are gathered once into wt[o] and serve the whole batch. The batch's
// loop is written out for each width (NARROW_ROWS), so that it tests no width: 4.8
// against 7.5 GFLOP/s at 3 outputs.
static void bwd_input_narrow(float *dinp, const float *dout, const float *w, const float *inp,
                             int B, int I, int O, int act) {
    const vf zero = V_SPLAT(0);
    int i = 0;
    for (; i + 4 <= I; i += 4) {
        vf wt[8];
        for (int o = 0; o < 8; o++) {
            float col[4] = {0, 0, 0, 0};
            if (o < O)
                for (int r = 0; r < 4; r++) col[r] = w[(i + r) * O + o];
            wt[o] = V_LOAD(col);
        }
        const vf w0 = wt[0], w1 = wt[1], w2 = wt[2], w3 = wt[3], w4 = wt[4], w5 = wt[5], w6 = wt[6],
                 w7 = wt[7];
#define NARROW_ROWS(NO)                                                                            \
    for (int b = 0; b < B; b++) {                                                                  \
        const float *d = dout + b * (NO);                                                          \
        vf s0 = V_MULADD(zero, V_SPLAT(d[0]), w0);                                                 \
        vf s1 = (NO) > 1 ? V_MULADD(zero, V_SPLAT(d[1]), w1) : zero;                               \
        vf s2 = (NO) > 2 ? V_MULADD(zero, V_SPLAT(d[2]), w2) : zero;                               \
        vf s3 = (NO) > 3 ? V_MULADD(zero, V_SPLAT(d[3]), w3) : zero;                               \
        if ((NO) > 4) s0 = V_MULADD(s0, V_SPLAT(d[4]), w4);                                        \
        if ((NO) > 5) s1 = V_MULADD(s1, V_SPLAT(d[5]), w5);                                        \
        if ((NO) > 6) s2 = V_MULADD(s2, V_SPLAT(d[6]), w6);                                        \
        if ((NO) > 7) s3 = V_MULADD(s3, V_SPLAT(d[7]), w7);                                        \
        vf g = V_ADD(V_ADD(s0, s2), V_ADD(s1, s3)); /* (l0 + l2) + (l1 + l3) */                    \
        V_STORE(dinp + b * I + i, v_act_grad(g, V_LOAD(inp + b * I + i), act));                    \
    }
        switch (O) {
        case 1:
            NARROW_ROWS(1) break;
        case 2:
            NARROW_ROWS(2) break;
        case 3:
            NARROW_ROWS(3) break;
        case 4:
            NARROW_ROWS(4) break;
        case 5:
            NARROW_ROWS(5) break;
        case 6:
            NARROW_ROWS(6) break;
        case 7:
            NARROW_ROWS(7) break;
        default:
            NARROW_ROWS(8) break;
        }
#undef NARROW_ROWS
    }
    for (; i < I; i++)
        for (int b = 0; b < B; b++)
            dinp[b * I + i] =
                kern_act_grad(dot_row(dout + b * O, w + i * O, O), inp[b * I + i], act);
}

// Input gradient: each element is the dot product of a row of dout and a row of
// w, kept in four lanes. Tiles of 2 rows x 4 kernel rows share their loads.
void kern_dense_bwd_input(float *dinp, const float *dout, const float *w, const float *inp, int B,
                          int I, int O, int act) {
    if (O <= 8) {
        bwd_input_narrow(dinp, dout, w, inp, B, I, O, act);
        return;
    }
    int O4 = O & ~3, n = O - O4;
    int b = 0;
    for (; b + 2 <= B; b += 2) {
        const float *d0 = dout + b * O, *d1 = d0 + O;
        int i = 0;
        for (; i + 4 <= I; i += 4) {
            const float *w0 = w + i * O, *w1 = w0 + O, *w2 = w1 + O, *w3 = w2 + O;
            vf a00 = V_SPLAT(0), a01 = a00, a02 = a00, a03 = a00;
            vf a10 = a00, a11 = a00, a12 = a00, a13 = a00;
#define DX_TILE_STEP(LOAD)                                                                         \
    do {                                                                                           \
        vf x0 = LOAD(d0 + o), x1 = LOAD(d1 + o);                                                   \
        vf v0 = LOAD(w0 + o), v1 = LOAD(w1 + o);                                                   \
        vf v2 = LOAD(w2 + o), v3 = LOAD(w3 + o);                                                   \
        a00 = V_MULADD(a00, x0, v0), a01 = V_MULADD(a01, x0, v1);                                  \
        a02 = V_MULADD(a02, x0, v2), a03 = V_MULADD(a03, x0, v3);                                  \
        a10 = V_MULADD(a10, x1, v0), a11 = V_MULADD(a11, x1, v1);                                  \
        a12 = V_MULADD(a12, x1, v2), a13 = V_MULADD(a13, x1, v3);                                  \
    } while (0)
#define LOAD_TAIL(p) V_LOADN(p, n)
            for (int o = 0; o < O4; o += 4) DX_TILE_STEP(V_LOAD);
            if (n) {
                int o = O4;
                DX_TILE_STEP(LOAD_TAIL);
            }
#undef LOAD_TAIL
#undef DX_TILE_STEP
            float *g0 = dinp + b * I + i, *g1 = g0 + I;
            const float *p0 = inp + b * I + i, *p1 = p0 + I;
            V_STORE(g0, v_act_grad(v_lanes4(a00, a01, a02, a03), V_LOAD(p0), act));
            V_STORE(g1, v_act_grad(v_lanes4(a10, a11, a12, a13), V_LOAD(p1), act));
        }
        for (; i < I; i++)
            for (int r = 0; r < 2; r++)
                dinp[(b + r) * I + i] = kern_act_grad(dot_row(dout + (b + r) * O, w + i * O, O),
                                                      inp[(b + r) * I + i], act);
    }
    for (; b < B; b++)
        for (int i = 0; i < I; i++)
            dinp[b * I + i] =
                kern_act_grad(dot_row(dout + b * O, w + i * O, O), inp[b * I + i], act);
}

// The optimizers: a vector body with lane sums of g^2, (w_new - w)^2 and w^2,
// then the scalar tail from the reference's update.
#define OPT_SIMD(VBODY, SBODY)                                                                     \
    vf sg = V_SPLAT(0), sd = sg, sw = sg;                                                          \
    int k = 0;                                                                                     \
    for (; k + 4 <= n; k += 4) {                                                                   \
        vf gv = V_LOAD(g + k), wv = V_LOAD(w + k), nv;                                             \
        VBODY;                                                                                     \
        vf dv = V_SUB(nv, wv);                                                                     \
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
    vf lv = V_SPLAT(lr);
    OPT_SIMD(nv = V_SUB(wv, V_MUL(lv, gv)), nw = wk - lr * gk)
}

void kern_momentum(float *w, float *vel, const float *g, float lr, float mom, int n,
                   float sums[3]) {
    vf lv = V_SPLAT(lr), mv = V_SPLAT(mom);
    OPT_SIMD(vf vk = V_SUB(V_MUL(mv, V_LOAD(vel + k)), V_MUL(lv, gv)); V_STORE(vel + k, vk);
             nv = V_ADD(wv, vk), float vk = mom * vel[k] - lr * gk; vel[k] = vk; nw = wk + vk)
}

void kern_rmsprop(float *w, float *ms, const float *g, float lr, float rho, float eps, int n,
                  float sums[3]) {
    float c = 1.0f - rho;
    vf lv = V_SPLAT(lr), rv = V_SPLAT(rho), cv = V_SPLAT(c), ev = V_SPLAT(eps);
    OPT_SIMD(vf mk = V_ADD(V_MUL(rv, V_LOAD(ms + k)), V_MUL(cv, V_MUL(gv, gv)));
             V_STORE(ms + k, mk); nv = V_SUB(wv, V_DIV(V_MUL(lv, gv), V_SQRT(V_ADD(mk, ev)))),
                                  float mk = rho * ms[k] + c * (gk * gk);
             ms[k] = mk; nw = wk - (lr * gk) / __builtin_sqrtf(mk + eps))
}

void kern_adam(float *w, float *m, float *v, const float *g, float alpha, float b1, float b2,
               float eps, int n, float sums[3]) {
    float c1 = 1.0f - b1, c2 = 1.0f - b2;
    vf av = V_SPLAT(alpha), c1v = V_SPLAT(c1), c2v = V_SPLAT(c2), ev = V_SPLAT(eps);
    OPT_SIMD(vf m0 = V_LOAD(m + k); vf v0 = V_LOAD(v + k);
             vf mk = V_ADD(m0, V_MUL(V_SUB(gv, m0), c1v));
             vf vk = V_ADD(v0, V_MUL(V_SUB(V_MUL(gv, gv), v0), c2v)); V_STORE(m + k, mk);
             V_STORE(v + k, vk); nv = V_SUB(wv, V_DIV(V_MUL(mk, av), V_ADD(V_SQRT(vk), ev))),
                                 float mk = m[k] + (gk - m[k]) * c1;
             float vk = v[k] + (gk * gk - v[k]) * c2; m[k] = mk; v[k] = vk;
             nw = wk - (mk * alpha) / (__builtin_sqrtf(vk) + eps))
}

void kern_axpy(float *y, const float *x, float c, int n) {
    vf cv = V_SPLAT(c);
    int k = 0;
    for (; k + 4 <= n; k += 4) V_STORE(y + k, V_ADD(V_LOAD(y + k), V_MUL(cv, V_LOAD(x + k))));
    for (; k < n; k++) y[k] += c * x[k];
}

float kern_sumsq(const float *x, int n) {
    return dot_row(x, x, n);
}

#else // no vectors: the reference is the implementation.

const char *kern_isa(void) {
    return "scalar reference";
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
