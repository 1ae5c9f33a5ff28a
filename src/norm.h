// norm.h: Keras's BatchNormalization over the units of one layer, for B rows:
// while training, each unit is normalized with the batch's own mean and biased
// variance, y = gamma (v - mean) / sqrt(var + eps) + beta, and the moving
// averages move towards them by 1 - momentum; when evaluating, the moving
// averages take the batch's place. Plain loops, the same in every build.
#ifndef FL_NORM_H
#define FL_NORM_H

// The batch's statistics of v (B x U) per unit, and xhat = (v - mean) * inv
// with inv = 1 / sqrt(var + eps).
void norm_batch(float *xhat, float *mean, float *var, float *inv, const float *v, int B, int U);

// out = act(xhat * gamma + beta); out may be xhat.
void norm_scale(float *out, const float *xhat, const float *gamma, const float *beta, int B, int U,
                int act);

// out = act((v - moving_mean) / sqrt(moving_var + eps) * gamma + beta); out may be v.
void norm_eval(float *out, const float *v, const float *gamma, const float *beta,
               const float *moving_mean, const float *moving_var, int B, int U, int act);

// moving = moving * momentum + batch * (1 - momentum), for the mean and the variance.
void norm_move(float *moving_mean, float *moving_var, const float *mean, const float *var, int U);

// From d (B x U), the gradient with respect to the normalization's output y:
// adds the gradients of gamma and beta, and turns d into the gradient with
// respect to its input v (the batch's statistics depend on v too).
void norm_backward(float *d, float *dgamma, float *dbeta, const float *xhat, const float *gamma,
                   const float *inv, int B, int U);

// d *= act'(a) element-wise over n values, a being act's output.
void norm_slope(float *d, const float *a, int n, int act);

#endif
