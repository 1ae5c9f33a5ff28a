// csv_internal.h: what the two halves of the CSV reader share. csv.c decodes
// the file's bytes (a byte-order mark, UTF-16) and owns the public calls;
// csv_table.c reads the decoded text as a table of cells into an fl_csv.
#ifndef FL_CSV_INTERNAL_H
#define FL_CSV_INTERNAL_H

#include <stddef.h>

#include "flatline.h"

// "data: line 4, column 3: 'abc' is not a number": a, then the cell (at most
// 40 bytes of it, quoted by the caller's a and b), then b. Fills err (which
// may be NULL) and returns FL_EINVAL.
fl_status csv_refuse(fl_error *err, int line, int column, const char *a, const char *cell, size_t n,
                     const char *b);

// Reads UTF-8 text (no byte-order mark) into out, as fl_csv_parse_with describes.
fl_status csv_read_table(const char *text, size_t len, const fl_csv_options *opt, fl_csv *out,
                         fl_error *err);

#endif
