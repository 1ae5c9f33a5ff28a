// test_optim.c: two steps of each optimizer on four parameters against values
// worked out by hand from Keras's update rules (lr 0.1; Adam beta 0.9/0.999,
// RMSprop rho 0.9, momentum 0.9, epsilon 1e-7), and the L2 term on kernels only.
#include "check.h"
#include "flatline.h"
#include "optim.h"

static const float start[4] = {0.5f, -0.3f, 0.1f, 0.0f}; // kernel (1x2), then bias (2)
static const float grads[2][4] = {{0.2f, -0.4f, 1.0f, 0.05f}, {-0.1f, 0.3f, 0.5f, 0.0f}};

static void run(int optimizer, float l2, const double want[2][4], const char *name) {
    mlp_shape s = mlp_layout(1, 0, NULL, 2, NULL, NULL);
    CHECK(s.n_params == 4, "layout of a 1-input, 2-class net has 4 parameters");
    float w[4], g[4], m[4] = {0}, v[4] = {0}, sums[1][3];
    memcpy(w, start, sizeof w);
    optim_state st = optim_begin();
    for (int step = 0; step < 2; step++) {
        memcpy(g, grads[step], sizeof g);
        float before[4];
        memcpy(before, w, sizeof w);
        optim_step(&st, optimizer, 0.1f, l2, &s, w, g, m, v, sums);
        for (int k = 0; k < 4; k++)
            CHECK(fabs(w[k] - want[step][k]) < 2e-6, "%s step %d param %d: %.9g, want %.9g", name,
                  step + 1, k, w[k], want[step][k]);
        double gg = 0, dd = 0, ww = 0;
        for (int k = 0; k < 4; k++) {
            gg += (double)g[k] * g[k];
            dd += (double)(w[k] - before[k]) * (w[k] - before[k]);
            ww += (double)before[k] * before[k];
        }
        CHECK(close_rel(sums[0][0], gg, 1e-5) && close_rel(sums[0][1], dd, 1e-5) &&
                  close_rel(sums[0][2], ww, 1e-5),
              "%s step %d: norms %g %g %g, want %g %g %g", name, step + 1, sums[0][0], sums[0][1],
              sums[0][2], gg, dd, ww);
    }
}

int main(void) {
    static const double sgd[2][4] = {{0.48, -0.26, 0.0, -0.005}, {0.49, -0.29, -0.05, -0.005}};
    static const double momentum[2][4] = {{0.48, -0.26, 0.0, -0.005},
                                          {0.472, -0.254, -0.14, -0.0095}};
    static const double rmsprop[2][4] = {{0.183776187, 0.016226778, -0.216227608, -0.316164539},
                                         {0.33121654, -0.179888938, -0.3636695, -0.316164539}};
    static const double adam[2][4] = {{0.400001581, -0.200000791, 3.16e-07, -0.099993676},
                                      {0.373368254, -0.191068346, -0.093217384, -0.166995262}};
    // L2 0.01 adds 2 * 0.01 * w to the kernel's gradients, not to the bias's.
    static const double sgd_l2[2][4] = {{0.479, -0.2594, 0.0, -0.005},
                                        {0.488042, -0.2888812, -0.05, -0.005}};
    run(FL_OPT_SGD, 0, sgd, "sgd");
    run(FL_OPT_MOMENTUM, 0, momentum, "momentum");
    run(FL_OPT_RMSPROP, 0, rmsprop, "rmsprop");
    run(FL_OPT_ADAM, 0, adam, "adam");
    run(FL_OPT_SGD, 0.01f, sgd_l2, "sgd with l2");

    mlp_shape s = mlp_layout(1, 0, NULL, 2, NULL, NULL);
    CHECK(close_rel(optim_l2_penalty(&s, start, 0.5f), 0.5 * (0.25 + 0.09), 1e-6),
          "penalty counts kernels only");
    CHECK(optim_l2_penalty(&s, start, 0) == 0, "no penalty at l2 0");
    return check_report("optim");
}
