// optim.h: the optimizers, with Keras's update rules and defaults. Parameters,
// gradients and the two moment blocks share one layout, so a step is the L2
// term on the kernels followed by one loop over the whole block.
#ifndef FL_OPTIM_H
#define FL_OPTIM_H

#include "layers.h"

#define OPT_ADAM_B1     0.9f
#define OPT_ADAM_B2     0.999f
#define OPT_EPSILON     1e-7f // Keras's epsilon for Adam and RMSprop
#define OPT_MOMENTUM    0.9f  // "momentum" is Keras SGD(momentum=0.9)
#define OPT_RMSPROP_RHO 0.9f

typedef struct {
    long step;     // steps taken
    double b1_pow; // beta1^step, beta2^step for Adam's bias correction
    double b2_pow;
} optim_state;

optim_state optim_begin(void);

// One step. m and v are the moment blocks (momentum uses m as its velocity,
// RMSprop v as its mean square). grads get 2 l2 w added on the kernels.
// sums[l] receives layer l's sum g^2, sum (update)^2 and sum w^2 before the
// update: the update runs layer by layer, so per-layer norms cost no extra pass.
void optim_step(optim_state *st, int optimizer, float lr, float l2, const mlp_shape *s,
                float *params, float *grads, float *m, float *v, float sums[][3]);

// l2 * sum of the squared kernel weights: the penalty Keras adds to the loss.
double optim_l2_penalty(const mlp_shape *s, const float *params, float l2);

#endif
