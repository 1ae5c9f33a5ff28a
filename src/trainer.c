// trainer.c: the trainer ties the parts together. It owns one arena holding
// every buffer (parameters, gradients and moments in one layout; raw and
// transformed data; the chunk's activations) plus a growing history, and the
// three random streams. Training is a small state machine advanced one unit at a
// time: the untrained net is evaluated (epoch 0), then each epoch trains batch
// by batch, a batch chunk by chunk, and ends with the validation pass.
//
// Chunks exist for memory and latency only: gradients accumulate sample after
// sample in order, so any chunk size gives the same bits. Batch normalization
// needs a whole batch's statistics before any sample goes on, so a network
// with it trains one whole batch per unit (the chunk is at least the batch).
//
// Besides the losses it measures what a diagnosis needs (flatline.h,
// fl_layer_metrics): per layer the gradient norm and update ratio of every
// step, and over each validation pass the outputs of every unit, so that dead
// and saturated units are counted where they are, not guessed from the curve.
#include <stdlib.h>
#include <string.h>

#include "base.h"
#include "data.h"
#include "fmath.h"
#include "kernels.h"
#include "layers.h"
#include "optim.h"
#include "rng.h"

#include "trainer_internal.h"

enum { STREAM_DATA = 1, STREAM_INIT = 2, STREAM_ORDER = 3, STREAM_LABELS = 4, STREAM_DROPOUT = 5 };

// --- creation -----------------------------------------------------------------

// Samples per unit: about 16M multiply-adds of work, a multiple of 4 between
// 32 and 256. Below 32 rows the kernels stream every weight for too few
// samples: on the largest net a chunk of 3 trains 4.4 times slower than 32
// (npm run bench:chunks), while a unit of 32 still takes only about 50 ms.
static int pick_chunk(const fl_config *cfg, size_t n_params) {
    if (cfg->chunk > 0) return cfg->chunk;
    size_t c = ((size_t)1 << 24) / (n_params + 1);
    if (c > 256) c = 256;
    if (c < 32) c = 32;
    return (int)(c & ~(size_t)3);
}

// Lays out the arena: when base is NULL only counts, so one function both
// sizes and carves it. Every block starts on 16 bytes.
static size_t carve(fl_trainer *t, char *base) {
    size_t off = 0;
#define TAKE(ptr, count, type)                                                                     \
    do {                                                                                           \
        if (base) ptr = (type *)(base + off);                                                      \
        off += (((size_t)(count) * sizeof(type)) + 15) & ~(size_t)15;                              \
    } while (0)
    const mlp_shape *s = &t->shape;
    size_t P = s->n_params, ch = (size_t)t->chunk, F = (size_t)t->features;
    size_t O = (size_t)t->loss.units;
    TAKE(t->params, P, float);
    TAKE(t->grads, P, float);
    TAKE(t->m, P, float);
    TAKE(t->v, P, float);
    TAKE(t->stats, s->n_stats, float);
    for (int k = 0; k < 2; k++) {
        TAKE(t->raw[k], (size_t)t->n[k] * F, float);
        TAKE(t->x[k], (size_t)t->n[k] * F, float);
        TAKE(t->y[k], t->n[k], int32_t);
        TAKE(t->tg[k], t->loss.loss == FL_LOSS_SCE ? 0 : (size_t)t->n[k] * O, float);
        if (base && t->loss.loss == FL_LOSS_SCE) t->tg[k] = NULL; // the labels are the targets
    }
    TAKE(t->order, t->n[0], int32_t);
    TAKE(t->shift, F, float);
    TAKE(t->gain, F, float);
    TAKE(t->step_log, 2 * (size_t)t->cfg.step_log, double);
    TAKE(t->xb, ch * F, float);
    TAKE(t->yb, ch, int32_t);
    TAKE(t->tb, ch * O, float);
    for (int l = 0; l < s->n_layers; l++) TAKE(t->acts[l], ch * (size_t)s->out[l], float);
    for (int l = 0; l + 1 < s->n_layers; l++) { // dropout is live: every hidden layer can have it
        TAKE(t->dropped[l], ch * (size_t)s->out[l], float);
        TAKE(t->masks[l], ch * (size_t)s->out[l], float);
        if (s->norm[l] == FL_BN_NONE) continue;
        mlp_norm_work *w = &t->norm_work[l];
        TAKE(w->pre, ch * (size_t)s->out[l], float);
        TAKE(w->xhat, ch * (size_t)s->out[l], float);
        TAKE(w->mean, s->out[l], float);
        TAKE(w->var, s->out[l], float);
        TAKE(w->inv, s->out[l], float);
    }
    TAKE(t->scratch0, ch * (size_t)s->max_width, float);
    TAKE(t->scratch1, ch * (size_t)s->max_width, float);
    TAKE(t->dlogits, ch * O, float);
    size_t H = (size_t)s->hidden_units + 1;
    TAKE(t->unit_active, H, int32_t);
    TAKE(t->unit_sat, H, int32_t);
    TAKE(t->unit_sum, H, double);
    TAKE(t->unit_mean, H, float);
    TAKE(t->unit_flags, H, uint8_t);
#undef TAKE
    return off;
}

