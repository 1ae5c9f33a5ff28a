// norm.c: batch normalization's arithmetic (norm.h). Sums over the batch are
// taken in double, row after row, so any build gives the same bits.
#include "norm.h"

#include "flatline.h"
#include "kernels.h"

void norm_batch(float *xhat, float *mean, float *var, float *inv, const float *v, int B, int U) {
    for (int u = 0; u < U; u++) {
        double sum = 0.0, sq = 0.0;
        for (int b = 0; b < B; b++) sum += v[(size_t)b * U + u];
        double m = sum / B;
        for (int b = 0; b < B; b++) {
            double d = v[(size_t)b * U + u] - m;
            sq += d * d;
        }
        mean[u] = (float)m;
        var[u] = (float)(sq / B);
        inv[u] = (float)(1.0 / __builtin_sqrt((double)var[u] + (double)FL_BN_EPSILON));
    }
    for (int b = 0; b < B; b++)
        for (int u = 0; u < U; u++) {
            size_t k = (size_t)b * U + u;
            xhat[k] = (v[k] - mean[u]) * inv[u];
        }
}

void norm_scale(float *out, const float *xhat, const float *gamma, const float *beta, int B, int U,
                int act) {
    for (int b = 0; b < B; b++)
        for (int u = 0; u < U; u++) {
            size_t k = (size_t)b * U + u;
            out[k] = kern_act(xhat[k] * gamma[u] + beta[u], act);
        }
}

void norm_eval(float *out, const float *v, const float *gamma, const float *beta,
               const float *moving_mean, const float *moving_var, int B, int U, int act) {
    for (int u = 0; u < U; u++) {
        float inv = (float)(1.0 / __builtin_sqrt((double)moving_var[u] + (double)FL_BN_EPSILON));
        for (int b = 0; b < B; b++) {
            size_t k = (size_t)b * U + u;
            out[k] = kern_act((v[k] - moving_mean[u]) * inv * gamma[u] + beta[u], act);
        }
    }
}

void norm_move(float *moving_mean, float *moving_var, const float *mean, const float *var, int U) {
    const float keep = FL_BN_MOMENTUM, take = 1.0f - FL_BN_MOMENTUM;
    for (int u = 0; u < U; u++) {
        moving_mean[u] = moving_mean[u] * keep + mean[u] * take;
        moving_var[u] = moving_var[u] * keep + var[u] * take;
    }
}

void norm_backward(float *d, float *dgamma, float *dbeta, const float *xhat, const float *gamma,
                   const float *inv, int B, int U) {
    for (int u = 0; u < U; u++) {
        double sum = 0.0, dot = 0.0;
        for (int b = 0; b < B; b++) {
            size_t k = (size_t)b * U + u;
            sum += d[k];
            dot += (double)d[k] * xhat[k];
        }
        dgamma[u] += (float)dot;
        dbeta[u] += (float)sum;
        // dv = gamma inv (dy - mean(dy) - xhat mean(dy xhat))
        float scale = gamma[u] * inv[u], mean_d = (float)(sum / B), mean_dx = (float)(dot / B);
        for (int b = 0; b < B; b++) {
            size_t k = (size_t)b * U + u;
            d[k] = scale * (d[k] - mean_d - xhat[k] * mean_dx);
        }
    }
}

void norm_slope(float *d, const float *a, int n, int act) {
    for (int k = 0; k < n; k++) d[k] = kern_act_grad(d[k], a[k], act);
}
