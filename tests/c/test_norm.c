// test_norm.c: batch normalization. Its gradients (kernels, biases, gammas and
// betas, through the batch's statistics, with a dropout mask on top) against
// central finite differences, before and after each activation; the batch's
// statistics and the moving averages against their definitions in double; the
// evaluation pass against the formula with the moving averages; and in the
// trainer: the chunk holds a whole batch, so any chunk asked for gives the same
// bits, a batch the chunk cannot hold is refused mid-run, the key's rules hold,
// and normalization rescues a deep sigmoid network that does not learn without it.
#include <stdlib.h>

#include "check.h"
#include "flatline.h"
#include "layers.h"
#include "loss.h"
#include "norm.h"
#include "rng.h"

enum { B = 8, IN = 3, C = 3, DEPTH = 2 };

typedef struct {
    mlp_shape s;
    float *params, *grads, *stats, *acts[MLP_MAX_LAYERS], *s0, *s1, *dlogits;
    float *dropped, *mask; // a fixed dropout mask after hidden layer 0
    mlp_norm_work work[MLP_MAX_LAYERS];
    float x[B * IN];
    int32_t y[B];
} net;

static float *fresh(size_t n) {
    return calloc(n, sizeof(float));
}

// The training forward pass (the batch's statistics) and its loss; with
// dlogits, the loss's gradient and the backward pass into grads.
static double train_pass(net *n, int backward) {
    const mlp_shape *s = &n->s;
    const float *in = n->x;
    const float *ins[MLP_MAX_LAYERS], *masks[MLP_MAX_LAYERS] = {NULL};
    for (int l = 0; l < s->n_layers; l++) {
        ins[l] = in;
        mlp_layer_forward(s, n->params, n->stats, NULL, l, in, n->acts[l], n->work, B);
        in = n->acts[l];
        if (l == 0) {
            for (int k = 0; k < B * s->out[0]; k++) n->dropped[k] = n->acts[0][k] * n->mask[k];
            in = n->dropped, masks[0] = n->mask;
        }
    }
    loss_spec spec = {FL_LOSS_SCE, FL_OUT_SOFTMAX, 0, C, 1, 0};
    loss_sums sums = {0, 0, 0, 0};
    loss_eval(&spec, backward ? n->dlogits : NULL, n->acts[s->n_layers - 1], n->y, NULL, B,
              1.0f / B, &sums);
    if (backward)
        mlp_backward_masked(s, n->params, n->grads, n->x, n->acts, ins, masks, n->work, n->dlogits,
                            n->s0, n->s1, B);
    return sums.loss / B;
}

static net make_net(const int *acts, const int *norms, uint64_t *rng) {
    static const int widths[DEPTH] = {5, 4};
    net n;
    memset(&n, 0, sizeof n);
    n.s = mlp_layout(IN, DEPTH, widths, C, acts, norms);
    n.params = fresh(n.s.n_params), n.grads = fresh(n.s.n_params), n.stats = fresh(n.s.n_stats);
    for (int l = 0; l < n.s.n_layers; l++) {
        n.acts[l] = fresh((size_t)B * n.s.out[l]);
        if (n.s.norm[l] == FL_BN_NONE) continue;
        n.work[l] = (mlp_norm_work){fresh((size_t)B * n.s.out[l]), fresh((size_t)B * n.s.out[l]),
                                    fresh(n.s.out[l]), fresh(n.s.out[l]), fresh(n.s.out[l])};
    }
    n.s0 = fresh((size_t)B * n.s.max_width), n.s1 = fresh((size_t)B * n.s.max_width);
    n.dlogits = fresh(B * C);
    n.dropped = fresh((size_t)B * widths[0]), n.mask = fresh((size_t)B * widths[0]);
    mlp_init(&n.s, n.params, n.stats, FL_INIT_GLOROT_UNIFORM, rng);
    // Gammas and betas away from 1 and 0, biases away from 0.
    for (size_t k = 0; k < n.s.n_params; k++) n.params[k] += 0.3f * (rng_uniform(rng) - 0.5f);
    for (int k = 0; k < B * IN; k++) n.x[k] = 2.0f * rng_uniform(rng) - 1.0f;
    for (int k = 0; k < B; k++) n.y[k] = rng_below(rng, C);
    for (int k = 0; k < B * widths[0]; k++)
        n.mask[k] = rng_uniform(rng) < 0.25f ? 0.0f : 1.0f / 0.75f;
    return n;
}