// With batch normalization the chunk holds a whole batch, and room to spare, so
// the batch can grow mid-run: as many rows as about 16 MB of chunk buffers hold,
// at least the batch, at most the samples trained on. A row's bytes are carve's
// own: the arena for ROW_PROBE rows less the arena for none, over ROW_PROBE.
#define NORM_CHUNK_BYTES (16u << 20)
#define ROW_PROBE        1024
static int pick_norm_chunk(fl_trainer *t) {
    const fl_config *cfg = &t->cfg;
    int chunk = t->chunk;
    t->chunk = 0;
    size_t none = carve(t, NULL);
    t->chunk = ROW_PROBE;
    size_t row = (carve(t, NULL) - none) / ROW_PROBE + 1;
    t->chunk = chunk;
    size_t fit = NORM_CHUNK_BYTES / row;
    size_t most = (size_t)(cfg->train_subset ? cfg->train_subset : cfg->n_train);
    size_t c = fit > (size_t)chunk ? fit : (size_t)chunk;
    if (c > most) c = most;
    if (c < (size_t)cfg->batch) c = (size_t)cfg->batch;
    return (int)c;
}

// The next epoch's batch order: the last one reshuffled, when shuffle is on.
static void next_order(const fl_config *cfg, uint64_t *rng, int32_t *order, int n) {
    if (cfg->shuffle) rng_permute(rng, order, n);
}

// Regression targets as z-scores of the training split's, per output (what a
// StandardScaler on y does): the losses are then in the targets' standard
// deviations. A constant target is only centred.
static void standardize_targets(fl_trainer *t) {
    int O = t->loss.units;
    for (int u = 0; u < O; u++) {
        double sum = 0, sq = 0;
        for (int k = 0; k < t->n[0]; k++) {
            double v = t->tg[0][(size_t)k * O + u];
            sum += v, sq += v * v;
        }
        double mean = sum / t->n[0], var = sq / t->n[0] - mean * mean;
        double sd = var > 1e-24 ? __builtin_sqrt(var) : 1.0;
        for (int split = 0; split < 2; split++)
            for (int k = 0; k < t->n[split]; k++) {
                float *v = &t->tg[split][(size_t)k * O + u];
                *v = (float)((*v - mean) / sd);
            }
    }
}

// The experiment's permuted labels: Fisher-Yates over the training labels, and
// over the rows of real targets on regression data.
static void shuffle_labels(fl_trainer *t) {
    uint64_t rng = rng_stream(t->cfg.seed, STREAM_LABELS);
    int reg = fl_config_regression(&t->cfg), O = t->loss.units;
    for (int k = t->n[0] - 1; k > 0; k--) {
        int j = rng_below(&rng, k + 1);
        int32_t y = t->y[0][k];
        t->y[0][k] = t->y[0][j], t->y[0][j] = y;
        for (int u = 0; reg && u < O; u++) {
            float v = t->tg[0][(size_t)k * O + u];
            t->tg[0][(size_t)k * O + u] = t->tg[0][(size_t)j * O + u];
            t->tg[0][(size_t)j * O + u] = v;
        }
    }
}

