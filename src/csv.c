// csv.c: the reader's own data, from CSV text: feature columns, then a label
// column (classes 0 to 9, or real targets for a regression), a header row optional. One parser for the page and
// the CLI; everything it refuses is named by line and column, and nothing is
// guessed: a cell is a decimal number or the file is refused.
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base.h"
#include "flatline.h"

enum { MAX_CELL = 512, MAX_COLUMNS = 65, MIN_ROWS = 20, MAX_CLASSES = 10 };

typedef struct {
    fl_csv *out;
    size_t cap; // rows the buffers hold
    int columns;
    int real;   // 1 once a label is no class: the labels are real targets
} reader;

// "data: line 4, column 3: 'abc' is not a number"
static fl_status refuse(fl_error *err, int line, int column, const char *a, const char *cell,
                        size_t n, const char *b) {
    if (!err) return FL_EINVAL;
    strcpy(err->key, "data");
    fl_text m = text_init(err->message, sizeof err->message);
    text_str(&m, "data: ");
    if (line > 0) {
        text_str(&m, "line ");
        text_num(&m, line);
        if (column > 0) {
            text_str(&m, ", column ");
            text_num(&m, column);
        }
        text_str(&m, ": ");
    }
    text_str(&m, a);
    if (cell) {
        char quoted[48];
        size_t k = n < 40 ? n : 40;
        while (k < n && k > 0 && ((unsigned char)cell[k] & 0xC0) == 0x80) k--; // not mid-character
        memcpy(quoted, cell, k);
        strcpy(quoted + k, n > 40 ? "..." : "");
        text_str(&m, quoted);
    }
    text_str(&m, b);
    return FL_EINVAL;
}

// Decimal only, as config keys are read: [+-] digits [. digits] [e [+-] digits].
static int decimal(const char *s, size_t n) {
    size_t i = 0, digits = 0;
    if (i < n && (s[i] == '+' || s[i] == '-')) i++;
    while (i < n && s[i] >= '0' && s[i] <= '9') i++, digits++;
    if (i < n && s[i] == '.')
        for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++) digits++;
    if (!digits) return 0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t e = 0;
        if (++i < n && (s[i] == '+' || s[i] == '-')) i++;
        while (i < n && s[i] >= '0' && s[i] <= '9') i++, e++;
        if (!e) return 0;
    }
    return i == n;
}

// Spaces around a cell: space, tab, and the no-break space (UTF-8 C2 A0) that
// spreadsheets and web pages put in numbers.
static size_t space_at(const char *s, size_t n) {
    if (n && (s[0] == ' ' || s[0] == '\t')) return 1;
    return n >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0 ? 2 : 0;
}
static size_t space_before(const char *s, size_t n) {
    if (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) return 1;
    return n >= 2 && (unsigned char)s[n - 2] == 0xC2 && (unsigned char)s[n - 1] == 0xA0 ? 2 : 0;
}

static void trim(const char **s, size_t *n) {
    for (size_t k; (k = space_at(*s, *n));) *s += k, *n -= k;
    for (size_t k; (k = space_before(*s, *n));) *n -= k;
}

// Clinger's fast path for a valid decimal: with at most 15 significant digits
// and a power of ten within 1e22 both are exact doubles, so one multiply or
// divide gives the correctly rounded value, strtod's own. 0 when it does not
// apply (strtod then reads the cell).
static int fast_decimal(const char *s, size_t n, double *v) {
    static const double pow10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                     1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                     1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    size_t i = 0;
    int negative = s[0] == '-', digits = 0, scale = 0;
    uint64_t m = 0;
    if (s[0] == '+' || s[0] == '-') i++;
    for (int frac = 0; i < n && s[i] != 'e' && s[i] != 'E'; i++) {
        if (s[i] == '.') {
            frac = 1;
            continue;
        }
        if (m == 0 && s[i] == '0') { // a leading zero adds no significant digit
            scale -= frac;
            continue;
        }
        if (++digits > 15) return 0;
        m = m * 10 + (uint64_t)(s[i] - '0');
        scale -= frac;
    }
    if (i < n) { // the exponent
        int sign = 1, e = 0;
        if (s[++i] == '+' || s[i] == '-') sign = s[i++] == '-' ? -1 : 1;
        for (; i < n; i++)
            if ((e = e * 10 + (s[i] - '0')) > 400) return 0;
        scale += sign * e;
    }
    if (scale < -22 || scale > 22) return m == 0 ? (*v = negative ? -0.0 : 0.0, 1) : 0;
    double d = (double)m;
    d = scale < 0 ? d / pow10[-scale] : d * pow10[scale];
    *v = negative ? -d : d;
    return 1;
}

