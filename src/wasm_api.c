// wasm_api.c: the functions JavaScript calls, and the only file that includes
// emscripten.h. Everything passes as numbers and pointers into linear memory:
// configs are built key by key from strings, errors land in an fl_error that
// the caller allocated, and arrays are read in place as typed-array views.
// No logic lives here that the core does not already have.
#include <emscripten.h>
#include <stdlib.h>
#include <string.h>

#include "flatline.h"

#define API EMSCRIPTEN_KEEPALIVE

API fl_config *fla_config_new(void) {
    fl_config *cfg = malloc(sizeof *cfg);
    if (cfg) *cfg = fl_config_default();
    return cfg;
}
API void fla_config_free(fl_config *cfg) {
    free(cfg);
}
API int fla_config_set(fl_config *cfg, const char *key, const char *value, fl_error *err) {
    return fl_config_set(cfg, key, value, err);
}
API double fla_config_get(const fl_config *cfg, const char *key) {
    return fl_config_get(cfg, key);
}
// A key's text ("64,32" for widths) in buf (size bytes); 0 on success.
API int fla_config_text(const fl_config *cfg, const char *key, char *buf, int size) {
    return fl_config_text(cfg, key, buf, size);
}
// Trains cfg on a parsed CSV (fla_csv_parse). A trainer copies the rows when it is
// created: the CSV may be freed after that, while the trainer runs on.
API void fla_config_use_data(fl_config *cfg, const fl_csv *data) {
    fl_config_use_data(cfg, data);
}
// Each epoch's batch order of a run of cfg into out (epochs x n int32); 0 on success.
API int fla_batch_orders(const fl_config *cfg, int epochs, int32_t *out, fl_error *err) {
    return fl_batch_orders(cfg, epochs, out, err);
}
// Samples per unit of work (0: the core picks). Not a config key: results do
// not depend on it, only latency and speed do (the chunk benchmark sets it).
API void fla_config_set_chunk(fl_config *cfg, int chunk) {
    cfg->chunk = chunk;
}
API int fla_chunk(const fl_trainer *t) {
    return fl_trainer_chunk(t);
}
API double fla_progress(const fl_trainer *t) {
    return fl_trainer_progress(t);
}
API int fla_trainer_fits(const fl_config *cfg, fl_error *err) {
    return fl_trainer_check(cfg, err);
}
API int fla_config_validate(const fl_config *cfg, fl_error *err) {
    return fl_config_validate(cfg, err);
}
API int fla_error_size(void) {
    return sizeof(fl_error);
}
API int fla_error_key_offset(void) {
    return 0;
}
API int fla_error_message_offset(void) {
    return sizeof(((fl_error *)0)->key);
}

API int fla_key_count(void) {
    return fl_config_key_count();
}
API const char *fla_key_name(int k) {
    return fl_config_key(k)->name;
}
API int fla_key_kind(int k) {
    return fl_config_key(k)->kind;
}
API double fla_key_min(int k) {
    return fl_config_key(k)->min;
}
API double fla_key_max(int k) {
    return fl_config_key(k)->max;
}
API double fla_key_default(int k) {
    return fl_config_key(k)->fallback;
}
API int fla_key_live(int k) {
    return fl_config_key(k)->live;
}
API int fla_key_choice_count(int k) {
    return fl_config_key(k)->n_choices;
}
API const char *fla_key_choice(int k, int c) {
    return fl_config_key(k)->choices[c];
}

