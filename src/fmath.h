// fmath.h: exp, log, tanh, sigmoid and sin/cos written with IEEE +, *, / and
// sqrt only, so that they give the same bits on every machine and in every
// build (libm's expf differs between glibc and the musl inside Emscripten).
// The SIMD kernels evaluate the same polynomials lane by lane, op for op.
#ifndef FL_FMATH_H
#define FL_FMATH_H

#include <stdint.h>
#include <string.h>

// exp: x = n ln2 + r with |r| <= ln2/2, exp(r) by its Taylor series to r^7
// (truncation below 2e-8 relative), then scaled by 2^n through the exponent bits.
#define FM_EXP_LO -87.0f
#define FM_EXP_HI 88.0f
#define FM_LOG2E  1.44269504088896341f
#define FM_LN2_HI 0.693145751953125f // ln 2 split so n * FM_LN2_HI is exact
#define FM_LN2_LO 1.42860682030941723e-06f
#define FM_EXP_C7 (1.0f / 5040.0f)
#define FM_EXP_C6 (1.0f / 720.0f)
#define FM_EXP_C5 (1.0f / 120.0f)
#define FM_EXP_C4 (1.0f / 24.0f)
#define FM_EXP_C3 (1.0f / 6.0f)
#define FM_EXP_C2 0.5f
#define FM_LEAKY  0.2f // Keras's leaky_relu negative slope

static inline float fm_bits_to_float(int32_t b) {
    float f;
    memcpy(&f, &b, sizeof f);
    return f;
}
static inline int32_t fm_float_to_bits(float f) {
    int32_t b;
    memcpy(&b, &f, sizeof b);
    return b;
}

// Clamps with compare-and-select in the order wasm's pmin/pmax use, so that a
// NaN input gives the same result in scalar and SIMD code.
static inline float fm_expf(float x) {
    x = (FM_EXP_LO < x) ? x : FM_EXP_LO;
    x = (x < FM_EXP_HI) ? x : FM_EXP_HI;
    float n = __builtin_floorf(x * FM_LOG2E + 0.5f);
    float r = x - n * FM_LN2_HI;
    r = r - n * FM_LN2_LO;
    float p = FM_EXP_C7;
    p = p * r + FM_EXP_C6;
    p = p * r + FM_EXP_C5;
    p = p * r + FM_EXP_C4;
    p = p * r + FM_EXP_C3;
    p = p * r + FM_EXP_C2;
    p = p * r + 1.0f;
    p = p * r + 1.0f;
    return p * fm_bits_to_float(((int32_t)n + 127) << 23);
}

// sigmoid(x) = 1 / (1 + exp(-x)); exact limits 0 and 1 far out.
static inline float fm_sigmoidf(float x) {
    return 1.0f / (1.0f + fm_expf(-x));
}

// tanh(x) = sign(x) (1 - e) / (1 + e) with e = exp(-2|x|).
static inline float fm_tanhf(float x) {
    float ax = (x < 0.0f) ? -x : x;
    float e = fm_expf(-2.0f * ax);
    float y = (1.0f - e) / (1.0f + e);
    return (x < 0.0f) ? -y : y;
}

// Natural log for x > 0: x = m 2^k with m in [sqrt(1/2), sqrt(2)), then
// log m = 2 atanh(s), s = (m - 1) / (m + 1), by its odd series to s^11.
// Only scalar code calls it (losses, data), so it may work in double.
static inline double fm_log(double x) {
    if (!(x > 0)) return x == 0 ? -1.0 / 0.0 : 0.0 / 0.0;
    if (x > 1.7e308) return x;
    int k = 0;
    while (x >= 1.4142135623730951) x *= 0.5, k++;
    while (x < 0.7071067811865476) x *= 2.0, k--;
    double s = (x - 1.0) / (x + 1.0), s2 = s * s;
    double p = 1.0 / 21;
    p = p * s2 + 1.0 / 19;
    p = p * s2 + 1.0 / 17;
    p = p * s2 + 1.0 / 15;
    p = p * s2 + 1.0 / 13;
    p = p * s2 + 1.0 / 11;
    p = p * s2 + 1.0 / 9;
    p = p * s2 + 1.0 / 7;
    p = p * s2 + 1.0 / 5;
    p = p * s2 + 1.0 / 3;
    p = p * s2 + 1.0;
    return 2.0 * s * p + k * 0.6931471805599453;
}

// exp in double for scalar code that wants more than float accuracy.
static inline double fm_exp(double x) {
    if (x < -700) return 0;
    if (x > 700) x = 700;
    double n = __builtin_floor(x * 1.4426950408889634 + 0.5);
    double r = (x - n * 0.693147180369123816490) - n * 1.90821492927058770002e-10;
    double p = 1.0, term = 1.0;
    for (int i = 1; i <= 13; i++) term = term * r / i, p += term;
    int64_t bits = (int64_t)(n + 1023) << 52;
    double scale;
    memcpy(&scale, &bits, sizeof scale);
    return p * scale;
}

// sin and cos of x in [-pi, pi] or a little beyond, by Taylor series (data
// generation only, where x is an angle the code built).
static inline double fm_sin(double x) {
    while (x > 3.141592653589793) x -= 6.283185307179586;
    while (x < -3.141592653589793) x += 6.283185307179586;
    double x2 = x * x, term = x, sum = x;
    for (int i = 1; i <= 12; i++) term = -term * x2 / ((2 * i) * (2 * i + 1)), sum += term;
    return sum;
}
static inline double fm_cos(double x) {
    return fm_sin(x + 1.5707963267948966);
}

#endif
