// test_csv.c: the CSV reader takes features then a label, with or without a
// header, and refuses everything else with the line and column at fault.
#include <stdlib.h>

#include "check.h"
#include "flatline.h"

// n rows of "a,b,label" (labels 0, 1, 2 in turn), after `head`.
static char *rows(const char *head, int n) {
    char *s = malloc(64 + (size_t)n * 32);
    size_t at = (size_t)sprintf(s, "%s", head);
    for (int k = 0; k < n; k++) at += (size_t)sprintf(s + at, "%d.5,-%de-1,%d\r\n", k, k, k % 3);
    return s;
}

// Parses text and expects refusal with exactly this message.
static void refused(const char *text, const char *message) {
    fl_csv csv;
    fl_error err;
    fl_status st = fl_csv_parse(text, strlen(text), &csv, &err);
    CHECK(st == FL_EINVAL && !strcmp(err.key, "data") && !strcmp(err.message, message),
          "expected \"%s\", got \"%s\"", message, st == FL_OK ? "(accepted)" : err.message);
    CHECK(csv.x == NULL && csv.y == NULL, "a refusal keeps nothing");
}

// Training on the user's rows: a seeded split that keeps every row once, and
// a learnable rule learnt.
static void test_training(void) {
    int n = 200;
    char *text = malloc((size_t)n * 40);
    size_t at = 0;
    for (int k = 0; k < n; k++) { // label: x1 > x2
        double x1 = ((k * 37) % 101) / 50.0 - 1, x2 = ((k * 53) % 97) / 48.0 - 1;
        at += (size_t)sprintf(text + at, "%.4f,%.4f,%d\n", x1, x2, x1 > x2);
    }
    fl_csv csv;
    fl_error err;
    CHECK(fl_csv_parse(text, at, &csv, &err) == FL_OK, "parse: %s", err.message);
    fl_config cfg = fl_config_default();
    cfg.dataset = FL_DATA_CSV;
    CHECK(fl_config_validate(&cfg, &err) == FL_EINVAL && !strcmp(err.key, "dataset"),
          "csv without data is refused: %s", err.message);
    cfg.val_share = 0.25f, cfg.depth = 0, cfg.lr = 0.05f, cfg.epochs = 40;
    fl_config_use_data(&cfg, &csv);
    CHECK(cfg.n_train == 150 && cfg.n_val == 50 && cfg.features == 2 && cfg.classes == 2,
          "the split: %d + %d", cfg.n_train, cfg.n_val);
    fl_trainer *t = NULL;
    CHECK(fl_trainer_create(&cfg, &t, &err) == FL_OK, "create: %s", err.message);
    double sum = 0, want = 0;
    for (int s = 0; s < 2; s++)
        for (int k = 0; k < fl_trainer_samples(t, s); k++)
            sum += fl_trainer_raw_inputs(t, s)[2 * k] * 3 + fl_trainer_labels(t, s)[k];
    for (int k = 0; k < n; k++) want += csv.x[2 * k] * 3 + csv.y[k];
    CHECK(fabs(sum - want) < 1e-3, "every row once: %g against %g", sum, want);
    CHECK(fl_trainer_raw_inputs(t, 0)[0] != csv.x[0] || fl_trainer_raw_inputs(t, 0)[2] != csv.x[2],
          "the rows are shuffled before the split");
    fl_trainer_run_all(t);
    const fl_metrics *h = fl_trainer_history(t);
    CHECK(h[40].val_acc >= 0.9, "x1 > x2 is learnt: val_acc %g", h[40].val_acc);
    fl_config other = cfg;
    other.seed = 2;
    fl_trainer *u = NULL;
    fl_trainer_create(&other, &u, &err);
    CHECK(memcmp(fl_trainer_raw_inputs(t, 1), fl_trainer_raw_inputs(u, 1), 2 * sizeof(float)),
          "another seed, another split");
    fl_trainer_free(t), fl_trainer_free(u);

    // Two features make a plane: the engineered inputs apply, and the decision map.
    fl_config plane = cfg;
    plane.x1_sq = plane.x1_x2 = 1, plane.epochs = 1;
    CHECK(fl_trainer_create(&plane, &t, &err) == FL_OK, "create: %s", err.message);
    const float *r = fl_trainer_raw_inputs(t, 0);
    CHECK(fl_trainer_is_plane(t) && fl_trainer_features(t) == 4 && r[2] == r[0] * r[0] &&
              r[3] == r[0] * r[1],
          "a row of your plane: x1, x2, x1^2, x1 x2");
    uint8_t cls[16 * 16];
    float conf[16 * 16], bounds[4];
    CHECK(fl_trainer_grid(t, 16, cls, conf, bounds) == FL_OK && bounds[0] < bounds[1],
          "its decision map");
    fl_trainer_free(t);
    fl_config_use_data(&cfg, &csv);
    cfg.n_train--;
    CHECK(fl_config_validate(&cfg, &err) == FL_EINVAL, "a split that loses a row is refused");
    fl_csv_free(&csv);
    free(text);
}