// The cell as a number; 0 when it is not one (a message says why).
static int number(const char *s, size_t n, double *v) {
    trim(&s, &n);
    if (!n || n >= MAX_CELL || !decimal(s, n))
        return 0; // longer cells: refused by row() as too long
    if (fast_decimal(s, n, v)) return 1;
    char buf[MAX_CELL];
    memcpy(buf, s, n);
    buf[n] = '\0';
    *v = strtod(buf, NULL);
    return 1;
}

static int count_columns(const char *s, size_t n) {
    int c = 1;
    for (size_t i = 0; i < n; i++) c += s[i] == ',';
    return c;
}

static int blank(const char *s, size_t n) {
    trim(&s, &n);
    return n == 0;
}

static fl_status grow(reader *r) {
    size_t cap = r->cap ? 2 * r->cap : 256;
    float *x = realloc(r->out->x, cap * (size_t)(r->columns - 1) * sizeof(float));
    if (x) r->out->x = x;
    int32_t *y = realloc(r->out->y, cap * sizeof(int32_t));
    if (y) r->out->y = y;
    float *t = realloc(r->out->t, cap * sizeof(float));
    if (t) r->out->t = t;
    if (!x || !y || !t) return FL_ENOMEM;
    r->cap = cap;
    return FL_OK;
}

// One data line: its features and its label, into the next row.
static fl_status row(reader *r, const char *s, size_t n, int line, fl_error *err) {
    fl_csv *out = r->out;
    if ((size_t)out->rows == r->cap && grow(r) != FL_OK) return FL_ENOMEM;
    int F = r->columns - 1, column = 0;
    size_t at = 0;
    while (column < r->columns) {
        size_t end = at;
        while (end < n && s[end] != ',') end++;
        const char *cell = s + at;
        size_t len = end - at;
        double v;
        column++;
        if (!number(cell, len, &v)) {
            trim(&cell, &len);
            if (!len) return refuse(err, line, column, "the cell is empty", NULL, 0, "");
            if (len >= MAX_CELL)
                return refuse(err, line, column, "the cell '", cell, len,
                              "' is longer than 511 characters");
            return refuse(err, line, column, "'", cell, len, "' is not a number");
        }
        if (!isfinite(v)) return refuse(err, line, column, "'", cell, len, "' is not finite");
        if (column <= F) {
            out->x[(size_t)out->rows * F + (column - 1)] = (float)v;
            if (!isfinite((float)v))
                return refuse(err, line, column, "'", cell, len, "' is too large for a float");
        } else {
            out->t[out->rows] = (float)v;
            if (!isfinite((float)v))
                return refuse(err, line, column, "the label '", cell, len,
                              "' is too large for a float");
            int is_class = v == floor(v) && v >= 0 && v < MAX_CLASSES;
            out->y[out->rows] = is_class ? (int32_t)v : 0;
            if (is_class && (int)v + 1 > out->classes) out->classes = (int)v + 1;
            if (!is_class && !r->real) r->real = 1, out->real_line = line, out->real_column = column;
        }
        at = end + 1;
    }
    out->rows++;
    return FL_OK;
}

