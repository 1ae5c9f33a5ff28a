// csv.c: the reader's own data, from a CSV file's bytes: the text decoded
// (a UTF-8 byte-order mark, UTF-16 either way round), then read as a table by
// csv_table.c. One parser for the page, the CLI and the tests; everything it
// refuses is named by line and column.
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base.h"
#include "csv_internal.h"
#include "flatline.h"

// "data: line 4, column 3: 'abc' is not a number"
fl_status csv_refuse(fl_error *err, int line, int column, const char *a, const char *cell, size_t n,
                     const char *b) {
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

fl_csv_options fl_csv_defaults(void) {
    return (fl_csv_options){-1, NULL, 0};
}

fl_status fl_csv_parse(const char *text, size_t len, fl_csv *out, fl_error *err) {
    fl_csv_options opt = fl_csv_defaults();
    return fl_csv_parse_with(text, len, &opt, out, err);
}

fl_status fl_csv_parse_with(const char *text, size_t len, const fl_csv_options *opt, fl_csv *out,
                            fl_error *err) {
    memset(out, 0, sizeof *out);
    if (len > FL_CSV_MAX_BYTES) {
        csv_refuse(err, 0, 0, "the file is ", NULL, 0, "");
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
        if (!utf8) return csv_refuse(err, 0, 0, "out of memory for this file", NULL, 0, "");
        st = csv_read_table(utf8, n, opt, out, err);
        free(utf8);
    } else {
        size_t mark = encoding == FL_CSV_UTF8_BOM ? 3 : 0;
        st = csv_read_table(text + mark, len - mark, opt, out, err);
    }
    out->encoding = encoding;
    if (st != FL_OK) fl_csv_free(out); // a refusal keeps nothing
    return st;
}

void fl_csv_free(fl_csv *csv) {
    free(csv->x);
    free(csv->y);
    free(csv->t);
    free(csv->names);
    free(csv->label_header);
    csv->x = NULL, csv->y = NULL, csv->t = NULL, csv->names = NULL, csv->label_header = NULL;
}
