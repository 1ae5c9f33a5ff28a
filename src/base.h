// base.h: what every module of the core shares and nothing more: the assert
// that names file and line for broken invariants, and the small text builder
// that writes error messages without printf.
#ifndef FL_BASE_H
#define FL_BASE_H

#include "flatline.h"

// A broken invariant is a bug, never user input: it stops the program. In the
// WebAssembly builds the trap becomes a JavaScript exception with a stack.
void fl_assert_fail(const char *file, int line, const char *expr);
#define FL_ASSERT(cond)                                                                            \
    do {                                                                                           \
        if (!(cond)) fl_assert_fail(__FILE__, __LINE__, #cond);                                    \
    } while (0)

// Appends to a fixed, always NUL-terminated buffer; output past its end is dropped.
typedef struct {
    char *buf;
    size_t cap, len;
} fl_text;

fl_text text_init(char *buf, size_t cap);
// Continues after the text already in buf.
fl_text text_resume(char *buf, size_t cap);
void text_str(fl_text *t, const char *s);
// Shortest readable form: integers as digits, others with up to 6 significant
// digits ("0.001", "1e-06", "1000").
void text_num(fl_text *t, double v);

// Fills err (which may be NULL) with "key: " followed by the caller's message
// parts, and returns FL_EINVAL so callers can `return error_key(...)`.
fl_status error_key(fl_error *err, const char *key, const char *a, double num, const char *b);

#endif
