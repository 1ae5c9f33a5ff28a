// trainer.c: the trainer ties the parts together. It owns one arena holding
// every buffer (parameters, gradients and moments in one layout; raw and
// transformed data; the chunk's activations) plus a growing history, and the
// three random streams. Training is a small state machine advanced one unit at a
// time: the untrained net is evaluated (epoch 0), then each epoch trains batch
// by batch, a batch chunk by chunk, and ends with the validation pass.
//
// Chunks exist for memory and latency only: gradients accumulate sample after
// sample in order, so any chunk size gives the same bits.
#include <stdlib.h>
#include <string.h>

#include "base.h"
#include "data.h"
#include "fmath.h"
#include "layers.h"
#include "optim.h"
#include "rng.h"

enum { PH_EVAL_TRAIN, PH_EVAL_VAL, PH_TRAIN, PH_DONE };
enum { STREAM_DATA = 1, STREAM_INIT = 2, STREAM_ORDER = 3 };

struct fl_trainer {
    fl_config cfg;
    mlp_shape shape;
    int features;
    int chunk; // samples per unit of work
    int n[2];  // samples per split: 0 training, 1 validation

    // The arena's blocks.
    float *params, *grads, *m, *v; // one layout, shape.n_params each
    float *raw[2];                 // generated features per split
    float *x[2];                   // features the network sees
    int32_t *y[2];                 // labels per split
    int32_t *order;                // training sample order for this epoch
    float *xb;                     // chunk x features: gathered inputs
    int32_t *yb;                   // chunk: gathered labels
    float *acts[MLP_MAX_LAYERS];   // chunk x out[l] per layer; the last holds logits
    float *scratch0, *scratch1;    // chunk x max_width: gradients going down
    float *dlogits;                // chunk x classes
    uint8_t *alive;                // per hidden unit: active on some validation sample
    void *arena;

    uint64_t rng_order; // batch order; data and weights use their streams at creation only
    optim_state opt;

    // Where the state machine stands.
    int phase;
    int pos;        // next sample of the split being evaluated, or of the epoch
    int batch_pos;  // samples of the current batch done
    int batch_size; // size of the current batch (the last one may be partial)

    // Sums over the current batch, epoch and evaluation.
    double batch_loss, batch_penalty;
    int batch_correct;
    double epoch_loss, grad_norm_sum, ratio_sum;
    int epoch_correct, epoch_steps;
    double eval_loss;
    int eval_correct;
    double train0_loss, train0_acc; // the untrained net on the training set

    fl_metrics *history;
    int n_history, cap_history;
};

// --- creation -----------------------------------------------------------------

// Samples per unit: about 16M multiply-adds of work, at most 256, a multiple of 4.
static int pick_chunk(const fl_config *cfg, size_t n_params) {
    if (cfg->chunk > 0) return cfg->chunk;
    size_t c = ((size_t)1 << 24) / (n_params + 1);
    if (c > 256) c = 256;
    if (c >= 8) c &= ~(size_t)3;
    if (c < 1) c = 1;
    return (int)c;
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
    TAKE(t->params, P, float);
    TAKE(t->grads, P, float);
    TAKE(t->m, P, float);
    TAKE(t->v, P, float);
    for (int k = 0; k < 2; k++) {
        TAKE(t->raw[k], (size_t)t->n[k] * F, float);
        TAKE(t->x[k], (size_t)t->n[k] * F, float);
        TAKE(t->y[k], t->n[k], int32_t);
    }
    TAKE(t->order, t->n[0], int32_t);
    TAKE(t->xb, ch * F, float);
    TAKE(t->yb, ch, int32_t);
    for (int l = 0; l < s->n_layers; l++) TAKE(t->acts[l], ch * (size_t)s->out[l], float);
    TAKE(t->scratch0, ch * (size_t)s->max_width, float);
    TAKE(t->scratch1, ch * (size_t)s->max_width, float);
    TAKE(t->dlogits, ch * (size_t)t->cfg.classes, float);
    TAKE(t->alive, (size_t)(s->n_layers - 1) * t->cfg.width + 1, uint8_t);
#undef TAKE
    return off;
}