// Labels as the loss reads them on its units: one-hot on one unit per class,
// the label's value on a single unit (as Keras broadcasts a label column).
static void labels_to_targets(fl_trainer *t) {
    int O = t->loss.units;
    for (int k = 0; k < 2; k++)
        for (int r = 0; r < t->n[k]; r++) {
            float *row = t->tg[k] + (size_t)r * O;
            for (int u = 0; u < O; u++)
                row[u] = O == 1 ? (float)t->y[k][r] : (float)(u == t->y[k][r]);
        }
}

static void start_epoch(fl_trainer *t) {
    next_order(&t->cfg, &t->rng_order, t->order, t->n[0]);
    t->phase = PH_TRAIN;
    t->pos = t->batch_pos = 0;
    t->epoch_loss = t->epoch_acc = t->epoch_mae = t->grad_norm_sum = t->ratio_sum = 0;
    t->epoch_steps = 0;
    memset(t->layer_grad_sum, 0, sizeof t->layer_grad_sum);
    memset(t->layer_ratio_sum, 0, sizeof t->layer_ratio_sum);
}

// What the network sees, from the raw data: input_scale, standardize, and
// zero_inputs on top; then its scale, for the doctor.
static void prepare_inputs(fl_trainer *t) {
    const fl_config *c = &t->cfg;
    data_transform(t->x[0], t->x[1], t->raw[0], t->raw[1], t->n[0], t->n[1], t->features,
                   c->input_scale, c->standardize, t->shift, t->gain);
    if (c->zero_inputs) {
        for (int k = 0; k < 2; k++)
            memset(t->x[k], 0, (size_t)t->n[k] * t->features * sizeof(float));
        for (int f = 0; f < t->features; f++) t->gain[f] = 0.0f; // the maps see zeros too
    }
    history_measure_inputs(t);
}

// Shapes, counts and chunk of a trainer for cfg, without allocating.
static void plan(fl_trainer *t, const fl_config *cfg) {
    t->cfg = *cfg;
    t->features = data_features(cfg);
    t->n[0] = cfg->n_train, t->n[1] = cfg->n_val;
    int widths[FL_MAX_DEPTH], acts[FL_MAX_DEPTH], norms[FL_MAX_DEPTH];
    for (int l = 0; l < cfg->depth; l++) {
        widths[l] = fl_config_width(cfg, l);
        acts[l] = fl_config_activation(cfg, l);
        norms[l] = fl_config_batchnorm(cfg, l);
    }
    t->loss = loss_spec_of(cfg);
    t->shape = mlp_layout(t->features, cfg->depth, widths, t->loss.units, acts, norms);
    t->chunk = pick_chunk(cfg, t->shape.n_params);
    if (t->shape.normalized) t->chunk = pick_norm_chunk(t);
}

static double memory_bytes(fl_trainer *planned) {
    double per_record = sizeof(fl_metrics) + planned->shape.n_layers * sizeof(fl_layer_metrics);
    // The history doubles as it grows: up to twice the records it holds.
    return (double)carve(planned, NULL) + 2.0 * (planned->cfg.epochs + 1) * per_record +
           sizeof(fl_trainer);
}

double fl_trainer_memory_mb(const fl_config *cfg) {
    fl_trainer planned;
    memset(&planned, 0, sizeof planned);
    plan(&planned, cfg);
    return memory_bytes(&planned) / 1e6;
}

