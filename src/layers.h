// layers.h: the MLP as a list of dense layers over one flat parameter block,
// Keras order (kernel in x out row-major, then bias, then for a layer with batch
// normalization its gamma and beta, layer after layer; the moving averages,
// which no optimizer touches, live in a block of their own); its
// initialisation, forward pass and backward pass (the loss is loss.h's). The
// arithmetic is the kernels'; this file decides what runs in which order.
#ifndef FL_LAYERS_H
#define FL_LAYERS_H

#include <stddef.h>
#include <stdint.h>

#define MLP_MAX_LAYERS 7 // 6 hidden + the output layer

typedef struct {
    int n_layers;                // hidden layers + 1
    int in[MLP_MAX_LAYERS];      // fan-in of each layer
    int out[MLP_MAX_LAYERS];     // fan-out of each layer
    size_t w[MLP_MAX_LAYERS];    // offset of each kernel in the parameter block
    size_t b[MLP_MAX_LAYERS];    // offset of each bias
    size_t n_params;             // size of the block
    int act[MLP_MAX_LAYERS];     // FL_ACT_* of each hidden layer; the output's is linear (loss.h)
    int max_width;               // widest layer output
    int unit0[MLP_MAX_LAYERS];   // index of each hidden layer's first unit among all units
    int hidden_units;            // units in all hidden layers
    int norm[MLP_MAX_LAYERS];    // FL_BN_* of each layer (the output layer's is none)
    size_t g[MLP_MAX_LAYERS];    // a normalized layer's gamma in the block; beta follows it
    size_t end[MLP_MAX_LAYERS];  // where each layer's run of the block ends
    size_t stat[MLP_MAX_LAYERS]; // a normalized layer's moving mean in the stats block;
                                 // its moving variance follows it
    size_t n_stats;              // size of the stats block
    int normalized;              // 1 when some layer has batch normalization
} mlp_shape;

// depth hidden layers of widths[0..depth-1] units with activations acts[0..depth-1]
// and batch normalizations norms[0..depth-1] (FL_BN_*; NULL: none), then the
// output layer.
mlp_shape mlp_layout(int inputs, int depth, const int *widths, int outputs, const int *acts,
                     const int *norms);

// Kernels from the FL_INIT_* scheme, biases zero, gammas one and betas zero; the
// moving means zero and variances one, as Keras starts them.
void mlp_init(const mlp_shape *s, float *params, float *stats, int init, uint64_t *rng);

// Where a normalized layer keeps its work (the other layers leave theirs NULL).
typedef struct {
    float *pre;              // B x units: what it normalizes, the dense sums (before) or the
                             // activation's output (after)
    float *xhat;             // B x units, while training: the normalized values
    float *mean, *var, *inv; // units each, while training: the batch's statistics
} mlp_norm_work;

// The output of hidden layer l's activation (what dead and saturated units are
// read from): acts[l], or for a layer normalized after it, work[l].pre.
const float *mlp_activation_out(const mlp_shape *s, float *const *acts, const mlp_norm_work *work,
                                int l);

// Layer l over B rows of in, into out (B, out[l]): the dense layer, its batch
// normalization and activation. Training (stats non-NULL) normalizes with the
// rows' own statistics, which must be the whole batch's, and moves the averages
// in stats; evaluating (stats_eval) uses those averages. The last layer's
// output is its pre-activation (loss.h applies its activation).
void mlp_layer_forward(const mlp_shape *s, const float *params, float *stats,
                       const float *stats_eval, int l, const float *in, float *out,
                       const mlp_norm_work *work, int B);

// Evaluation: acts[l] (B, out[l]) = layer l of acts[l-1], with acts[-1] = x (B, in[0]).
void mlp_forward(const mlp_shape *s, const float *params, const float *stats, const float *x,
                 float *const *acts, const mlp_norm_work *work, int B);

// Dropout on a chunk of layer l's outputs (B, units) while training, as Keras:
// out = a * mask, the mask 0 (dropped, with probability rate) or 1 / (1 - rate).
// Each mask entry is a pure function of (key, step, the sample's row in its
// batch, layer, unit), so chunks and replicas in other frameworks draw the same.
void mlp_dropout(float *out, float *mask, const float *a, int B, int units, float rate,
                 uint64_t key, int step, int row0, int layer);

// Adds this chunk's gradients into grads, from dlogits (B, outputs): the loss's
// gradient with respect to the last layer's pre-activation; the two
// scratch buffers (B x max_width each) carry the gradient downwards.
void mlp_backward(const mlp_shape *s, const float *params, float *grads, const float *x,
                  float *const *acts, const float *dlogits, float *scratch0, float *scratch1,
                  int B);
// The same through dropout and batch normalization: ins[l] is what layer l read
// (x, or the layer below's output after its mask), masks[l] the mask on hidden
// layer l's output (NULL: none), work the normalized layers' training work
// (NULL when none is).
void mlp_backward_masked(const mlp_shape *s, const float *params, float *grads, const float *x,
                         float *const *acts, const float *const *ins, const float *const *masks,
                         const mlp_norm_work *work, const float *dlogits, float *scratch0,
                         float *scratch1, int B);

#endif