static void start_epoch(fl_trainer *t) {
    if (t->cfg.shuffle) rng_permute(&t->rng_order, t->order, t->n[0]);
    t->phase = PH_TRAIN;
    t->pos = t->batch_pos = 0;
    t->epoch_loss = t->grad_norm_sum = t->ratio_sum = 0;
    t->epoch_correct = t->epoch_steps = 0;
}

fl_status fl_trainer_create(const fl_config *cfg, fl_trainer **out, fl_error *err) {
    *out = NULL;
    fl_status st = fl_config_validate(cfg, err);
    if (st != FL_OK) return st;
    fl_trainer *t = calloc(1, sizeof *t);
    if (!t) goto nomem;
    t->cfg = *cfg;
    t->features = data_features(cfg);
    t->n[0] = cfg->n_train, t->n[1] = cfg->n_val;
    t->shape = mlp_layout(t->features, cfg->depth, cfg->width, cfg->classes, cfg->activation);
    t->chunk = pick_chunk(cfg, t->shape.n_params);
    t->arena = calloc(1, carve(t, NULL));
    if (!t->arena) goto nomem;
    carve(t, t->arena);

    uint64_t rng_data = rng_stream(cfg->seed, STREAM_DATA);
    uint64_t rng_init = rng_stream(cfg->seed, STREAM_INIT);
    t->rng_order = rng_stream(cfg->seed, STREAM_ORDER);
    if (data_generate(cfg, &rng_data, t->raw[0], t->y[0], t->raw[1], t->y[1]) != FL_OK) goto nomem;
    data_transform(t->x[0], t->x[1], t->raw[0], t->raw[1], t->n[0], t->n[1], t->features,
                   cfg->input_scale, cfg->standardize);
    mlp_init(&t->shape, t->params, cfg->init, &rng_init);
    for (int k = 0; k < t->n[0]; k++) t->order[k] = k;
    t->opt = optim_begin();
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

void fl_trainer_free(fl_trainer *t) {
    if (!t) return;
    free(t->arena);
    free(t->history);
    free(t);
}

// --- the units of work ----------------------------------------------------------

static int unit_active(float a, int act) {
    switch (act) {
    case FL_ACT_RELU:
    case FL_ACT_LEAKY_RELU:
        return a > 0.0f;
    case FL_ACT_TANH:
        return 1.0f - a * a >= 1e-3f;
    case FL_ACT_SIGMOID:
        return a * (1.0f - a) >= 1e-3f;
    default:
        return 1;
    }
}

// Marks the hidden units that are active on some sample of this chunk.
static void mark_alive(fl_trainer *t, int rows) {
    const mlp_shape *s = &t->shape;
    int W = t->cfg.width;
    for (int l = 0; l + 1 < s->n_layers; l++)
        for (int r = 0; r < rows; r++)
            for (int u = 0; u < W; u++)
                if (unit_active(t->acts[l][r * W + u], s->act)) t->alive[l * W + u] = 1;
}

static double dead_fraction(const fl_trainer *t) {
    int hidden = (t->shape.n_layers - 1) * t->cfg.width, dead = 0;
    for (int u = 0; u < hidden; u++) dead += !t->alive[u];
    return hidden ? (double)dead / hidden : 0.0;
}

static void record(fl_trainer *t, double train_loss, double train_acc, double val_loss,
                   double val_acc, double grad_norm, double ratio) {
    if (t->n_history == t->cap_history) {
        int cap = t->cap_history ? 2 * t->cap_history : 64;
        fl_metrics *h = realloc(t->history, (size_t)cap * sizeof *h);
        FL_ASSERT(h != NULL); // a few KB; failing here means the heap is gone
        t->history = h, t->cap_history = cap;
    }
    t->history[t->n_history] = (fl_metrics){
        t->n_history, train_loss,       val_loss,  train_acc,    val_acc,           grad_norm,
        ratio,        dead_fraction(t), t->cfg.lr, t->cfg.batch, t->cfg.input_scale};
    t->n_history++;
}

// One chunk of an evaluation pass over split k, without gradients.
static void eval_unit(fl_trainer *t, int k) {
    int rows = t->n[k] - t->pos < t->chunk ? t->n[k] - t->pos : t->chunk;
    const float *x = t->x[k] + (size_t)t->pos * t->features;
    if (t->pos == 0) {
        t->eval_loss = 0, t->eval_correct = 0;
        if (k == 1) memset(t->alive, 0, (size_t)(t->shape.n_layers - 1) * t->cfg.width);
    }
    mlp_forward(&t->shape, t->params, x, t->acts, rows);
    xent_loss(NULL, t->acts[t->shape.n_layers - 1], t->y[k] + t->pos, rows, t->cfg.classes, 0,
              &t->eval_loss, &t->eval_correct);
    if (k == 1) mark_alive(t, rows);
    t->pos += rows;
    if (t->pos < t->n[k]) return;

    double penalty = optim_l2_penalty(&t->shape, t->params, t->cfg.l2);
    double loss = t->eval_loss / t->n[k] + penalty, acc = (double)t->eval_correct / t->n[k];
    t->pos = 0;
    if (k == 0) {
        t->train0_loss = loss, t->train0_acc = acc;
        t->phase = PH_EVAL_VAL;
        return;
    }
    if (t->n_history == 0) {
        record(t, t->train0_loss, t->train0_acc, loss, acc, 0.0 / 0.0, 0.0 / 0.0);
    } else {
        int steps = t->epoch_steps ? t->epoch_steps : 1;
        record(t, t->epoch_loss / t->n[0], (double)t->epoch_correct / t->n[0], loss, acc,
               t->grad_norm_sum / steps, t->ratio_sum / steps);
    }
    if (t->n_history - 1 >= t->cfg.epochs)
        t->phase = PH_DONE;
    else
        start_epoch(t);
}

// One chunk of a training batch; the batch's last chunk takes the step.
static void train_unit(fl_trainer *t) {
    const fl_config *c = &t->cfg;
    if (t->batch_pos == 0) {
        t->batch_size = t->n[0] - t->pos < c->batch ? t->n[0] - t->pos : c->batch;
        memset(t->grads, 0, t->shape.n_params * sizeof(float));
        t->batch_loss = 0, t->batch_correct = 0;
        t->batch_penalty = optim_l2_penalty(&t->shape, t->params, c->l2);
    }
    int rows = t->batch_size - t->batch_pos < t->chunk ? t->batch_size - t->batch_pos : t->chunk;
    int F = t->features;
    for (int r = 0; r < rows; r++) {
        int idx = t->order[t->pos + t->batch_pos + r];
        memcpy(t->xb + (size_t)r * F, t->x[0] + (size_t)idx * F, (size_t)F * sizeof(float));
        t->yb[r] = t->y[0][idx];
    }
    const mlp_shape *s = &t->shape;
    mlp_forward(s, t->params, t->xb, t->acts, rows);
    xent_loss(t->dlogits, t->acts[s->n_layers - 1], t->yb, rows, c->classes,
              1.0f / (float)t->batch_size, &t->batch_loss, &t->batch_correct);
    mlp_backward(s, t->params, t->grads, t->xb, t->acts, t->dlogits, t->scratch0, t->scratch1,
                 rows);
    t->batch_pos += rows;
    if (t->batch_pos < t->batch_size) return;

    float sums[3];
    optim_step(&t->opt, c->optimizer, c->lr, c->l2, s, t->params, t->grads, t->m, t->v, sums);
    t->epoch_loss += t->batch_loss + t->batch_penalty * t->batch_size;
    t->epoch_correct += t->batch_correct;
    t->grad_norm_sum += __builtin_sqrt((double)sums[0]);
    t->ratio_sum += sums[2] > 0 ? __builtin_sqrt((double)sums[1] / sums[2]) : 0.0;
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

int fl_trainer_done(const fl_trainer *t) {
    return t->phase == PH_DONE;
}
int fl_trainer_epochs_done(const fl_trainer *t) {
    return t->n_history ? t->n_history - 1 : 0;
}
int fl_trainer_records(const fl_trainer *t) {
    return t->n_history;
}
const fl_metrics *fl_trainer_history(const fl_trainer *t) {
    return t->history;
}
const fl_config *fl_trainer_config(const fl_trainer *t) {
    return &t->cfg;
}

// --- changes mid-run --------------------------------------------------------------

fl_status fl_trainer_set(fl_trainer *t, const char *key, const char *value, fl_error *err) {
    fl_config next = t->cfg;
    fl_status st = fl_config_set(&next, key, value, err);
    if (st != FL_OK) return st;
    if (!fl_config_find(key)->live) // known: fl_config_set accepted it
        return error_key(err, key, "cannot change during a run; start a new one", 0.0 / 0.0, NULL);
    st = fl_config_validate(&next, err);
    if (st != FL_OK) return st;
    float old_scale = t->cfg.input_scale;
    t->cfg = next;
    if (next.input_scale != old_scale)
        data_transform(t->x[0], t->x[1], t->raw[0], t->raw[1], t->n[0], t->n[1], t->features,
                       next.input_scale, next.standardize);
    int epochs_done = fl_trainer_epochs_done(t);
    if (t->phase == PH_DONE && t->n_history > 0 && epochs_done < next.epochs)
        start_epoch(t);
    else if (t->phase == PH_TRAIN && t->pos == 0 && t->batch_pos == 0 && epochs_done >= next.epochs)
        t->phase = PH_DONE; // lowered below what is done, between epochs
    return FL_OK;
}

// --- access -----------------------------------------------------------------------

float *fl_trainer_params(fl_trainer *t) {
    return t->params;
}
size_t fl_trainer_param_count(const fl_trainer *t) {
    return t->shape.n_params;
}
int fl_trainer_layer_count(const fl_trainer *t) {
    return t->shape.n_layers;
}

void fl_trainer_layer_shape(const fl_trainer *t, int layer, int *in, int *out) {
    FL_ASSERT(layer >= 0 && layer < t->shape.n_layers);
    *in = t->shape.in[layer];
    *out = t->shape.out[layer];
}

const float *fl_trainer_inputs(const fl_trainer *t, int split) {
    return t->x[split != 0];
}
const int32_t *fl_trainer_labels(const fl_trainer *t, int split) {
    return t->y[split != 0];
}
int fl_trainer_samples(const fl_trainer *t, int split) {
    return t->n[split != 0];
}
int fl_trainer_features(const fl_trainer *t) {
    return t->features;
}

fl_status fl_trainer_grid(fl_trainer *t, int res, uint8_t *cls, float *conf, float bounds[4]) {
    if (t->features != 2 || res < 2 || res > 512) return FL_EINVAL;
    float lo[2] = {1e30f, 1e30f}, hi[2] = {-1e30f, -1e30f};
    for (int k = 0; k < t->n[0]; k++)
        for (int d = 0; d < 2; d++) {
            float v = t->x[0][2 * k + d];
            lo[d] = v < lo[d] ? v : lo[d];
            hi[d] = v > hi[d] ? v : hi[d];
        }
    for (int d = 0; d < 2; d++) {
        float margin = (hi[d] - lo[d]) * 0.08f;
        if (!(margin > 0)) margin = 1.0f;
        lo[d] -= margin, hi[d] += margin;
    }
    bounds[0] = lo[0], bounds[1] = hi[0], bounds[2] = lo[1], bounds[3] = hi[1];
    int C = t->cfg.classes, total = res * res;
    const float *logits = t->acts[t->shape.n_layers - 1];
    for (int start = 0; start < total; start += t->chunk) {
        int rows = total - start < t->chunk ? total - start : t->chunk;
        for (int r = 0; r < rows; r++) {
            int cell = start + r, row = cell / res, col = cell % res;
            t->xb[2 * r] = lo[0] + (hi[0] - lo[0]) * (col + 0.5f) / res;
            t->xb[2 * r + 1] = hi[1] - (hi[1] - lo[1]) * (row + 0.5f) / res;
        }
        mlp_forward(&t->shape, t->params, t->xb, t->acts, rows);
        for (int r = 0; r < rows; r++) {
            const float *z = logits + r * C;
            int best = 0;
            for (int c = 1; c < C; c++)
                if (z[c] > z[best]) best = c;
            float sum = 0;
            for (int c = 0; c < C; c++) sum += fm_expf(z[c] - z[best]);
            cls[start + r] = (uint8_t)best;
            conf[start + r] = 1.0f / sum;
        }
    }
    return FL_OK;
}
