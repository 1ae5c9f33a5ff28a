// test_loss.c: the output activations and losses of loss.h. Every loss, output
// activation and from_logits setting has its gradient checked against central
// differences of its own loss; each loss's value against its definition; the
// cases that cannot learn (a softmax over one unit, a clipped probability) give
// a gradient of exactly 0; and whole runs: regression sets fitted by mse and mae,
// a binary set by binary cross-entropy, a CSV of real targets read as a regression.
#include <stdlib.h>

#include "check.h"
#include "flatline.h"
#include "loss.h"
#include "rng.h"

static const char *loss_names[] = {"sce", "bce", "mse", "mae"};
static const char *act_names[] = {"auto", "softmax", "sigmoid", "linear", "relu", "tanh"};

static double loss_at(const loss_spec *s, const float *z, const int32_t *y, const float *t) {
    loss_sums sums = {0, 0, 0, 0};
    loss_eval(s, NULL, z, y, t, 1, 0, &sums);
    return sums.loss;
}

static void check_gradient(int loss, int act, int from_logits, int units, uint64_t *rng) {
    loss_spec s = {loss, act, from_logits, units, 1, loss >= FL_LOSS_MSE};
    int compared = 0;
    for (int trial = 0; trial < 40; trial++) {
        float z[4], t[4], dz[4];
        int32_t y = rng_below(rng, units);
        for (int c = 0; c < units; c++) {
            z[c] = 3.0f * (2.0f * rng_uniform(rng) - 1.0f);
            t[c] = loss >= FL_LOSS_MSE ? 2.0f * rng_uniform(rng) - 1.0f : (float)(c == y);
        }
        if (loss == FL_LOSS_BCE && units == 1) t[0] = (float)(rng_uniform(rng) < 0.5f);
        loss_sums sums = {0, 0, 0, 0};
        loss_eval(&s, dz, z, &y, t, 1, 1.0f, &sums);
        for (int c = 0; c < units; c++) {
            const float h = 1e-3f;
            float keep = z[c];
            z[c] = keep + h;
            double up = loss_at(&s, z, &y, t);
            z[c] = keep - h;
            double down = loss_at(&s, z, &y, t);
            z[c] = keep;
            double mid = loss_at(&s, z, &y, t);
            double fd = (up - down) / (2 * h), right = (up - mid) / h, left = (mid - down) / h;
            if (fabs(right - left) > 1e-3 + 0.01 * fabs(fd)) continue; // a kink or a clip inside
            compared++;
            CHECK(fabs(fd - dz[c]) <= 2e-3 + 0.02 * fabs(fd),
                  "%s, %s output, from_logits %d, %d units: d/dz%d %g, finite difference %g",
                  loss_names[loss], act_names[act], from_logits, units, c, dz[c], fd);
        }
    }
    CHECK(compared > 0, "%s, %s, from_logits %d, %d units: nothing compared", loss_names[loss],
          act_names[act], from_logits, units);
}

