// test_trainer.c: the trainer as a whole. One seed gives the same bits; chunk
// size changes nothing; the state machine does what fl_trainer_run promises;
// mid-run changes apply without a reset and the others are refused; every
// optimizer and activation learns a learnable set; width 8 underfits `teacher`
// where width 128 does not.
#include <stdlib.h>

#include "check.h"
#include "flatline.h"

static fl_trainer *make(fl_config cfg) {
    fl_trainer *t = NULL;
    fl_error err;
    fl_status st = fl_trainer_create(&cfg, &t, &err);
    CHECK(st == FL_OK, "create: %s", err.message);
    return t;
}

static int same_run(fl_trainer *a, fl_trainer *b) {
    int n = fl_trainer_epochs_done(a) + 1;
    return n == fl_trainer_epochs_done(b) + 1 &&
           same_bits(fl_trainer_history(a), fl_trainer_history(b), n * sizeof(fl_metrics)) &&
           same_bits(fl_trainer_params(a), fl_trainer_params(b),
                     fl_trainer_param_count(a) * sizeof(float));
}

static void test_determinism(void) {
    fl_config cfg = fl_config_default();
    cfg.dataset = FL_DATA_LINEAR, cfg.depth = 2, cfg.epochs = 3, cfg.batch = 30;
    fl_trainer *a = make(cfg), *b = make(cfg);
    fl_trainer_run_all(a), fl_trainer_run_all(b);
    CHECK(same_run(a, b), "one seed, one run");
    for (int chunk = 1; chunk <= 64; chunk += 21) {
        cfg.chunk = chunk;
        fl_trainer *c = make(cfg);
        while (fl_trainer_run(c, 7) > 0) {
        }
        CHECK(same_run(a, c), "chunk %d changes the bits", chunk);
        fl_trainer_free(c);
    }
    cfg.chunk = 0, cfg.seed = 2;
    fl_trainer *d = make(cfg);
    fl_trainer_run_all(d);
    CHECK(!same_run(a, d), "another seed, another run");
    cfg.seed = 1, cfg.shuffle = 0;
    fl_trainer *e = make(cfg);
    fl_trainer_run_all(e);
    CHECK(!same_run(a, e), "shuffle changes the batch order");
    CHECK(!memcmp(fl_trainer_inputs(a, 0), fl_trainer_inputs(e, 0), 1000 * 10 * sizeof(float)),
          "but not the data");
    fl_trainer_free(a), fl_trainer_free(b), fl_trainer_free(d), fl_trainer_free(e);
}

static void test_state_machine(void) {
    fl_config cfg = fl_config_default();
    cfg.n_train = 100, cfg.n_val = 50, cfg.batch = 32, cfg.epochs = 2, cfg.chunk = 16;
    fl_trainer *t = make(cfg);
    CHECK(fl_trainer_epochs_done(t) == 0 && fl_trainer_records(t) == 0 && !fl_trainer_done(t),
          "fresh trainer");
    // Epoch 0: 100 training and 50 validation samples in chunks of 16: 7 + 4 units.
    CHECK(fl_trainer_run(t, 11) == 11, "units run as asked");
    const fl_metrics *h = fl_trainer_history(t);
    CHECK(h && fl_trainer_records(t) == 1 && h[0].epoch == 0 && h[0].grad_norm != h[0].grad_norm,
          "epoch 0 recorded");
    CHECK(h[0].train_loss > 0.9 && h[0].train_loss < 1.4, "untrained loss near ln 3: %g",
          h[0].train_loss);
    // An epoch: batches 32, 32, 32, 4 in chunks of 16 (2+2+2+1 units), then 4 for validation.
    CHECK(fl_trainer_run(t, 10) == 10 && fl_trainer_epochs_done(t) == 0, "not yet");
    CHECK(fl_trainer_run(t, 1) == 1 && fl_trainer_epochs_done(t) == 1, "epoch 1 done");
    h = fl_trainer_history(t);
    CHECK(h[1].epoch == 1 && h[1].grad_norm > 0 && h[1].update_ratio > 0, "epoch 1 metrics");
    CHECK(h[1].lr == cfg.lr && h[1].batch == 32 && h[1].input_scale == 1, "settings recorded");
    CHECK(fl_trainer_run(t, 1000) == 11 && fl_trainer_records(t) == 3, "a call stops at a record");
    CHECK(fl_trainer_done(t), "second epoch, then done");
    CHECK(fl_trainer_run(t, 1000) == 0, "nothing left to do");

    fl_error err;
    CHECK(fl_trainer_set(t, "epochs", "3", &err) == FL_OK && !fl_trainer_done(t),
          "more epochs resume the run");
    fl_trainer_run_all(t);
    CHECK(fl_trainer_epochs_done(t) == 3, "three epochs");
    fl_trainer_free(t);
}

