// kernels.h: the only code that touches every float of a matrix. Plain loops
// over caller-owned buffers: outputs first, then inputs, then sizes. Kernels
// never allocate. Each has a scalar reference (kern_ref_*, kernels_ref.c) and
// the version the layers call (kern_*, kernels.c): register-blocked loops over
// four-float vectors (simd.h: WebAssembly SIMD, or native vectors), or the
// reference in the scalar WebAssembly build. Both give the same bits, because:
//   - the forward and weight-gradient products vectorize over the output index,
//     so every element sums its terms in the same order in both;
//   - reductions along a contiguous row (the input gradient, sumsq) keep four
//     lanes, lane l taking terms l, l+4, ... to the end of the row, combined
//     as (l0 + l2) + (l1 + l3); the optimizers' norms do the same over whole
//     vectors and add the last n mod 4 terms after, in order;
//   - exp and friends are the polynomials of fmath.h, evaluated op for op.
// Builds must not contract a*b+c into fused multiply-adds (-ffp-contract=off).
#ifndef FL_KERNELS_H
#define FL_KERNELS_H

// sums[0..2] of the optimizer kernels: sum g^2, sum (w_new - w_old)^2, sum w_old^2.
#define KERN_DECLARE(p)                                                                            \
    /* out (B,O) = act(inp (B,I) . w (I,O) + bias (O)) */                                          \
    void p##dense_fwd(float *out, const float *inp, const float *w, const float *bias, int B,      \
                      int I, int O, int act);                                                      \
    /* dw (I,O) += inp (B,I)^T . dout (B,O);  db (O) += sum over B of dout */                      \
    void p##dense_bwd_weights(float *dw, float *db, const float *inp, const float *dout, int B,    \
                              int I, int O);                                                       \
    /* dinp (B,I) = (dout (B,O) . w (I,O)^T) * act'(inp), inp being act's output */                \
    void p##dense_bwd_input(float *dinp, const float *dout, const float *w, const float *inp,      \
                            int B, int I, int O, int act);                                         \
    /* w -= lr g */                                                                                \
    void p##sgd(float *w, const float *g, float lr, int n, float sums[3]);                         \
    /* vel = mom vel - lr g;  w += vel */                                                          \
    void p##momentum(float *w, float *vel, const float *g, float lr, float mom, int n,             \
                     float sums[3]);                                                               \
    /* ms = rho ms + (1 - rho) g^2;  w -= lr g / sqrt(ms + eps), epsilon inside as in Keras */     \
    void p##rmsprop(float *w, float *ms, const float *g, float lr, float rho, float eps, int n,    \
                    float sums[3]);                                                                \
    /* m += (g - m)(1-b1);  v += (g^2 - v)(1-b2);  w -= alpha m / (sqrt(v) + eps) */               \
    void p##adam(float *w, float *m, float *v, const float *g, float alpha, float b1, float b2,    \
                 float eps, int n, float sums[3]);                                                 \
    /* y (n) += c x (n) */                                                                         \
    void p##axpy(float *y, const float *x, float c, int n);                                        \
    /* sum of x^2 in lane order */                                                                 \
    float p##sumsq(const float *x, int n);

KERN_DECLARE(kern_)
KERN_DECLARE(kern_ref_)

// What kern_* run on: "wasm simd128", "native 128-bit vectors" or "scalar
// reference" (the tests report which they checked).
const char *kern_isa(void);

// The element-wise parts, shared by the reference and the SIMD tails.
float kern_act(float x, int act);
float kern_act_grad(float g, float a, int act); // a: the activation's output
float kern_lanes(const float s[4]);             // (s0 + s2) + (s1 + s3)

#endif