// Numbers read as strtod reads them, to the bit: the fast path for short
// decimals and strtod for the rest, over many forms of many values.
static void test_numbers(void) {
    enum { N = 6000 };
    char *text = malloc((size_t)N * 48), cells[N][40];
    size_t at = 0;
    uint64_t s = 88172645463325252u;
    for (int k = 0; k < N; k++) {
        s ^= s << 13, s ^= s >> 7, s ^= s << 17;
        double mag = (double)(s >> 11) / 9007199254740992.0;
        double v = (s & 1 ? -1 : 1) * mag * pow(10, (int)(s >> 3 & 15) - 8);
        int digits = (int)(s >> 20 & 15) + 1;
        switch (k % 4) {
        case 0:
            snprintf(cells[k], 40, "%.*f", digits % 10, v);
            break;
        case 1:
            snprintf(cells[k], 40, "%.*e", digits, v);
            break;
        case 2:
            snprintf(cells[k], 40, "%.*g", digits + 3, v);
            break;
        default:
            snprintf(cells[k], 40, "%.17g", v);
        }
        at += (size_t)sprintf(text + at, "%s,%d\n", cells[k], k % 2);
    }
    fl_csv csv;
    fl_error err;
    CHECK(fl_csv_parse(text, at, &csv, &err) == FL_OK, "parse: %s", err.message);
    int same = 0;
    for (int k = 0; k < N; k++) {
        float want = (float)strtod(cells[k], NULL);
        same += same_bits(&csv.x[k], &want, sizeof want);
        if (!same_bits(&csv.x[k], &want, sizeof want) && same == k)
            CHECK(0, "'%s' read as %.9g, strtod %.9g", cells[k], csv.x[k], want);
    }
    CHECK(same == N, "%d of %d cells as strtod reads them", same, N);
    fl_csv_free(&csv);
    free(text);
}

// The same rows however the text is encoded: UTF-8 with its byte-order mark
// (Excel's "CSV UTF-8"), UTF-16 either way round with or without its mark, and
// no-break spaces around numbers. A header-less file keeps its first row.
static void test_encodings(void) {
    char *plain = rows("", 24);
    size_t n = strlen(plain);
    fl_csv want, got;
    fl_error err;
    CHECK(fl_csv_parse(plain, n, &want, &err) == FL_OK && want.encoding == FL_CSV_UTF8, "plain");
    char *buf = malloc(2 * n + 8);
    // UTF-8 with a byte-order mark
    memcpy(buf, "\xEF\xBB\xBF", 3), memcpy(buf + 3, plain, n);
    CHECK(fl_csv_parse(buf, n + 3, &got, &err) == FL_OK && got.rows == 24 && !got.header &&
              got.encoding == FL_CSV_UTF8_BOM && !memcmp(got.x, want.x, 48 * sizeof(float)),
          "a byte-order mark is not a header: %s", err.message);
    fl_csv_free(&got);
    for (int big = 0; big < 2; big++) {
        for (int mark = 0; mark < 2; mark++) {
            size_t at = 0;
            if (mark) buf[at++] = big ? '\xFE' : '\xFF', buf[at++] = big ? '\xFF' : '\xFE';
            for (size_t k = 0; k < n; k++)
                buf[at + 2 * k + big] = plain[k], buf[at + 2 * k + !big] = 0;
            CHECK(fl_csv_parse(buf, at + 2 * n, &got, &err) == FL_OK && got.rows == 24 &&
                      got.encoding == (big ? FL_CSV_UTF16BE : FL_CSV_UTF16LE) &&
                      !memcmp(got.x, want.x, 48 * sizeof(float)) &&
                      !memcmp(got.y, want.y, 24 * sizeof(int32_t)),
                  "UTF-16 %s %s its mark: %s", big ? "BE" : "LE", mark ? "with" : "without",
                  err.message);
            fl_csv_free(&got);
        }
    }
    // No-break spaces (C2 A0) around numbers, as spreadsheets paste them.
    size_t at = 0;
    for (int k = 0; k < 24; k++)
        at += (size_t)sprintf(buf + at, "\xC2\xA0%d.5,-%de-1\xC2\xA0,%d\n", k, k, k % 3);
    CHECK(fl_csv_parse(buf, at, &got, &err) == FL_OK && got.rows == 24 &&
              !memcmp(got.x, want.x, 48 * sizeof(float)),
          "no-break spaces are spaces: %s", err.message);
    fl_csv_free(&got);
    // A message quotes at most 40 bytes of a cell, never half a character.
    at = (size_t)sprintf(buf, "%s", "1,0\n2,1\n");
    at += (size_t)sprintf(buf + at, "%s",
                          "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
                          "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
                          "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9,1\n");
    CHECK(fl_csv_parse(buf, at, &got, &err) == FL_EINVAL &&
              strstr(err.message, "\xC3\xA9...' is not"),
          "cut at a character: %s", err.message);
    fl_csv_free(&want);
    free(plain), free(buf);
}