API fl_trainer *fla_create(const fl_config *cfg, fl_error *err) {
    fl_trainer *t = NULL;
    fl_trainer_create(cfg, &t, err);
    return t;
}
API void fla_free(fl_trainer *t) {
    fl_trainer_free(t);
}
API int fla_run(fl_trainer *t, int max_units) {
    return fl_trainer_run(t, max_units);
}
API int fla_done(const fl_trainer *t) {
    return fl_trainer_done(t);
}
// Fills out[0..4] with fl_divergence's fields in order; returns 1 when diverged.
API int fla_diverged(const fl_trainer *t, int *out) {
    fl_divergence d;
    if (!fl_trainer_diverged(t, &d)) return 0;
    out[0] = d.epoch, out[1] = d.step, out[2] = d.layer, out[3] = d.where, out[4] = d.kind;
    return 1;
}
API int fla_epochs_done(const fl_trainer *t) {
    return fl_trainer_epochs_done(t);
}
API int fla_records(const fl_trainer *t) {
    return fl_trainer_records(t);
}
API const fl_metrics *fla_history(const fl_trainer *t) {
    return fl_trainer_history(t);
}
API int fla_metric_fields(void) {
    return FL_METRIC_FIELDS;
}
API const fl_layer_metrics *fla_layer_history(const fl_trainer *t) {
    return fl_trainer_layer_history(t);
}
API int fla_layer_fields(void) {
    return FL_LAYER_FIELDS;
}
API int fla_hidden_units(const fl_trainer *t) {
    return fl_trainer_hidden_units(t);
}
API const uint8_t *fla_unit_flags(const fl_trainer *t) {
    return fl_trainer_unit_flags(t);
}
API const float *fla_unit_mean(const fl_trainer *t) {
    return fl_trainer_unit_mean(t);
}
API int fla_set(fl_trainer *t, const char *key, const char *value, fl_error *err) {
    return fl_trainer_set(t, key, value, err);
}
API double fla_get(const fl_trainer *t, const char *key) {
    return fl_config_get(fl_trainer_config(t), key);
}
API int fla_get_text(const fl_trainer *t, const char *key, char *buf, int size) {
    return fl_config_text(fl_trainer_config(t), key, buf, size);
}
API float *fla_params(fl_trainer *t) {
    return fl_trainer_params(t);
}
API int fla_param_count(const fl_trainer *t) {
    return (int)fl_trainer_param_count(t);
}
API int fla_layer_count(const fl_trainer *t) {
    return fl_trainer_layer_count(t);
}
API int fla_layer_in(const fl_trainer *t, int l) {
    int in, out;
    fl_trainer_layer_shape(t, l, &in, &out);
    return in;
}
API int fla_layer_out(const fl_trainer *t, int l) {
    int in, out;
    fl_trainer_layer_shape(t, l, &in, &out);
    return out;
}
API int fla_layer_at(const fl_trainer *t, int l) {
    return (int)fl_trainer_layer_at(t, l);
}
API int fla_layer_norm(const fl_trainer *t, int l) {
    return fl_trainer_layer_norm(t, l);
}
API const float *fla_norm_stats(const fl_trainer *t) {
    size_t n;
    return fl_trainer_norm_stats(t, &n);
}
API const float *fla_inputs(const fl_trainer *t, int split) {
    return fl_trainer_inputs(t, split);
}
API const float *fla_raw_inputs(const fl_trainer *t, int split) {
    return fl_trainer_raw_inputs(t, split);
}
API int fla_steps(const fl_trainer *t) {
    return fl_trainer_steps(t);
}
API const double *fla_step_log(const fl_trainer *t, int *n) {
    return fl_trainer_step_log(t, n);
}
API int fla_is_plane(const fl_trainer *t) {
    return fl_trainer_is_plane(t);
}
API const int32_t *fla_labels(const fl_trainer *t, int split) {
    return fl_trainer_labels(t, split);
}
API const float *fla_targets(const fl_trainer *t, int split) {
    return fl_trainer_targets(t, split);
}
API int fla_outputs(const fl_trainer *t) {
    return fl_config_outputs(fl_trainer_config(t));
}
API int fla_output_act(const fl_trainer *t) { // FL_OUT_*, never auto
    return fl_config_output_act(fl_trainer_config(t));
}
API int fla_regression(const fl_trainer *t) {
    return fl_config_regression(fl_trainer_config(t));
}
API int fla_samples(const fl_trainer *t, int split) {
    return fl_trainer_samples(t, split);
}
API int fla_features(const fl_trainer *t) {
    return fl_trainer_features(t);
}
API int fla_grid(fl_trainer *t, int res, uint8_t *cls, float *conf, float *bounds) {
    return fl_trainer_grid(t, res, cls, conf, bounds);
}
API int fla_unit_grid(fl_trainer *t, int layer, int unit, int res, float *out, float *bounds) {
    return fl_trainer_unit_grid(t, layer, unit, res, out, bounds);
}
API int fla_unit_maps(fl_trainer *t, int res, int per_layer, float *out, float *bounds) {
    return fl_trainer_unit_maps(t, res, per_layer, out, bounds);
}
API int fla_unit_histogram(fl_trainer *t, int layer, int unit, int bins, int32_t *counts,
                           float *range) {
    return fl_trainer_unit_histogram(t, layer, unit, bins, counts, range);
}

// Your own data: parses CSV text (len bytes at text) into a fl_csv it
// allocates, or returns NULL with err filled. fla_csv_free frees both.
// label_column (-1: find it), label_name (NULL: find it) and drop_missing
// are fl_csv_options's.
API fl_csv *fla_csv_parse(const char *text, size_t len, int label_column, const char *label_name,
                          int drop_missing, fl_error *err) {
    fl_csv *csv = malloc(sizeof *csv);
    if (!csv) {
        strcpy(err->key, "data");
        strcpy(err->message, "data: out of memory for this file");
        return NULL;
    }
    fl_csv_options opt = {label_column, label_name, drop_missing};
    if (fl_csv_parse_with(text, len, &opt, csv, err) != FL_OK) {
        free(csv);
        return NULL;
    }
    return csv;
}
// What the reader chose, into out[0..9]: separator (its character code),
// decimal_comma, label_column, label_from, label_base, index_dropped,
// sklearn_header, dropped_rows, real_line, real_column.
API void fla_csv_info(const fl_csv *c, int32_t *out) {
    int32_t v[10] = {c->separator,  c->decimal_comma, c->label_column,   c->label_from,
                     c->label_base, c->index_dropped, c->sklearn_header, c->dropped_rows,
                     c->real_line,  c->real_column};
    memcpy(out, v, sizeof v);
}
// The class names (classes of them, each NUL-terminated) or NULL; the label
// column's header cell or NULL.
API const char *fla_csv_names(const fl_csv *c) {
    return c->names;
}
API const char *fla_csv_label_header(const fl_csv *c) {
    return c->label_header;
}
API int fla_csv_rows(const fl_csv *c) {
    return c->rows;
}
API int fla_csv_features(const fl_csv *c) {
    return c->features;
}
API int fla_csv_classes(const fl_csv *c) {
    return c->classes;
}
API int fla_csv_header(const fl_csv *c) {
    return c->header;
}
API int fla_csv_encoding(const fl_csv *c) {
    return c->encoding;
}
// The parser's limits, so that the page checks a file against the same
// numbers: 0, the most bytes; 1, the most rows.
API double fla_csv_limit(int which) {
    return which == 0 ? FL_CSV_MAX_BYTES : FL_CSV_MAX_ROWS;
}
API const float *fla_csv_x(const fl_csv *c) {
    return c->x;
}
API const int32_t *fla_csv_y(const fl_csv *c) {
    return c->y;
}
API void fla_csv_free(fl_csv *c) {
    if (!c) return;
    fl_csv_free(c);
    free(c);
}
