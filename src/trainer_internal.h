// trainer_internal.h: the trainer's struct, shared by the files that make up
// the trainer (trainer.c: creation and training; history.c: the signals and
// the epoch records; views.c: the decision map and the unit views) and by
// nothing else: callers see the opaque handle of flatline.h.
#ifndef FL_TRAINER_INTERNAL_H
#define FL_TRAINER_INTERNAL_H

#include "flatline.h"
#include "layers.h"
#include "optim.h"

enum { PH_EVAL_TRAIN, PH_EVAL_VAL, PH_TRAIN, PH_DONE };

struct fl_trainer {
    fl_config cfg;
    fl_csv data_shape; // dataset csv: the rows' counts only (x, y NULL); cfg.data points here
    mlp_shape shape;
    int features;
    int chunk; // samples per unit of work
    int n[2];  // samples per split: 0 training, 1 validation

    // The arena's blocks.
    float *params, *grads, *m, *v; // one layout, shape.n_params each
    float *raw[2];                 // generated features per split
    float *x[2];                   // features the network sees
    float *shift, *gain;           // x = (raw * input_scale - shift) * gain, per feature
    int32_t *y[2];                 // labels per split
    int32_t *order;                // training sample order for this epoch
    float *xb;                     // chunk x features: gathered inputs
    int32_t *yb;                   // chunk: gathered labels
    float *acts[MLP_MAX_LAYERS];   // chunk x out[l] per layer; the last holds logits
    float *scratch0, *scratch1;    // chunk x max_width: gradients going down
    float *dlogits;                // chunk x classes
    int32_t *unit_active;          // per hidden unit: validation samples with ReLU output > 0
    int32_t *unit_sat;             // per hidden unit: validation samples saturated
    double *unit_sum;              // per hidden unit: sum of its outputs over validation
    float *unit_mean;              // per hidden unit: that sum / n_val, after the pass
    uint8_t *unit_flags;           // per hidden unit: FL_UNIT_* after the pass
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
    double layer_grad_sum[MLP_MAX_LAYERS], layer_ratio_sum[MLP_MAX_LAYERS];
    int epoch_correct, epoch_steps;
    double eval_loss, eval_loss_sq;
    int eval_correct;
    double act_sum[MLP_MAX_LAYERS], act_sq[MLP_MAX_LAYERS], act_sat[MLP_MAX_LAYERS];
    double train0_loss, train0_acc; // the untrained net on the training set
    double input_rms, input_max;    // of the training features the net sees
    double input_mean;              // of the same
    double chance_loss, chance_acc; // of the training labels: their entropy, the largest share
    int empty_classes;              // classes with no training label

    fl_metrics *history;
    fl_layer_metrics *layer_history; // n_layers records per history record
    int n_history, cap_history;
    int steps;           // optimizer steps taken in the whole run
    double lr_factor;    // lr_growth^steps: this step's rate is cfg.lr times it
    double *step_log;    // (rate, batch loss) of the first cfg.step_log steps, in the arena
    int diverged;        // 1 once a non-finite number was met; the run is over
    fl_divergence where; // and where
};

// history.c: the validation pass's signals, and the epoch's record.
void history_measure_inputs(fl_trainer *t);      // input_rms, input_max, input_mean
fl_status history_measure_labels(fl_trainer *t); // chance_loss, chance_acc, empty_classes
void history_begin(fl_trainer *t);
void history_observe(fl_trainer *t, int rows); // adds a chunk of the validation pass
void history_record(fl_trainer *t, double train_loss, double train_acc, double val_loss,
                    double val_acc);

#endif