// One limit per quantity: every file the parser takes can train, at any
// split, and a trainer keeps running after its CSV is freed (the page frees
// the old rows when new ones load).
static void test_limits(void) {
    CHECK(fl_config_find("n_train")->max == FL_CSV_MAX_ROWS, "the row limit is n_train's");
    int n = FL_CSV_MAX_ROWS;
    char *text = malloc((size_t)n * 8 + 16);
    size_t at = 0;
    for (int k = 0; k < n; k++) at += (size_t)sprintf(text + at, "%d,%d\n", k % 7, k % 2);
    fl_csv csv;
    fl_error err;
    CHECK(fl_csv_parse(text, at, &csv, &err) == FL_OK && csv.rows == n, "%d rows: %s", n,
          err.message);
    for (float share = 0.05f; share <= 0.5f; share += 0.05f) {
        fl_config cfg = fl_config_default();
        cfg.val_share = share, cfg.epochs = 1, cfg.depth = 0;
        fl_config_use_data(&cfg, &csv);
        CHECK(fl_config_validate(&cfg, &err) == FL_OK, "val_share %g: %s", share, err.message);
    }
    fl_csv_free(&csv);
    at += (size_t)sprintf(text + at, "1,0\n");
    refused(text,
            "data: line 100001: more rows than the limit of 100000 (the most rows n_train takes)");
    free(text);

    char *small = rows("", 80);
    CHECK(fl_csv_parse(small, strlen(small), &csv, &err) == FL_OK, "parse");
    fl_config cfg = fl_config_default();
    cfg.epochs = 3;
    fl_config_use_data(&cfg, &csv);
    fl_trainer *t = NULL;
    CHECK(fl_trainer_create(&cfg, &t, &err) == FL_OK, "create: %s", err.message);
    fl_csv_free(&csv);
    memset(&csv, 0xA5, sizeof csv); // as freed memory might read
    CHECK(fl_trainer_set(t, "lr", "0.01", &err) == FL_OK, "a live change after the rows went: %s",
          err.message);
    fl_trainer_run_all(t);
    CHECK(fl_trainer_records(t) == 4, "it trains on");
    fl_trainer_free(t);
    free(small);
}

// Files as they are found: each form read, and what the reader chose, said in the fl_csv.
static char *rows_of(const char *head, int n, const char *(*line)(int, char *)) {
    char *s = malloc(strlen(head) + (size_t)n * 96 + 1), buf[96];
    size_t at = (size_t)sprintf(s, "%s", head);
    for (int k = 0; k < n; k++) at += (size_t)sprintf(s + at, "%s\n", line(k, buf));
    return s;
}
static const char *const IRIS[] = {"setosa", "versicolor", "virginica"};
static const char *iris_line(int k, char *b) {
    sprintf(b, "%.1f,%.1f,%s", 4.5 + k % 7 * 0.3, 2.0 + k % 5 * 0.4, IRIS[(k * 7) % 3]);
    return b;
}
static const char *first_word_line(int k, char *b) {
    sprintf(b, "%s,%.1f,%.1f", IRIS[k % 3], 1.0 + k, 2.0 * k);
    return b;
}
static const char *semicolon_line(int k, char *b) {
    sprintf(b, "%d,5;\"%d\";%d", k, k % 4, k % 2);
    return b;
}
static const char *tab_line(int k, char *b) {
    sprintf(b, "%d\t%d\t%d", k, k * 2, 1 + k % 3);
    return b;
}
static const char *index_line(int k, char *b) {
    sprintf(b, "%d,%.2f,%.2f,%d", k, k * 0.5, 7.0 - k, k % 2);
    return b;
}
static const char *hundred_line(int k, char *b) {
    sprintf(b, "%d,%d,c%03d", k, k % 9, k % 101);
    return b;
}
static const char *two_words_line(int k, char *b) {
    sprintf(b, "%d,red,%d,x", k, k % 2);
    return b;
}

