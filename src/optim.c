// optim.c: SGD, SGD with momentum, RMSprop and Adam as Keras 3 writes them.
#include "optim.h"

#include "base.h"
#include "kernels.h"

optim_state optim_begin(void) {
    return (optim_state){0, 1.0, 1.0};
}

void optim_step(optim_state *st, int optimizer, float lr, float l2, const mlp_shape *s,
                float *params, float *grads, float *m, float *v, float sums[][3]) {
    if (l2 > 0)
        for (int l = 0; l < s->n_layers; l++)
            kern_axpy(grads + s->w[l], params + s->w[l], 2.0f * l2, s->in[l] * s->out[l]);
    st->step++;
    float alpha = 0;
    if (optimizer == FL_OPT_ADAM) {
        st->b1_pow *= OPT_ADAM_B1;
        st->b2_pow *= OPT_ADAM_B2;
        alpha = (float)(lr * __builtin_sqrt(1.0 - st->b2_pow) / (1.0 - st->b1_pow));
    }
    // Each layer's kernel, bias (and gamma and beta) are one contiguous run of the block.
    for (int l = 0; l < s->n_layers; l++) {
        size_t at = s->w[l];
        int n = (int)(s->end[l] - at);
        float *w = params + at, *g = grads + at, *ml = m + at, *vl = v + at;
        switch (optimizer) {
        case FL_OPT_SGD:
            kern_sgd(w, g, lr, n, sums[l]);
            break;
        case FL_OPT_MOMENTUM:
            kern_momentum(w, ml, g, lr, OPT_MOMENTUM, n, sums[l]);
            break;
        case FL_OPT_RMSPROP:
            kern_rmsprop(w, vl, g, lr, OPT_RMSPROP_RHO, OPT_EPSILON, n, sums[l]);
            break;
        case FL_OPT_ADAM:
            kern_adam(w, ml, vl, g, alpha, OPT_ADAM_B1, OPT_ADAM_B2, OPT_EPSILON, n, sums[l]);
            break;
        default:
            FL_ASSERT(!"unknown optimizer");
        }
    }
}

double optim_l2_penalty(const mlp_shape *s, const float *params, float l2) {
    if (!(l2 > 0)) return 0.0;
    double sum = 0.0;
    for (int l = 0; l < s->n_layers; l++) sum += kern_sumsq(params + s->w[l], s->in[l] * s->out[l]);
    return l2 * sum;
}