static void test_live_changes(void) {
    fl_config cfg = fl_config_default();
    cfg.dataset = FL_DATA_LINEAR, cfg.epochs = 4;
    fl_trainer *t = make(cfg), *ref = make(cfg);
    fl_error err;
    while (fl_trainer_epochs_done(t) < 2) fl_trainer_run(t, 1);
    while (fl_trainer_epochs_done(ref) < 2) fl_trainer_run(ref, 1);
    CHECK(fl_trainer_set(t, "lr", "0.01", &err) == FL_OK, "lr is live: %s", err.message);
    CHECK(fl_trainer_set(t, "batch", "64", &err) == FL_OK, "batch is live");
    CHECK(fl_trainer_set(t, "input_scale", "10", &err) == FL_OK, "input_scale is live");
    CHECK(fl_trainer_inputs(t, 0)[5] == fl_trainer_inputs(ref, 0)[5] * 10.0f,
          "input_scale rescales the data in place");
    CHECK(fl_trainer_set(t, "depth", "3", &err) == FL_EINVAL && !strcmp(err.key, "depth"),
          "depth needs a new run: %s", err.message);
    CHECK(fl_trainer_set(t, "lr", "50", &err) == FL_EINVAL && fl_trainer_config(t)->lr == 0.01f,
          "a bad value changes nothing");
    CHECK(fl_trainer_set(t, "batch", "5000", &err) == FL_EINVAL, "batch above n_train");
    fl_trainer_run_all(t), fl_trainer_run_all(ref);
    const fl_metrics *h = fl_trainer_history(t), *r = fl_trainer_history(ref);
    CHECK(same_bits(h, r, 3 * sizeof(fl_metrics)), "epochs before the change are untouched");
    CHECK(h[3].lr == (double)0.01f && h[3].batch == 64 && h[3].input_scale == 10,
          "history shows the new settings");
    CHECK(h[3].val_loss != r[3].val_loss, "and the run changed course");
    fl_trainer_free(t), fl_trainer_free(ref);
}

// Every optimizer and activation lowers the loss on learnable data, at depth 0 too.
static void test_learning(void) {
    for (int opt = 0; opt < 4; opt++)
        for (int act = 0; act < 5; act++) {
            fl_config cfg = fl_config_default();
            cfg.dataset = FL_DATA_LINEAR, cfg.optimizer = opt, cfg.activation = act;
            cfg.depth = act == 0 ? 0 : 2, cfg.epochs = 10;
            cfg.lr = opt == FL_OPT_SGD ? 0.5f : opt == FL_OPT_MOMENTUM ? 0.05f : 0.003f;
            fl_trainer *t = make(cfg);
            fl_trainer_run_all(t);
            const fl_metrics *h = fl_trainer_history(t);
            CHECK(h[10].val_loss < h[0].val_loss - 0.1 && h[10].val_acc > 0.6,
                  "optimizer %d activation %d: val loss %g -> %g, acc %g", opt, act, h[0].val_loss,
                  h[10].val_loss, h[10].val_acc);
            fl_trainer_free(t);
        }
}

