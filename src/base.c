// base.c: the assert hook and the text builder used for error messages.
#include "base.h"

#include <string.h>

#if defined(__EMSCRIPTEN__)
// Imported from JavaScript, which turns it into an Error naming file and line.
__attribute__((import_module("env"), import_name("fl_assert_failed"))) void
fl_assert_failed(const char *file, int line, const char *expr);
void fl_assert_fail(const char *file, int line, const char *expr) {
    fl_assert_failed(file, line, expr);
    __builtin_trap();
}
#else
#include <stdio.h>
#include <stdlib.h>
void fl_assert_fail(const char *file, int line, const char *expr) {
    fprintf(stderr, "%s:%d: assertion failed: %s\n", file, line, expr);
    abort();
}
#endif

fl_text text_init(char *buf, size_t cap) {
    fl_text t = {buf, cap, 0};
    if (cap) buf[0] = '\0';
    return t;
}

fl_text text_resume(char *buf, size_t cap) {
    fl_text t = {buf, cap, strlen(buf)};
    return t;
}

static void text_char(fl_text *t, char c) {
    if (t->len + 1 >= t->cap) return;
    t->buf[t->len++] = c;
    t->buf[t->len] = '\0';
}

void text_str(fl_text *t, const char *s) {
    while (*s) text_char(t, *s++);
}

// Writes a non-negative integer below 2^53.
static void text_uint(fl_text *t, double v) {
    char digits[24];
    int n = 0;
    do {
        double q = (double)(long long)(v / 10);
        digits[n++] = (char)('0' + (int)(v - q * 10));
        v = q;
    } while (v >= 1 && n < 23);
    while (n) text_char(t, digits[--n]);
}

void text_num(fl_text *t, double v) {
    if (v != v) {
        text_str(t, "NaN");
        return;
    }
    if (v < 0) {
        text_char(t, '-');
        v = -v;
    }
    if (v > 1e300) {
        text_str(t, "Infinity");
        return;
    }
    if (v < 1e15 && v == (double)(long long)v) {
        text_uint(t, v);
        return;
    }
    int exp10 = 0;
    while (v >= 10) v /= 10, exp10++;
    while (v < 1) v *= 10, exp10--;
    // v in [1, 10): six significant digits, trailing zeros dropped.
    long long m = (long long)(v * 1e5 + 0.5);
    if (m >= 1000000) m /= 10, exp10++;
    char d[6];
    for (int i = 5; i >= 0; i--) d[i] = (char)('0' + m % 10), m /= 10;
    int last = 5;
    while (last > 0 && d[last] == '0') last--;
    if (exp10 >= -4 && exp10 < 6) {
        if (exp10 < 0) {
            text_str(t, "0.");
            for (int i = -1; i > exp10; i--) text_char(t, '0');
            for (int i = 0; i <= last; i++) text_char(t, d[i]);
        } else {
            for (int i = 0; i <= exp10 || i <= last; i++) {
                if (i == exp10 + 1) text_char(t, '.');
                text_char(t, i <= 5 ? d[i] : '0');
            }
        }
        return;
    }
    text_char(t, d[0]);
    if (last > 0) {
        text_char(t, '.');
        for (int i = 1; i <= last; i++) text_char(t, d[i]);
    }
    text_str(t, exp10 < 0 ? "e-" : "e+");
    if (exp10 < 0) exp10 = -exp10;
    if (exp10 < 10) text_char(t, '0');
    text_uint(t, exp10);
}

fl_status error_key(fl_error *err, const char *key, const char *a, double num, const char *b) {
    if (!err) return FL_EINVAL;
    fl_text k = text_init(err->key, sizeof err->key);
    text_str(&k, key);
    fl_text m = text_init(err->message, sizeof err->message);
    text_str(&m, key);
    text_str(&m, ": ");
    if (a) text_str(&m, a);
    if (num == num) text_num(&m, num);
    if (b) text_str(&m, b);
    return FL_EINVAL;
}