// UTF-16 text as UTF-8, in a buffer the caller frees (NULL: out of memory).
// Unpaired surrogates become U+FFFD, so the result is always valid UTF-8.
static char *utf16_to_utf8(const unsigned char *b, size_t len, int big_endian, size_t *out_len) {
    size_t units = len / 2;
    char *out = malloc(3 * units + 1); // a unit gives at most 3 bytes; a pair, 4 for 2 units
    if (!out) return NULL;
    size_t o = 0;
    for (size_t i = 0; i < units; i++) {
        unsigned u = big_endian ? (unsigned)b[2 * i] << 8 | b[2 * i + 1]
                                : (unsigned)b[2 * i + 1] << 8 | b[2 * i];
        unsigned c = u;
        if (u >= 0xD800 && u < 0xDC00 && i + 1 < units) {
            unsigned v = big_endian ? (unsigned)b[2 * i + 2] << 8 | b[2 * i + 3]
                                    : (unsigned)b[2 * i + 3] << 8 | b[2 * i + 2];
            if (v >= 0xDC00 && v < 0xE000)
                c = 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00), i++;
            else
                c = 0xFFFD;
        } else if (u >= 0xD800 && u < 0xE000) {
            c = 0xFFFD;
        }
        if (c < 0x80) {
            out[o++] = (char)c;
        } else if (c < 0x800) {
            out[o++] = (char)(0xC0 | c >> 6), out[o++] = (char)(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            out[o++] = (char)(0xE0 | c >> 12), out[o++] = (char)(0x80 | (c >> 6 & 0x3F));
            out[o++] = (char)(0x80 | (c & 0x3F));
        } else {
            out[o++] = (char)(0xF0 | c >> 18), out[o++] = (char)(0x80 | (c >> 12 & 0x3F));
            out[o++] = (char)(0x80 | (c >> 6 & 0x3F)), out[o++] = (char)(0x80 | (c & 0x3F));
        }
    }
    *out_len = o;
    return out;
}

// The text's encoding, from its first bytes: a byte-order mark, or UTF-16
// without one (text files hold no zero bytes, UTF-16's ASCII has one in every
// pair).
static int encoding_of(const unsigned char *b, size_t len) {
    if (len >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) return FL_CSV_UTF8_BOM;
    if (len >= 2 && b[0] == 0xFF && b[1] == 0xFE) return FL_CSV_UTF16LE;
    if (len >= 2 && b[0] == 0xFE && b[1] == 0xFF) return FL_CSV_UTF16BE;
    if (len >= 4 && b[0] && !b[1] && b[2] && !b[3]) return FL_CSV_UTF16LE;
    if (len >= 4 && !b[0] && b[1] && !b[2] && b[3]) return FL_CSV_UTF16BE;
    return FL_CSV_UTF8;
}

static fl_status parse_utf8(const char *text, size_t len, fl_csv *out, fl_error *err);

fl_status fl_csv_parse(const char *text, size_t len, fl_csv *out, fl_error *err) {
    memset(out, 0, sizeof *out);
    if (len > FL_CSV_MAX_BYTES) {
        refuse(err, 0, 0, "the file is ", NULL, 0, "");
        if (err) {
            fl_text m = text_resume(err->message, sizeof err->message);
            text_num(&m, (double)len);
            text_str(&m, " bytes, over the limit of ");
            text_num(&m, FL_CSV_MAX_BYTES);
            text_str(&m, " bytes (16 MB)");
        }
        return FL_EINVAL;
    }
    const unsigned char *b = (const unsigned char *)text;
    int encoding = encoding_of(b, len);
    fl_status st;
    if (encoding == FL_CSV_UTF16LE || encoding == FL_CSV_UTF16BE) {
        size_t mark = (b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF) ? 2 : 0;
        size_t n = 0;
        char *utf8 = utf16_to_utf8(b + mark, len - mark, encoding == FL_CSV_UTF16BE, &n);
        if (!utf8) return refuse(err, 0, 0, "out of memory for this file", NULL, 0, "");
        st = parse_utf8(utf8, n, out, err);
        free(utf8);
    } else {
        size_t mark = encoding == FL_CSV_UTF8_BOM ? 3 : 0;
        st = parse_utf8(text + mark, len - mark, out, err);
    }
    out->encoding = encoding;
    return st;
}

