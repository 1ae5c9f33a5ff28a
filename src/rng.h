// rng.h: explicit random state. Every stream is a uint64_t that its owner keeps
// (the trainer has one for data, one for weights, one for batch order), so one
// seed fixes everything and no hidden global generator exists.
#ifndef FL_RNG_H
#define FL_RNG_H

#include <stdint.h>

// A stream for `seed` and purpose `stream`: changing one never shifts another.
uint64_t rng_stream(uint32_t seed, uint32_t stream);
uint32_t rng_u32(uint64_t *state);
float rng_uniform(uint64_t *state);                     // [0, 1), 24 random bits
int rng_below(uint64_t *state, int n);                  // 0..n-1
float rng_normal(uint64_t *state);                      // mean 0, sd 1 (Marsaglia polar method)
float rng_truncated_normal(uint64_t *state);            // normal redrawn outside [-2, 2]
void rng_permute(uint64_t *state, int32_t *idx, int n); // Fisher-Yates in place
// A uniform [0, 1) number, 24 bits, that is a pure function of its key and
// counter (no state): for draws that must not depend on the order they are made in.
float rng_at(uint64_t key, uint64_t counter);

#endif