fl_status fl_trainer_check(const fl_config *cfg, fl_error *err) {
    fl_status st = fl_config_validate(cfg, err);
    if (st != FL_OK) return st;
    fl_trainer planned;
    memset(&planned, 0, sizeof planned);
    plan(&planned, cfg);
    double need = memory_bytes(&planned) / 1e6;
    double budget = cfg->memory_mb > 0 ? cfg->memory_mb : FL_MEMORY_BUDGET_MB;
    if (need > budget) {
        if (err) {
            err->key[0] = '\0';
            fl_text m = text_init(err->message, sizeof err->message);
            text_str(&m, "too big: this network, data set and history need ");
            text_num(&m, need);
            text_str(&m, " MB, over the budget of ");
            text_num(&m, budget);
            text_str(&m, " MB; fewer samples, epochs or units fit");
        }
        return FL_ENOMEM;
    }
    return FL_OK;
}

fl_status fl_trainer_create(const fl_config *cfg, fl_trainer **out, fl_error *err) {
    *out = NULL;
    fl_status st = fl_trainer_check(cfg, err);
    if (st != FL_OK) return st;
    fl_trainer *t = calloc(1, sizeof *t);
    if (!t) goto nomem;
    plan(t, cfg);
    t->arena = calloc(1, carve(t, NULL));
    if (!t->arena) goto nomem;
    carve(t, t->arena);

    uint64_t rng_data = rng_stream(cfg->seed, STREAM_DATA);
    uint64_t rng_init = rng_stream(cfg->seed, STREAM_INIT);
    t->rng_order = rng_stream(cfg->seed, STREAM_ORDER);
    t->dropout_key = rng_stream(cfg->seed, STREAM_DROPOUT);
    if (data_generate(cfg, &rng_data, t->raw[0], t->y[0], t->raw[1], t->y[1], t->tg[0], t->tg[1]) !=
        FL_OK)
        goto nomem;
    if (cfg->standardize_targets && fl_config_regression(cfg)) standardize_targets(t);
    if (cfg->shuffle_labels) shuffle_labels(t);
    if (!fl_config_regression(cfg) && cfg->loss != FL_LOSS_SCE) labels_to_targets(t);
    if (cfg->train_subset) t->n[0] = cfg->train_subset; // the first rows: the arena keeps them all
    if (cfg->data) { // the rows are copied: from here on the trainer needs only their counts
        t->data_shape = *cfg->data;
        t->data_shape.x = NULL, t->data_shape.y = NULL;
        t->cfg.data = &t->data_shape;
    }
    prepare_inputs(t);
    if (history_measure_labels(t) != FL_OK) goto nomem;
    mlp_init(&t->shape, t->params, t->stats, cfg->init, &rng_init);
    for (int k = 0; k < t->n[0]; k++) t->order[k] = k;
    t->opt = optim_begin();
    t->lr_factor = 1.0;
    t->phase = PH_EVAL_TRAIN;
    *out = t;
    return FL_OK;

nomem:
    fl_trainer_free(t);
    if (err) {
        fl_text m = text_init(err->message, sizeof err->message);
        err->key[0] = '\0';
        text_str(&m, "out of memory: this network and data set need more than is available");
    }
    return FL_ENOMEM;
}

fl_status fl_batch_orders(const fl_config *cfg, int epochs, int32_t *out, fl_error *err) {
    fl_status st = fl_config_validate(cfg, err);
    if (st != FL_OK) return st;
    int n = cfg->train_subset ? cfg->train_subset : cfg->n_train;
    uint64_t rng = rng_stream(cfg->seed, STREAM_ORDER);
    for (int k = 0; k < n; k++) out[k] = k;
    for (int e = 0; e < epochs; e++) {
        int32_t *order = out + (size_t)e * n;
        if (e) memcpy(order, order - n, (size_t)n * sizeof *order);
        next_order(cfg, &rng, order, n);
    }
    return FL_OK;
}

void fl_trainer_free(fl_trainer *t) {
    if (!t) return;
    free(t->arena);
    free(t->history);
    free(t->layer_history);
    free(t);
}

// --- divergence ------------------------------------------------------------------

