// test_kernels.c: every kernel against its scalar reference, to the bit, on
// awkward sizes; and the reference itself against plain double arithmetic.
// kern_* are the blocked vector kernels natively and in the SIMD WebAssembly
// build (run under Node), and the reference itself in the scalar build.
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fmath.h"
#include "flatline.h"
#include "kernels.h"
#include "rng.h"

static const int sizes[] = {1, 3, 4, 5, 8, 17, 67};
enum { N_SIZES = sizeof sizes / sizeof sizes[0] };

static float *random_buf(uint64_t *rng, size_t n, float lo, float hi) {
    float *p = malloc((n ? n : 1) * sizeof(float));
    for (size_t k = 0; k < n; k++) p[k] = lo + (hi - lo) * rng_uniform(rng);
    return p;
}

static void test_dense(uint64_t *rng) {
    for (int bi = 0; bi < N_SIZES; bi++)
        for (int ii = 0; ii < N_SIZES; ii++)
            for (int oi = 0; oi < N_SIZES; oi++) {
                int B = sizes[bi], I = sizes[ii], O = sizes[oi];
                float *x = random_buf(rng, (size_t)B * I, -2, 2);
                float *w = random_buf(rng, (size_t)I * O, -1, 1);
                float *bias = random_buf(rng, O, -0.5f, 0.5f);
                float *dout = random_buf(rng, (size_t)B * O, -1, 1);
                float *y1 = malloc(sizeof(float) * B * O), *y2 = malloc(sizeof(float) * B * O);
                float *dx1 = malloc(sizeof(float) * B * I), *dx2 = malloc(sizeof(float) * B * I);
                float *dw1 = random_buf(rng, (size_t)I * O, -1, 1);
                float *dw2 = malloc(sizeof(float) * I * O);
                float *db1 = random_buf(rng, O, -1, 1), *db2 = malloc(sizeof(float) * O);
                memcpy(dw2, dw1, sizeof(float) * I * O);
                memcpy(db2, db1, sizeof(float) * O);
                for (int act = 0; act < 5; act++) {
                    kern_dense_fwd(y1, x, w, bias, B, I, O, act);
                    kern_ref_dense_fwd(y2, x, w, bias, B, I, O, act);
                    CHECK(same_bits(y1, y2, sizeof(float) * B * O), "fwd B=%d I=%d O=%d act=%d", B,
                          I, O, act);
                    // The input gradient takes the previous layer's activation output.
                    for (int k = 0; k < B * I; k++) x[k] = kern_act(x[k], act);
                    kern_dense_bwd_input(dx1, dout, w, x, B, I, O, act);
                    kern_ref_dense_bwd_input(dx2, dout, w, x, B, I, O, act);
                    CHECK(same_bits(dx1, dx2, sizeof(float) * B * I),
                          "bwd_input B=%d I=%d O=%d act=%d", B, I, O, act);
                }
                kern_dense_bwd_weights(dw1, db1, x, dout, B, I, O);
                kern_ref_dense_bwd_weights(dw2, db2, x, dout, B, I, O);
                CHECK(same_bits(dw1, dw2, sizeof(float) * I * O), "bwd_weights B=%d I=%d O=%d", B,
                      I, O);
                CHECK(same_bits(db1, db2, sizeof(float) * O), "bwd bias B=%d O=%d", B, O);
                free(x), free(w), free(bias), free(dout), free(y1), free(y2), free(dx1), free(dx2),
                    free(dw1), free(dw2), free(db1), free(db2);
            }
}

// Long batches: with batch normalization a chunk is a whole batch, hundreds of
// rows, and the weight gradient sums over all of them onto the gradient already
// there (from the batch's earlier chunks, or none). The sizes above stop at 67.
static void test_dense_long_batch(uint64_t *rng) {
    static const int batches[] = {256, 257, 773};
    for (int k = 0; k < 3; k++) {
        int B = batches[k], I = 9, O = 67;
        float *x = random_buf(rng, (size_t)B * I, -2, 2),
              *dout = random_buf(rng, (size_t)B * O, -1, 1);
        float *dw1 = random_buf(rng, (size_t)I * O, -1, 1), *db1 = random_buf(rng, O, -1, 1);
        float *dw2 = malloc(sizeof(float) * I * O), *db2 = malloc(sizeof(float) * O);
        memcpy(dw2, dw1, sizeof(float) * I * O), memcpy(db2, db1, sizeof(float) * O);
        kern_dense_bwd_weights(dw1, db1, x, dout, B, I, O);
        kern_ref_dense_bwd_weights(dw2, db2, x, dout, B, I, O);
        CHECK(same_bits(dw1, dw2, sizeof(float) * I * O), "bwd_weights B=%d I=%d O=%d", B, I, O);
        CHECK(same_bits(db1, db2, sizeof(float) * O), "bwd bias B=%d O=%d", B, O);
        free(x), free(dout), free(dw1), free(db1), free(dw2), free(db2);
    }
}

