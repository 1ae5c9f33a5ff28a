// loss.h: the output layer's activation and the loss over it, as a Keras model
// ends: Dense(units, activation) then compile(loss=...). The network hands over
// the output layer's pre-activations z; this file applies the activation,
// scores each sample, and gives the gradient with respect to z, so that the
// dense layers and their kernels never see which loss runs. Per sample:
//   sparse categorical cross-entropy: softmax output (the default) is scored
//     from its logits z, as Keras does for a softmax layer; a loss told
//     from_logits takes the activation's output as logits (for a softmax output
//     that is the probabilities, PyTorch's Softmax-then-CrossEntropyLoss
//     mistake); any other output is read as probabilities: clipped to
//     [1e-7, 1 - 1e-7], logged, and scored as logits (Keras's TensorFlow backend);
//   binary cross-entropy, the mean over units: a sigmoid output (or from_logits)
//     from its logits, max(x, 0) - x t + log(1 + exp(-|x|)); any other output as
//     probabilities clipped to [1e-7, 1 - 1e-7] (a softmax over one unit is 1
//     whatever its input: its gradient is 0);
//   mse and mae: the mean over units of (a - t)^2 and |a - t|.
// A clipped probability passes no gradient, as TensorFlow's clip_by_value.
// Metrics as Keras's "accuracy" reads for the loss (the argmax, or binary at 0.5
// on one unit), and the mean absolute error for mse and mae.
#ifndef FL_LOSS_H
#define FL_LOSS_H

#include <stdint.h>

#include "flatline.h"

#define LOSS_MAX_UNITS 128 // outputs' largest value fits

typedef struct {
    int loss;        // FL_LOSS_*
    int act;         // FL_OUT_*, never auto
    int from_logits; // 1: the loss reads the activation's output as logits
    int units;       // output units
    int with_acc;    // 1: accuracy counts (the data has classes)
    int with_mae;    // 1: the mean absolute error counts (mse, mae)
} loss_spec;

typedef struct {
    double loss, loss_sq; // sums of the samples' losses and of their squares
    double acc, mae;      // sums of the samples' accuracy and absolute error
} loss_sums;

loss_spec loss_spec_of(const fl_config *cfg);

// Scores B samples of pre-activations z (B x units) against labels (B; sparse
// categorical cross-entropy) or targets (B x units; the others), adding to
// sums; when dz is not NULL it receives the gradient of each sample's loss
// with respect to z, times scale.
void loss_eval(const loss_spec *s, float *dz, const float *z, const int32_t *labels,
               const float *targets, int B, float scale, loss_sums *sums);

// The output layer's activation of one sample: a (units) from z (units).
void loss_output(const loss_spec *s, const float *z, float *a);

// What the decision map draws for one sample: the class the output says and
// the probability the loss gives it; on regression data, class 0 and the first
// output's value.
void loss_predict(const loss_spec *s, const float *z, int *cls, float *conf);

#endif