static void free_net(net *n) {
    free(n->params), free(n->grads), free(n->stats), free(n->s0), free(n->s1), free(n->dlogits);
    free(n->dropped), free(n->mask);
    for (int l = 0; l < n->s.n_layers; l++) {
        free(n->acts[l]);
        mlp_norm_work *w = &n->work[l];
        free(w->pre), free(w->xhat), free(w->mean), free(w->var), free(w->inv);
    }
}

static void check_gradients(int act, const int *norms, uint64_t *rng) {
    int acts[DEPTH] = {act, act};
    net n = make_net(acts, norms, rng);
    train_pass(&n, 1);
    int kinked = act == FL_ACT_RELU || act == FL_ACT_LEAKY_RELU;
    const float h = kinked ? 1e-3f : 5e-3f;
    int compared = 0, P = (int)n.s.n_params;
    for (int k = 0; k < P; k++) {
        float keep = n.params[k];
        n.params[k] = keep + h;
        double up = train_pass(&n, 0);
        n.params[k] = keep - h;
        double down = train_pass(&n, 0);
        n.params[k] = keep;
        double mid = train_pass(&n, 0);
        double fd = (up - down) / (2 * h), right = (up - mid) / h, left = (mid - down) / h;
        if (kinked && fabs(right - left) > 1e-3 + 0.01 * fabs(fd)) continue;
        compared++;
        CHECK(fabs(fd - n.grads[k]) <= 2e-3 + 0.03 * fabs(fd),
              "act %d norms %d,%d param %d: finite difference %g, backward %g", act, norms[0],
              norms[1], k, fd, n.grads[k]);
    }
    CHECK(compared > P / 2, "act %d: only %d of %d parameters compared", act, compared, P);
    free_net(&n);
}

// The batch's statistics, the normalized output and the moving averages against
// double arithmetic; then the evaluation pass against the formula.
static void check_statistics(uint64_t *rng) {
    int acts[DEPTH] = {FL_ACT_TANH, FL_ACT_RELU}, norms[DEPTH] = {FL_BN_AFTER, FL_BN_BEFORE};
    net n = make_net(acts, norms, rng);
    const mlp_shape *s = &n.s;
    float moving0[64];
    int steps = 3;
    for (int step = 0; step < steps; step++) {
        for (int k = 0; k < B * IN; k++) n.x[k] = 3.0f * rng_uniform(rng) + 2.0f; // mean far from 0
        memcpy(moving0, n.stats, s->n_stats * sizeof(float));
        train_pass(&n, 0);
        // Layer 0 normalizes after tanh: pre holds tanh's output.
        int U = s->out[0];
        for (int u = 0; u < U; u++) {
            double sum = 0, sq = 0;
            for (int b = 0; b < B; b++) sum += n.work[0].pre[b * U + u];
            double mean = sum / B;
            for (int b = 0; b < B; b++) sq += pow(n.work[0].pre[b * U + u] - mean, 2);
            double var = sq / B; // biased, as Keras
            CHECK(close_rel(n.work[0].mean[u], mean, 1e-6) &&
                      close_rel(n.work[0].var[u], var, 1e-5),
                  "unit %d: mean %g var %g, want %g %g", u, n.work[0].mean[u], n.work[0].var[u],
                  mean, var);
            const float *gamma = n.params + s->g[0], *beta = gamma + U;
            for (int b = 0; b < B; b++) {
                double want =
                    gamma[u] * (n.work[0].pre[b * U + u] - mean) / sqrt(var + 1e-3) + beta[u];
                CHECK(fabs(n.acts[0][b * U + u] - want) < 1e-5, "unit %d row %d: %g, want %g", u, b,
                      n.acts[0][b * U + u], want);
            }
            double mm = 0.99 * moving0[s->stat[0] + u] + 0.01 * mean;
            double mv = 0.99 * moving0[s->stat[0] + U + u] + 0.01 * var;
            CHECK(fabs(n.stats[s->stat[0] + u] - mm) < 1e-6 &&
                      fabs(n.stats[s->stat[0] + U + u] - mv) < 1e-6,
                  "step %d unit %d: moving %g %g, want %g %g", step, u, n.stats[s->stat[0] + u],
                  n.stats[s->stat[0] + U + u], mm, mv);
        }
    }
    CHECK(n.stats[s->stat[1]] != 0.0f, "layer 1's averages moved too");
    // Evaluation: the moving averages, not the batch's statistics.
    mlp_forward(s, n.params, n.stats, n.x, n.acts, n.work, B);
    int U = s->out[1];
    const float *gamma = n.params + s->g[1], *beta = gamma + U;
    const float *mm = n.stats + s->stat[1], *mv = mm + U;
    for (int b = 0; b < B; b++)
        for (int u = 0; u < U; u++) {
            // Before ReLU: normalize the dense sums (pre), then the activation.
            double y = (n.work[1].pre[b * U + u] - mm[u]) / sqrt(mv[u] + 1e-3) * gamma[u] + beta[u];
            double want = y > 0 ? y : 0;
            CHECK(fabs(n.acts[1][b * U + u] - want) < 1e-5, "eval row %d unit %d: %g, want %g", b,
                  u, n.acts[1][b * U + u], want);
        }
    // The parameters: kernel, bias, gamma, beta for each normalized layer, in Keras's order.
    CHECK(s->g[0] == s->b[0] + (size_t)s->out[0] && s->end[0] == s->g[0] + 2 * (size_t)s->out[0] &&
              s->w[1] == s->end[0] && s->end[2] == s->n_params && s->n_stats == 2 * (5 + 4),
          "layout: gamma and beta follow the bias");
    free_net(&n);
}