static void check_values(void) {
    // Binary cross-entropy from a logit: at 0 it is ln 2 whatever the target.
    loss_spec bce = {FL_LOSS_BCE, FL_OUT_SIGMOID, 0, 1, 1, 0};
    float z0 = 0.0f, one = 1.0f, zero = 0.0f, dz = 0;
    CHECK(close_rel(loss_at(&bce, &z0, NULL, &one), log(2.0), 1e-6), "bce at logit 0");
    float z3 = 3.0f;
    CHECK(close_rel(loss_at(&bce, &z3, NULL, &zero), 3.0 + log1p(exp(-3.0)), 1e-6), "bce at 3");
    // A huge logit stays finite.
    float big = 500.0f;
    CHECK(close_rel(loss_at(&bce, &big, NULL, &zero), 500.0, 1e-6), "bce of a huge logit");
    // From probabilities: a linear output of 0.25 against 1 is -ln 0.25.
    loss_spec lin = {FL_LOSS_BCE, FL_OUT_LINEAR, 0, 1, 1, 0};
    float q = 0.25f;
    CHECK(close_rel(loss_at(&lin, &q, NULL, &one), -log(0.25), 1e-6), "bce from probability");
    // ... and one of 2 is clipped to 1 - 1e-7: a loss near 16 against 0, no gradient.
    float two = 2.0f;
    loss_sums sums = {0, 0, 0, 0};
    loss_eval(&lin, &dz, &two, NULL, &zero, 1, 1.0f, &sums);
    CHECK(sums.loss > 15.0 && sums.loss < 17.0 && dz == 0.0f, "clipped: loss %g, dz %g", sums.loss,
          dz);
    // A softmax over one unit outputs 1 whatever z: the same loss, and no gradient at all.
    loss_spec one_unit = {FL_LOSS_BCE, FL_OUT_SOFTMAX, 0, 1, 1, 0};
    for (float z = -5.0f; z <= 5.0f; z += 2.5f) {
        sums = (loss_sums){0, 0, 0, 0};
        loss_eval(&one_unit, &dz, &z, NULL, &zero, 1, 1.0f, &sums);
        CHECK(dz == 0.0f && sums.loss > 15.0, "softmax over one unit at %g: loss %g, dz %g", z,
              sums.loss, dz);
    }
    // mse and mae: means over the units; the metric is the mean absolute error.
    loss_spec mse = {FL_LOSS_MSE, FL_OUT_LINEAR, 0, 2, 0, 1}, mae = mse;
    mae.loss = FL_LOSS_MAE;
    float z2[2] = {1.0f, -1.0f}, t2[2] = {0.5f, 1.0f};
    sums = (loss_sums){0, 0, 0, 0};
    loss_eval(&mse, NULL, z2, NULL, t2, 1, 0, &sums);
    CHECK(close_rel(sums.loss, (0.25 + 4.0) / 2, 1e-6) && close_rel(sums.mae, 1.25, 1e-6),
          "mse %g, mae metric %g", sums.loss, sums.mae);
    CHECK(close_rel(loss_at(&mae, z2, NULL, t2), 1.25, 1e-6), "mae");
    // Sparse cross-entropy over probabilities (a sigmoid output): clipped, logged, as logits.
    loss_spec sig = {FL_LOSS_SCE, FL_OUT_SIGMOID, 0, 2, 1, 0};
    float zs[2] = {0.0f, 1.0f};
    int32_t label = 1;
    double p0 = 0.5, p1 = 1 / (1 + exp(-1.0));
    CHECK(close_rel(loss_at(&sig, zs, &label, NULL), -log(p1 / (p0 + p1)), 1e-5),
          "sce over sigmoid outputs");
}

// A run's first and last records.
static void run(const char *const *kv, fl_metrics *first, fl_metrics *last, int *ok) {
    fl_config cfg = fl_config_default();
    fl_error err;
    for (int k = 0; kv[k]; k += 2)
        CHECK(fl_config_set(&cfg, kv[k], kv[k + 1], &err) == FL_OK, "%s", err.message);
    fl_trainer *t = NULL;
    *ok = fl_trainer_create(&cfg, &t, &err) == FL_OK;
    CHECK(*ok, "create: %s", err.message);
    if (!*ok) return;
    fl_trainer_run_all(t);
    const fl_metrics *h = fl_trainer_history(t);
    *first = h[0], *last = h[fl_trainer_records(t) - 1];
    fl_trainer_free(t);
}

