// test_rng.c: the random streams. Uniforms stay in [0, 1) with the right mean,
// normals have mean 0 and variance 1 (truncated ones stay within 2 sd),
// rng_below covers its range evenly, permutations are permutations, and
// streams of one seed, or of two seeds, do not repeat each other.
#include <stdlib.h>

#include "check.h"
#include "rng.h"

int main(void) {
    enum { N = 200000 };
    uint64_t s = rng_stream(1, 0);
    double sum = 0, sum2 = 0, tsum2 = 0, tmax = 0;
    int in_range = 1, counts[7] = {0};
    for (int k = 0; k < N; k++) {
        float u = rng_uniform(&s);
        in_range &= u >= 0.0f && u < 1.0f;
        sum += u;
        float z = rng_normal(&s);
        sum2 += (double)z * z;
        float t = rng_truncated_normal(&s);
        tsum2 += (double)t * t;
        tmax = fabs(t) > tmax ? fabs(t) : tmax;
        counts[rng_below(&s, 7)]++;
    }
    CHECK(in_range, "uniform in [0, 1)");
    CHECK(fabs(sum / N - 0.5) < 0.003, "uniform mean %g", sum / N);
    CHECK(fabs(sum2 / N - 1) < 0.01, "normal variance %g", sum2 / N);
    // A standard normal truncated at +-2 has variance 0.7737.
    CHECK(fabs(tsum2 / N - 0.7737) < 0.01 && tmax <= 2.0, "truncated variance %g, max %g",
          tsum2 / N, tmax);
    for (int c = 0; c < 7; c++)
        CHECK(fabs(counts[c] / (double)N - 1.0 / 7) < 0.005, "rng_below(7) share of %d", c);

    int32_t idx[1000], seen[1000] = {0};
    for (int k = 0; k < 1000; k++) idx[k] = k;
    rng_permute(&s, idx, 1000);
    int ok = 1, moved = 0;
    for (int k = 0; k < 1000; k++)
        ok &= idx[k] >= 0 && idx[k] < 1000 && !seen[idx[k]]++, moved += idx[k] != k;
    CHECK(ok && moved > 900, "a permutation that moves things (%d moved)", moved);

    uint64_t a = rng_stream(1, 1), b = rng_stream(1, 2), c = rng_stream(2, 1),
             a2 = rng_stream(1, 1);
    int same_ab = 0, same_ac = 0, same_aa = 0;
    for (int k = 0; k < 1000; k++) {
        uint32_t x = rng_u32(&a), y = rng_u32(&b), z = rng_u32(&c), w = rng_u32(&a2);
        same_ab += x == y, same_ac += x == z, same_aa += x == w;
    }
    CHECK(same_aa == 1000 && same_ab < 3 && same_ac < 3, "streams: %d %d %d", same_aa, same_ab,
          same_ac);
    return check_report("rng");
}