static fl_trainer *make(fl_config cfg) {
    fl_trainer *t = NULL;
    fl_error err;
    CHECK(fl_trainer_create(&cfg, &t, &err) == FL_OK, "create: %s", err.message);
    return t;
}

static void check_trainer(void) {
    fl_config cfg = fl_config_default();
    fl_error err;
    cfg.dataset = FL_DATA_SPIRAL, cfg.depth = 2, cfg.width = 16, cfg.epochs = 3, cfg.batch = 50;
    cfg.n_train = 400;
    CHECK(fl_config_set(&cfg, "batchnorm", "after,before", &err) == FL_OK, "%s", err.message);
    CHECK(fl_config_set(&cfg, "dropout", "0.2", &err) == FL_OK, "%s", err.message);
    fl_trainer *a = make(cfg);
    CHECK(fl_trainer_chunk(a) >= 50, "the chunk holds the batch: %d", fl_trainer_chunk(a));
    fl_trainer_run_all(a);
    size_t n = (size_t)fl_trainer_epochs_done(a) + 1;
    for (int chunk = 1; chunk <= 97; chunk += 48) { // asked for fewer rows than the batch
        cfg.chunk = chunk;
        fl_trainer *c = make(cfg);
        while (fl_trainer_run(c, 3) > 0) {
        }
        CHECK(same_bits(fl_trainer_history(a), fl_trainer_history(c), n * sizeof(fl_metrics)) &&
                  same_bits(fl_trainer_params(a), fl_trainer_params(c),
                            fl_trainer_param_count(a) * sizeof(float)),
              "chunk %d changes the bits", chunk);
        fl_trainer_free(c);
    }
    cfg.chunk = 0;
    const fl_metrics *h = fl_trainer_history(a);
    CHECK(h[3].train_loss == h[3].train_loss && h[3].val_loss < h[0].val_loss,
          "it learns: val loss %g -> %g", h[0].val_loss, h[3].val_loss);
    // Mid-run: a batch the chunk holds is taken; one it cannot is refused, naming batch.
    CHECK(fl_trainer_set(a, "batch", "40", &err) == FL_OK, "%s", err.message);
    CHECK(fl_trainer_set(a, "batchnorm", "none", &err) == FL_EINVAL &&
              !strcmp(err.key, "batchnorm"),
          "batchnorm is not live");
    fl_trainer_free(a);
    cfg.n_train = 100000, cfg.n_val = 10, cfg.width = 1024, cfg.depth = 6, cfg.batch = 32;
    cfg.dataset = FL_DATA_LINEAR, cfg.features = 10, cfg.n_dropout = 0;
    CHECK(fl_config_set(&cfg, "batchnorm", "after", &err) == FL_OK, "%s", err.message);
    fl_trainer *big = make(cfg);
    CHECK(fl_trainer_chunk(big) < 100000, "a wide network's chunk is bounded: %d",
          fl_trainer_chunk(big));
    CHECK(fl_trainer_set(big, "batch", "100000", &err) == FL_EINVAL && !strcmp(err.key, "batch") &&
              strstr(err.message, "new run"),
          "too big a batch mid-run: %s", err.message);
    fl_trainer_free(big);

    // The key: one position for every layer, or one per layer.
    fl_config k = fl_config_default();
    k.depth = 3;
    CHECK(fl_config_set(&k, "batchnorm", "before", &err) == FL_OK &&
              fl_config_batchnorm(&k, 2) == FL_BN_BEFORE,
          "one position for every layer");
    CHECK(fl_config_set(&k, "batchnorm", "after,none", &err) == FL_OK &&
              fl_config_validate(&k, &err) == FL_EINVAL && !strcmp(err.key, "batchnorm") &&
              strstr(err.message, "depth is 3"),
          "two positions for three layers: %s", err.message);
    char text[64];
    CHECK(fl_config_set(&k, "batchnorm", "after,none,before", &err) == FL_OK &&
              fl_config_text(&k, "batchnorm", text, sizeof text) == FL_OK &&
              !strcmp(text, "after,none,before"),
          "reads back: %s", text);
}