static void check_runs(void) {
    fl_metrics a, b;
    int ok;
    // Regression: mse and mae reach a fraction of the baseline (predicting the mean).
    const char *lin[] = {"dataset", "linear_reg", "loss", "mse",  "label_noise", "0.1",
                         "epochs",  "30",         "lr",   "0.01", NULL};
    run(lin, &a, &b, &ok);
    if (ok) {
        CHECK(a.chance_loss > 0.9 && a.chance_loss < 1.1, "baseline %g: the targets' variance",
              a.chance_loss);
        CHECK(b.val_loss < 0.1 * a.chance_loss, "linear_reg: val_loss %g", b.val_loss);
        CHECK(b.val_mae < 0.3 && b.val_acc != b.val_acc, "mae %g, no accuracy (%g)", b.val_mae,
              b.val_acc);
    }
    const char *deep[] = {"dataset", "teacher_reg", "loss", "mae",   "epochs", "40", "lr",
                          "0.01",    "depth",       "2",    "width", "64",     NULL};
    run(deep, &a, &b, &ok);
    if (ok)
        CHECK(b.val_loss < 0.5 * a.chance_loss, "teacher_reg: %g of %g", b.val_loss, a.chance_loss);
    // Huge targets: the baseline is their variance.
    const char *huge[] = {"dataset", "linear_reg", "loss", "mse", "target_scale",
                          "1000",    "epochs",     "2",    NULL};
    run(huge, &a, &b, &ok);
    if (ok)
        CHECK(a.chance_loss > 0.9e6 && a.chance_loss < 1.1e6, "scaled baseline %g", a.chance_loss);
    // ... and standardizing them brings it back to 1 (the z-scores' variance), and they fit.
    const char *scaled[] = {
        "dataset", "linear_reg", "loss", "mse", "target_scale", "1000", "standardize_targets",
        "1",       "epochs",     "20",   "lr",  "0.01",         NULL};
    run(scaled, &a, &b, &ok);
    if (ok) {
        CHECK(close_rel(a.chance_loss, 1.0, 1e-4), "standardized baseline %g", a.chance_loss);
        CHECK(b.val_loss < 0.05, "standardized targets fit: %g", b.val_loss);
    }
    // Binary cross-entropy on one sigmoid unit: learns xor's quadrants; chance is ln 2.
    const char *bin[] = {"dataset", "circles", "classes", "2",    "loss", "binary_crossentropy",
                         "epochs",  "40",      "lr",      "0.01", NULL};
    run(bin, &a, &b, &ok);
    if (ok) {
        CHECK(close_rel(a.chance_loss, log(2.0), 1e-6) && a.chance_acc == 0.5, "binary chance");
        CHECK(b.val_acc > 0.9, "binary: val_acc %g", b.val_acc);
    }
    // A softmax over one unit never moves: every record the same loss.
    const char *stuck[] = {"dataset", "circles", "classes", "2", "loss", "binary_crossentropy",
                           "output",  "softmax", "epochs",  "5", "lr",   "0.1",
                           NULL};
    run(stuck, &a, &b, &ok);
    if (ok)
        CHECK(a.val_loss == b.val_loss && close_rel(a.train_loss, b.train_loss, 1e-9),
              "stuck: %g -> %g", a.val_loss, b.val_loss);
    // The output must fit the loss and the labels, as Keras requires.
    fl_config cfg = fl_config_default();
    fl_error err;
    fl_config_set(&cfg, "outputs", "1", &err);
    CHECK(fl_config_validate(&cfg, &err) == FL_EINVAL && !strcmp(err.key, "outputs"),
          "one unit, three classes: %s", err.message);
    cfg = fl_config_default();
    fl_config_set(&cfg, "dataset", "linear_reg", &err);
    CHECK(fl_config_validate(&cfg, &err) == FL_EINVAL && !strcmp(err.key, "loss"),
          "regression under cross-entropy: %s", err.message);
}

// A run's history as one array of records, for comparisons.
static int history_of(const char *const *kv, int chunk, fl_metrics *out, int max) {
    fl_config cfg = fl_config_default();
    fl_error err;
    for (int k = 0; kv[k]; k += 2) fl_config_set(&cfg, kv[k], kv[k + 1], &err);
    cfg.chunk = chunk;
    fl_trainer *t = NULL;
    if (fl_trainer_create(&cfg, &t, &err) != FL_OK) return 0;
    fl_trainer_run_all(t);
    int n = fl_trainer_records(t) < max ? fl_trainer_records(t) : max;
    memcpy(out, fl_trainer_history(t), (size_t)n * sizeof *out);
    fl_trainer_free(t);
    return n;
}