static int finite(double v) {
    return v == v && v - v == 0.0;
}

// The kind of the first non-finite (or square-overflowing) value among n.
static int scan_kind(const float *x, size_t n) {
    int overflow = 0;
    for (size_t k = 0; k < n; k++) {
        if (x[k] != x[k]) return FL_DIVERGED_NAN;
        if (!finite(x[k])) return FL_DIVERGED_INF;
        if (!finite((double)(x[k] * x[k]))) overflow = 1;
    }
    return overflow ? FL_DIVERGED_OVERFLOW : 0;
}

static void diverge(fl_trainer *t, int where, int layer, int kind) {
    // Records 0..n_history-1 exist, so the epoch in progress is n_history.
    t->where = (fl_divergence){t->n_history, t->phase == PH_TRAIN ? t->epoch_steps + 1 : 0, layer,
                               where, kind ? kind : FL_DIVERGED_OVERFLOW};
    t->diverged = 1;
    t->phase = PH_DONE;
}

// After a chunk's loss: a non-finite loss is traced to the first layer whose
// outputs went non-finite, or to the loss itself.
static int check_loss(fl_trainer *t, double loss, int rows) {
    if (finite(loss)) return 0;
    const mlp_shape *s = &t->shape;
    for (int l = 0; l < s->n_layers; l++) {
        int kind = scan_kind(t->acts[l], (size_t)rows * (size_t)s->out[l]);
        if (kind && kind != FL_DIVERGED_OVERFLOW) {
            diverge(t, FL_AT_OUTPUTS, l + 1, kind);
            return 1;
        }
    }
    diverge(t, FL_AT_LOSS, 0, loss != loss ? FL_DIVERGED_NAN : FL_DIVERGED_INF);
    return 1;
}

// After a step: the optimizer's per-layer sums of g^2, update^2 and w^2 are
// finite exactly when every value in them is (and squares do not overflow),
// so a layer is scanned only when one of its sums is not.
static int check_step(fl_trainer *t, float sums[][3]) {
    const mlp_shape *s = &t->shape;
    for (int l = 0; l < s->n_layers; l++) {
        if (finite(sums[l][0]) && finite(sums[l][1]) && finite(sums[l][2])) continue;
        size_t at = s->w[l], n = s->end[l] - at;
        int kind = scan_kind(t->grads + at, n);
        if (kind) {
            diverge(t, FL_AT_GRADIENTS, l + 1, kind);
            return 1;
        }
        diverge(t, FL_AT_WEIGHTS, l + 1, scan_kind(t->params + at, n));
        return 1;
    }
    return 0;
}

// Sums over n samples as the record's figures; NaN for a metric the run lacks.
static epoch_figures figures(const fl_trainer *t, double loss, double acc, double mae, int n,
                             double penalty) {
    double nan = 0.0 / 0.0;
    return (epoch_figures){loss / n + penalty, t->loss.with_acc ? acc / n : nan,
                           t->loss.with_mae ? mae / n : nan};
}

void trainer_forward(fl_trainer *t, const float *x, int rows) {
    mlp_forward(&t->shape, t->params, t->stats, x, t->acts, t->norm_work, rows);
}

