// test_layers.c: the MLP's gradients against central finite differences, for
// every activation and depths 0 to 3; the loss against its definition; the
// initialisers' ranges and spreads.
#include <stdlib.h>

#include "check.h"
#include "flatline.h"
#include "layers.h"
#include "loss.h"
#include "rng.h"

enum { B = 5, IN = 4, C = 3 };

typedef struct {
    mlp_shape s;
    float *params, *grads, *acts[MLP_MAX_LAYERS], *s0, *s1, *dlogits;
    float x[B * IN];
    int32_t y[B];
} net;

// The default loss: sparse categorical cross-entropy over a softmax output.
static loss_spec sce(int units) {
    return (loss_spec){FL_LOSS_SCE, FL_OUT_SOFTMAX, 0, units, 1, 0};
}

// xent(dz, z, y, B, units, scale, &sum, &correct), over loss_eval.
static void xent(float *dz, const float *z, const int32_t *y, int b, int units, float scale,
                 double *sum, int *correct) {
    loss_spec s = sce(units);
    loss_sums sums = {0, 0, 0, 0};
    loss_eval(&s, dz, z, y, NULL, b, scale, &sums);
    *sum += sums.loss;
    *correct += (int)sums.acc;
}

static double loss_of(net *n) {
    double sum = 0;
    int correct = 0;
    mlp_forward(&n->s, n->params, NULL, n->x, n->acts, NULL, B);
    xent(NULL, n->acts[n->s.n_layers - 1], n->y, B, C, 0, &sum, &correct);
    return sum / B;
}

static void check_gradients(int depth, int act, uint64_t *rng) {
    net n;
    static const int widths[6] = {6, 5, 7, 4, 6, 3}; // layers of different widths
    // act < 0: a different activation in every layer (relu, tanh, sigmoid, leaky ReLU, linear,
    // relu).
    static const int mixed[6] = {FL_ACT_RELU,       FL_ACT_TANH,   FL_ACT_SIGMOID,
                                 FL_ACT_LEAKY_RELU, FL_ACT_LINEAR, FL_ACT_RELU};
    int acts[6];
    for (int l = 0; l < 6; l++) acts[l] = act < 0 ? mixed[l] : act;
    n.s = mlp_layout(IN, depth, widths, C, acts, NULL);
    size_t P = n.s.n_params;
    n.params = malloc(P * sizeof(float));
    n.grads = calloc(P, sizeof(float));
    for (int l = 0; l < n.s.n_layers; l++) n.acts[l] = malloc(B * n.s.out[l] * sizeof(float));
    n.s0 = malloc(B * n.s.max_width * sizeof(float));
    n.s1 = malloc(B * n.s.max_width * sizeof(float));
    n.dlogits = malloc(B * C * sizeof(float));
    mlp_init(&n.s, n.params, NULL, FL_INIT_GLOROT_UNIFORM, rng);
    for (size_t k = 0; k < P; k++) n.params[k] += 0.1f * (rng_uniform(rng) - 0.5f); // biases too
    for (int k = 0; k < B * IN; k++) n.x[k] = 2.0f * rng_uniform(rng) - 1.0f;
    for (int k = 0; k < B; k++) n.y[k] = rng_below(rng, C);

    double sum = 0;
    int correct = 0;
    mlp_forward(&n.s, n.params, NULL, n.x, n.acts, NULL, B);
    xent(n.dlogits, n.acts[n.s.n_layers - 1], n.y, B, C, 1.0f / B, &sum, &correct);
    mlp_backward(&n.s, n.params, n.grads, n.x, n.acts, n.dlogits, n.s0, n.s1, B);

    // A ReLU kink inside the step spoils a difference quotient: such
    // parameters are skipped when the two one-sided quotients disagree.
    int kinked = act == FL_ACT_RELU || act == FL_ACT_LEAKY_RELU || act < 0;
    const float h = kinked ? 2e-3f : 1e-2f;
    int compared = 0;
    for (size_t k = 0; k < P; k++) {
        float keep = n.params[k];
        n.params[k] = keep + h;
        double up = loss_of(&n);
        n.params[k] = keep - h;
        double down = loss_of(&n);
        n.params[k] = keep;
        double mid = loss_of(&n);
        double fd = (up - down) / (2 * h);
        double right = (up - mid) / h, left = (mid - down) / h;
        if (kinked && fabs(right - left) > 1e-3 + 0.01 * fabs(fd)) continue;
        compared++;
        CHECK(fabs(fd - n.grads[k]) <= 2e-3 + 0.03 * fabs(fd),
              "depth %d act %d param %zu: finite difference %g, backward %g", depth, act, k, fd,
              n.grads[k]);
    }
    CHECK(compared > (int)P / 2, "depth %d act %d: only %d of %zu parameters compared", depth, act,
          compared, P);
    free(n.params), free(n.grads), free(n.s0), free(n.s1), free(n.dlogits);
    for (int l = 0; l < n.s.n_layers; l++) free(n.acts[l]);
}

