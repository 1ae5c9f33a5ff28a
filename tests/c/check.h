// check.h: the few macros the C tests share. A test program prints each failed
// check with file and line, then one summary line, and exits 1 on any failure.
#ifndef CHECK_H
#define CHECK_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int check_count, check_failed;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        check_count++;                                                                             \
        if (!(cond)) {                                                                             \
            check_failed++;                                                                        \
            fprintf(stderr, "%s:%d: CHECK(%s) failed: ", __FILE__, __LINE__, #cond);               \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
        }                                                                                          \
    } while (0)

// |a - b| <= tol * max(1, |a|, |b|)
static inline int close_rel(double a, double b, double tol) {
    double scale = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
    return fabs(a - b) <= tol * (scale > 1 ? scale : 1);
}

static inline int same_bits(const void *a, const void *b, size_t bytes) {
    return memcmp(a, b, bytes) == 0;
}

static inline int check_report(const char *name) {
    printf("%s: %d checks, %d failed\n", name, check_count, check_failed);
    return check_failed != 0;
}

#endif