static void test_grid_and_access(void) {
    fl_config cfg = fl_config_default();
    cfg.dataset = FL_DATA_SPIRAL, cfg.depth = 2, cfg.width = 16, cfg.epochs = 2;
    fl_trainer *t = make(cfg);
    fl_trainer_run_all(t);
    uint8_t cls[32 * 32];
    float conf[32 * 32], bounds[4];
    CHECK(fl_trainer_grid(t, 32, cls, conf, bounds) == FL_OK, "grid on a 2-D set");
    int ok = 1, seen[3] = {0, 0, 0};
    for (int k = 0; k < 32 * 32; k++) {
        ok &= cls[k] < 3 && conf[k] >= 1.0f / 3 - 1e-6f && conf[k] <= 1.0f;
        seen[cls[k] % 3] = 1;
    }
    CHECK(ok, "grid classes and confidences in range");
    CHECK(seen[0] + seen[1] + seen[2] >= 2, "the map shows more than one class");
    CHECK(bounds[0] < -0.9f && bounds[1] > 0.9f && bounds[2] < bounds[3], "bounds %g %g %g %g",
          bounds[0], bounds[1], bounds[2], bounds[3]);
    CHECK(fl_trainer_grid(t, 1, cls, conf, bounds) == FL_EINVAL, "res 1 refused");
    CHECK(fl_trainer_features(t) == 2 && fl_trainer_samples(t, 1) == 200, "accessors");
    // A unit's output over the plane: layer 1's unit 3 is relu(w . x + b) at each cell.
    float unit_out[32 * 32], ub[4];
    CHECK(fl_trainer_unit_grid(t, 0, 3, 32, unit_out, ub) == FL_OK && ub[0] == bounds[0],
          "unit grid");
    const float *p = fl_trainer_params(t); // layer 0: kernel 2 x 16, then bias 16
    int worst = 0;
    for (int cell = 0; cell < 32 * 32; cell += 37) {
        float x = ub[0] + (ub[1] - ub[0]) * (cell % 32 + 0.5f) / 32;
        float y = ub[3] - (ub[3] - ub[2]) * (cell / 32 + 0.5f) / 32;
        float z = x * p[3] + y * p[16 + 3] + p[32 + 3];
        worst |= fabsf((z > 0 ? z : 0) - unit_out[cell]) > 1e-5f;
    }
    CHECK(!worst, "the unit grid is the unit's output");
    // Every unit's map in one pass (the first 5 of each of the two layers of 16): the unit grids'
    // bits.
    static float maps[2 * 5 * 32 * 32];
    float mb[4];
    CHECK(fl_trainer_unit_maps(t, 32, 5, maps, mb) == FL_OK && mb[0] == bounds[0], "unit maps");
    int same = 1;
    for (int l = 0; l < 2; l++)
        for (int u = 0; u < 5; u++) {
            fl_trainer_unit_grid(t, l, u, 32, unit_out, ub);
            same &= same_bits(unit_out, maps + (size_t)(l * 5 + u) * 32 * 32, sizeof unit_out);
        }
    CHECK(same, "each map is that unit's grid, to the bit");
    CHECK(fl_trainer_unit_maps(t, 32, 0, maps, mb) == FL_EINVAL, "no unit a layer is refused");
    int32_t counts[10];
    float range[2];
    CHECK(fl_trainer_unit_histogram(t, 1, 15, 10, counts, range) == FL_OK, "histogram");
    int total = 0;
    for (int b = 0; b < 10; b++) total += counts[b];
    CHECK(total == 200 && range[0] <= range[1] && range[0] >= 0, "200 samples in [%g, %g]",
          range[0], range[1]);
    CHECK(fl_trainer_unit_grid(t, 2, 0, 32, unit_out, ub) == FL_EINVAL,
          "the output layer is no hidden unit");
    CHECK(fl_trainer_unit_histogram(t, 0, 16, 10, counts, range) == FL_EINVAL, "unit 16 of 16");
    int in, out;
    size_t count = 0;
    for (int l = 0; l < fl_trainer_layer_count(t); l++) {
        fl_trainer_layer_shape(t, l, &in, &out);
        count += (size_t)in * out + out;
    }
    CHECK(count == fl_trainer_param_count(t) && count == 2 * 16 + 16 + 16 * 16 + 16 + 16 * 3 + 3,
          "parameter count %zu", count);
    fl_trainer_free(t);
    cfg = fl_config_default();
    t = make(cfg);
    CHECK(fl_trainer_grid(t, 32, cls, conf, bounds) == FL_EINVAL, "no grid for 10 inputs");
    fl_trainer_free(t);
}

