// data.h: the seeded data sets. Generation writes raw features and labels;
// data_transform makes what the network sees (input_scale, then z-scoring with
// training statistics when standardize is on), so that input_scale can change
// mid-run without drawing new data.
#ifndef FL_DATA_H
#define FL_DATA_H

#include <stdint.h>

#include "flatline.h"

// 1 for the 2-D sets (spiral, circles, xor, gauss) and for the user's rows of
// two features (dataset csv), which then take the engineered inputs too.
int data_is_plane(const fl_config *cfg);

// Input dimension: cfg->features for the 10-D sets; for the 2-D ones x1, x2
// and the engineered inputs the config turns on.
int data_features(const fl_config *cfg);

// The network's raw input row for the point (x1, x2) of a 2-D set: x1, x2,
// then x1^2, x2^2, x1 x2, sin(5 x1), sin(5 x2) as far as the config has them.
void data_plane_row(const fl_config *cfg, float x1, float x2, float *row);

// Fills n_train and n_val rows of data_features(cfg) columns, and their labels;
// on regression data (fl_config_regression) the targets instead, rows of
// fl_config_outputs(cfg), with the labels left 0. Returns FL_ENOMEM when its
// scratch memory cannot be had.
fl_status data_generate(const fl_config *cfg, uint64_t *rng, float *x_train, int32_t *y_train,
                        float *x_val, int32_t *y_val, float *t_train, float *t_val);

// out = raw * scale, then z-scored per feature with the training split's mean
// and standard deviation when standardize is set; applied to both splits. Each
// feature's z-scoring goes to shift and gain (0 and 1 without it), so that
// out = (raw * scale - shift) * gain for any other point too.
void data_transform(float *out_train, float *out_val, const float *raw_train, const float *raw_val,
                    int n_train, int n_val, int features, float scale, int standardize,
                    float *shift, float *gain);

#endif
