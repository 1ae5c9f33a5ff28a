// fuzz_trainer.c: a libFuzzer harness over what a user's text reaches in the
// core: config parsing (any key, any value), validation, trainer creation, a
// few units of training, live changes mid-run, the history and the grid. The
// input is lines of "key=value"; lines after a blank one are live changes.
// Sizes are capped after parsing (the caps are the harness's, not the
// core's), so that every input runs in milliseconds. Built with clang and
// -fsanitize=fuzzer,address,undefined (CMake option FLATLINE_FUZZ).
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "flatline.h"

// Splits the next line off text into key and value; returns 0 at the end.
static int next_line(char **text, char **key, char **value) {
    if (!*text || !**text) return 0;
    char *line = *text, *end = strchr(line, '\n');
    if (end)
        *end = '\0', *text = end + 1;
    else
        *text = line + strlen(line);
    char *eq = strchr(line, '=');
    *key = line;
    *value = eq ? (*eq = '\0', eq + 1) : line + strlen(line);
    return 1;
}

static void cap(fl_config *c) {
    if (c->n_train > 300) c->n_train = 300;
    if (c->n_val > 100) c->n_val = 100;
    if (c->width > 48) c->width = 48;
    if (c->features > 16) c->features = 16;
    if (c->epochs > 3) c->epochs = 3;
    if (c->batch > c->n_train) c->batch = c->n_train;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *text = malloc(size + 1), *cursor = text, *key, *value;
    memcpy(text, data, size);
    text[size] = '\0';
    // The same bytes as a CSV file: accepted or refused, never a crash or a leak.
    fl_csv csv;
    fl_error csv_err;
    if (fl_csv_parse((const char *)data, size, &csv, &csv_err) == FL_OK) fl_csv_free(&csv);
    fl_config cfg = fl_config_default();
    fl_error err;
    while (next_line(&cursor, &key, &value) && *key) fl_config_set(&cfg, key, value, &err);
    cap(&cfg);
    fl_trainer *t = NULL;
    if (fl_trainer_create(&cfg, &t, &err) == FL_OK) {
        fl_trainer_run(t, 40);
        while (next_line(&cursor, &key, &value)) {
            fl_trainer_set(t, key, value, &err);
            fl_config now = *fl_trainer_config(t);
            if (now.epochs > 3 || now.batch > 300) break; // keep each input short
            fl_trainer_run(t, 20);
        }
        fl_trainer_run(t, 40);
        const fl_metrics *h = fl_trainer_history(t);
        volatile double sink = fl_trainer_records(t) ? h[0].val_loss : 0;
        (void)sink;
        fl_divergence d;
        fl_trainer_diverged(t, &d);
        if (fl_trainer_features(t) == 2) {
            uint8_t cls[64];
            float conf[64], bounds[4];
            fl_trainer_grid(t, 8, cls, conf, bounds);
        }
        fl_trainer_free(t);
    }
    free(text);
    return 0;
}