// DESIGN.md: on data whose boundary needs many units, width 8 underfits.
static void test_capacity(void) {
    double acc[2];
    for (int k = 0; k < 2; k++) {
        fl_config cfg = fl_config_default();
        cfg.dataset = FL_DATA_TEACHER, cfg.n_train = 10000, cfg.n_val = 2000;
        cfg.width = k ? 128 : 8, cfg.epochs = 30, cfg.lr = 0.003f;
        fl_trainer *t = make(cfg);
        fl_trainer_run_all(t);
        acc[k] = fl_trainer_history(t)[30].train_acc;
        printf("teacher, width %d: train acc %.3f, val acc %.3f\n", cfg.width, acc[k],
               fl_trainer_history(t)[30].val_acc);
        fl_trainer_free(t);
    }
    CHECK(acc[0] < 0.83 && acc[1] > acc[0] + 0.08, "width 8 %.3f vs width 128 %.3f", acc[0],
          acc[1]);
}

// Per-layer signals: one record per layer and epoch, consistent with the
// global figures and with the per-unit flags.
static void test_signals(void) {
    fl_config cfg = fl_config_default();
    cfg.dataset = FL_DATA_LINEAR, cfg.depth = 2, cfg.width = 16, cfg.lr = 0.1f, cfg.epochs = 2;
    fl_trainer *t = make(cfg);
    fl_trainer_run_all(t);
    int L = fl_trainer_layer_count(t), n = fl_trainer_records(t);
    const fl_metrics *h = fl_trainer_history(t);
    const fl_layer_metrics *lh = fl_trainer_layer_history(t);
    CHECK(L == 3 && n == 3 && lh != NULL, "layers %d, records %d", L, n);
    CHECK(lh[0].grad_norm != lh[0].grad_norm, "no gradient at epoch 0");
    const fl_layer_metrics *last = lh + (size_t)(n - 1) * L;
    CHECK(h[n - 1].grad_ratio == last[0].grad_norm / last[L - 1].grad_norm, "first/last ratio");
    const uint8_t *flags = fl_trainer_unit_flags(t);
    const float *mean = fl_trainer_unit_mean(t);
    CHECK(fl_trainer_hidden_units(t) == 32, "hidden units");
    int dead = 0;
    for (int l = 0; l < 2; l++) {
        int in_layer = 0;
        for (int u = 0; u < 16; u++) {
            int d = flags[l * 16 + u] & FL_UNIT_DEAD;
            in_layer += d != 0;
            CHECK(!d || mean[l * 16 + u] == 0.0f, "a dead unit's mean output is 0");
        }
        CHECK(last[l].dead_frac == in_layer / 16.0, "layer %d: dead share %g vs %d flags", l,
              last[l].dead_frac, in_layer);
        dead += in_layer;
    }
    CHECK(h[n - 1].dead_frac == dead / 32.0, "global share of stuck units");
    CHECK(last[L - 1].dead_frac == 0 && last[L - 1].act_std > 0, "the logits' layer");
    CHECK(h[0].input_max < 1 && h[0].input_rms > 0.5 && h[0].val_loss_sd > 0, "inputs, spread");
    fl_trainer_free(t);

    // Saturation: sigmoid units on inputs x1000.
    cfg = fl_config_default();
    cfg.activation = FL_ACT_SIGMOID, cfg.input_scale = 1000, cfg.epochs = 1;
    t = make(cfg);
    fl_trainer_run(t, 1 << 20); // epoch 0 only
    lh = fl_trainer_layer_history(t);
    CHECK(lh[0].sat_share > 0.5 && lh[0].sat_frac > 0 && lh[0].dead_frac == 0,
          "saturated, not dead: share %g, units %g", lh[0].sat_share, lh[0].sat_frac);
    fl_trainer_free(t);
}

