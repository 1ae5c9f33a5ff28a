// trainer_internal.h: the trainer's struct, shared by the files that make up
// the trainer (trainer.c: creation and training; history.c: the signals and
// the epoch records; views.c: the decision map and the unit views) and by
// nothing else: callers see the opaque handle of flatline.h.
#ifndef FL_TRAINER_INTERNAL_H
#define FL_TRAINER_INTERNAL_H

#include "flatline.h"
#include "layers.h"
#include "loss.h"
#include "optim.h"

enum { PH_EVAL_TRAIN, PH_EVAL_VAL, PH_TRAIN, PH_DONE };

struct fl_trainer {
    fl_config cfg;
    fl_csv data_shape; // dataset csv: the rows' counts only (x, y NULL); cfg.data points here
    mlp_shape shape;
    loss_spec loss; // the output activation and the loss over it
    int features;
    int chunk; // samples per unit of work
    int n[2];  // samples per split: 0 training, 1 validation

    // The arena's blocks.
    float *params, *grads, *m, *v;  // one layout, shape.n_params each
    float *stats;                   // the batch normalizations' moving averages (shape.n_stats)
    float *raw[2];                  // generated features per split
    float *x[2];                    // features the network sees
    float *shift, *gain;            // x = (raw * input_scale - shift) * gain, per feature
    int32_t *y[2];                  // labels per split (0 on regression data)
    float *tg[2];                   // targets per split, n x outputs (not for sparse cross-entropy)
    int32_t *order;                 // training sample order for this epoch
    float *xb;                      // chunk x features: gathered inputs
    int32_t *yb;                    // chunk: gathered labels
    float *tb;                      // chunk x outputs: gathered targets
    float *acts[MLP_MAX_LAYERS];    // chunk x out[l] per layer; the last holds logits
    float *dropped[MLP_MAX_LAYERS]; // hidden layers: chunk x out[l], the outputs after dropout
    float *masks[MLP_MAX_LAYERS];   // hidden layers: chunk x out[l], the dropout masks
    mlp_norm_work norm_work[MLP_MAX_LAYERS]; // normalized layers: their chunk's work
    float batch_rates[MLP_MAX_LAYERS];       // dropout rates of the batch in progress
    uint64_t dropout_key;                    // the dropout masks' stream (rng_at)
    float *scratch0, *scratch1;              // chunk x max_width: gradients going down
    float *dlogits;                          // chunk x outputs: the loss's gradient
    int32_t *unit_active; // per hidden unit: validation samples with ReLU output > 0
    int32_t *unit_sat;    // per hidden unit: validation samples saturated
    double *unit_sum;     // per hidden unit: sum of its outputs over validation
    float *unit_mean;     // per hidden unit: that sum / n_val, after the pass
    uint8_t *unit_flags;  // per hidden unit: FL_UNIT_* after the pass
    void *arena;

    uint64_t rng_order; // batch order; data and weights use their streams at creation only
    optim_state opt;

    // Where the state machine stands.
    int phase;
    int pos;        // next sample of the split being evaluated, or of the epoch
    int batch_pos;  // samples of the current batch done
    int batch_size; // size of the current batch (the last one may be partial)

    // Sums over the current batch, epoch and evaluation.
    loss_sums batch_sums;
    double batch_penalty;
    double epoch_loss, epoch_acc, epoch_mae, grad_norm_sum, ratio_sum;
    double layer_grad_sum[MLP_MAX_LAYERS], layer_ratio_sum[MLP_MAX_LAYERS];
    int epoch_steps;
    loss_sums eval_sums;
    double act_sum[MLP_MAX_LAYERS], act_sq[MLP_MAX_LAYERS], act_sat[MLP_MAX_LAYERS];
    double train0_loss, train0_acc, train0_mae; // the untrained net on the training set
    double input_rms, input_max;                // of the training features the net sees
    double input_mean;                          // of the same
    double chance_loss, chance_acc;             // the best constant prediction's loss and accuracy
    int empty_classes;                          // classes with no training label

    fl_metrics *history;
    fl_layer_metrics *layer_history; // n_layers records per history record
    int n_history, cap_history;
    int steps;           // optimizer steps taken in the whole run
    double lr_factor;    // lr_growth^steps: this step's rate is cfg.lr times it
    double *step_log;    // (rate, batch loss) of the first cfg.step_log steps, in the arena
    int diverged;        // 1 once a non-finite number was met; the run is over
    fl_divergence where; // and where
};

// trainer.c: the network over rows of inputs (the trainer's x layout), as it
// evaluates, into the chunk's activations (rows <= chunk).
void trainer_forward(fl_trainer *t, const float *x, int rows);

// history.c: the validation pass's signals, and the epoch's record.
void history_measure_inputs(fl_trainer *t);      // input_rms, input_max, input_mean
fl_status history_measure_labels(fl_trainer *t); // chance_loss, chance_acc, empty_classes
// An epoch's (or the untrained net's) figures, from the sums of a pass over n
// samples: the loss (plus the L2 penalty), the accuracy and the MAE, NaN for a
// metric the run does not have.
typedef struct {
    double loss, acc, mae;
} epoch_figures;
void history_begin(fl_trainer *t);
void history_observe(fl_trainer *t, int rows); // adds a chunk of the validation pass
void history_record(fl_trainer *t, epoch_figures train, epoch_figures val);

#endif
