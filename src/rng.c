// rng.c: SplitMix64 streams. SplitMix64 passes BigCrush, needs one word of
// state, and its output is a pure function of (state), which is what makes
// every run reproducible.
#include "rng.h"

#include "fmath.h"

static uint64_t mix64(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

uint64_t rng_stream(uint32_t seed, uint32_t stream) {
    return mix64(((uint64_t)seed << 32 | stream) ^ 0x6a09e667f3bcc909ULL);
}

float rng_at(uint64_t key, uint64_t counter) {
    return (float)(mix64(key + counter * 0x9e3779b97f4a7c15ULL) >> 40) * 0x1p-24f;
}

uint32_t rng_u32(uint64_t *state) {
    *state += 0x9e3779b97f4a7c15ULL;
    return (uint32_t)(mix64(*state) >> 32);
}

float rng_uniform(uint64_t *state) {
    return (float)(rng_u32(state) >> 8) * 0x1p-24f;
}

int rng_below(uint64_t *state, int n) {
    return (int)(((uint64_t)rng_u32(state) * (uint64_t)n) >> 32);
}

float rng_normal(uint64_t *state) {
    double u, v, s;
    do {
        u = 2.0 * rng_uniform(state) - 1.0;
        v = 2.0 * rng_uniform(state) - 1.0;
        s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    return (float)(u * __builtin_sqrt(-2.0 * fm_log(s) / s));
}

float rng_truncated_normal(uint64_t *state) {
    float z;
    do z = rng_normal(state);
    while (z < -2.0f || z > 2.0f);
    return z;
}

void rng_permute(uint64_t *state, int32_t *idx, int n) {
    for (int i = n - 1; i > 0; i--) {
        int j = rng_below(state, i + 1);
        int32_t tmp = idx[i];
        idx[i] = idx[j];
        idx[j] = tmp;
    }
}