// A run that blows up stops at the first non-finite number, says where, keeps
// only finite epochs, and refuses live changes.
static void test_divergence(void) {
    fl_config cfg = fl_config_default();
    cfg.dataset = FL_DATA_LINEAR, cfg.optimizer = FL_OPT_SGD, cfg.lr = 10, cfg.input_scale = 1000;
    cfg.activation = FL_ACT_LINEAR;
    fl_trainer *t = make(cfg);
    fl_trainer_run_all(t);
    fl_divergence d;
    CHECK(fl_trainer_diverged(t, &d) == 1 && fl_trainer_done(t), "diverged and stopped");
    CHECK(d.epoch == 1 && d.step >= 1 && d.step <= 32, "in epoch 1, step %d", d.step);
    CHECK(d.kind >= FL_DIVERGED_NAN && d.kind <= FL_DIVERGED_OVERFLOW, "kind %d", d.kind);
    CHECK(d.where >= FL_AT_LOSS && d.where <= FL_AT_WEIGHTS && d.layer >= 0 && d.layer <= 2,
          "where %d, layer %d", d.where, d.layer);
    const fl_metrics *h = fl_trainer_history(t);
    for (int r = 0; r < fl_trainer_records(t); r++)
        CHECK(h[r].train_loss == h[r].train_loss && h[r].val_loss - h[r].val_loss == 0,
              "record %d is finite", r);
    CHECK(fl_trainer_records(t) == d.epoch, "no record for the epoch that diverged");
    fl_error err;
    CHECK(fl_trainer_set(t, "lr", "0.001", &err) == FL_EINVAL && !strcmp(err.key, "lr") &&
              strstr(err.message, "diverged at epoch 1") != NULL,
          "a live change says only a reset helps: %s", err.message);
    CHECK(fl_trainer_run(t, 100) == 0, "nothing more to run");
    fl_trainer_free(t);
    cfg.lr = 0.001f;
    t = make(cfg);
    fl_trainer_run_all(t);
    CHECK(!fl_trainer_diverged(t, NULL), "a small rate does not");
    fl_trainer_free(t);
}

// The memory a config needs is known before anything is allocated; a config
// over its budget is refused with both figures, and the largest one fits.
static void test_memory_budget(void) {
    fl_config big = fl_config_default();
    big.n_train = big.n_val = 100000, big.features = 64, big.depth = 6, big.width = 1024;
    big.epochs = 100000, big.batch = 32;
    double need = fl_trainer_memory_mb(&big);
    CHECK(need > FL_MEMORY_BUDGET_MB && need < 310, "the largest config needs %g MB", need);
    fl_trainer *t = NULL;
    fl_error err;
    CHECK(fl_trainer_create(&big, &t, &err) == FL_ENOMEM && t == NULL, "and is refused: %s",
          err.message);
    big.epochs = 20000;
    CHECK(fl_trainer_memory_mb(&big) < FL_MEMORY_BUDGET_MB, "with fewer epochs it fits: %g MB",
          fl_trainer_memory_mb(&big));
    fl_config small = fl_config_default();
    CHECK(fl_trainer_memory_mb(&small) < 2, "the default needs %g MB",
          fl_trainer_memory_mb(&small));
    // The chunk: at least 32 samples and a multiple of 4 on any net (a chunk of 3
    // on the largest one trained 4.4 times slower), at most 256 on small ones.
    big.epochs = 1, big.n_train = big.n_val = 100;
    t = make(big);
    CHECK(fl_trainer_chunk(t) == 32, "largest net: chunk %d", fl_trainer_chunk(t));
    fl_trainer_free(t);
    fl_config post = fl_config_default();
    post.depth = 2;
    t = make(post);
    CHECK(fl_trainer_chunk(t) == 256, "the post's net: chunk %d", fl_trainer_chunk(t));
    fl_trainer_free(t);
    small.memory_mb = 0.01;
    t = (fl_trainer *)&small;
    CHECK(fl_trainer_create(&small, &t, &err) == FL_ENOMEM && t == NULL, "over budget: refused");
    CHECK(strstr(err.message, "too big: this network, data set and history need ") == err.message &&
              strstr(err.message, "over the budget of 0.01 MB") != NULL,
          "message: %s", err.message);
}

