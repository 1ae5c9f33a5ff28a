// layers.c: MLP layout, initialisation, forward and backward passes, and the
// layers' part of the gradient, in that reading order.
#include "layers.h"

#include "base.h"
#include "fmath.h"
#include "kernels.h"
#include "norm.h"
#include "rng.h"

mlp_shape mlp_layout(int inputs, int depth, const int *widths, int outputs, const int *acts,
                     const int *norms) {
    FL_ASSERT(depth >= 0 && depth + 1 <= MLP_MAX_LAYERS);
    mlp_shape s = {0};
    s.n_layers = depth + 1;
    size_t off = 0;
    for (int l = 0; l < s.n_layers; l++) {
        s.in[l] = l == 0 ? inputs : widths[l - 1];
        s.out[l] = l == depth ? outputs : widths[l];
        s.unit0[l] = s.hidden_units;
        s.act[l] = l == depth ? FL_ACT_LINEAR : acts[l];
        s.norm[l] = l == depth || !norms ? FL_BN_NONE : norms[l];
        if (l < depth) s.hidden_units += widths[l];
        s.w[l] = off;
        off += (size_t)s.in[l] * (size_t)s.out[l];
        s.b[l] = off;
        off += (size_t)s.out[l];
        if (s.norm[l] != FL_BN_NONE) {
            s.g[l] = off;
            off += 2 * (size_t)s.out[l];
            s.stat[l] = s.n_stats;
            s.n_stats += 2 * (size_t)s.out[l];
            s.normalized = 1;
        }
        s.end[l] = off;
        if (s.out[l] > s.max_width) s.max_width = s.out[l];
    }
    s.n_params = off;
    return s;
}

// Keras's variance scaling: glorot averages fan-in and fan-out, he and lecun
// use fan-in; he doubles the variance; normals are truncated at 2 sd and
// rescaled by 0.8796 (the sd of a standard normal truncated there), as Keras does.
void mlp_init(const mlp_shape *s, float *params, float *stats, int init, uint64_t *rng) {
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
        if (s->norm[l] == FL_BN_NONE) continue;
        for (int o = 0; o < s->out[l]; o++) {
            params[s->g[l] + o] = 1.0f, params[s->g[l] + s->out[l] + o] = 0.0f;
            stats[s->stat[l] + o] = 0.0f, stats[s->stat[l] + s->out[l] + o] = 1.0f;
        }
    }
}

const float *mlp_activation_out(const mlp_shape *s, float *const *acts, const mlp_norm_work *work,
                                int l) {
    return s->norm[l] == FL_BN_AFTER ? work[l].pre : acts[l];
}

void mlp_layer_forward(const mlp_shape *s, const float *params, float *stats,
                       const float *stats_eval, int l, const float *in, float *out,
                       const mlp_norm_work *work, int B) {
    int norm = s->norm[l], act = s->act[l], U = s->out[l];
    const float *w = params + s->w[l], *bias = params + s->b[l];
    if (norm == FL_BN_NONE) {
        kern_dense_fwd(out, in, w, bias, B, s->in[l], U, act);
        return;
    }
    // Before: normalize the sums, then the activation; after: the other way round.
    const mlp_norm_work *k = &work[l];
    int act_inside = norm == FL_BN_AFTER ? act : FL_ACT_LINEAR;
    int act_outside = norm == FL_BN_AFTER ? FL_ACT_LINEAR : act;
    kern_dense_fwd(k->pre, in, w, bias, B, s->in[l], U, act_inside);
    const float *gamma = params + s->g[l], *beta = gamma + U;
    if (stats) {
        norm_batch(k->xhat, k->mean, k->var, k->inv, k->pre, B, U);
        norm_scale(out, k->xhat, gamma, beta, B, U, act_outside);
        norm_move(stats + s->stat[l], stats + s->stat[l] + U, k->mean, k->var, U);
    } else {
        const float *mean = stats_eval + s->stat[l];
        norm_eval(out, k->pre, gamma, beta, mean, mean + U, B, U, act_outside);
    }
}

void mlp_forward(const mlp_shape *s, const float *params, const float *stats, const float *x,
                 float *const *acts, const mlp_norm_work *work, int B) {
    const float *in = x;
    for (int l = 0; l < s->n_layers; l++) {
        mlp_layer_forward(s, params, NULL, stats, l, in, acts[l], work, B);
        in = acts[l];
    }
}

void mlp_dropout(float *out, float *mask, const float *a, int B, int units, float rate,
                 uint64_t key, int step, int row0, int layer) {
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
                         const mlp_norm_work *work, const float *dlogits, float *scratch0,
                         float *scratch1, int B) {
    const float *dout = dlogits;
    float *spare[2] = {scratch0, scratch1};
    for (int l = s->n_layers - 1; l >= 0; l--) {
        const float *in = l == 0 ? x : ins[l];
        kern_dense_bwd_weights(grads + s->w[l], grads + s->b[l], in, dout, B, s->in[l], s->out[l]);
        // A bias that a normalization then subtracts with the batch's mean has no
        // effect, and a gradient of exactly 0; summed in floats it comes out as
        // rounding noise, which Adam would turn into steps of its own. The whole
        // batch is in this chunk, so the sum is replaced by its true value.
        if (s->norm[l] == FL_BN_BEFORE)
            for (int o = 0; o < s->out[l]; o++) grads[s->b[l] + o] = 0.0f;
        if (l == 0) break;
        float *din = spare[l & 1];
        int j = l - 1, U = s->in[l], norm = s->norm[j];
        // The activation's slope at the unmasked output, then the mask; through a
        // normalization, the mask, then the slope and the normalization in the order
        // the forward pass took them.
        kern_dense_bwd_input(din, dout, params + s->w[l], acts[j], B, U, s->out[l],
                             norm == FL_BN_NONE ? s->act[j] : FL_ACT_LINEAR);
        const float *m = masks[j];
        if (m)
            for (int k = 0; k < B * U; k++) din[k] *= m[k];
        if (norm != FL_BN_NONE) {
            const mlp_norm_work *k = &work[j];
            if (norm == FL_BN_BEFORE) norm_slope(din, acts[j], B * U, s->act[j]);
            norm_backward(din, grads + s->g[j], grads + s->g[j] + U, k->xhat, params + s->g[j],
                          k->inv, B, U);
            if (norm == FL_BN_AFTER) norm_slope(din, k->pre, B * U, s->act[j]);
        }
        dout = din;
    }
}

void mlp_backward(const mlp_shape *s, const float *params, float *grads, const float *x,
                  float *const *acts, const float *dlogits, float *scratch0, float *scratch1,
                  int B) {
    // No mask and no normalization: each layer reads the one below's output.
    const float *ins[MLP_MAX_LAYERS] = {x}, *masks[MLP_MAX_LAYERS] = {NULL};
    for (int l = 1; l < s->n_layers; l++) ins[l] = acts[l - 1];
    mlp_backward_masked(s, params, grads, x, acts, ins, masks, NULL, dlogits, scratch0, scratch1,
                        B);
}