// Dropout: only while training, the same bits whatever the chunk size, and it
// slows fitting the training set (Keras's Dropout, its own random stream).
static void check_dropout(void) {
    const char *plain[] = {"dataset", "spiral", "depth", "2", "width", "64", "epochs", "8", NULL};
    const char *drop[] = {"dataset", "spiral", "depth",   "2",   "width", "64",
                          "epochs",  "8",      "dropout", "0.5", NULL};
    const char *each[] = {"dataset", "spiral", "depth",   "2",       "width", "64",
                          "epochs",  "8",      "dropout", "0.5,0.5", NULL};
    fl_metrics a[9], b[9], c[9], d[9];
    int na = history_of(plain, 0, a, 9), nb = history_of(drop, 0, b, 9),
        nc = history_of(drop, 8, c, 9);
    int nd = history_of(each, 0, d, 9);
    CHECK(na == 9 && nb == 9 && nc == 9 && nd == 9, "runs");
    CHECK(a[0].val_loss == b[0].val_loss && a[0].train_loss == b[0].train_loss,
          "the untrained network is evaluated without dropout");
    CHECK(b[1].train_loss != a[1].train_loss, "dropout changes training");
    CHECK(!memcmp(b, c, sizeof b), "chunks of 8 give the same bits as the default chunk");
    CHECK(!memcmp(b, d, sizeof b), "one rate for every layer is a rate per layer");
    CHECK(b[8].train_loss > b[8].val_loss,
          "dropout raises the training loss above validation's: %g vs %g", b[8].train_loss,
          b[8].val_loss);
    fl_config cfg = fl_config_default();
    fl_error err;
    fl_config_set(&cfg, "dropout", "0.5,0.2", &err);
    CHECK(fl_config_validate(&cfg, &err) == FL_EINVAL && !strcmp(err.key, "dropout"),
          "two rates for one hidden layer: %s", err.message);
}

static void check_csv_targets(void) {
    char text[4096], *p = text;
    p += sprintf(p, "a,b,price\n");
    for (int k = 0; k < 40; k++) p += sprintf(p, "%d,%d,%g\n", k, k % 7, 1.5 * k + 0.25);
    fl_csv csv;
    fl_error err;
    CHECK(fl_csv_parse(text, strlen(text), &csv, &err) == FL_OK, "%s", err.message);
    CHECK(csv.classes == 0 && csv.real_line == 2 && csv.t[3] == 4.75f, "real targets: classes %d",
          csv.classes);
    fl_config cfg = fl_config_default();
    fl_config_use_data(&cfg, &csv);
    CHECK(fl_config_regression(&cfg), "a regression");
    CHECK(fl_config_validate(&cfg, &err) == FL_EINVAL && strstr(err.message, "line 2"),
          "cross-entropy on real targets: %s", err.message);
    fl_config_set(&cfg, "loss", "mse", &err);
    fl_config_set(&cfg, "standardize", "1", &err);
    fl_config_set(&cfg, "batch", "10", &err);
    fl_trainer *t = NULL;
    CHECK(fl_trainer_create(&cfg, &t, &err) == FL_OK, "%s", err.message);
    if (t) {
        CHECK(fl_trainer_targets(t, 0) != NULL && fl_config_outputs(&cfg) == 1, "one target");
        fl_trainer_free(t);
    }
    fl_csv_free(&csv);
}

int main(void) {
    uint64_t rng = rng_stream(7, 1);
    for (int loss = 0; loss < 4; loss++)
        for (int act = FL_OUT_SOFTMAX; act <= FL_OUT_TANH; act++)
            for (int from_logits = 0; from_logits < 2; from_logits++)
                for (int units = 1; units <= 3; units += 2) {
                    if (loss == FL_LOSS_SCE && units == 1) continue;   // a label per unit
                    if (act == FL_OUT_SOFTMAX && units == 1) continue; // constant: no gradient
                    check_gradient(loss, act, from_logits, units, &rng);
                }
    check_values();
    check_runs();
    check_csv_targets();
    check_dropout();
    return check_report("loss");
}