// The keys the experiments use: a training subset, zeroed inputs, shuffled
// labels, and a rate that grows every step with each step's loss kept.
static void test_experiment_keys(void) {
    fl_config cfg = fl_config_default();
    cfg.dataset = FL_DATA_LINEAR, cfg.epochs = 2, cfg.batch = 8;
    fl_trainer *ref = make(cfg);

    cfg.train_subset = 20;
    fl_trainer *sub = make(cfg);
    fl_trainer_run_all(sub);
    CHECK(fl_trainer_steps(sub) == 2 * 3, "20 samples in batches of 8: 3 steps an epoch, not %d",
          fl_trainer_steps(sub));
    CHECK(!memcmp(fl_trainer_labels(sub, 0), fl_trainer_labels(ref, 0), 20 * sizeof(int32_t)) &&
              !memcmp(fl_trainer_labels(sub, 1), fl_trainer_labels(ref, 1), 200 * sizeof(int32_t)),
          "the subset is the first rows of the same data; validation is unchanged");
    fl_error err;
    cfg.train_subset = 4;
    CHECK(fl_config_validate(&cfg, &err) == FL_EINVAL &&
              !strcmp(err.message, "batch: 8 is larger than train_subset (4)"),
          "batch over the subset: %s", err.message);
    cfg.train_subset = 2000;
    CHECK(fl_config_validate(&cfg, &err) == FL_EINVAL && !strcmp(err.key, "train_subset"),
          "subset over n_train: %s", err.message);
    cfg.train_subset = 0;

    cfg.shuffle_labels = 1;
    fl_trainer *shuf = make(cfg);
    int count[2][3] = {{0}}, moved = 0;
    for (int k = 0; k < 1000; k++) {
        count[0][fl_trainer_labels(ref, 0)[k]]++, count[1][fl_trainer_labels(shuf, 0)[k]]++;
        moved += fl_trainer_labels(ref, 0)[k] != fl_trainer_labels(shuf, 0)[k];
    }
    CHECK(!memcmp(count[0], count[1], sizeof count[0]) && moved > 500,
          "the same labels, permuted (%d of 1000 differ)", moved);
    CHECK(
        !memcmp(fl_trainer_inputs(shuf, 0), fl_trainer_inputs(ref, 0), 1000 * 10 * sizeof(float)) &&
            !memcmp(fl_trainer_labels(shuf, 1), fl_trainer_labels(ref, 1), 200 * sizeof(int32_t)),
        "inputs and validation labels stay");
    cfg.shuffle_labels = 0;

    cfg.zero_inputs = 1, cfg.input_scale = 3, cfg.standardize = 1;
    fl_trainer *zero = make(cfg);
    fl_trainer_run_all(zero);
    const float *x = fl_trainer_inputs(zero, 1);
    int zeros = 1;
    for (int k = 0; k < 200 * 10; k++) zeros &= x[k] == 0.0f;
    CHECK(zeros, "every input is 0");
    CHECK(fl_trainer_history(zero)[2].val_acc < 0.5, "nothing to go on: val_acc %g",
          fl_trainer_history(zero)[2].val_acc);
    cfg.zero_inputs = 0, cfg.input_scale = 1, cfg.standardize = 0;

    cfg.lr = 1e-6f, cfg.lr_growth = 2.0f, cfg.step_log = 10, cfg.epochs = 1;
    fl_trainer *grow = make(cfg);
    fl_trainer_run_all(grow);
    int n = 0;
    const double *log = fl_trainer_step_log(grow, &n);
    CHECK(fl_trainer_steps(grow) > 10 && n == 10,
          "%d steps (a rate doubling every step diverges before 125), 10 kept",
          fl_trainer_steps(grow));
    int doubling = 1;
    for (int i = 0; i < n; i++) doubling &= log[2 * i] == (float)(1e-6f * (double)(1 << i));
    CHECK(doubling, "the rate doubles every step");
    CHECK(log[1] > 1.0 && log[1] < 1.3, "the first batch's loss %g is near ln 3", log[1]);
    fl_trainer_free(ref), fl_trainer_free(sub), fl_trainer_free(shuf), fl_trainer_free(zero);
    fl_trainer_free(grow);
}

