// simd.h: the small vocabulary of four-float vectors that the SIMD kernels are
// written in (ggml's simd-mappings idea). Under WebAssembly SIMD each word is
// one wasm_simd128 intrinsic; natively (GCC or Clang) it is the compilers'
// vector extension, so the native build runs the very same blocked kernels on
// 128-bit SSE/NEON registers. Only kernels.c includes this file.
//
// Every word does exactly one IEEE operation per lane, so kernels written in
// it give the bits of the scalar reference that does the same operations.
#ifndef FL_SIMD_H
#define FL_SIMD_H

#include <stdint.h>
#include <string.h>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>

#define SIMD_ISA "wasm simd128"
typedef v128_t vf; // four floats (or, from a comparison, four lane masks)

#define V_LOAD(p)         wasm_v128_load(p)
#define V_STORE(p, v)     wasm_v128_store(p, v)
#define V_SPLAT(x)        wasm_f32x4_splat(x)
#define V_ADD(a, b)       wasm_f32x4_add(a, b)
#define V_SUB(a, b)       wasm_f32x4_sub(a, b)
#define V_MUL(a, b)       wasm_f32x4_mul(a, b)
#define V_DIV(a, b)       wasm_f32x4_div(a, b)
#define V_NEG(a)          wasm_f32x4_neg(a)
#define V_SQRT(a)         wasm_f32x4_sqrt(a)
#define V_FLOOR(a)        wasm_f32x4_floor(a)
#define V_PMAX(a, b)      wasm_f32x4_pmax(a, b) // a < b ? b : a
#define V_PMIN(a, b)      wasm_f32x4_pmin(a, b) // b < a ? b : a
#define V_GT(a, b)        wasm_f32x4_gt(a, b)   // lane masks
#define V_LT(a, b)        wasm_f32x4_lt(a, b)
#define V_AND(a, m)       wasm_v128_and(a, m)
#define V_SELECT(a, b, m) wasm_v128_bitselect(a, b, m) // m ? a : b
// 2^n for whole-number floats n in [-126, 127], through the exponent bits.
#define V_EXP2I(n)                                                                                 \
    wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(n), wasm_i32x4_splat(127)), 23)

// The first n (1..3) floats at p, the other lanes zero; nothing past p[n-1] is read.
static inline vf V_LOADN(const float *p, int n) {
    if (n == 1) return wasm_v128_load32_zero(p);
    vf v = wasm_v128_load64_zero(p);
    return n == 2 ? v : wasm_v128_load32_lane(p + 2, v, 2);
}
// Stores the first n (1..3) lanes.
static inline void V_STOREN(float *p, vf v, int n) {
    if (n == 1) {
        wasm_v128_store32_lane(p, v, 0);
        return;
    }
    wasm_v128_store64_lane(p, v, 0);
    if (n == 3) wasm_v128_store32_lane(p + 2, v, 2);
}

// (l0 + l2) + (l1 + l3)
static inline float v_lanes(vf v) {
    vf t = V_ADD(v, wasm_i32x4_shuffle(v, v, 2, 3, 0, 1));
    return wasm_f32x4_extract_lane(t, 0) + wasm_f32x4_extract_lane(t, 1);
}
// Lanes i, j, k, l of the eight in a then b.
#define V_SHUFFLE(a, b, i, j, k, l) wasm_i32x4_shuffle(a, b, i, j, k, l)

#elif (defined(__GNUC__) || defined(__clang__)) && !defined(__wasm__)

#define SIMD_ISA    "native 128-bit vectors"
typedef float vf __attribute__((vector_size(16)));
typedef int32_t vi __attribute__((vector_size(16)));

static inline vf V_LOAD(const float *p) {
    vf v;
    memcpy(&v, p, sizeof v);
    return v;
}
static inline void V_STORE(float *p, vf v) {
    memcpy(p, &v, sizeof v);
}
// The first n (1..3) floats at p, the other lanes zero; and the store of n lanes.
// Built from element loads: a partial copy into a zeroed vector on the stack
// would stall on store forwarding when the whole vector is read back.
static inline vf V_LOADN(const float *p, int n) {
    if (n == 1) return (vf){p[0], 0, 0, 0};
    if (n == 2) return (vf){p[0], p[1], 0, 0};
    return (vf){p[0], p[1], p[2], 0};
}
static inline void V_STOREN(float *p, vf v, int n) {
    p[0] = v[0];
    if (n > 1) p[1] = v[1];
    if (n > 2) p[2] = v[2];
}
static inline vf V_SPLAT(float x) {
    return (vf){x, x, x, x};
}
#define V_ADD(a, b) ((a) + (b))
#define V_SUB(a, b) ((a) - (b))
#define V_MUL(a, b) ((a) * (b))
#define V_DIV(a, b) ((a) / (b))
#define V_NEG(a)    (-(a))
static inline vf V_SQRT(vf a) {
    return (vf){__builtin_sqrtf(a[0]), __builtin_sqrtf(a[1]), __builtin_sqrtf(a[2]),
                __builtin_sqrtf(a[3])};
}
static inline vf V_FLOOR(vf a) {
    return (vf){__builtin_floorf(a[0]), __builtin_floorf(a[1]), __builtin_floorf(a[2]),
                __builtin_floorf(a[3])};
}
static inline vf V_SELECT(vf a, vf b, vf m) {
    return (vf)(((vi)a & (vi)m) | ((vi)b & ~(vi)m));
}
#define V_GT(a, b)  ((vf)((a) > (b)))
#define V_LT(a, b)  ((vf)((a) < (b)))
#define V_AND(a, m) ((vf)((vi)(a) & (vi)(m)))
static inline vf V_PMAX(vf a, vf b) {
    return V_SELECT(b, a, V_LT(a, b));
}
static inline vf V_PMIN(vf a, vf b) {
    return V_SELECT(b, a, V_LT(b, a));
}
static inline vf V_EXP2I(vf n) {
    vi e = (__builtin_convertvector(n, vi) + 127) << 23;
    return (vf)e;
}
static inline float v_lanes(vf v) {
    return (v[0] + v[2]) + (v[1] + v[3]);
}
// Lanes i, j, k, l of the eight in a then b (kept off clang-format's alignment of the
// words above, which this long one would move).
// clang-format off
#define V_SHUFFLE(a, b, i, j, k, l) __builtin_shufflevector(a, b, i, j, k, l)
// clang-format on

#endif

#ifdef SIMD_ISA
#define V_MULADD(acc, a, b) V_ADD(acc, V_MUL(a, b)) // two roundings, never fused

// Two lanes of a then two of b: the low halves {a0 a1 b0 b1}, the high {a2 a3 b2 b3};
// the even lanes of a then b {a0 a2 b0 b2}, the odd {a1 a3 b1 b3}.
static inline vf v_lows(vf a, vf b) {
    return V_SHUFFLE(a, b, 0, 1, 4, 5);
}
static inline vf v_highs(vf a, vf b) {
    return V_SHUFFLE(a, b, 2, 3, 6, 7);
}
static inline vf v_evens(vf a, vf b) {
    return V_SHUFFLE(a, b, 0, 2, 4, 6);
}
static inline vf v_odds(vf a, vf b) {
    return V_SHUFFLE(a, b, 1, 3, 5, 7);
}
#endif

#endif