// Signed zeros: a lane sum that starts at +0 and takes only -0 terms is +0, and
// the kernels must keep that (a narrow layer's gradient sums its few terms from
// zero, as the reference does): rows whose gradients are all zeros, of both signs,
// and weights of exact zeros.
static void test_dense_zeros(uint64_t *rng) {
    static const int widths[] = {1, 2, 3, 5, 8, 9, 12};
    for (int oi = 0; oi < (int)(sizeof widths / sizeof widths[0]); oi++) {
        int B = 6, I = 9, O = widths[oi];
        float *x = random_buf(rng, (size_t)B * I, -2, 2);
        float *w = random_buf(rng, (size_t)I * O, -1, 1);
        float *dout = random_buf(rng, (size_t)B * O, -1, 1);
        // Rows of gradients that are all zeros: row 0 all -0 (against the positive weights
        // of even kernel rows, every term is -0), row 2 of both signs.
        for (int o = 0; o < O; o++) dout[o] = -0.0f, dout[2 * O + o] = (o % 3) ? -0.0f : 0.0f;
        for (int i = 0; i < I; i++)
            for (int o = 0; o < O; o++) {
                float *v = &w[i * O + o];
                if (i % 2 == 0)
                    *v = 0.1f + (*v < 0 ? -*v : *v);
                else if (o % 3 == 1)
                    *v = (o % 2) ? -0.0f : 0.0f;
            }
        float *dx1 = malloc(sizeof(float) * B * I), *dx2 = malloc(sizeof(float) * B * I);
        for (int act = 0; act < 5; act++) {
            kern_dense_bwd_input(dx1, dout, w, x, B, I, O, act);
            kern_ref_dense_bwd_input(dx2, dout, w, x, B, I, O, act);
            CHECK(same_bits(dx1, dx2, sizeof(float) * B * I), "bwd_input with zeros O=%d act=%d", O,
                  act);
        }
        free(x), free(w), free(dout), free(dx1), free(dx2);
    }
}

// The reference computes what its comment says, within float rounding.
static void test_reference_math(uint64_t *rng) {
    int B = 5, I = 17, O = 6;
    float *x = random_buf(rng, B * I, -2, 2), *w = random_buf(rng, I * O, -1, 1);
    float *bias = random_buf(rng, O, -1, 1), *dout = random_buf(rng, B * O, -1, 1);
    float y[5 * 6], dx[5 * 17], dw[17 * 6] = {0}, db[6] = {0};
    kern_ref_dense_fwd(y, x, w, bias, B, I, O, FL_ACT_LINEAR);
    kern_ref_dense_bwd_input(dx, dout, w, x, B, I, O, FL_ACT_LINEAR);
    kern_ref_dense_bwd_weights(dw, db, x, dout, B, I, O);
    for (int b = 0; b < B; b++)
        for (int o = 0; o < O; o++) {
            double s = bias[o];
            for (int i = 0; i < I; i++) s += (double)x[b * I + i] * w[i * O + o];
            CHECK(close_rel(y[b * O + o], s, 1e-5), "fwd %g vs %g", y[b * O + o], s);
        }
    for (int b = 0; b < B; b++)
        for (int i = 0; i < I; i++) {
            double s = 0;
            for (int o = 0; o < O; o++) s += (double)dout[b * O + o] * w[i * O + o];
            CHECK(close_rel(dx[b * I + i], s, 1e-5), "dx %g vs %g", dx[b * I + i], s);
        }
    for (int i = 0; i < I; i++)
        for (int o = 0; o < O; o++) {
            double s = 0;
            for (int b = 0; b < B; b++) s += (double)x[b * I + i] * dout[b * O + o];
            CHECK(close_rel(dw[i * O + o], s, 1e-5), "dw %g vs %g", dw[i * O + o], s);
        }
    free(x), free(w), free(bias), free(dout);
}