// widths gives each hidden layer its own units; its units and signals follow.
static void test_widths(void) {
    fl_config cfg = fl_config_default();
    fl_error err;
    cfg.dataset = FL_DATA_LINEAR, cfg.epochs = 2;
    CHECK(fl_config_set(&cfg, "widths", "5,3", &err) == FL_OK && cfg.depth == 2,
          "widths sets depth");
    char text[32];
    CHECK(fl_config_text(&cfg, "widths", text, sizeof text) == FL_OK && !strcmp(text, "5,3"),
          "widths reads back as '%s'", text);
    fl_trainer *t = make(cfg);
    int in, out, want[3][2] = {{10, 5}, {5, 3}, {3, 3}};
    for (int l = 0; l < 3; l++) {
        fl_trainer_layer_shape(t, l, &in, &out);
        CHECK(in == want[l][0] && out == want[l][1], "layer %d is %d x %d", l, in, out);
    }
    CHECK(fl_trainer_hidden_units(t) == 8, "8 hidden units");
    CHECK(fl_trainer_param_count(t) == 10 * 5 + 5 + 5 * 3 + 3 + 3 * 3 + 3, "parameters");
    fl_trainer_run_all(t);
    CHECK(fl_trainer_epochs_done(t) == 2 && fl_trainer_history(t)[2].val_loss > 0, "trains");
    fl_trainer_free(t);

    cfg.depth = 3;
    CHECK(fl_config_validate(&cfg, &err) == FL_EINVAL &&
              !strcmp(err.message, "widths: 2 layers given, but depth is 3"),
          "a depth that disagrees: %s", err.message);
    // One list of equal widths is the same net as width and depth.
    fl_config a = fl_config_default(), b = a;
    a.dataset = b.dataset = FL_DATA_LINEAR, a.epochs = b.epochs = 2;
    a.depth = 2, a.width = 7;
    CHECK(fl_config_set(&b, "widths", "7,7", &err) == FL_OK, "7,7");
    fl_trainer *ta = make(a), *tb = make(b);
    fl_trainer_run_all(ta), fl_trainer_run_all(tb);
    CHECK(same_run(ta, tb), "widths 7,7 runs as depth 2, width 7");
    fl_trainer_free(ta), fl_trainer_free(tb);
    CHECK(fl_config_set(&b, "widths", "", &err) == FL_OK && b.n_widths == 0 && b.depth == 2,
          "an empty list: every layer has width");
}

// The batch orders a replica replays are the trainer's: a permutation per
// epoch, each the last one reshuffled; without shuffle, the data's order.
static void test_batch_orders(void) {
    fl_config cfg = fl_config_default();
    fl_error err;
    cfg.n_train = 50, cfg.batch = 10, cfg.train_subset = 40;
    int32_t orders[3 * 40];
    CHECK(fl_batch_orders(&cfg, 3, orders, &err) == FL_OK, "orders: %s", err.message);
    int moved = 0;
    for (int e = 0; e < 3; e++) {
        int seen[40] = {0};
        for (int k = 0; k < 40; k++) seen[orders[e * 40 + k]]++, moved += orders[e * 40 + k] != k;
        int all = 1;
        for (int k = 0; k < 40; k++) all &= seen[k] == 1;
        CHECK(all, "epoch %d's order is a permutation of the 40 samples trained on", e + 1);
    }
    CHECK(moved > 100 && memcmp(orders, orders + 40, 40 * sizeof *orders) != 0,
          "the order changes from epoch to epoch");
    cfg.shuffle = 0;
    fl_batch_orders(&cfg, 2, orders, &err);
    int identity = 1;
    for (int k = 0; k < 80; k++) identity &= orders[k] == k % 40;
    CHECK(identity, "shuffle 0 keeps the data's order");
    cfg.batch = 45;
    CHECK(fl_batch_orders(&cfg, 1, orders, &err) == FL_EINVAL, "a bad config is refused");
}

int main(void) {
    test_widths();
    test_batch_orders();
    test_experiment_keys();
    test_determinism();
    test_memory_budget();
    test_divergence();
    test_signals();
    test_state_machine();
    test_live_changes();
    test_learning();
    test_grid_and_access();
    test_capacity();
    return check_report("trainer");
}
