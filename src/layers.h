// layers.h: the MLP as a list of dense layers over one flat parameter block,
// Keras order (kernel in x out row-major, then bias, layer after layer); its
// initialisation, forward pass and backward pass (the loss is loss.h's). The
// arithmetic is the kernels'; this file decides what runs in which order.
#ifndef FL_LAYERS_H
#define FL_LAYERS_H

#include <stddef.h>
#include <stdint.h>

#define MLP_MAX_LAYERS 7 // 6 hidden + the output layer

typedef struct {
    int n_layers;              // hidden layers + 1
    int in[MLP_MAX_LAYERS];    // fan-in of each layer
    int out[MLP_MAX_LAYERS];   // fan-out of each layer
    size_t w[MLP_MAX_LAYERS];  // offset of each kernel in the parameter block
    size_t b[MLP_MAX_LAYERS];  // offset of each bias
    size_t n_params;           // size of the block
    int act[MLP_MAX_LAYERS];   // FL_ACT_* of each hidden layer; the output's is linear (loss.h)
    int max_width;             // widest layer output
    int unit0[MLP_MAX_LAYERS]; // index of each hidden layer's first unit among all units
    int hidden_units;          // units in all hidden layers
} mlp_shape;

// depth hidden layers of widths[0..depth-1] units with activations acts[0..depth-1],
// then the output layer.
mlp_shape mlp_layout(int inputs, int depth, const int *widths, int outputs, const int *acts);

// Kernels from the FL_INIT_* scheme, biases zero.
void mlp_init(const mlp_shape *s, float *params, int init, uint64_t *rng);

// acts[l] (B, out[l]) = layer l of acts[l-1], with acts[-1] = x (B, in[0]).
// The last layer's output is its pre-activation (loss.h applies its activation).
void mlp_forward(const mlp_shape *s, const float *params, const float *x, float *const *acts,
                 int B);

// Dropout on a chunk of layer l's outputs (B, units) while training, as Keras:
// out = a * mask, the mask 0 (dropped, with probability rate) or 1 / (1 - rate).
// Each mask entry is a pure function of (key, step, the sample's row in its
// batch, layer, unit), so chunks and replicas in other frameworks draw the same.
void mlp_dropout(float *out, float *mask, const float *a, int B, int units, float rate, uint64_t key,
                 int step, int row0, int layer);

// Adds this chunk's gradients into grads, from dlogits (B, outputs): the loss's
// gradient with respect to the last layer's pre-activation; the two
// scratch buffers (B x max_width each) carry the gradient downwards.
void mlp_backward(const mlp_shape *s, const float *params, float *grads, const float *x,
                  float *const *acts, const float *dlogits, float *scratch0, float *scratch1,
                  int B);
// The same through dropout: ins[l] is what layer l read (x, or the layer below's
// output after its mask), masks[l] the mask on hidden layer l's output (NULL: none).
void mlp_backward_masked(const mlp_shape *s, const float *params, float *grads, const float *x,
                         float *const *acts, const float *const *ins, const float *const *masks,
                         const float *dlogits, float *scratch0, float *scratch1, int B);

#endif
