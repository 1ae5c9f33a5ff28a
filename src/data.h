// data.h: the seeded data sets. Generation writes raw features and labels;
// data_transform makes what the network sees (input_scale, then z-scoring with
// training statistics when standardize is on), so that input_scale can change
// mid-run without drawing new data.
#ifndef FL_DATA_H
#define FL_DATA_H

#include <stdint.h>

#include "flatline.h"

// Input dimension: cfg->features for the 10-D sets, 2 for the 2-D ones.
int data_features(const fl_config *cfg);

// Fills n_train and n_val rows of data_features(cfg) columns, and their labels.
// Returns FL_ENOMEM when its scratch memory cannot be had.
fl_status data_generate(const fl_config *cfg, uint64_t *rng, float *x_train, int32_t *y_train,
                        float *x_val, int32_t *y_val);

// out = raw * scale, then z-scored per feature with the training split's mean
// and standard deviation when standardize is set; applied to both splits.
void data_transform(float *out_train, float *out_val, const float *raw_train, const float *raw_val,
                    int n_train, int n_val, int features, float scale, int standardize);

#endif
