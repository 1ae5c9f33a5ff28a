// history.c: what the trainer records at the end of each evaluation: the
// per-layer and per-unit signals gathered over the validation pass (dead and
// saturated units, output mean and spread) and the epoch's record, with the
// step figures summed during the epoch, appended to the history; and, once
// per run, the scale of the inputs and what guessing scores on the labels.
#include <stdlib.h>
#include <string.h>

#include "base.h"
#include "fmath.h"
#include "trainer_internal.h"

// A tanh or sigmoid unit is saturated where |pre-activation| >= 5, the bound
// DeepDiagnosis (ICSE 2022) uses; read here from the outputs: tanh(5) and
// sigmoid(+-5). Its gradient there is below 1e-3 (tanh) or 7e-3 (sigmoid).
#define SAT_TANH   0.99990920f
#define SAT_SIG_HI 0.99330715f
#define SAT_SIG_LO 0.00669285f

static int saturated(float a, int act) {
    if (act == FL_ACT_TANH) return a >= SAT_TANH || a <= -SAT_TANH;
    if (act == FL_ACT_SIGMOID) return a >= SAT_SIG_HI || a <= SAT_SIG_LO;
    return 0;
}

// Adds this chunk of the validation pass to the per-layer and per-unit sums.
void history_observe(fl_trainer *t, int rows) {
    const mlp_shape *s = &t->shape;
    for (int l = 0; l < s->n_layers; l++) {
        int act = s->act[l];
        int O = s->out[l], hidden = l + 1 < s->n_layers;
        double sum = 0, sq = 0;
        int sat = 0;
        for (int r = 0; r < rows; r++) {
            const float *a = mlp_activation_out(s, t->acts, t->norm_work, l) + (size_t)r * O;
            for (int u = 0; u < O; u++) {
                sum += a[u], sq += (double)a[u] * a[u];
                if (!hidden) continue;
                int is_sat = saturated(a[u], act);
                sat += is_sat;
                int k = s->unit0[l] + u;
                t->unit_sat[k] += is_sat;
                t->unit_active[k] += a[u] > 0.0f;
                t->unit_sum[k] += a[u];
            }
        }
        t->act_sum[l] += sum, t->act_sq[l] += sq, t->act_sat[l] += sat;
    }
}

void history_begin(fl_trainer *t) {
    size_t H = (size_t)t->shape.hidden_units;
    memset(t->unit_active, 0, H * sizeof *t->unit_active);
    memset(t->unit_sat, 0, H * sizeof *t->unit_sat);
    memset(t->unit_sum, 0, H * sizeof *t->unit_sum);
    memset(t->act_sum, 0, sizeof t->act_sum);
    memset(t->act_sq, 0, sizeof t->act_sq);
    memset(t->act_sat, 0, sizeof t->act_sat);
}

// Turns the validation pass's sums into unit flags and the layers' unit
// figures; returns the share of hidden units dead or saturated.
static double finish_observing(fl_trainer *t, fl_layer_metrics *lm) {
    const mlp_shape *s = &t->shape;
    int nv = t->n[1], stuck = 0;
    for (int l = 0; l < s->n_layers; l++) {
        int O = s->out[l], dead = 0, sat = 0;
        double count = (double)nv * O, mean = t->act_sum[l] / count;
        double var = t->act_sq[l] / count - mean * mean;
        lm[l].act_mean = mean;
        lm[l].act_std = var > 0 ? __builtin_sqrt(var) : 0.0;
        lm[l].sat_share = t->act_sat[l] / count;
        if (l + 1 < s->n_layers) {
            for (int u = 0; u < O; u++) {
                int k = s->unit0[l] + u;
                int is_dead = s->act[l] == FL_ACT_RELU && t->unit_active[k] == 0;
                int is_sat = t->unit_sat[k] == nv;
                t->unit_flags[k] =
                    (uint8_t)((is_dead ? FL_UNIT_DEAD : 0) | (is_sat ? FL_UNIT_SATURATED : 0));
                t->unit_mean[k] = (float)(t->unit_sum[k] / nv);
                dead += is_dead, sat += is_sat;
            }
        }
        lm[l].dead_frac = (double)dead / O;
        lm[l].sat_frac = (double)sat / O;
        stuck += dead + sat;
    }
    int hidden = s->hidden_units;
    return hidden ? (double)stuck / hidden : 0.0;
}

// Appends a history record and its layers' records; the unit figures come
// from the validation pass that just ended, the step figures from the epoch.
void history_record(fl_trainer *t, epoch_figures train, epoch_figures val) {
    int L = t->shape.n_layers;
    if (t->n_history == t->cap_history) {
        int cap = t->cap_history ? 2 * t->cap_history : 64;
        fl_metrics *h = realloc(t->history, (size_t)cap * sizeof *h);
        FL_ASSERT(h != NULL); // a few KB; failing here means the heap is gone
        t->history = h;
        fl_layer_metrics *lh = realloc(t->layer_history, (size_t)cap * L * sizeof *lh);
        FL_ASSERT(lh != NULL);
        t->layer_history = lh, t->cap_history = cap;
    }
    fl_layer_metrics *lm = t->layer_history + (size_t)t->n_history * L;
    double stuck = finish_observing(t, lm);
    double nan = 0.0 / 0.0, steps = t->epoch_steps;
    for (int l = 0; l < L; l++) {
        lm[l].grad_norm = steps ? t->layer_grad_sum[l] / steps : nan;
        lm[l].update_ratio = steps ? t->layer_ratio_sum[l] / steps : nan;
    }
    double n_val = t->n[1], mean = t->eval_sums.loss / n_val;
    double var = t->eval_sums.loss_sq / n_val - mean * mean;
    t->history[t->n_history] = (fl_metrics){
        .epoch = t->n_history,
        .train_loss = train.loss,
        .val_loss = val.loss,
        .train_acc = train.acc,
        .val_acc = val.acc,
        .grad_norm = steps ? t->grad_norm_sum / steps : nan,
        .update_ratio = steps ? t->ratio_sum / steps : nan,
        .dead_frac = stuck,
        .lr = t->cfg.lr,
        .batch = t->cfg.batch,
        .input_scale = t->cfg.input_scale,
        .grad_ratio = steps ? lm[0].grad_norm / lm[L - 1].grad_norm : nan,
        .val_loss_sd = var > 0 ? __builtin_sqrt(var) : 0.0,
        .input_rms = t->input_rms,
        .input_max = t->input_max,
        .input_mean = t->input_mean,
        .chance_loss = t->chance_loss,
        .chance_acc = t->chance_acc,
        .empty_classes = t->empty_classes,
        .train_mae = train.mae,
        .val_mae = val.mae,
    };
    t->n_history++;
}

