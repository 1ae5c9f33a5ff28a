// csv_table.c: a decoded CSV text read as a table, in reading order: the
// cells of a line (the separator, quotes, a decimal comma), the numbers in
// them, the layout of the file (header, scikit-learn's header, which column
// is the label), the rows, and what the labels are (classes by number or by
// name, 1-based classes, real targets); last, an index column dropped.
// Nothing is guessed silently: every choice is recorded in the fl_csv for the
// page and the CLI to say, and everything refused names its line and column
// and how to mend the file.
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base.h"
#include "csv_internal.h"

enum { MAX_CELL = 512, MAX_COLUMNS = 65, MIN_ROWS = 20 };

// --- numbers ---------------------------------------------------------------------

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

// --- cells ---------------------------------------------------------------------------

typedef struct {
    const char *s;
    size_t n;
} span;

static int blank(const char *s, size_t n) {
    trim(&s, &n);
    return n == 0;
}

// The count of sep outside double quotes.
static int count_sep(const char *s, size_t n, char sep) {
    int c = 0, quoted = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"') quoted = !quoted;
        c += s[i] == sep && !quoted;
    }
    return c;
}

// Splits a line at sep outside double quotes: each cell trimmed, its quotes
// taken off. Returns the number of cells; at most max are written.
static int split(const char *s, size_t n, char sep, span *cells, int max) {
    int c = 0;
    size_t i = 0;
    for (;;) {
        size_t start = i;
        int quoted = 0;
        while (i < n && (quoted || s[i] != sep)) quoted ^= s[i++] == '"';
        span cell = {s + start, i - start};
        trim(&cell.s, &cell.n);
        if (cell.n >= 2 && cell.s[0] == '"' && cell.s[cell.n - 1] == '"') {
            cell.s++, cell.n -= 2;
            trim(&cell.s, &cell.n);
        }
        if (c < max) cells[c] = cell;
        c++;
        if (i >= n) return c;
        i++; // past the separator
    }
}

// An empty cell, or one of the words tables write for a missing value. Each
// word's length is known when compiled: a cell of another length costs a compare.
static int missing(span c) {
#define WORD(s)                                                                                    \
    { s, sizeof s - 1 }
    static const struct {
        const char *s;
        size_t n;
    } words[] = {WORD("na"),   WORD("n/a"), WORD("nan"), WORD("null"),
                 WORD("none"), WORD("?"),   WORD("#n/a")};
#undef WORD
    if (c.n == 0) return 1;
    for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
        size_t k = words[w].n;
        if (c.n != k) continue;
        size_t i = 0;
        while (i < k && (c.s[i] | 0x20) == (words[w].s[i] | 0x20)) i++;
        if (i == k) return 1;
    }
    return 0;
}

// The cell as a number; with a semicolon or tab separator, one comma between
// digits is a decimal point (1,5 is 1.5), as European spreadsheets write it.
static int cell_number(span c, char sep, double *v, int *comma) {
    if (number(c.s, c.n, v)) return 1;
    if (sep == ',' || c.n >= MAX_CELL) return 0;
    const char *at = memchr(c.s, ',', c.n);
    if (!at || memchr(at + 1, ',', c.n - (size_t)(at - c.s) - 1)) return 0;
    char buf[MAX_CELL];
    memcpy(buf, c.s, c.n);
    buf[at - c.s] = '.';
    if (!number(buf, c.n, v)) return 0;
    *comma = 1;
    return 1;
}

static int is_number(span c, char sep) {
    double v;
    int comma = 0;
    return cell_number(c, sep, &v, &comma);
}

// Case-insensitive equality of a cell and a word.
static int named(span c, const char *word) {
    size_t k = strlen(word);
    if (c.n != k) return 0;
    for (size_t i = 0; i < k; i++) {
        char a = c.s[i], b = word[i];
        if (a >= 'A' && a <= 'Z') a = (char)(a + 32);
        if (b >= 'A' && b <= 'Z') b = (char)(b + 32);
        if (a != b) return 0;
    }
    return 1;
}

// --- the layout of the file ------------------------------------------------------------

// A line of the text: where it starts, its length (without \r) and number.
typedef struct {
    const char *s;
    size_t n;
    int line;
} text_line;

