// bench_native.c: the native side of `npm run bench`. Trains one model with the
// core built natively (the benchmark builds it with -O3 -march=native) and
// prints the median training throughput as JSON:
//   bench-native IN WIDTH DEPTH CLASSES BATCH N_TRAIN EPOCHS REPS
// A program in tools/, so it may print and exit; the core does neither.
#define _POSIX_C_SOURCE 199309L // clock_gettime

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "flatline.h"

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc != 9) {
        fprintf(stderr, "usage: bench-native IN WIDTH DEPTH CLASSES BATCH N_TRAIN EPOCHS REPS\n");
        return 2;
    }
    fl_config cfg = fl_config_default();
    char *keys[] = {"features", "width", "depth", "classes", "batch", "n_train", "epochs"};
    for (int k = 0; k < 7; k++) {
        fl_error err;
        if (fl_config_set(&cfg, keys[k], argv[k + 1], &err) != FL_OK) {
            fprintf(stderr, "bench-native: %s\n", err.message);
            return 2;
        }
    }
    cfg.n_val = 10;
    int reps = atoi(argv[8]);
    if (reps < 1 || reps > 100) reps = 3;
    double rates[100];
    for (int r = -1; r < reps; r++) { // r = -1 warms up
        fl_trainer *t;
        fl_error err;
        if (fl_trainer_create(&cfg, &t, &err) != FL_OK) {
            fprintf(stderr, "bench-native: %s\n", err.message);
            return 1;
        }
        double t0 = now_ms();
        fl_trainer_run_all(t);
        double ms = now_ms() - t0;
        if (r >= 0) rates[r] = (double)cfg.n_train * cfg.epochs / (ms / 1e3);
        fl_trainer_free(t);
    }
    qsort(rates, reps, sizeof rates[0], by_value);
    printf("{\"samples_per_s\": %.1f, \"reps\": %d}\n", rates[reps / 2], reps);
    return 0;
}