// --- what was recorded -------------------------------------------------------------

int fl_trainer_records(const fl_trainer *t) {
    return t->n_history;
}
const fl_metrics *fl_trainer_history(const fl_trainer *t) {
    return t->history;
}
const fl_layer_metrics *fl_trainer_layer_history(const fl_trainer *t) {
    return t->layer_history;
}
int fl_trainer_hidden_units(const fl_trainer *t) {
    return t->shape.hidden_units;
}
const uint8_t *fl_trainer_unit_flags(const fl_trainer *t) {
    return t->unit_flags;
}
const float *fl_trainer_unit_mean(const fl_trainer *t) {
    return t->unit_mean;
}

// The scale of what the first layer sees: the rms and largest magnitude of
// the training features (the doctor compares them with the unit scale).
void history_measure_inputs(fl_trainer *t) {
    size_t n = (size_t)t->n[0] * (size_t)t->features;
    double sq = 0, mx = 0, sum = 0;
    for (size_t k = 0; k < n; k++) {
        double v = t->x[0][k];
        sq += v * v;
        sum += v;
        if (v > mx || -v > mx) mx = v < 0 ? -v : v;
    }
    t->input_rms = n ? __builtin_sqrt(sq / (double)n) : 0.0;
    t->input_max = mx;
    t->input_mean = n ? sum / (double)n : 0.0;
}

static int by_value(const void *a, const void *b) {
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

// history_measure_labels for the losses over target units.
static fl_status measure_targets(fl_trainer *t) {
    int n = t->n[0], O = t->loss.units;
    float *column = malloc((size_t)n * sizeof *column);
    if (!column) return FL_ENOMEM;
    double loss = 0, acc = 0;
    for (int u = 0; u < O; u++) {
        double sum = 0, sq = 0;
        for (int k = 0; k < n; k++) {
            double v = column[k] = t->tg[0][(size_t)k * O + u];
            sum += v, sq += v * v;
        }
        double mean = sum / n, var = sq / n - mean * mean;
        if (t->loss.loss == FL_LOSS_BCE) {
            double m = mean < 1e-12 ? 1e-12 : mean > 1 - 1e-12 ? 1 - 1e-12 : mean;
            loss -= m * fm_log(m) + (1 - m) * fm_log(1 - m);
        } else if (t->loss.loss == FL_LOSS_MSE) {
            loss += var > 0 ? var : 0;
        } else {
            qsort(column, (size_t)n, sizeof *column, by_value);
            double median =
                n % 2 ? column[n / 2] : 0.5 * ((double)column[n / 2 - 1] + column[n / 2]);
            for (int k = 0; k < n; k++)
                loss += (column[k] > median ? column[k] - median : median - column[k]) / n;
        }
        acc += mean > 0.5 ? mean : 1 - mean; // a constant 0 or 1 on a 0/1 unit
    }
    free(column);
    t->chance_loss = loss / O;
    if (t->loss.with_acc && (t->loss.loss == FL_LOSS_BCE || O == 1)) t->chance_acc = acc / O;
    return FL_OK;
}

// What guessing without the inputs scores on the training targets: the loss
// and accuracy of the best constant prediction. For sparse cross-entropy, the
// class shares (their entropy) and always the largest class; classes without a
// row do not count. For the losses over target units, per unit: binary
// cross-entropy predicts the unit's mean (the base rate: its entropy), mse the
// mean (the variance), mae the median (the mean distance to it).
fl_status history_measure_labels(fl_trainer *t) {
    int n = t->n[0], C = t->cfg.classes;
    int *counts = calloc((size_t)C, sizeof *counts);
    if (!counts) return FL_ENOMEM;
    for (int k = 0; k < n; k++)
        if (t->y[0][k] >= 0 && t->y[0][k] < C) counts[t->y[0][k]]++;
    double entropy = 0;
    int largest = 0;
    t->empty_classes = 0;
    for (int c = 0; c < C; c++) {
        if (!counts[c]) {
            t->empty_classes++;
            continue;
        }
        double p = (double)counts[c] / n;
        entropy -= p * fm_log(p);
        if (counts[c] > largest) largest = counts[c];
    }
    free(counts);
    t->chance_loss = entropy;
    t->chance_acc = n ? (double)largest / n : 0.0;
    if (fl_config_regression(&t->cfg)) t->empty_classes = 0, t->chance_acc = 0.0 / 0.0;
    if (t->loss.loss == FL_LOSS_SCE) return FL_OK;
    return measure_targets(t);
}
