// bench_kernels.c: `npm run bench:kernels`. Times the three matrix kernels of
// kernels.h on the layer shapes of the benchmark's models, alone, and prints
// GFLOP/s (2 B I O per call; the best of 5 rounds of 0.2 s) as a table. Built
// in the SIMD WebAssembly build (tools/bench-kernels.mjs runs it in Node) and
// natively, where it times the same kernels on native 128-bit vectors.
//   bench-kernels [B,I,O,ACT ...]   ACT: 0 relu, 3 linear (flatline.h's FL_ACT_*)
// A program in tools/, so it may print and exit; the core does neither.
#define _POSIX_C_SOURCE 199309L // clock_gettime

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "flatline.h"
#include "kernels.h"

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static float *filled(size_t n, float scale) {
    float *p = malloc(n * sizeof(float));
    for (size_t k = 0; k < n; k++) p[k] = scale * (float)((int)(k % 17) - 8);
    return p;
}

// GFLOP/s of kernel `which` (0 forward, 1 weight gradient, 2 input gradient) on B x I -> O.
static double time_kernel(int which, int B, int I, int O, int act) {
    float *x = filled((size_t)B * I, 0.01f), *w = filled((size_t)I * O, 0.003f);
    float *bias = filled(O, 0.001f), *y = filled((size_t)B * O, 0.01f);
    float *dw = filled((size_t)I * O, 0.0f), *db = filled(O, 0.0f), *dx = filled((size_t)B * I, 0);
    double best = 1e30;
    for (int round = 0; round < 5; round++) {
        int calls = 0;
        double t0 = now_s(), t;
        do {
            if (which == 0)
                kern_dense_fwd(y, x, w, bias, B, I, O, act);
            else if (which == 1)
                kern_dense_bwd_weights(dw, db, x, y, B, I, O);
            else
                kern_dense_bwd_input(dx, y, w, x, B, I, O, act);
            calls++;
        } while ((t = now_s() - t0) < 0.2);
        if (t / calls < best) best = t / calls;
    }
    free(x), free(w), free(bias), free(y), free(dw), free(db), free(dx);
    return 2.0 * B * I * O / best / 1e9;
}

int main(int argc, char **argv) {
    // The layers of the benchmark's models (10-32-32-3, 10-256-256-3) at batch 32 and in the
    // core's chunks of a large batch (about 240 rows on the wide model).
    static const char *defaults[] = {"32,10,32,0",   "32,32,32,0",    "32,32,3,3",
                                     "240,10,256,0", "240,256,256,0", "240,256,3,3"};
    int n = argc > 1 ? argc - 1 : (int)(sizeof defaults / sizeof defaults[0]);
    int shapes[64][4];
    if (n > 64) n = 64;
    for (int k = 0; k < n; k++) { // every shape is read before any is timed
        const char *shape = argc > 1 ? argv[k + 1] : defaults[k];
        int *s = shapes[k];
        if (sscanf(shape, "%d,%d,%d,%d", &s[0], &s[1], &s[2], &s[3]) != 4 || s[0] < 1 || s[1] < 1 ||
            s[2] < 1 || s[3] < 0 || s[3] > FL_ACT_LEAKY_RELU) {
            fprintf(stderr, "bench-kernels: '%s' is not B,I,O,ACT (positive sizes, ACT 0 to %d)\n",
                    shape, FL_ACT_LEAKY_RELU);
            return 2;
        }
    }
    printf("kernels: %s\n\n", kern_isa());
    printf("| rows B | in I | out O | act | forward | weight gradient | input gradient |\n");
    printf("|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int k = 0; k < n; k++) {
        int B = shapes[k][0], I = shapes[k][1], O = shapes[k][2], act = shapes[k][3];
        printf("| %d | %d | %d | %d | %.1f | %.1f | %.1f |\n", B, I, O, act,
               time_kernel(0, B, I, O, act), time_kernel(1, B, I, O, act),
               time_kernel(2, B, I, O, act));
        fflush(stdout);
    }
    return 0;
}