// Five sigmoid layers at SGD's pace barely move in 15 epochs (their gradient
// fades layer after layer); with batch normalization before or after each
// sigmoid the same network learns (Ioffe and Szegedy 2015's case).
static void check_rescue(void) {
    fl_config cfg = fl_config_default();
    fl_error err;
    cfg.dataset = FL_DATA_TEACHER, cfg.depth = 5, cfg.width = 32, cfg.activation = FL_ACT_SIGMOID;
    cfg.optimizer = FL_OPT_SGD, cfg.lr = 0.1f, cfg.epochs = 15;
    fl_trainer *plain = make(cfg);
    fl_trainer_run_all(plain);
    const fl_metrics *p = fl_trainer_history(plain);
    CHECK(p[0].val_loss - p[15].val_loss < 0.06, "without: %g -> %g", p[0].val_loss,
          p[15].val_loss);
    for (int where = FL_BN_AFTER; where <= FL_BN_BEFORE; where++) {
        CHECK(fl_config_set(&cfg, "batchnorm", where == FL_BN_AFTER ? "after" : "before", &err) ==
                  FL_OK,
              "%s", err.message);
        fl_trainer *bn = make(cfg);
        fl_trainer_run_all(bn);
        const fl_metrics *q = fl_trainer_history(bn);
        CHECK(q[0].val_loss - q[15].val_loss > 0.15, "with (%d): %g -> %g", where, q[0].val_loss,
              q[15].val_loss);
        fl_trainer_free(bn);
    }
    fl_trainer_free(plain);
}

int main(void) {
    uint64_t rng = rng_stream(7, 1);
    static const int positions[][DEPTH] = {{FL_BN_AFTER, FL_BN_AFTER},
                                           {FL_BN_BEFORE, FL_BN_BEFORE},
                                           {FL_BN_BEFORE, FL_BN_NONE},
                                           {FL_BN_NONE, FL_BN_AFTER}};
    static const int acts[] = {FL_ACT_TANH, FL_ACT_SIGMOID, FL_ACT_RELU, FL_ACT_LEAKY_RELU,
                               FL_ACT_LINEAR};
    for (size_t p = 0; p < 4; p++)
        for (size_t a = 0; a < 5; a++) check_gradients(acts[a], positions[p], &rng);
    check_statistics(&rng);
    check_trainer();
    check_rescue();
    return check_report("norm");
}