static fl_status parse_utf8(const char *text, size_t len, fl_csv *out, fl_error *err) {
    reader r = {out, 0, 0, 0};
    fl_status st = FL_OK;
    int line = 0, seen = 0;
    for (size_t at = 0; at < len && st == FL_OK;) {
        size_t end = at;
        while (end < len && text[end] != '\n') end++;
        size_t n = end - at;
        if (n && text[at + n - 1] == '\r') n--;
        const char *s = text + at;
        at = end + 1;
        line++;
        if (blank(s, n)) continue;
        int columns = count_columns(s, n);
        if (!seen++) {
            if (columns > MAX_COLUMNS) {
                st = refuse(err, line, 0, "", NULL, 0, "");
                if (err) {
                    fl_text m = text_resume(err->message, sizeof err->message);
                    text_num(&m, columns);
                    text_str(&m, " columns; at most 65: 64 features and the label");
                }
                break;
            }
            if (columns < 2) {
                st = refuse(err, line, 0,
                            "one column; the data needs feature columns and then the label", NULL,
                            0, "");
                break;
            }
            r.columns = columns;
            double v;
            const char *c = s;
            size_t k = 0;
            while (k < n && s[k] != ',') k++;
            if (!number(c, k, &v)) { // a first line that is not numbers is the header
                out->header = 1;
                continue;
            }
        }
        if (columns != r.columns) {
            st = refuse(err, line, 0, "", NULL, 0, "");
            if (err) {
                fl_text m = text_resume(err->message, sizeof err->message);
                text_num(&m, columns);
                text_str(&m, columns == 1 ? " column, where the first line has "
                                          : " columns, where the first line has ");
                text_num(&m, r.columns);
            }
            break;
        }
        if (out->rows >= FL_CSV_MAX_ROWS) {
            st = refuse(err, line, 0, "more rows than the limit of ", NULL, 0, "");
            if (err) {
                fl_text m = text_resume(err->message, sizeof err->message);
                text_num(&m, FL_CSV_MAX_ROWS);
                text_str(&m, " (the most rows n_train takes)");
            }
            break;
        }
        st = row(&r, s, n, line, err);
    }
    if (st == FL_ENOMEM && err) refuse(err, 0, 0, "out of memory for this file", NULL, 0, "");
    if (st == FL_OK && out->rows < MIN_ROWS) {
        st = refuse(err, 0, 0, "", NULL, 0, "");
        if (err) {
            fl_text m = text_resume(err->message, sizeof err->message);
            text_num(&m, out->rows);
            text_str(&m, " data rows; at least 20 are needed (10 to train, 10 to validate)");
        }
    }
    if (st == FL_OK && r.real) { // real targets: a regression, for mse and mae
        out->classes = 0;
        for (int k = 0; k < out->rows; k++) out->y[k] = 0;
        int same = 1;
        for (int k = 1; k < out->rows && same; k++) same = out->t[k] == out->t[0];
        if (same) st = refuse(err, 0, 0, "every label is the same number; nothing to learn", NULL, 0, "");
    } else if (st == FL_OK && out->classes < 2) {
        st = refuse(err, 0, 0, "every label is 0; at least two classes are needed", NULL, 0, "");
    }
    out->features = r.columns - 1;
    if (st != FL_OK) fl_csv_free(out);
    return st;
}

void fl_csv_free(fl_csv *csv) {
    free(csv->x);
    free(csv->y);
    free(csv->t);
    csv->x = NULL, csv->y = NULL, csv->t = NULL;
}