// exp, tanh and sigmoid from fmath.h against libm in double.
static void test_fmath(void) {
    double worst = 0;
    for (double v = -20; v <= 20; v += 0.01) {
        double e = exp(v), got = fm_expf((float)v);
        double rel = fabs(got - exp((float)v)) / e;
        worst = rel > worst ? rel : worst;
        CHECK(fabs(fm_tanhf((float)v) - tanh((float)v)) < 3e-7, "tanh(%g)", v);
        CHECK(fabs(fm_sigmoidf((float)v) - 1 / (1 + exp(-(float)v))) < 3e-7, "sigmoid(%g)", v);
        CHECK(fabs(fm_log(e) - v) < 1e-12 * (1 + fabs(v)), "log(exp(%g))", v);
        CHECK(fabs(fm_sin(v / 7) - sin(v / 7)) < 1e-12, "sin(%g)", v / 7);
    }
    CHECK(worst < 3e-7, "expf relative error %g", worst);
    CHECK(fm_expf(-1000.0f) >= 0 && fm_expf(1000.0f) > 1e38f, "exp clamps");
}

static void test_optimizers(uint64_t *rng) {
    for (int si = 0; si < N_SIZES; si++) {
        int n = sizes[si] * 3 + 1;
        float *g = random_buf(rng, n, -1, 1);
        float *w[2], *m[2], *v[2], sums[2][3];
        uint64_t seed = *rng;
        for (int opt = 0; opt < 4; opt++) {
            for (int k = 0; k < 2; k++) {
                uint64_t r = seed;
                w[k] = random_buf(&r, n, -1, 1);
                m[k] = random_buf(&r, n, -0.1f, 0.1f);
                v[k] = random_buf(&r, n, 0, 0.1f);
            }
            for (int step = 0; step < 3; step++)
                for (int k = 0; k < 2; k++) {
                    switch (opt) {
                    case 0:
                        (k ? kern_ref_sgd : kern_sgd)(w[k], g, 0.1f, n, sums[k]);
                        break;
                    case 1:
                        (k ? kern_ref_momentum : kern_momentum)(w[k], m[k], g, 0.1f, 0.9f, n,
                                                                sums[k]);
                        break;
                    case 2:
                        (k ? kern_ref_rmsprop : kern_rmsprop)(w[k], v[k], g, 0.01f, 0.9f, 1e-7f, n,
                                                              sums[k]);
                        break;
                    default:
                        (k ? kern_ref_adam : kern_adam)(w[k], m[k], v[k], g, 0.003f, 0.9f, 0.999f,
                                                        1e-7f, n, sums[k]);
                    }
                }
            CHECK(same_bits(w[0], w[1], sizeof(float) * n), "optimizer %d n=%d weights", opt, n);
            CHECK(same_bits(m[0], m[1], sizeof(float) * n), "optimizer %d n=%d m", opt, n);
            CHECK(same_bits(v[0], v[1], sizeof(float) * n), "optimizer %d n=%d v", opt, n);
            CHECK(same_bits(sums[0], sums[1], sizeof sums[0]), "optimizer %d n=%d sums", opt, n);
            for (int k = 0; k < 2; k++) free(w[k]), free(m[k]), free(v[k]);
        }
        float *y1 = random_buf(rng, n, -1, 1), *y2 = malloc(sizeof(float) * n);
        memcpy(y2, y1, sizeof(float) * n);
        kern_axpy(y1, g, 0.37f, n);
        kern_ref_axpy(y2, g, 0.37f, n);
        CHECK(same_bits(y1, y2, sizeof(float) * n), "axpy n=%d", n);
        float s1 = kern_sumsq(g, n), s2 = kern_ref_sumsq(g, n);
        CHECK(same_bits(&s1, &s2, sizeof s1), "sumsq n=%d", n);
        free(g), free(y1), free(y2);
    }
}

int main(void) {
    uint64_t rng = rng_stream(7, 0);
    printf("kernels under test: %s\n", kern_isa());
    test_dense(&rng);
    test_dense_zeros(&rng);
    test_dense_long_batch(&rng);
    test_reference_math(&rng);
    test_fmath();
    test_optimizers(&rng);
    return check_report("kernels");
}
