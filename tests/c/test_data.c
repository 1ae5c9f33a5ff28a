// test_data.c: every data set is deterministic for its seed, has its stated
// form (ranges, dimension), and is about balanced; label noise, input_scale and
// standardize do what they say.
#include <stdlib.h>

#include "check.h"
#include "data.h"
#include "flatline.h"
#include "rng.h"

typedef struct {
    float *xt, *xv;
    int32_t *yt, *yv;
    int F;
} sets;

static sets make(const fl_config *cfg) {
    sets s;
    s.F = data_features(cfg);
    s.xt = malloc(sizeof(float) * cfg->n_train * s.F);
    s.xv = malloc(sizeof(float) * cfg->n_val * s.F);
    s.yt = malloc(sizeof(int32_t) * cfg->n_train);
    s.yv = malloc(sizeof(int32_t) * cfg->n_val);
    uint64_t rng = rng_stream(cfg->seed, 1);
    CHECK(data_generate(cfg, &rng, s.xt, s.yt, s.xv, s.yv, NULL, NULL) == FL_OK, "generate");
    return s;
}

static void drop(sets *s) {
    free(s->xt), free(s->xv), free(s->yt), free(s->yv);
}

static const char *names[] = {"random", "linear", "teacher", "spiral", "circles", "xor", "gauss"};

int main(void) {
    for (int d = 0; d < 7; d++) {
        fl_config cfg = fl_config_default();
        cfg.dataset = d;
        cfg.n_train = 3000, cfg.n_val = 600;
        cfg.classes = d == FL_DATA_XOR ? 2 : 3;
        sets a = make(&cfg), b = make(&cfg);
        CHECK(a.F == (d >= FL_DATA_SPIRAL ? 2 : 10), "%s: features %d", names[d], a.F);
        CHECK(same_bits(a.xt, b.xt, sizeof(float) * 3000 * a.F) &&
                  same_bits(a.yv, b.yv, sizeof(int32_t) * 600),
              "%s: the same seed gives the same data", names[d]);
        cfg.seed = 2;
        sets c = make(&cfg);
        CHECK(!same_bits(a.xt, c.xt, sizeof(float) * 3000 * a.F), "%s: another seed differs",
              names[d]);
        int count[10] = {0};
        for (int k = 0; k < 3000; k++) {
            CHECK(a.yt[k] >= 0 && a.yt[k] < cfg.classes, "%s: label %d", names[d], a.yt[k]);
            count[a.yt[k]]++;
        }
        for (int c2 = 0; c2 < cfg.classes; c2++) {
            double share = count[c2] / 3000.0, want = 1.0 / cfg.classes;
            CHECK(fabs(share - want) < 0.06, "%s: class %d has share %.3f", names[d], c2, share);
        }
        if (d <= FL_DATA_TEACHER) {
            int in_range = 1;
            for (int k = 0; k < 3000 * 10; k++) in_range &= a.xt[k] >= 0 && a.xt[k] < 1;
            CHECK(in_range, "%s: features uniform in [0, 1)", names[d]);
        }
        drop(&a), drop(&b), drop(&c);
    }

    // Random labels carry no information: the same features, other labels.
    fl_config cfg = fl_config_default();
    cfg.n_train = 2000;
    sets clean = make(&cfg);
    cfg.label_noise = 0.3f;
    sets noisy = make(&cfg);
    int changed = 0;
    for (int k = 0; k < 2000; k++) changed += clean.yt[k] != noisy.yt[k];
    // A replaced label keeps its class a third of the time: 0.3 * 2/3 = 0.2 change.
    CHECK(fabs(changed / 2000.0 - 0.2) < 0.03, "label noise 0.3 changes %d of 2000", changed);
    drop(&clean), drop(&noisy);

    // input_scale multiplies; standardize z-scores with training statistics.
    cfg = fl_config_default();
    sets raw = make(&cfg);
    float *t = malloc(sizeof(float) * 1000 * 10), *v = malloc(sizeof(float) * 200 * 10);
    float shift[10], gain[10];
    data_transform(t, v, raw.xt, raw.xv, 1000, 200, 10, 100.0f, 0, shift, gain);
    CHECK(t[7] == raw.xt[7] * 100.0f && v[3] == raw.xv[3] * 100.0f, "input_scale multiplies");
    data_transform(t, v, raw.xt, raw.xv, 1000, 200, 10, 100.0f, 1, shift, gain);
    for (int f = 0; f < 10; f++) {
        double mean = 0, var = 0, vmean = 0;
        for (int k = 0; k < 1000; k++) mean += t[k * 10 + f];
        mean /= 1000;
        for (int k = 0; k < 1000; k++) var += (t[k * 10 + f] - mean) * (t[k * 10 + f] - mean);
        for (int k = 0; k < 200; k++) vmean += v[k * 10 + f];
        CHECK(fabs(mean) < 1e-5 && fabs(var / 1000 - 1) < 1e-4, "feature %d: mean %g var %g", f,
              mean, var / 1000);
        CHECK(fabs(vmean / 200) < 0.25, "validation uses training statistics (mean %g)",
              vmean / 200);
        // shift and gain give any other point the same transform, to the bit.
        CHECK((raw.xv[5 * 10 + f] * 100.0f - shift[f]) * gain[f] == v[5 * 10 + f],
              "feature %d: shift and gain reproduce the transform", f);
    }
    free(t), free(v), drop(&raw);

    // The engineered inputs of the 2-D sets follow x1 and x2 in a fixed order,
    // from the same points: on xor, x1 x2 alone tells the class.
    cfg = fl_config_default();
    cfg.dataset = FL_DATA_XOR, cfg.classes = 2; // fl_config_validate holds xor to 2
    sets plain = make(&cfg);
    CHECK(plain.F == 2, "xor has 2 inputs");
    cfg.x1_x2 = 1, cfg.sin_x2 = 1;
    cfg.features = 40; // ignored by the 2-D sets
    sets eng = make(&cfg);
    CHECK(eng.F == 4, "x1_x2 and sin_x2 make 4 inputs, not %d", eng.F);
    int same = 1, told = 1, sines = 1;
    for (int k = 0; k < 1000; k++) {
        const float *a = plain.xt + 2 * k, *b = eng.xt + 4 * k;
        same &= a[0] == b[0] && a[1] == b[1];
        told &= (b[2] < 0) == (eng.yt[k] == 1);
        sines &= fabs(b[3] - sin(5.0 * b[1])) < 1e-5;
    }
    CHECK(same, "engineered inputs leave x1 and x2 as they were");
    CHECK(told, "on xor the sign of x1 x2 is the class");
    CHECK(sines, "sin_x2 is sin(5 x2)");
    cfg.x1_sq = cfg.x2_sq = cfg.x1_x2 = cfg.sin_x1 = cfg.sin_x2 = 1;
    CHECK(data_features(&cfg) == 7, "all five make 7 inputs");
    float row[7];
    data_plane_row(&cfg, 0.5f, -2.0f, row);
    CHECK(row[0] == 0.5f && row[1] == -2.0f && row[2] == 0.25f && row[3] == 4.0f &&
              row[4] == -1.0f && fabs(row[5] - sin(2.5)) < 1e-6 && fabs(row[6] - sin(-10.0)) < 1e-6,
          "x1, x2, x1^2, x2^2, x1 x2, sin 5x1, sin 5x2 in that order");
    cfg.dataset = FL_DATA_TEACHER;
    CHECK(data_features(&cfg) == 40, "the 10-D sets ignore the engineered inputs");
    drop(&plain), drop(&eng);
    return check_report("data");
}