// One chunk of an evaluation pass over split k, without gradients.
static void eval_unit(fl_trainer *t, int k) {
    int rows = t->n[k] - t->pos < t->chunk ? t->n[k] - t->pos : t->chunk;
    const float *x = t->x[k] + (size_t)t->pos * t->features;
    if (t->pos == 0) {
        t->eval_sums = (loss_sums){0, 0, 0, 0};
        if (k == 1) history_begin(t);
    }
    trainer_forward(t, x, rows);
    double before = t->eval_sums.loss;
    const float *tg = t->tg[k] ? t->tg[k] + (size_t)t->pos * t->loss.units : NULL;
    loss_eval(&t->loss, NULL, t->acts[t->shape.n_layers - 1], t->y[k] + t->pos, tg, rows, 0,
              &t->eval_sums);
    if (check_loss(t, t->eval_sums.loss - before, rows)) return;
    if (k == 1) history_observe(t, rows);
    t->pos += rows;
    if (t->pos < t->n[k]) return;

    double penalty = optim_l2_penalty(&t->shape, t->params, t->cfg.l2);
    const loss_sums *e = &t->eval_sums;
    epoch_figures now = figures(t, e->loss, e->acc, e->mae, t->n[k], penalty);
    t->pos = 0;
    if (k == 0) {
        t->train0_loss = now.loss, t->train0_acc = now.acc, t->train0_mae = now.mae;
        t->phase = PH_EVAL_VAL;
        return;
    }
    if (t->n_history == 0)
        history_record(t, (epoch_figures){t->train0_loss, t->train0_acc, t->train0_mae}, now);
    else
        history_record(t, figures(t, t->epoch_loss, t->epoch_acc, t->epoch_mae, t->n[0], 0), now);
    if (t->n_history - 1 >= t->cfg.epochs)
        t->phase = PH_DONE;
    else
        start_epoch(t);
}

// The forward pass of a training chunk (a whole batch when some layer is
// normalized): after each hidden layer with a dropout rate, its mask (the
// batch's rates; the row within the batch and the step fix it). ins[l]
// receives what layer l read, masks[l] the mask or NULL.
static void forward_train(fl_trainer *t, int rows, const float **ins, const float **masks) {
    const mlp_shape *s = &t->shape;
    const float *in = t->xb;
    for (int l = 0; l < s->n_layers; l++) {
        int last = l == s->n_layers - 1;
        ins[l] = in;
        mlp_layer_forward(s, t->params, t->stats, NULL, l, in, t->acts[l], t->norm_work, rows);
        in = t->acts[l];
        masks[l] = NULL;
        if (last || !(t->batch_rates[l] > 0.0f)) continue;
        mlp_dropout(t->dropped[l], t->masks[l], t->acts[l], rows, s->out[l], t->batch_rates[l],
                    t->dropout_key, t->steps, t->batch_pos, l);
        masks[l] = t->masks[l], in = t->dropped[l];
    }
}

