// layers.h: the MLP as a list of dense layers over one flat parameter block,
// Keras order (kernel in x out row-major, then bias, layer after layer); its
// initialisation, forward pass, softmax cross-entropy and backward pass. The
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
    int act;                   // FL_ACT_* of the hidden layers; the output is linear
    int max_width;             // widest layer output
    int unit0[MLP_MAX_LAYERS]; // index of each hidden layer's first unit among all units
    int hidden_units;          // units in all hidden layers
} mlp_shape;

// depth hidden layers of widths[0..depth-1] units, then the output layer.
mlp_shape mlp_layout(int inputs, int depth, const int *widths, int classes, int act);

// Kernels from the FL_INIT_* scheme, biases zero.
void mlp_init(const mlp_shape *s, float *params, int init, uint64_t *rng);

// acts[l] (B, out[l]) = layer l of acts[l-1], with acts[-1] = x (B, in[0]).
// The last layer's output is the logits.
void mlp_forward(const mlp_shape *s, const float *params, const float *x, float *const *acts,
                 int B);

// Softmax cross-entropy from logits (log-sum-exp, as Keras on TensorFlow does
// for a softmax output). Adds each sample's loss to *loss_sum, its square to
// *loss_sq (when not NULL) and its hit to *correct; when dlogits is not NULL it
// receives (softmax - onehot) * scale.
void xent_loss(float *dlogits, const float *logits, const int32_t *labels, int B, int C,
               float scale, double *loss_sum, double *loss_sq, int *correct);

// Adds this chunk's gradients into grads, from dlogits (B, classes); the two
// scratch buffers (B x max_width each) carry the gradient downwards.
void mlp_backward(const mlp_shape *s, const float *params, float *grads, const float *x,
                  float *const *acts, const float *dlogits, float *scratch0, float *scratch1,
                  int B);

#endif