// The next non-blank line at or after *at; 0 at the end of the text.
static int next_line(const char *text, size_t len, size_t *at, int *line, text_line *out) {
    while (*at < len) {
        size_t end = *at;
        while (end < len && text[end] != '\n') end++;
        size_t n = end - *at;
        if (n && text[*at + n - 1] == '\r') n--;
        const char *s = text + *at;
        *at = end + 1;
        ++*line;
        if (blank(s, n)) continue;
        *out = (text_line){s, n, *line};
        return 1;
    }
    return 0;
}

// The separator: of tab, semicolon and comma (in that order of preference),
// the first that splits the first two lines into the same number of cells,
// more than one; else the one the first line has most of.
static char find_separator(const text_line *l1, const text_line *l2) {
    static const char seps[] = {'\t', ';', ','};
    for (int k = 0; k < 3; k++) {
        int a = count_sep(l1->s, l1->n, seps[k]);
        if (a > 0 && (!l2 || count_sep(l2->s, l2->n, seps[k]) == a)) return seps[k];
    }
    char best = ',';
    for (int k = 0, most = 0; k < 3; k++) {
        int a = count_sep(l1->s, l1->n, seps[k]);
        if (a > most) most = a, best = seps[k];
    }
    return best;
}

// Whether whole number v is a cell's value.
static int whole(span c, char sep, double *v) {
    int comma = 0;
    return cell_number(c, sep, v, &comma) && *v == floor(*v) && *v >= 0 && *v <= 1e9;
}

// scikit-learn's shipped header: rows, features, then class names (words).
static int sklearn_header(const span *c, int n, int next_columns, char sep, double *rows) {
    double f;
    if (n < 2 || !whole(c[0], sep, rows) || !whole(c[1], sep, &f) || *rows < 1) return 0;
    if ((int)f != next_columns - 1) return 0;
    for (int k = 2; k < n; k++)
        if (is_number(c[k], sep) || missing(c[k])) return 0;
    return 1;
}

// A header: a word over a number in the line below, or words only over a line
// with a number.
static int is_header(const span *h, int nh, const span *d, int nd, char sep) {
    int words = 0, below = 0;
    for (int k = 0; k < nh; k++) {
        int word = !is_number(h[k], sep) && !missing(h[k]);
        words += word;
        if (k < nd && is_number(d[k], sep)) {
            below = 1;
            if (word) return 1;
        }
    }
    return words == nh && below;
}

// --- reading the rows ------------------------------------------------------------------

// Header names that mark the label column, in this order of preference.
static const char *const LABEL_WORDS[] = {"label", "target", "class", "y", "species"};

typedef struct {
    fl_csv *out;
    size_t cap; // rows the buffers hold
    int columns, label;
    char sep;
    int words;                 // 1: the labels are class names
    char *pool;                // the names, each NUL-terminated
    size_t pool_len, pool_cap; // its bytes used and held
    size_t name_at[FL_CSV_MAX_CLASSES];
    int n_names; // names in the pool, name_at[k] where each starts
    int missing_rows, missing_line, missing_column;
    int odd_line, odd_column; // the first numeric label that is no class (0 to 100)
    int hundred_line;         // the first label of exactly 100 (a class only 1-based)
    span cells[MAX_COLUMNS];
} table;

