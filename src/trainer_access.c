// trainer_access.c: what the trainer's owner may read of it, between units of
// work: its state (done, diverged, epochs, config), its buffers (parameters,
// the normalization statistics, the data as trained on) and its layout. Only
// reads; the training itself is trainer.c.
#include "base.h"
#include "data.h"

#include "trainer_internal.h"

// --- state --------------------------------------------------------------------------

int fl_trainer_done(const fl_trainer *t) {
    return t->phase == PH_DONE;
}
int fl_trainer_diverged(const fl_trainer *t, fl_divergence *out) {
    if (t->diverged && out) *out = t->where;
    return t->diverged;
}
int fl_trainer_epochs_done(const fl_trainer *t) {
    return t->n_history ? t->n_history - 1 : 0;
}
const fl_config *fl_trainer_config(const fl_trainer *t) {
    return &t->cfg;
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
int fl_trainer_chunk(const fl_trainer *t) {
    return t->chunk;
}
double fl_trainer_progress(const fl_trainer *t) {
    if (t->phase == PH_TRAIN) return (double)(t->pos + t->batch_pos) / t->n[0];
    if (t->n_history > 0) return t->phase == PH_EVAL_VAL ? 1.0 : 0.0;
    // Epoch 0: the untrained net's passes over both splits.
    double done = t->phase == PH_EVAL_TRAIN ? t->pos : t->n[0] + t->pos;
    return done / (t->n[0] + t->n[1]);
}

void fl_trainer_layer_shape(const fl_trainer *t, int layer, int *in, int *out) {
    FL_ASSERT(layer >= 0 && layer < t->shape.n_layers);
    *in = t->shape.in[layer];
    *out = t->shape.out[layer];
}

size_t fl_trainer_layer_at(const fl_trainer *t, int layer) {
    FL_ASSERT(layer >= 0 && layer < t->shape.n_layers);
    return t->shape.w[layer];
}
int fl_trainer_layer_norm(const fl_trainer *t, int layer) {
    FL_ASSERT(layer >= 0 && layer < t->shape.n_layers);
    return t->shape.norm[layer];
}
const float *fl_trainer_norm_stats(const fl_trainer *t, size_t *n) {
    *n = t->shape.n_stats;
    return t->stats;
}

const float *fl_trainer_inputs(const fl_trainer *t, int split) {
    return t->x[split != 0];
}
const float *fl_trainer_raw_inputs(const fl_trainer *t, int split) {
    return t->raw[split != 0];
}
int fl_trainer_steps(const fl_trainer *t) {
    return t->steps;
}
const double *fl_trainer_step_log(const fl_trainer *t, int *n) {
    *n = t->steps < t->cfg.step_log ? t->steps : t->cfg.step_log;
    return t->step_log;
}
int fl_trainer_is_plane(const fl_trainer *t) {
    return data_is_plane(&t->cfg);
}
const int32_t *fl_trainer_labels(const fl_trainer *t, int split) {
    return t->y[split != 0];
}
const float *fl_trainer_targets(const fl_trainer *t, int split) {
    return t->tg[split != 0];
}
int fl_trainer_samples(const fl_trainer *t, int split) {
    return t->n[split != 0];
}
int fl_trainer_features(const fl_trainer *t) {
    return t->features;
}