// One chunk of a training batch; the batch's last chunk takes the step.
static void train_unit(fl_trainer *t) {
    const fl_config *c = &t->cfg;
    if (t->batch_pos == 0) {
        t->batch_size = t->n[0] - t->pos < c->batch ? t->n[0] - t->pos : c->batch;
        memset(t->grads, 0, t->shape.n_params * sizeof(float));
        t->batch_sums = (loss_sums){0, 0, 0, 0};
        for (int l = 0; l + 1 < t->shape.n_layers; l++) t->batch_rates[l] = fl_config_dropout(c, l);
        t->batch_penalty = optim_l2_penalty(&t->shape, t->params, c->l2);
    }
    int rows = t->batch_size - t->batch_pos < t->chunk ? t->batch_size - t->batch_pos : t->chunk;
    int F = t->features, O = t->loss.units;
    for (int r = 0; r < rows; r++) {
        int idx = t->order[t->pos + t->batch_pos + r];
        memcpy(t->xb + (size_t)r * F, t->x[0] + (size_t)idx * F, (size_t)F * sizeof(float));
        t->yb[r] = t->y[0][idx];
        if (t->tg[0])
            memcpy(t->tb + (size_t)r * O, t->tg[0] + (size_t)idx * O, (size_t)O * sizeof(float));
    }
    const mlp_shape *s = &t->shape;
    const float *ins[MLP_MAX_LAYERS] = {t->xb};
    const float *masks[MLP_MAX_LAYERS] = {NULL};
    forward_train(t, rows, ins, masks);
    double before = t->batch_sums.loss;
    loss_eval(&t->loss, t->dlogits, t->acts[s->n_layers - 1], t->yb, t->tg[0] ? t->tb : NULL, rows,
              1.0f / (float)t->batch_size, &t->batch_sums);
    if (check_loss(t, t->batch_sums.loss - before, rows)) return;
    mlp_backward_masked(s, t->params, t->grads, t->xb, t->acts, ins, masks, t->norm_work,
                        t->dlogits, t->scratch0, t->scratch1, rows);
    t->batch_pos += rows;
    if (t->batch_pos < t->batch_size) return;

    float sums[MLP_MAX_LAYERS][3];
    float lr = (float)(c->lr * t->lr_factor); // c->lr itself unless lr_growth is set
    optim_step(&t->opt, c->optimizer, lr, c->l2, s, t->params, t->grads, t->m, t->v, sums);
    if (check_step(t, sums)) return;
    if (t->steps < c->step_log) {
        t->step_log[2 * t->steps] = lr;
        t->step_log[2 * t->steps + 1] = t->batch_sums.loss / t->batch_size + t->batch_penalty;
    }
    t->steps++;
    t->lr_factor *= c->lr_growth;
    t->epoch_loss += t->batch_sums.loss + t->batch_penalty * t->batch_size;
    t->epoch_acc += t->batch_sums.acc;
    t->epoch_mae += t->batch_sums.mae;
    double all[3] = {0, 0, 0};
    for (int l = 0; l < s->n_layers; l++) {
        for (int k = 0; k < 3; k++) all[k] += sums[l][k];
        t->layer_grad_sum[l] += __builtin_sqrt((double)sums[l][0]);
        t->layer_ratio_sum[l] +=
            sums[l][2] > 0 ? __builtin_sqrt((double)sums[l][1] / sums[l][2]) : 0.0;
    }
    t->grad_norm_sum += __builtin_sqrt(all[0]);
    t->ratio_sum += all[2] > 0 ? __builtin_sqrt(all[1] / all[2]) : 0.0;
    t->epoch_steps++;
    t->pos += t->batch_size;
    t->batch_pos = 0;
    if (t->pos == t->n[0]) t->phase = PH_EVAL_VAL, t->pos = 0;
}

int fl_trainer_run(fl_trainer *t, int max_units) {
    int done = 0, records = t->n_history;
    while (done < max_units && t->phase != PH_DONE && t->n_history == records) {
        if (t->phase == PH_TRAIN)
            train_unit(t);
        else
            eval_unit(t, t->phase == PH_EVAL_TRAIN ? 0 : 1);
        done++;
    }
    return done;
}

void fl_trainer_run_all(fl_trainer *t) {
    while (fl_trainer_run(t, 1 << 30) > 0) {
    }
}

// --- changes mid-run --------------------------------------------------------------

fl_status fl_trainer_set(fl_trainer *t, const char *key, const char *value, fl_error *err) {
    if (t->diverged)
        return error_key(err, key, "the network diverged at epoch ", t->where.epoch,
                         "; its weights are not numbers any more, so only a new run (Reset) "
                         "can help");
    fl_config next = t->cfg;
    fl_status st = fl_config_set(&next, key, value, err);
    if (st != FL_OK) return st;
    if (!fl_config_find(key)->live) // known: fl_config_set accepted it
        return error_key(err, key, "cannot change during a run; start a new one", 0.0 / 0.0, NULL);
    st = fl_config_validate(&next, err);
    if (st != FL_OK) return st;
    if (t->shape.normalized && next.batch > t->chunk)
        return error_key(err, "batch", "", next.batch,
                         " is more than this run's batch normalization holds at once; start a "
                         "new run for it");
    float old_scale = t->cfg.input_scale;
    t->cfg = next;
    if (next.input_scale != old_scale) prepare_inputs(t);
    int epochs_done = fl_trainer_epochs_done(t);
    if (t->phase == PH_DONE && t->n_history > 0 && epochs_done < next.epochs)
        start_epoch(t);
    else if (t->phase == PH_TRAIN && t->pos == 0 && t->batch_pos == 0 && epochs_done >= next.epochs)
        t->phase = PH_DONE; // lowered below what is done, between epochs
    return FL_OK;
}