static fl_status grow(table *r) {
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

// The class of a name, adding it when new; -1 past FL_CSV_MAX_CLASSES names.
static int intern(table *r, span name) {
    for (int k = 0; k < r->n_names; k++) {
        const char *have = r->pool + r->name_at[k];
        if (strlen(have) == name.n && memcmp(have, name.s, name.n) == 0) return k;
    }
    if (r->n_names == FL_CSV_MAX_CLASSES) return -1;
    if (r->pool_len + name.n + 1 > r->pool_cap) {
        size_t cap = 2 * (r->pool_cap + name.n + 1);
        char *p = realloc(r->pool, cap);
        if (!p) return -2;
        r->pool = p, r->pool_cap = cap;
    }
    r->name_at[r->n_names] = r->pool_len;
    memcpy(r->pool + r->pool_len, name.s, name.n);
    r->pool[r->pool_len + name.n] = '\0';
    r->pool_len += name.n + 1;
    return r->n_names++;
}

// One data line into the next row; a row with an empty or NA cell is counted
// and left out (the caller refuses the file for it unless asked to drop them).
static fl_status row(table *r, const text_line *l, fl_error *err) {
    fl_csv *out = r->out;
    int n = split(l->s, l->n, r->sep, r->cells, MAX_COLUMNS);
    if (n != r->columns) {
        csv_refuse(err, l->line, 0, "", NULL, 0, "");
        if (err) {
            fl_text m = text_resume(err->message, sizeof err->message);
            text_num(&m, n);
            text_str(&m, n == 1 ? " column, where the first line has "
                                : " columns, where the first line has ");
            text_num(&m, r->columns);
        }
        return FL_EINVAL;
    }
    for (int c = 0; c < n; c++)
        if (missing(r->cells[c])) {
            if (!r->missing_rows++) r->missing_line = l->line, r->missing_column = c + 1;
            return FL_OK;
        }
    if (out->rows >= FL_CSV_MAX_ROWS) {
        csv_refuse(err, l->line, 0, "more rows than the limit of ", NULL, 0, "");
        if (err) {
            fl_text m = text_resume(err->message, sizeof err->message);
            text_num(&m, FL_CSV_MAX_ROWS);
            text_str(&m, " (the most rows n_train takes)");
        }
        return FL_EINVAL;
    }
    if ((size_t)out->rows == r->cap && grow(r) != FL_OK) return FL_ENOMEM;
    int F = r->columns - 1, f = 0;
    for (int c = 0; c < n; c++) {
        span cell = r->cells[c];
        double v;
        int comma = 0;
        if (c == r->label && r->words) {
            int k = intern(r, cell);
            if (k == -2) return FL_ENOMEM;
            if (k < 0)
                return csv_refuse(err, l->line, c + 1, "the class name '", cell.s, cell.n,
                                  "' is a 101st: the lab reads at most 100 classes");
            out->y[out->rows] = k, out->t[out->rows] = (float)k;
            continue;
        }
        if (cell.n >= MAX_CELL)
            return csv_refuse(err, l->line, c + 1, "the cell '", cell.s, cell.n,
                              "' is longer than 511 characters");
        if (!cell_number(cell, r->sep, &v, &comma)) {
            if (c == r->label)
                return csv_refuse(err, l->line, c + 1, "the label '", cell.s, cell.n,
                                  "' is a word where the labels above are numbers; give every row "
                                  "a number, or every row a class name");
            return csv_refuse(err, l->line, c + 1, "'", cell.s, cell.n,
                              "' is not a number (only the label column may hold words)");
        }
        out->decimal_comma |= comma;
        if (!isfinite(v))
            return csv_refuse(err, l->line, c + 1, "'", cell.s, cell.n, "' is not finite");
        if (!isfinite((float)v))
            return csv_refuse(err, l->line, c + 1, "'", cell.s, cell.n,
                              "' is too large for a float");
        if (c != r->label) {
            out->x[(size_t)out->rows * F + f++] = (float)v;
            continue;
        }
        out->t[out->rows] = (float)v;
        out->y[out->rows] = v == floor(v) && v >= 0 && v < 100 ? (int32_t)v : 0;
        if (!(v == floor(v) && v >= 0 && v <= 100) && !r->odd_line)
            r->odd_line = l->line, r->odd_column = c + 1;
        if (v == 100 && !r->hundred_line) r->hundred_line = l->line;
    }
    out->rows++;
    return FL_OK;
}

// --- what the labels are -------------------------------------------------------------

// Class names in sorted order: the classes renumbered, the names copied out.
static fl_status name_order(table *r) {
    fl_csv *out = r->out;
    size_t sorted[FL_CSV_MAX_CLASSES];
    int rank[FL_CSV_MAX_CLASSES];
    for (int k = 0; k < r->n_names; k++) { // insertion sort: at most 100 names
        int j = k;
        while (j > 0 && strcmp(r->pool + sorted[j - 1], r->pool + r->name_at[k]) > 0)
            sorted[j] = sorted[j - 1], j--;
        sorted[j] = r->name_at[k];
    }
    out->names = malloc(r->pool_len ? r->pool_len : 1);
    if (!out->names) return FL_ENOMEM;
    size_t at = 0;
    for (int k = 0; k < r->n_names; k++) {
        for (int j = 0; j < r->n_names; j++)
            if (r->name_at[j] == sorted[k]) rank[j] = k;
        size_t len = strlen(r->pool + sorted[k]) + 1;
        memcpy(out->names + at, r->pool + sorted[k], len);
        at += len;
    }
    for (int k = 0; k < out->rows; k++) out->y[k] = rank[out->y[k]], out->t[k] = (float)out->y[k];
    out->classes = r->n_names;
    return FL_OK;
}

// Numeric labels: whole numbers 0 to 99 are classes (1 to 100 with no 0 are
// classes read from 1); any other number makes all of them real targets.
static void number_classes(table *r) {
    fl_csv *out = r->out;
    float lo = 1e30f, hi = -1e30f;
    for (int k = 0; k < out->rows; k++)
        lo = out->t[k] < lo ? out->t[k] : lo, hi = out->t[k] > hi ? out->t[k] : hi;
    int base = lo >= 1.0f ? 1 : 0;
    if (r->odd_line || (r->hundred_line && !base)) { // real targets: a regression
        out->classes = 0;
        out->real_line = r->odd_line ? r->odd_line : r->hundred_line;
        out->real_column = r->odd_line ? r->odd_column : r->label + 1;
        for (int k = 0; k < out->rows; k++) out->y[k] = 0;
        return;
    }
    out->label_base = base && hi >= 2.0f; // labels all 1 are one class, refused later
    for (int k = 0; k < out->rows; k++) out->y[k] = (int32_t)out->t[k] - out->label_base;
    out->classes = (int)hi + 1 - out->label_base;
}

// A first column that counts the rows (as pandas writes its index): 0, 1, 2,
// ... or 1, 2, 3, ..., increasing by one (by at least one where rows with
// missing cells were dropped), under no name or index, id, "Unnamed: 0".
static int index_column(const table *r, const span *header_cells) {
    const fl_csv *out = r->out;
    int F = r->columns - 1;
    if (r->label == 0 || F < 2 || out->rows < 2) return 0;
    if (header_cells) {
        span h = header_cells[0];
        if (!(h.n == 0 || named(h, "index") || named(h, "id") || named(h, "unnamed: 0"))) return 0;
    }
    float first = out->x[0];
    if (first != 0.0f && first != 1.0f) return 0;
    for (int k = 1; k < out->rows; k++) {
        float a = out->x[(size_t)(k - 1) * F], b = out->x[(size_t)k * F];
        if (b != floor(b) || (r->missing_rows ? !(b > a) : b != a + 1.0f)) return 0;
    }
    return 1;
}

static void drop_first_column(fl_csv *out, int F) {
    for (int k = 0; k < out->rows; k++)
        memmove(out->x + (size_t)k * (F - 1), out->x + (size_t)k * F + 1,
                (size_t)(F - 1) * sizeof(float));
}

// --- the table -------------------------------------------------------------------------

// Which column is the label: as the options say, else the header's label
// word, else the one column of words in the first data line, else the last.
static fl_status choose_label(table *r, const fl_csv_options *opt, const span *h, int header,
                              const text_line *first, fl_error *err) {
    fl_csv *out = r->out;
    if (opt && opt->label_column >= 0) {
        if (opt->label_column >= r->columns)
            return csv_refuse(err, 0, 0, "the label column given is past the file's columns", NULL,
                              0, "");
        r->label = opt->label_column, out->label_from = FL_LABEL_GIVEN;
        return FL_OK;
    }
    if (opt && opt->label_name) {
        for (int c = 0; header && c < r->columns; c++)
            if (named(h[c], opt->label_name)) {
                r->label = c, out->label_from = FL_LABEL_GIVEN;
                return FL_OK;
            }
        return csv_refuse(err, 1, 0,
                          header ? "no column of the header is named '"
                                 : "the file has no header to find '",
                          opt->label_name, strlen(opt->label_name), "' in");
    }
    for (size_t w = 0; header && w < sizeof LABEL_WORDS / sizeof LABEL_WORDS[0]; w++)
        for (int c = 0; c < r->columns; c++)
            if (named(h[c], LABEL_WORDS[w])) {
                r->label = c, out->label_from = FL_LABEL_NAMED;
                return FL_OK;
            }
    span d[MAX_COLUMNS];
    int n = split(first->s, first->n, r->sep, d, MAX_COLUMNS), found = -1;
    for (int c = 0; c < n && c < MAX_COLUMNS; c++) {
        if (is_number(d[c], r->sep) || missing(d[c])) continue;
        if (found >= 0) {
            csv_refuse(err, first->line, 0, "", NULL, 0, "");
            if (err) {
                fl_text m = text_resume(err->message, sizeof err->message);
                text_str(&m, "columns ");
                text_num(&m, found + 1);
                text_str(&m, " and ");
                text_num(&m, c + 1);
                text_str(&m, " hold words; the lab reads numbers and one label column: "
                             "name the label (--label NAME) and leave the others out");
            }
            return FL_EINVAL;
        }
        found = c;
    }
    r->label = found >= 0 ? found : r->columns - 1;
    out->label_from = found >= 0 ? FL_LABEL_WORDS : FL_LABEL_LAST;
    return FL_OK;
}

static char *copy_cell(span c) {
    char *s = malloc(c.n + 1);
    if (s) memcpy(s, c.s, c.n), s[c.n] = '\0';
    return s;
}

// scikit-learn's header names the classes the integer labels index.
static fl_status header_names(table *r, const span *h, int nh, fl_error *err) {
    fl_csv *out = r->out;
    size_t len = 0;
    for (int k = 2; k < nh; k++) len += h[k].n + 1;
    out->names = malloc(len ? len : 1);
    if (!out->names) return FL_ENOMEM;
    for (int k = 2, at = 0; k < nh; k++) {
        memcpy(out->names + at, h[k].s, h[k].n);
        out->names[at + (int)h[k].n] = '\0';
        at += (int)h[k].n + 1;
    }
    for (int k = 0; k < out->rows; k++) {
        float v = out->t[k];
        if (!(v == floor(v) && v >= 0 && v < nh - 2)) {
            csv_refuse(err, 0, 0, "a label is ", NULL, 0, "");
            if (err) {
                fl_text m = text_resume(err->message, sizeof err->message);
                text_num(&m, v);
                text_str(&m, ", but scikit-learn's header on line 1 names classes 0 to ");
                text_num(&m, nh - 3);
            }
            return FL_EINVAL;
        }
        out->y[k] = (int32_t)v;
    }
    out->classes = nh - 2;
    return FL_OK;
}

static fl_status too_few(fl_error *err, int rows) {
    csv_refuse(err, 0, 0, "", NULL, 0, "");
    if (err) {
        fl_text m = text_resume(err->message, sizeof err->message);
        text_num(&m, rows);
        text_str(&m, " data rows; at least 20 are needed (10 to train, 10 to validate)");
    }
    return FL_EINVAL;
}

fl_status csv_read_table(const char *text, size_t len, const fl_csv_options *opt, fl_csv *out,
                         fl_error *err) {
    table r;
    memset(&r, 0, sizeof r);
    r.out = out;
    text_line l1, l2, l3;
    size_t at = 0;
    int line = 0;
    int has1 = next_line(text, len, &at, &line, &l1);
    int has2 = has1 && next_line(text, len, &at, &line, &l2);
    int has3 = has2 && next_line(text, len, &at, &line, &l3);
    fl_status st = FL_OK;
    if (!has1) return too_few(err, 0);
    r.sep = find_separator(&l1, has2 ? &l2 : NULL);
    out->separator = r.sep;
    span h[MAX_COLUMNS], d[MAX_COLUMNS];
    int nh = split(l1.s, l1.n, r.sep, h, MAX_COLUMNS);
    int nd = has2 ? split(l2.s, l2.n, r.sep, d, MAX_COLUMNS) : 0;
    if (nh > MAX_COLUMNS || nd > MAX_COLUMNS) {
        csv_refuse(err, nh > MAX_COLUMNS ? l1.line : l2.line, 0, "", NULL, 0, "");
        if (err) {
            fl_text m = text_resume(err->message, sizeof err->message);
            text_num(&m, nh > MAX_COLUMNS ? nh : nd);
            text_str(&m, " columns; at most 65: 64 features and the label");
        }
        return FL_EINVAL;
    }
    double sk_rows = 0;
    int skip1 = 0, skip2 = 0; // header lines
    const text_line *first = &l1;
    r.columns = nh;
    if (has2 && sklearn_header(h, nh, nd, r.sep, &sk_rows)) {
        // Only when the count it gives is the file's: else the line is data.
        span h3[MAX_COLUMNS];
        int n3 = has3 ? split(l3.s, l3.n, r.sep, h3, MAX_COLUMNS) : 0;
        int names = has3 && n3 == nd && is_header(d, nd, h3, n3, r.sep);
        int lines = 0;
        for (size_t a = 0; a < len;) {
            size_t e = a;
            while (e < len && text[e] != '\n') e++;
            lines += !blank(text + a, e - a);
            a = e + 1;
        }
        if ((nh > 2 || names) && lines - 1 - names == (int)sk_rows) {
            out->sklearn_header = skip1 = 1, r.columns = nd, first = &l2;
            if (names) out->header = skip2 = 1, first = &l3;
        }
    }
    if (out->sklearn_header) {
    } else if (has2 && is_header(h, nh, d, nd, r.sep)) {
        out->header = skip1 = 1, first = &l2;
    }
    if (r.columns < 2) {
        csv_refuse(err, l1.line, 0,
                   "one column: no comma, semicolon or tab splits it; the data needs "
                   "feature columns and then the label",
                   NULL, 0, "");
        return FL_EINVAL;
    }
    const span *names = out->header ? (skip2 ? d : h) : NULL;
    st = choose_label(&r, opt, names, out->header, first, err);
    if (st != FL_OK) return st;
    if (names) {
        out->label_header = copy_cell(names[r.label]);
        if (!out->label_header) return FL_ENOMEM;
    }
    out->label_column = r.label;
    if (!out->sklearn_header) {
        span c[MAX_COLUMNS];
        int n = split(first->s, first->n, r.sep, c, MAX_COLUMNS);
        r.words = r.label < n && !is_number(c[r.label], r.sep) && !missing(c[r.label]);
    }
    // The rows, from the first line again, past the header lines.
    at = 0, line = 0;
    for (text_line l; st == FL_OK && next_line(text, len, &at, &line, &l);) {
        if ((skip1 && l.line == l1.line) || (skip2 && l.line == l2.line)) continue;
        st = row(&r, &l, err);
    }
    if (st == FL_ENOMEM) {
        free(r.pool);
        return csv_refuse(err, 0, 0, "out of memory for this file", NULL, 0, "");
    }
    if (st != FL_OK) {
        free(r.pool);
        return st;
    }
    if (r.missing_rows && !(opt && opt->drop_missing)) {
        free(r.pool);
        csv_refuse(err, 0, 0, "", NULL, 0, "");
        if (err) {
            fl_text m = text_resume(err->message, sizeof err->message);
            text_num(&m, r.missing_rows);
            text_str(&m, r.missing_rows == 1 ? " row has" : " rows have");
            text_str(&m, " an empty or NA cell (the first: line ");
            text_num(&m, r.missing_line);
            text_str(&m, ", column ");
            text_num(&m, r.missing_column);
            text_str(&m, "); fill them in, or drop those rows (--drop-missing)");
        }
        return FL_EINVAL;
    }
    out->dropped_rows = r.missing_rows;
    out->features = r.columns - 1;
    if (out->rows < MIN_ROWS) {
        free(r.pool);
        return too_few(err, out->rows);
    }
    if (out->sklearn_header)
        st = header_names(&r, h, nh, err);
    else if (r.words)
        st = name_order(&r);
    else
        number_classes(&r);
    free(r.pool);
    if (st == FL_ENOMEM) return csv_refuse(err, 0, 0, "out of memory for this file", NULL, 0, "");
    if (st != FL_OK) return st;
    if (out->classes == 0) {
        int same = 1;
        for (int k = 1; k < out->rows && same; k++) same = out->t[k] == out->t[0];
        if (same)
            return csv_refuse(err, 0, 0, "every label is the same number; nothing to learn", NULL,
                              0, "");
    } else if (out->classes < 2) {
        return csv_refuse(err, 0, 0,
                          "every label is the same class; at least two classes are needed", NULL, 0,
                          "");
    }
    if (!out->sklearn_header && index_column(&r, names)) {
        drop_first_column(out, out->features);
        out->features--, out->index_dropped = 1;
    }
    return FL_OK;
}
