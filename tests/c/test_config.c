// test_config.c: defaults are DESIGN.md's; every key rejects values outside its
// range, malformed text and unknown names with a message that names the key;
// the rules between keys hold; a bad config never aborts creation.
#include <stdlib.h>

#include "check.h"
#include "flatline.h"

static int starts_with(const char *s, const char *prefix) {
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void expect_reject(const char *key, const char *value) {
    fl_config cfg = fl_config_default(), before = cfg;
    fl_error err;
    fl_status st = fl_config_set(&cfg, key, value, &err);
    CHECK(st == FL_EINVAL, "%s=%s accepted", key, value);
    CHECK(!strcmp(err.key, key), "%s=%s: error names key '%s'", key, value, err.key);
    char prefix[64];
    snprintf(prefix, sizeof prefix, "%s: ", key);
    CHECK(starts_with(err.message, prefix), "message '%s' starts with the key", err.message);
    CHECK(!memcmp(&cfg, &before, sizeof cfg), "%s=%s: a rejected value changes nothing", key,
          value);
}

static void expect_accept(const char *key, const char *value, double want) {
    fl_config cfg = fl_config_default();
    fl_error err;
    CHECK(fl_config_set(&cfg, key, value, &err) == FL_OK, "%s=%s rejected: %s", key, value,
          err.message);
    CHECK(fl_config_get(&cfg, key) == want, "%s=%s reads back %g", key, value,
          fl_config_get(&cfg, key));
}

int main(void) {
    fl_config d = fl_config_default();
    CHECK(d.dataset == FL_DATA_RANDOM && d.features == 10 && d.classes == 3 && d.n_train == 1000 &&
              d.n_val == 200 && d.label_noise == 0 && d.input_scale == 1 && d.standardize == 0 &&
              d.depth == 1 && d.width == 32 && d.activation == FL_ACT_RELU &&
              d.init == FL_INIT_GLOROT_UNIFORM && d.optimizer == FL_OPT_ADAM && d.lr == 0.001f &&
              d.batch == 32 && d.epochs == 20 && d.l2 == 0 && d.seed == 1 && d.shuffle == 1,
          "defaults are DESIGN.md's");
    fl_error err;
    CHECK(fl_config_validate(&d, &err) == FL_OK, "defaults validate");

    // Every key: just outside each end, and text that is no value at all.
    for (int k = 0; k < fl_config_key_count(); k++) {
        const fl_key_info *info = fl_config_key(k);
        if (info->kind == FL_KEY_ENUM) {
            expect_reject(info->name, "nonsense");
            expect_reject(info->name, "");
            expect_accept(info->name, info->choices[info->n_choices - 1], info->n_choices - 1);
            continue;
        }
        if (info->kind == FL_KEY_LIST &&
            info->choices) { // a list of names (activations, batchnorm)
            const char *a = info->choices[0], *b = info->choices[1];
            char bad[8][96];
            snprintf(bad[0], sizeof bad[0], "gelu");
            snprintf(bad[1], sizeof bad[1], "%s,", a);
            snprintf(bad[2], sizeof bad[2], ",%s", a);
            snprintf(bad[3], sizeof bad[3], "%s,,%s", a, b);
            snprintf(bad[4], sizeof bad[4], "%s %s", a, b);
            snprintf(bad[5], sizeof bad[5], "%s,%s,%s,%s,%s,%s,%s", a, a, a, a, a, a, a);
            snprintf(bad[6], sizeof bad[6], "0");
            snprintf(bad[7], sizeof bad[7], "%s,%.2s", a, b);
            for (size_t k2 = 0; k2 < 8; k2++) expect_reject(info->name, bad[k2]);
            char two[64];
            snprintf(two, sizeof two, "%s,%s", a, b);
            expect_accept(info->name, two, 2);
            expect_accept(info->name, "", 0);
            continue;
        }
        if (info->kind == FL_KEY_LIST && info->max < 1) { // a list of rates (dropout)
            static const char *const bad[] = {
                "1",    "abc",     "0.5,", ",0.5", "0.5,,0.2",
                "-0.1", "0.5 0.2", "nan",  "0x1",  "0.1,0.1,0.1,0.1,0.1,0.1,0.1"};
            for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++)
                expect_reject(info->name, bad[b]);
            expect_accept(info->name, "0.5,0.25", 2);
            expect_accept(info->name, "0.95", 1);
            expect_accept(info->name, "", 0);
            continue;
        }
        if (info->kind == FL_KEY_LIST) {
            static const char *const bad[] = {"0",   "1025",          "abc",        "1,",
                                              ",1",  "1,,2",          "1.5",        "-1",
                                              "1 2", "1,2,3,4,5,6,7", "99999999999"};
            for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++)
                expect_reject(info->name, bad[b]);
            expect_accept(info->name, "1024,1", 2);
            expect_accept(info->name, "", 0);
            continue;
        }
        char text[64];
        double below = info->min - (info->kind == FL_KEY_REAL ? info->min * 0.5 + 1e-9 : 1);
        double above = info->max + (info->kind == FL_KEY_REAL ? info->max * 0.5 + 1e-9 : 1);
        snprintf(text, sizeof text, "%.17g", below);
        expect_reject(info->name, text);
        snprintf(text, sizeof text, "%.17g", above);
        expect_reject(info->name, text);
        expect_reject(info->name, "abc");
        expect_reject(info->name, "");
        expect_reject(info->name, "1x");
        expect_reject(info->name, "nan");
        if (info->kind != FL_KEY_REAL) expect_reject(info->name, "1.5");
        snprintf(text, sizeof text, "%.17g", info->max);
        expect_accept(info->name, text, info->kind == FL_KEY_REAL ? (float)info->max : info->max);
        // Both documented ends pass fl_config_set and then fl_config_validate,
        // although a float key stores them rounded (1e-6 as 9.99999997e-7).
        for (int end = 0; end < 2; end++) {
            fl_config c = fl_config_default();
            c.n_train = 100000; // so that batch may reach its maximum
            snprintf(text, sizeof text, "%.17g", end ? info->max : info->min);
            fl_error e;
            CHECK(fl_config_set(&c, info->name, text, &e) == FL_OK, "%s=%s: %s", info->name, text,
                  e.message);
            if (!strcmp(info->name, "n_train")) c.batch = 1;
            if (!strcmp(info->name, "dataset") || !strcmp(info->name, "classes")) continue;
            CHECK(fl_config_validate(&c, &e) == FL_OK, "%s=%s then validate: %s", info->name, text,
                  e.message);
        }
    }
    expect_reject("nonsense_key", "1");
    expect_reject("lr", "0x1p3"); // hex floats: strtod takes them, the page does not
    expect_reject("lr", " 0.1");
    expect_reject("lr", "inf");
    expect_reject("epochs", "0x10");
    expect_accept("lr", "1e-2", 0.01f);
    expect_accept("standardize", "true", 1);
    expect_accept("activation", "leaky_relu", FL_ACT_LEAKY_RELU);

    fl_config cfg = fl_config_default();
    fl_config_set(&cfg, "lr", "50", &err);
    CHECK(!strcmp(err.message, "lr: 50 is outside its range 1e-06 to 10"), "message: %s",
          err.message);
    // The message quotes the value as written, never a rounding that looks in range.
    fl_config_set(&cfg, "lr", "10.00000001", &err);
    CHECK(!strcmp(err.message, "lr: 10.00000001 is outside its range 1e-06 to 10"), "message: %s",
          err.message);

    // Rules between keys, seen by validate and by create.
    cfg = fl_config_default();
    cfg.batch = 2000;
    CHECK(fl_config_validate(&cfg, &err) == FL_EINVAL && !strcmp(err.key, "batch"),
          "batch above n_train: %s", err.message);
    CHECK(!strcmp(err.message, "batch: 2000 is larger than n_train (1000)"), "message: %s",
          err.message);
    fl_trainer *t = (fl_trainer *)&cfg; // must be set to NULL on failure
    CHECK(fl_trainer_create(&cfg, &t, &err) == FL_EINVAL && t == NULL, "create rejects it");
    cfg = fl_config_default();
    cfg.dataset = FL_DATA_XOR;
    CHECK(fl_config_validate(&cfg, &err) == FL_EINVAL && !strcmp(err.key, "classes"),
          "xor needs 2 classes: %s", err.message);
    cfg.classes = 2;
    CHECK(fl_config_validate(&cfg, &err) == FL_OK, "xor with 2 classes");
    cfg = fl_config_default();
    cfg.width = 0; // set directly, bypassing fl_config_set
    CHECK(fl_trainer_create(&cfg, &t, &err) == FL_EINVAL && !strcmp(err.key, "width"),
          "create validates fields set directly: %s", err.message);
    cfg = fl_config_default();
    cfg.lr = 0.0f / 0.0f;
    CHECK(fl_config_validate(&cfg, &err) == FL_EINVAL && !strcmp(err.key, "lr"), "NaN lr");
    fl_trainer_free(NULL);
    // A list of the wrong length for depth is refused without a place for the message too.
    {
        static const char *const lists[][2] = {{"widths", "64,32"},
                                               {"activations", "relu,tanh"},
                                               {"dropout", "0.1,0.2"},
                                               {"batchnorm", "after,none"}};
        for (int k = 0; k < 4; k++) {
            fl_config c = fl_config_default(); // depth 1
            CHECK(fl_config_set(&c, lists[k][0], lists[k][1], &err) == FL_OK, "%s", err.message);
            c.depth = 3;
            CHECK(fl_config_validate(&c, NULL) == FL_EINVAL, "%s of 2 for depth 3, no error buffer",
                  lists[k][0]);
            CHECK(fl_config_validate(&c, &err) == FL_EINVAL && !strcmp(err.key, lists[k][0]) &&
                      strstr(err.message, "given, but depth is 3"),
                  "%s: %s", lists[k][0], err.message);
        }
    }
    return check_report("config");
}
