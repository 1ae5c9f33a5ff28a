// layers.c: MLP layout, initialisation, forward and backward passes, and the
// layers' part of the gradient, in that reading order.
#include "layers.h"

#include "base.h"
#include "fmath.h"
#include "kernels.h"
#include "rng.h"

mlp_shape mlp_layout(int inputs, int depth, const int *widths, int outputs, const int *acts) {
    FL_ASSERT(depth >= 0 && depth + 1 <= MLP_MAX_LAYERS);
    mlp_shape s = {0};
    s.n_layers = depth + 1;
    size_t off = 0;
    for (int l = 0; l < s.n_layers; l++) {
        s.in[l] = l == 0 ? inputs : widths[l - 1];
        s.out[l] = l == depth ? outputs : widths[l];
        s.unit0[l] = s.hidden_units;
        s.act[l] = l == depth ? FL_ACT_LINEAR : acts[l];
        if (l < depth) s.hidden_units += widths[l];
        s.w[l] = off;
        off += (size_t)s.in[l] * (size_t)s.out[l];
        s.b[l] = off;
        off += (size_t)s.out[l];
        if (s.out[l] > s.max_width) s.max_width = s.out[l];
    }
    s.n_params = off;
    return s;
}

// Keras's variance scaling: glorot averages fan-in and fan-out, he and lecun
// use fan-in; he doubles the variance; normals are truncated at 2 sd and
// rescaled by 0.8796 (the sd of a standard normal truncated there), as Keras does.
void mlp_init(const mlp_shape *s, float *params, int init, uint64_t *rng) {
    for (int l = 0; l < s->n_layers; l++) {
        double fan_in = s->in[l], fan_out = s->out[l];
        int glorot = init == FL_INIT_GLOROT_UNIFORM || init == FL_INIT_GLOROT_NORMAL;
        int he = init == FL_INIT_HE_UNIFORM || init == FL_INIT_HE_NORMAL;
        int normal = init == FL_INIT_GLOROT_NORMAL || init == FL_INIT_HE_NORMAL ||
                     init == FL_INIT_LECUN_NORMAL;
        double var = (he ? 2.0 : 1.0) / (glorot ? (fan_in + fan_out) / 2 : fan_in);
        float limit = (float)__builtin_sqrt(3.0 * var);
        float sd = (float)(__builtin_sqrt(var) / 0.87962566103423978);
        float *w = params + s->w[l];
        size_t n = (size_t)s->in[l] * (size_t)s->out[l];
        for (size_t k = 0; k < n; k++)
            w[k] =
                normal ? sd * rng_truncated_normal(rng) : limit * (2.0f * rng_uniform(rng) - 1.0f);
        for (int o = 0; o < s->out[l]; o++) params[s->b[l] + o] = 0.0f;
    }
}

void mlp_forward(const mlp_shape *s, const float *params, const float *x, float *const *acts,
                 int B) {
    const float *in = x;
    for (int l = 0; l < s->n_layers; l++) {
        int act = s->act[l];
        kern_dense_fwd(acts[l], in, params + s->w[l], params + s->b[l], B, s->in[l], s->out[l],
                       act);
        in = acts[l];
    }
}

void mlp_dropout(float *out, float *mask, const float *a, int B, int units, float rate, uint64_t key,
                 int step, int row0, int layer) {
    float keep = 1.0f / (1.0f - rate);
    uint64_t base = ((uint64_t)step << 40) + ((uint64_t)layer << 37); // rows x 1031 + unit < 2^37
    for (int b = 0; b < B; b++)
        for (int u = 0; u < units; u++) {
            uint64_t counter = base + (uint64_t)(row0 + b) * 1031u + (uint64_t)u;
            float m = rng_at(key, counter) < rate ? 0.0f : keep;
            mask[b * units + u] = m;
            out[b * units + u] = a[b * units + u] * m;
        }
}

void mlp_backward_masked(const mlp_shape *s, const float *params, float *grads, const float *x,
                         float *const *acts, const float *const *ins, const float *const *masks,
                         const float *dlogits, float *scratch0, float *scratch1, int B) {
    const float *dout = dlogits;
    float *spare[2] = {scratch0, scratch1};
    for (int l = s->n_layers - 1; l >= 0; l--) {
        const float *in = l == 0 ? x : ins[l];
        kern_dense_bwd_weights(grads + s->w[l], grads + s->b[l], in, dout, B, s->in[l], s->out[l]);
        if (l == 0) break;
        float *din = spare[l & 1];
        // The activation's slope at the unmasked output, then the mask.
        kern_dense_bwd_input(din, dout, params + s->w[l], acts[l - 1], B, s->in[l], s->out[l],
                             s->act[l - 1]);
        const float *m = masks[l - 1];
        if (m)
            for (int k = 0; k < B * s->in[l]; k++) din[k] *= m[k];
        dout = din;
    }
}

void mlp_backward(const mlp_shape *s, const float *params, float *grads, const float *x,
                  float *const *acts, const float *dlogits, float *scratch0, float *scratch1,
                  int B) {
    const float *dout = dlogits;
    float *spare[2] = {scratch0, scratch1};
    for (int l = s->n_layers - 1; l >= 0; l--) {
        const float *in = l == 0 ? x : acts[l - 1];
        kern_dense_bwd_weights(grads + s->w[l], grads + s->b[l], in, dout, B, s->in[l], s->out[l]);
        if (l == 0) break;
        float *din = spare[l & 1];
        kern_dense_bwd_input(din, dout, params + s->w[l], in, B, s->in[l], s->out[l], s->act[l - 1]);
        dout = din;
    }
}