// The loss from logits against log(sum(exp)) - z_y in double; its gradient
// against softmax - onehot.
static void check_loss(void) {
    float z[2 * 3] = {1.0f, -2.0f, 0.5f, 30.0f, 31.0f, -40.0f};
    int32_t y[2] = {2, 0};
    float d[6];
    double sum = 0;
    int correct = 0;
    xent(d, z, y, 2, 3, 0.5f, &sum, &correct);
    double l0 = log(exp(1.0) + exp(-2.0) + exp(0.5)) - 0.5;
    double l1 = 31.0 + log(exp(-1.0) + 1 + exp(-71.0)) - 30.0;
    CHECK(close_rel(sum, l0 + l1, 1e-6), "loss %.9g vs %.9g", sum, l0 + l1);
    CHECK(correct == 0, "neither sample is argmax-correct (got %d)", correct);
    double p00 = exp(1.0) / (exp(1.0) + exp(-2.0) + exp(0.5));
    CHECK(close_rel(d[0], 0.5 * p00, 1e-6), "dlogit %g vs %g", d[0], 0.5 * p00);
    CHECK(close_rel(d[2], 0.5 * (exp(0.5) / (exp(1.0) + exp(-2.0) + exp(0.5)) - 1), 1e-6),
          "dlogit of the label");
    // Huge logits (inputs x100) stay finite: the loss is taken from the logits.
    float big[3] = {3000.0f, -3000.0f, 0.0f};
    int32_t yb = 1;
    sum = 0;
    xent(NULL, big, &yb, 1, 3, 0, &sum, &correct);
    CHECK(close_rel(sum, 6000.0, 1e-6), "loss of huge logits %g", sum);
}

static void check_init(uint64_t *rng) {
    for (int init = 0; init < 6; init++) {
        mlp_shape s = mlp_layout(200, 1, (const int[]){300}, 3, (const int[]){FL_ACT_RELU}, NULL);
        float *p = malloc(s.n_params * sizeof(float));
        mlp_init(&s, p, NULL, init, rng);
        double var = 0, maxabs = 0;
        int n = 200 * 300;
        for (int k = 0; k < n; k++) {
            var += (double)p[k] * p[k];
            maxabs = fabs(p[k]) > maxabs ? fabs(p[k]) : maxabs;
        }
        var /= n;
        double fan = (init <= FL_INIT_GLOROT_NORMAL) ? 250.0 : 200.0;
        double want = (init == FL_INIT_HE_UNIFORM || init == FL_INIT_HE_NORMAL ? 2.0 : 1.0) / fan;
        CHECK(fabs(var / want - 1) < 0.03, "init %d variance %g, want %g", init, var, want);
        int uniform = init % 2 == 0;
        double bound = uniform ? sqrt(3 * want) : 2 * sqrt(want) / 0.87962566103423978;
        CHECK(maxabs <= bound * (1 + 1e-6), "init %d max %g above %g", init, maxabs, bound);
        int zero_bias = 1;
        for (int o = 0; o < 300; o++) zero_bias &= p[s.b[0] + o] == 0.0f;
        CHECK(zero_bias, "init %d: biases start at zero", init);
        free(p);
    }
}

int main(void) {
    uint64_t rng = rng_stream(3, 0);
    for (int depth = 0; depth <= 3; depth++)
        for (int act = -1; act < 5; act++) check_gradients(depth, act, &rng); // -1: mixed per layer
    check_loss();
    check_init(&rng);
    return check_report("layers");
}