static void test_forms(void) {
    fl_csv c;
    fl_error err;
    fl_csv_options opt = fl_csv_defaults();
    // Class names in a column named species: sorted, the choice said.
    char *t = rows_of("sepal_length,sepal_width,Species\n", 30, iris_line);
    CHECK(fl_csv_parse(t, strlen(t), &c, &err) == FL_OK, "names: %s", err.message);
    CHECK(c.classes == 3 && c.label_from == FL_LABEL_NAMED && c.label_column == 2 &&
              c.features == 2 && !strcmp(c.names, "setosa") && !strcmp(c.names + 7, "versicolor") &&
              !strcmp(c.label_header, "Species") && c.y[1] == 1 && c.y[2] == 2 && c.y[0] == 0,
          "iris: classes %d, from %d, column %d", c.classes, c.label_from, c.label_column);
    fl_csv_free(&c), free(t);
    // The label first, no header: the one column of words.
    t = rows_of("", 30, first_word_line);
    CHECK(fl_csv_parse(t, strlen(t), &c, &err) == FL_OK && c.label_from == FL_LABEL_WORDS &&
              c.label_column == 0 && c.features == 2 && c.x[2] == 2.0f && !c.header,
          "label first: %s", err.message);
    fl_csv_free(&c);
    // ... or the column given by name or position.
    opt.label_column = 2;
    CHECK(fl_csv_parse_with(t, strlen(t), &opt, &c, &err) == FL_EINVAL,
          "a column of words beside a given label");
    free(t);
    t = rows_of("a,b,label\n", 30, iris_line);
    opt = fl_csv_defaults(), opt.label_name = "a";
    CHECK(fl_csv_parse_with(t, strlen(t), &opt, &c, &err) == FL_EINVAL &&
              strstr(err.message, "'setosa' is not a number"),
          "the given label leaves the words as a feature: %s", err.message);
    opt.label_name = "petal";
    CHECK(fl_csv_parse_with(t, strlen(t), &opt, &c, &err) == FL_EINVAL &&
              !strcmp(err.message, "data: line 1: no column of the header is named 'petal' in"),
          "%s", err.message);
    free(t);
    // Semicolons, decimal commas and quoted numbers; labels 1 to K read from 1.
    t = rows_of("x;z;label\n", 30, semicolon_line);
    CHECK(fl_csv_parse(t, strlen(t), &c, &err) == FL_OK && c.separator == ';' && c.decimal_comma &&
              c.x[2] == 1.5f && c.x[3] == 1.0f && c.classes == 2 && c.label_base == 0,
          "semicolons: %s", err.message);
    fl_csv_free(&c), free(t);
    t = rows_of("", 30, tab_line);
    CHECK(fl_csv_parse(t, strlen(t), &c, &err) == FL_OK && c.separator == '\t' &&
              c.label_base == 1 && c.classes == 3 && c.y[0] == 0 && c.y[2] == 2 && c.t[2] == 3.0f,
          "tabs, labels 1-3: %s", err.message);
    fl_csv_free(&c), free(t);
    // A pandas index: dropped, and said.
    t = rows_of(",a,b,label\n", 30, index_line);
    CHECK(fl_csv_parse(t, strlen(t), &c, &err) == FL_OK && c.index_dropped && c.features == 2 &&
              c.x[0] == 0.0f && c.x[2] == 0.5f,
          "index: %s", err.message);
    fl_csv_free(&c), free(t);
    // scikit-learn's header: rows, features, class names.
    t = rows_of("30,3,no,yes\n", 30, index_line);
    CHECK(fl_csv_parse(t, strlen(t), &c, &err) == FL_OK && c.sklearn_header && c.rows == 30 &&
              c.classes == 2 && !strcmp(c.names + 3, "yes") && !c.index_dropped,
          "scikit-learn: %s", err.message);
    fl_csv_free(&c), free(t);
    t = rows_of("31,3,no,yes\n", 30, index_line);
    CHECK(fl_csv_parse(t, strlen(t), &c, &err) == FL_OK && !c.sklearn_header && c.header &&
              c.rows == 30,
          "a count that is not the file's: not scikit-learn's header, a plain one (%s)",
          err.message);
    fl_csv_free(&c);
    free(t);
    // Rows with empty or NA cells: counted and refused, or dropped when asked.
    t = rows_of("a,b,label\n", 30, iris_line);
    char *holes = malloc(strlen(t) + 64);
    sprintf(holes, "%s1.0,NA,setosa\n,2,virginica\n", t);
    CHECK(fl_csv_parse(holes, strlen(holes), &c, &err) == FL_EINVAL &&
              !strcmp(err.message, "data: 2 rows have an empty or NA cell (the first: line 32, "
                                   "column 2); fill them in, or drop those rows (--drop-missing)"),
          "%s", err.message);
    opt = fl_csv_defaults(), opt.drop_missing = 1;
    CHECK(fl_csv_parse_with(holes, strlen(holes), &opt, &c, &err) == FL_OK && c.rows == 30 &&
              c.dropped_rows == 2,
          "dropped: %s", err.message);
    fl_csv_free(&c), free(t), free(holes);
    // Up to 100 class names; the 101st is refused.
    t = rows_of("i,j,kind\n", 100, hundred_line);
    CHECK(fl_csv_parse(t, strlen(t), &c, &err) == FL_OK && c.classes == 100, "100 names: %s",
          err.message);
    fl_csv_free(&c), free(t);
    t = rows_of("i,j,kind\n", 101, hundred_line);
    CHECK(fl_csv_parse(t, strlen(t), &c, &err) == FL_EINVAL &&
              strstr(err.message, "'c100' is a 101st"),
          "%s", err.message);
    free(t);
    t = rows_of("", 30, two_words_line);
    CHECK(fl_csv_parse(t, strlen(t), &c, &err) == FL_EINVAL &&
              !strcmp(err.message,
                      "data: line 1: columns 2 and 4 hold words; the lab reads numbers and one "
                      "label column: name the label (--label NAME) and leave the others out"),
          "%s", err.message);
    free(t);
}

int main(void) {
    test_forms();
    test_numbers();
    test_training();
    test_encodings();
    test_limits();
    fl_csv csv;
    fl_error err;
    char *plain = rows("", 30);
    CHECK(fl_csv_parse(plain, strlen(plain), &csv, &err) == FL_OK, "plain: %s", err.message);
    CHECK(csv.rows == 30 && csv.features == 2 && csv.classes == 3 && !csv.header,
          "30 x 2, 3 classes");
    CHECK(csv.x[2 * 7] == 7.5f && csv.x[2 * 7 + 1] == -0.7f && csv.y[7] == 1, "row 8 read");
    fl_csv_free(&csv);
    char *headed = rows("x1, \"x 2\",label\n\n", 25);
    CHECK(fl_csv_parse(headed, strlen(headed), &csv, &err) == FL_OK && csv.header && csv.rows == 25,
          "a header and a blank line: %s", err.message);
    fl_csv_free(&csv);

    char text[4096];
    const char *twenty = "1,0\n2,1\n3,0\n4,1\n5,0\n6,1\n7,0\n8,1\n9,0\n10,1\n"
                         "1,0\n2,1\n3,0\n4,1\n5,0\n6,1\n7,0\n8,1\n9,0\n";
    // A 20th line that breaks one rule each, and what the parser says of it.
    static const char *const bad[][2] = {
        {"1,2,1", "data: line 20: 3 columns, where the first line has 2"},
        {"1", "data: line 20: 1 column, where the first line has 2"},
        {"1,abc", "data: line 20, column 2: the label 'abc' is a word where the labels above are "
                  "numbers; give every row a number, or every row a class name"},
        {"0x1p3,1",
         "data: line 20, column 1: '0x1p3' is not a number (only the label column may hold words)"},
        {"nan,1", "data: 1 row has an empty or NA cell (the first: line 20, column 1); fill them "
                  "in, or drop those rows (--drop-missing)"},
        {"1e999,1", "data: line 20, column 1: '1e999' is not finite"},
        {"1e39,1", "data: line 20, column 1: '1e39' is too large for a float"},
        {"1, ", "data: 1 row has an empty or NA cell (the first: line 20, column 2); fill them in, "
                "or drop those rows (--drop-missing)"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        snprintf(text, sizeof text, "%s%s\n", twenty, bad[k][0]);
        refused(text, bad[k][1]);
    }
    // Every word for a missing value, in any case, is one; a word that only begins like one
    // is not (it is a word in a feature column).
    static const char *const gaps[] = {"NA", "n/a", "NaN", "null", "NONE", "?", "#N/A", " na "};
    for (size_t k = 0; k < sizeof gaps / sizeof gaps[0]; k++) {
        snprintf(text, sizeof text, "%s%s,1\n", twenty, gaps[k]);
        refused(text, "data: 1 row has an empty or NA cell (the first: line 20, column 1); fill "
                      "them in, or drop those rows (--drop-missing)");
    }
    static const char *const words[] = {"nana", "n/", "nulls", "??", "#n/a!"};
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
        char want[200];
        snprintf(text, sizeof text, "%s%s,1\n", twenty, words[k]);
        snprintf(want, sizeof want,
                 "data: line 20, column 1: '%s' is not a number (only the label column may hold "
                 "words)",
                 words[k]);
        refused(text, want);
    }
    refused(twenty, "data: 19 data rows; at least 20 are needed (10 to train, 10 to validate)");
    // A label that is no class (a fraction, 12, -1) makes every label a real target.
    static const char *const real[] = {"1,2.5", "1,150", "1,-1"};
    for (size_t k = 0; k < sizeof real / sizeof real[0]; k++) {
        snprintf(text, sizeof text, "%s%s\n", twenty, real[k]);
        CHECK(fl_csv_parse(text, strlen(text), &csv, &err) == FL_OK && csv.classes == 0 &&
                  csv.real_line == 20 && csv.real_column == 2 &&
                  csv.t[19] == (float)atof(real[k] + 2) && csv.y[0] == 0 && csv.t[1] == 1.0f,
              "%s: real targets (classes %d, line %d)", real[k], csv.classes, csv.real_line);
        fl_csv_free(&csv);
    }
    refused("1,2.5\n2,2.5\n3,2.5\n4,2.5\n5,2.5\n6,2.5\n7,2.5\n8,2.5\n9,2.5\n10,2.5\n"
            "1,2.5\n2,2.5\n3,2.5\n4,2.5\n5,2.5\n6,2.5\n7,2.5\n8,2.5\n9,2.5\n10,2.5\n",
            "data: every label is the same number; nothing to learn");
    // A long number is a number: 70 digits read as strtod reads them.
    const char *digits70 =
        "0.1234567890123456789012345678901234567890123456789012345678901234567890";
    snprintf(text, sizeof text, "%s%s,1\n", twenty, digits70);
    CHECK(fl_csv_parse(text, strlen(text), &csv, &err) == FL_OK &&
              csv.x[19] == (float)strtod(digits70, NULL),
          "70 digits: %s", err.message);
    fl_csv_free(&csv);
    refused("a\n1\n2\n", "data: line 1: one column: no comma, semicolon or tab splits it; the data "
                         "needs feature columns and then the label");
    char wide[1024];
    size_t at = 0;
    for (int c = 0; c < 66; c++) at += (size_t)sprintf(wide + at, c ? ",%d" : "%d", c);
    refused(wide, "data: line 1: 66 columns; at most 65: 64 features and the label");
    snprintf(text, sizeof text, "%s",
             "1,0\n2,0\n3,0\n4,0\n5,0\n6,0\n7,0\n8,0\n9,0\n10,0\n"
             "1,0\n2,0\n3,0\n4,0\n5,0\n6,0\n7,0\n8,0\n9,0\n10,0\n");
    refused(text, "data: every label is the same class; at least two classes are needed");
    CHECK(fl_csv_parse(text, 16500000, &csv, &err) == FL_EINVAL &&
              !strcmp(err.message,
                      "data: the file is 16500000 bytes, over the limit of 16000000 bytes (16 MB)"),
          "size: %s", err.message);
    free(plain), free(headed);
    return check_report("csv");
}
