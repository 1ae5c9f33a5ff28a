// flatline.h: the whole contract of Flatline's training core.
//
// A trainer is an opaque handle made from a config: it generates its data set,
// initialises an MLP, and trains it with Keras semantics, one small unit of work
// at a time so that a caller (a Web Worker, the CLI, a test) decides how long each
// call may take. Everything it needs lives in one allocation that it owns; one
// seed fixes data, weights and batch order, so the same config gives the same
// numbers to the bit in the native, scalar and SIMD builds.
//
// What this file does not do: print, exit, or keep any global state. Errors a user
// can cause come back as a status and a message naming the config key.
#ifndef FLATLINE_H
#define FLATLINE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    FL_OK = 0,
    FL_EINVAL = 1, // a config key is unknown, malformed, out of range or inconsistent
    FL_ENOMEM = 2, // the buffers for this config could not be allocated
} fl_status;

// Where a failing call explains itself: "lr: 50 is out of range [1e-06, 10]".
typedef struct {
    char key[32];      // the config key at fault, "" when none is
    char message[224]; // one line, starting with the key
} fl_error;

enum {
    FL_DATA_RANDOM,
    FL_DATA_LINEAR,
    FL_DATA_TEACHER,
    FL_DATA_SPIRAL,
    FL_DATA_CIRCLES,
    FL_DATA_XOR,
    FL_DATA_GAUSS,
    FL_DATA_CSV,        // the user's own rows (fl_config_use_data)
    FL_DATA_LINEAR_REG, // regression: a linear teacher's outputs plus noise
    FL_DATA_TEACHER_REG // regression: a random tanh network's outputs plus noise
};
enum { FL_ACT_RELU, FL_ACT_TANH, FL_ACT_SIGMOID, FL_ACT_LINEAR, FL_ACT_LEAKY_RELU };
enum {
    FL_INIT_GLOROT_UNIFORM,
    FL_INIT_GLOROT_NORMAL,
    FL_INIT_HE_UNIFORM,
    FL_INIT_HE_NORMAL,
    FL_INIT_LECUN_UNIFORM,
    FL_INIT_LECUN_NORMAL
};
enum { FL_OPT_ADAM, FL_OPT_SGD, FL_OPT_MOMENTUM, FL_OPT_RMSPROP };
// Losses, by their Keras names: sparse_categorical_crossentropy, binary_crossentropy,
// mse, mae (src/loss.h has what each computes).
enum { FL_LOSS_SCE, FL_LOSS_BCE, FL_LOSS_MSE, FL_LOSS_MAE };
// The output layer's activation; auto is the loss's own: softmax for sparse
// categorical cross-entropy, sigmoid for binary cross-entropy, linear for mse and mae.
enum { FL_OUT_AUTO, FL_OUT_SOFTMAX, FL_OUT_SIGMOID, FL_OUT_LINEAR, FL_OUT_RELU, FL_OUT_TANH };

// Keras's BatchNormalization on a hidden layer (key `batchnorm`): none; after the
// layer's activation (Dense(64, activation='relu'), BatchNormalization()); or
// before it (Dense(64), BatchNormalization(), Activation('relu')).
enum { FL_BN_NONE, FL_BN_AFTER, FL_BN_BEFORE };
// Keras's defaults, which the lab holds fixed.
#define FL_BN_MOMENTUM 0.99f
#define FL_BN_EPSILON  1e-3f

#define FL_MAX_DEPTH 6

typedef struct fl_csv fl_csv;

// Every field is a config key of the same name (DESIGN.md), except `chunk`,
// `memory_mb` and `data`; `widths` is the key of widths[] and n_widths.
typedef struct {
    int dataset;                   // FL_DATA_*
    int features;                  // input dimension of the 10-D sets; the 2-D sets use 2
    int classes;                   // 2..10 for the generated sets, up to 100 for your own data
    int n_train;                   // training samples
    int n_val;                     // validation samples
    float label_noise;             // share of labels replaced by uniformly random ones
    float input_scale;             // every feature is multiplied by this
    int standardize;               // 1: z-score features with training statistics
    int depth;                     // hidden layers, 0..6
    int width;                     // units per hidden layer, unless n_widths > 0
    int widths[FL_MAX_DEPTH];      // key `widths` ("64,32"): each hidden layer's units; setting
    int n_widths;                  // it sets depth too; 0 entries: every layer has `width`
    int activation;                // FL_ACT_*, for the hidden layers, unless n_activations > 0
    int activations[FL_MAX_DEPTH]; // key `activations` ("relu,tanh"): each hidden layer's
    int n_activations;             // FL_ACT_*; 0 entries: every layer has `activation`
    int init;                      // FL_INIT_*, for the kernels; biases start at zero
    int optimizer;                 // FL_OPT_*
    float lr;                      // learning rate
    int batch;                     // batch size, 1..n_train; the last partial batch is kept
    int epochs;                    // epochs to run
    float l2;                      // L2 penalty on kernels: loss += l2 * sum(w^2)
    uint32_t seed;                 // fixes data, initial weights and batch order
    int shuffle;                   // 1: a fresh shuffle of the training set every epoch
    // Engineered inputs for the 2-D sets (TF Playground's), each 1 to append it
    // after x1 and x2; the 10-D sets ignore them. Rows of two features of your
    // own (dataset csv) are a 2-D set too.
    int x1_sq;  // x1^2
    int x2_sq;  // x2^2
    int x1_x2;  // x1 * x2
    int sin_x1; // sin(5 x1): the sets reach radius 1, the playground's 5
    int sin_x2; // sin(5 x2)
    // For the experiments (web/experiments/experiments.js), each off by default:
    int train_subset;   // > 0: train on the first this many training samples only
    int zero_inputs;    // 1: every input is 0 (does the loss depend on the data?)
    int shuffle_labels; // 1: the training labels permuted (by the seed), validation's kept
    float lr_growth;    // the learning rate is multiplied by this after every step
    int step_log;       // the first this many steps' rate and batch loss are kept
    float val_share;    // dataset csv: the share of rows held out for validation
    // The output and its loss, as a Keras model ends: Dense(outputs, activation=output)
    // and compile(loss=loss), the loss reading probabilities unless from_logits is set.
    int loss;                // FL_LOSS_*
    int output;              // FL_OUT_*: the output layer's activation
    int from_logits;         // 1: the loss takes the output as logits (Keras's from_logits=True)
    int outputs;             // output units; 0: the loss's own (fl_config_outputs)
    float target_scale;      // regression sets: every target multiplied by this
    int standardize_targets; // regression data: z-score the targets with training statistics
    // Key `dropout` ("0.5" or "0.5,0,0.2"): Keras's Dropout after hidden layers, while
    // training only (units kept are scaled by 1/(1 - rate)); one rate for every hidden
    // layer, or one per layer; 0 entries: none.
    float dropout[FL_MAX_DEPTH];
    int n_dropout;
    // Key `batchnorm` ("after", "before" or "after,none"): FL_BN_* for every hidden
    // layer, or one per layer; 0 entries: none. Batch statistics while training,
    // moving averages (momentum FL_BN_MOMENTUM) when evaluating, as Keras.
    int batchnorm[FL_MAX_DEPTH];
    int n_batchnorm;
    int chunk;          // samples per unit of work; 0 picks one from the model size.
                        // Results do not depend on it, only memory and latency do.
    double memory_mb;   // the budget fl_trainer_create holds a config to (MB); 0 means
                        // FL_MEMORY_BUDGET_MB. Not a config key either.
    const fl_csv *data; // dataset csv: the rows (fl_config_use_data); not a key
} fl_config;

// What one trainer may allocate, data, parameters, optimizer state and the
// history of every epoch the config asks for included: what a browser tab can
// spare. The largest config the key ranges allow needs about 300 MB, and is
// refused; 100,000 samples of 64 features with six layers of 1024 fit up to
// about 64,000 epochs.
#define FL_MEMORY_BUDGET_MB 256.0

fl_config fl_config_default(void);

// Sets one key from its text form ("0.01", "relu", "1"); checks its own range
// only, since cross-key rules (batch <= n_train) wait for fl_config_validate.
fl_status fl_config_set(fl_config *cfg, const char *key, const char *value, fl_error *err);
// The numeric value of a key (an enum key gives its index, a list key its
// length); NaN for an unknown key.
double fl_config_get(const fl_config *cfg, const char *key);
// A key's value as text, as fl_config_set reads it ("64,32", "relu", "0.001"),
// into buf (size bytes, NUL-terminated); returns FL_EINVAL for an unknown key.
fl_status fl_config_text(const fl_config *cfg, const char *key, char *buf, int size);
// The units of hidden layer l (0-based): widths[l] when the key is set, else width.
int fl_config_width(const fl_config *cfg, int l);
// The activation of hidden layer l (0-based): activations[l] when the key is set, else activation.
int fl_config_activation(const fl_config *cfg, int l);
// The dropout rate after hidden layer l (0-based): 0 without the key.
float fl_config_dropout(const fl_config *cfg, int l);
// Hidden layer l's batch normalization, FL_BN_*: FL_BN_NONE without the key.
int fl_config_batchnorm(const fl_config *cfg, int l);
// 1 when the data's targets are real numbers (linear_reg, teacher_reg, or a CSV
// whose labels are not classes), which only mse and mae can fit.
int fl_config_regression(const fl_config *cfg);
// The output units: outputs when set; else classes for sparse categorical
// cross-entropy, 1 for binary cross-entropy on two classes (classes otherwise: one
// sigmoid per class against one-hot labels), and for mse and mae the targets'
// own count on regression data (1), one-hot labels (classes units) otherwise.
int fl_config_outputs(const fl_config *cfg);
// The output layer's activation, FL_OUT_* other than auto.
int fl_config_output_act(const fl_config *cfg);
// Makes cfg train on data (dataset csv): features and classes from the rows,
// and a split of n_val = round(rows x val_share), kept within 10..rows-10, and
// n_train the rest. Which rows go where is drawn from the seed. Rows of two
// features are a plane, as the 2-D sets: the engineered inputs and the
// decision map apply. data must live until the trainers are created from cfg:
// a trainer copies the rows and keeps only their counts (its config's data
// then has no rows, so a trainer's config cannot make another trainer).
void fl_config_use_data(fl_config *cfg, const fl_csv *data);
// Checks every key's range and the rules between keys.
fl_status fl_config_validate(const fl_config *cfg, fl_error *err);

// The key table, so that the page and the CLI take their ranges from here.
// A list key holds whole numbers in min..max, comma separated ("64,32").
typedef enum { FL_KEY_INT, FL_KEY_REAL, FL_KEY_BOOL, FL_KEY_ENUM, FL_KEY_LIST } fl_key_kind;
typedef struct {
    const char *name;
    fl_key_kind kind;
    double min, max;            // inclusive range (enum: 0..n_choices-1)
    double fallback;            // default value
    const char *const *choices; // enum names, NULL for other kinds
    int n_choices;
    int live; // 1: fl_trainer_set may change it mid-run
} fl_key_info;

int fl_config_key_count(void);
const fl_key_info *fl_config_key(int index);         // NULL past the end
const fl_key_info *fl_config_find(const char *name); // NULL for an unknown key

// One record per finished epoch; epoch 0 is the untrained network. All doubles
// so that JavaScript reads the history as one Float64Array.
typedef struct {
    double epoch;
    double train_loss;    // epoch 0: loss of the untrained net on the training set;
                          // later: sample-weighted mean of the batch losses (Keras `loss`)
    double val_loss;      // on the validation set after the epoch (Keras `val_loss`)
    double train_acc;     // same convention as train_loss; accuracy as Keras's "accuracy"
    double val_acc;       // reads for the loss (binary at 0.5 on one unit); NaN on regression data
    double grad_norm;     // mean over the epoch's steps of the global gradient L2 norm
    double update_ratio;  // mean over the steps of |update| / |weights|
    double dead_frac;     // share of hidden units dead or saturated (fl_layer_metrics)
    double lr;            // settings in force at the end of the epoch
    double batch;         //
    double input_scale;   //
    double grad_ratio;    // first layer's grad_norm / last layer's (fl_layer_metrics); NaN at 0
    double val_loss_sd;   // standard deviation of the per-sample validation losses
    double input_rms;     // root mean square of the training features the net sees
    double input_max;     // largest |feature| of the training set the net sees
    double input_mean;    // mean of the training features the net sees (0 when centred)
    double chance_loss;   // the loss of the best constant prediction: for sparse categorical
                          // cross-entropy the class shares' entropy (ln K only when balanced),
                          // for binary cross-entropy the base rate's; for mse the targets'
                          // variance (predicting the training mean), for mae their mean
                          // distance to the median
    double chance_acc;    // the largest class's share of the training labels (binary: the
                          // larger of the base rate and its complement); NaN on regression
    double empty_classes; // classes 0..classes-1 with no training row
    double train_mae;     // mse and mae: mean absolute error, as train_loss (NaN for others)
    double val_mae;       // on the validation set after the epoch
} fl_metrics;

enum { FL_METRIC_FIELDS = sizeof(fl_metrics) / sizeof(double) };

// Per layer and epoch, beside each fl_metrics record: hidden layers first, the
// output layer (whose outputs are the logits) last. Unit statistics come from
// the validation pass after the epoch; gradient figures are means over the
// epoch's steps (NaN at epoch 0, before any step).
typedef struct {
    double grad_norm;    // L2 norm of the layer's gradient (kernel and bias, L2 term included)
    double update_ratio; // |update| / |weights| of the layer
    double dead_frac;    // share of units dead: ReLU output 0 on every validation sample
    double sat_frac;     // share of units saturated on every validation sample: tanh or
                         // sigmoid with |pre-activation| >= 5 (DeepDiagnosis's threshold)
    double sat_share;    // share of (sample, unit) outputs saturated, the same way
    double act_mean;     // mean of the layer's outputs over validation samples and units
    double act_std;      // their standard deviation
} fl_layer_metrics;

enum { FL_LAYER_FIELDS = sizeof(fl_layer_metrics) / sizeof(double) };

// Per hidden unit, as of the last validation pass (fl_trainer_unit_flags).
enum { FL_UNIT_DEAD = 1, FL_UNIT_SATURATED = 2 };

// Where a run diverged: the first non-finite number the trainer met. Every
// step checks the loss, the gradients and the weights (through the sums of
// squares the optimizer computes anyway, scanning a layer only when one of its
// sums is not finite); the first failure stops the run and is kept here. The
// history keeps only finite epochs: the epoch that diverged has no record.
enum { FL_DIVERGED_NAN = 1, FL_DIVERGED_INF = 2, FL_DIVERGED_OVERFLOW = 3 };
enum { FL_AT_LOSS = 0, FL_AT_OUTPUTS = 1, FL_AT_GRADIENTS = 2, FL_AT_WEIGHTS = 3 };
typedef struct {
    int epoch; // the epoch in which it happened (1 = the first epoch of training)
    int step;  // the optimizer step within that epoch, from 1; 0 for the validation pass
    int layer; // 1-based layer (the output layer is depth + 1); 0 for the loss
    int where; // FL_AT_*: the loss, a layer's outputs, its gradients or its weights
    int kind;  // FL_DIVERGED_*: NaN, an infinity, or finite values whose squares overflow
} fl_divergence;

typedef struct fl_trainer fl_trainer;

// What fl_trainer_create would refuse, without allocating: a bad config, or
// a network, data set and history over the memory budget (FL_ENOMEM).
fl_status fl_trainer_check(const fl_config *cfg, fl_error *err);
// Refuses (FL_ENOMEM, before allocating anything) a config whose memory,
// fl_trainer_memory_mb, exceeds its budget; the message gives both figures.
fl_status fl_trainer_create(const fl_config *cfg, fl_trainer **out, fl_error *err);
// The memory a valid config needs, in MB (1e6 bytes): the trainer's arena plus
// the history of cfg->epochs epochs.
double fl_trainer_memory_mb(const fl_config *cfg);
void fl_trainer_free(fl_trainer *t); // accepts NULL

// Does at most `max_units` units of work (one unit is the forward and backward
// pass of at most `chunk` samples, or their evaluation) and returns how many it
// did: 0 once `epochs` epochs are done. It returns early when it completes an
// epoch's record, so a caller sees every epoch as it ends.
int fl_trainer_run(fl_trainer *t, int max_units);
// Runs whole epochs up to `epochs` in one call (tests and tools).
void fl_trainer_run_all(fl_trainer *t);
int fl_trainer_done(const fl_trainer *t); // also 1 once the run has diverged
// 1 when the run diverged, with where in *out (which may be NULL); 0 otherwise.
int fl_trainer_diverged(const fl_trainer *t, fl_divergence *out);
int fl_trainer_epochs_done(const fl_trainer *t);
// History records so far: 0 until the untrained net is evaluated, then
// epochs done + 1 (epoch 0 first).
int fl_trainer_records(const fl_trainer *t);
// fl_trainer_records(t) records, valid until the next run or set call.
const fl_metrics *fl_trainer_history(const fl_trainer *t);

// fl_trainer_records(t) x fl_trainer_layer_count(t) per-layer records, record
// after record; valid until the next run or set call.
const fl_layer_metrics *fl_trainer_layer_history(const fl_trainer *t);
// Hidden units, layer after layer (fl_trainer_hidden_units(t) of them): their
// FL_UNIT_* flags and mean output over the last validation pass.
int fl_trainer_hidden_units(const fl_trainer *t);
const uint8_t *fl_trainer_unit_flags(const fl_trainer *t);
const float *fl_trainer_unit_mean(const fl_trainer *t);

// Changes a key mid-run. lr, batch, input_scale, l2 and epochs apply from the
// next step without a reset; any other key is an error, as it needs a new run,
// and so is any change to a run that diverged.
fl_status fl_trainer_set(fl_trainer *t, const char *key, const char *value, fl_error *err);
const fl_config *fl_trainer_config(const fl_trainer *t);

// All parameters as one block, in Keras order: for each layer its kernel
// (in x out, row-major) then its bias (out). Writable; writes keep optimizer state.
float *fl_trainer_params(fl_trainer *t);
size_t fl_trainer_param_count(const fl_trainer *t);
int fl_trainer_layer_count(const fl_trainer *t); // depth + 1
int fl_trainer_chunk(const fl_trainer *t);       // samples per unit of work in this run
// How far the epoch in progress is: the share of its training samples done (1
// during its validation pass; for epoch 0, the share of both evaluation passes),
// for progress bars on long epochs.
double fl_trainer_progress(const fl_trainer *t);
void fl_trainer_layer_shape(const fl_trainer *t, int layer, int *in, int *out);
// Where layer's run of the parameter block starts (its kernel, in x out, then its
// bias, out; then, when normalized, its gamma and beta, out each), and its
// batch normalization, FL_BN_*.
size_t fl_trainer_layer_at(const fl_trainer *t, int layer);
int fl_trainer_layer_norm(const fl_trainer *t, int layer);
// The moving means and variances of the normalized layers (for layer l, out[l]
// means then out[l] variances), in layer order; *n receives the count.
const float *fl_trainer_norm_stats(const fl_trainer *t, size_t *n);

// The data the network sees (after input_scale and standardize), row-major
// n x features, and the labels. split 0 is training, 1 is validation.
const float *fl_trainer_inputs(const fl_trainer *t, int split);
// The same rows as generated, before input_scale and standardize: on the 2-D
// sets columns 0 and 1 are the point's x1 and x2 in the decision map's plane.
const float *fl_trainer_raw_inputs(const fl_trainer *t, int split);
// Optimizer steps taken so far, and the (learning rate, batch loss with the L2
// penalty) pairs of the first min(steps, step_log) of them, for the
// learning-rate range test: *n pairs, valid until the trainer is freed.
int fl_trainer_steps(const fl_trainer *t);
const double *fl_trainer_step_log(const fl_trainer *t, int *n);
// 1 when the data set is a 2-D one, whose points and decision map lie in the
// plane of x1 and x2.
int fl_trainer_is_plane(const fl_trainer *t);
const int32_t *fl_trainer_labels(const fl_trainer *t, int split);
// The targets the loss compares the outputs with, samples x fl_config_outputs:
// real values on regression data, else the labels as the loss reads them (one-hot,
// or the label itself on one output). NULL for sparse categorical cross-entropy,
// whose targets are the labels.
const float *fl_trainer_targets(const fl_trainer *t, int split);
int fl_trainer_samples(const fl_trainer *t, int split);
int fl_trainer_features(const fl_trainer *t);

// Each epoch's batch order in a run of cfg, as the trainer draws it: `epochs`
// rows of n training-sample indices (n = train_subset or n_train) into out,
// epoch 1 first. What a replica in another framework needs to take the same
// steps (web/code/codegen.js). FL_EINVAL for a config fl_config_validate refuses.
fl_status fl_batch_orders(const fl_config *cfg, int epochs, int32_t *out, fl_error *err);

// For the 2-D sets: the predicted class and its probability on a res x res
// grid (row 0 at the top, x2 decreasing) over the training points' bounding
// box plus a margin, in the plane of the raw x1 and x2 (each cell goes through
// the engineered inputs, input_scale and standardize as the data did), written
// to bounds as xmin, xmax, ymin, ymax. On regression data the class is 0 and
// conf holds the first output's value. Returns FL_EINVAL for a 10-D set or res
// outside 2..512.
fl_status fl_trainer_grid(fl_trainer *t, int res, uint8_t *cls, float *conf, float bounds[4]);

// What one hidden unit (layer from 0, unit from 0) computes, for the network
// view. For 2-input networks: its output on the res x res grid of
// fl_trainer_grid (row 0 at the top), with the grid's bounds. For any network:
// the histogram of its outputs over the validation set, in `bins` equal bins
// from range[0] to range[1] (its smallest and largest output). Both return
// FL_EINVAL for a unit that does not exist, res outside 2..512 or a 10-D set
// (grid), bins outside 1..256 (histogram).
fl_status fl_trainer_unit_grid(fl_trainer *t, int layer, int unit, int res, float *out,
                               float bounds[4]);
fl_status fl_trainer_unit_histogram(fl_trainer *t, int layer, int unit, int bins, int32_t *counts,
                                    float range[2]);
// Every hidden unit's output on that grid at once, one forward pass for all:
// for each hidden layer in order, the first min(out, per_layer) units, each
// res x res values (row 0 at the top); returns FL_EINVAL as the unit grid does.
fl_status fl_trainer_unit_maps(fl_trainer *t, int res, int per_layer, float *out, float bounds[4]);

#ifdef __cplusplus
}
#endif
// --- your own data ------------------------------------------------------------------

// A CSV of feature columns and a label column, as files are found: comma,
// semicolon or tab separated (the separator that splits the first two lines
// alike; with a semicolon or a tab, 1,5 is read as 1.5), cells quoted or not,
// a header row optional (a first line with a word where the next line has a
// number), blank lines skipped. Cells are decimal numbers, as config values
// are, except in the label column, which may hold class names (words, up to
// 100 of them, mapped to classes in sorted order). Also read:
//  - the label column: the one a header names label, target, class, y or
//    species (first of these); else the one column of words; else the last;
//    fl_csv_options can name it or give its position instead;
//  - labels that are whole numbers 0 to 99 are classes, and 1 to K with no 0
//    are read as 0 to K-1 (label_base 1); any other number makes every label a
//    real target, for a regression (classes 0: fl_config_regression);
//  - scikit-learn's shipped header (a first line "150,4,setosa,versicolor,
//    virginica": rows, features, then the class names the integer labels index);
//  - a first column that counts the rows (0, 1, 2, ... or 1, 2, 3, ... in order,
//    unnamed or named index or id, as pandas writes its index) is dropped.
// Refused, with the line and column in err and how to mend the file: a file
// over FL_CSV_MAX_BYTES, more than FL_CSV_MAX_ROWS rows or 65 columns, rows of
// different lengths, non-numeric feature cells, values that are not finite (or
// too large for a float), rows with empty or NA cells (counted; dropped instead
// with drop_missing), fewer than 20 rows, a single class or label value.
//
// The text is decoded first, the same for every caller: a UTF-8 byte-order
// mark is skipped, UTF-16 (little or big endian, with its mark or without
// one) is read as such, and a no-break space counts as a space.
enum { FL_CSV_UTF8, FL_CSV_UTF8_BOM, FL_CSV_UTF16LE, FL_CSV_UTF16BE };
// How the label column was chosen.
enum { FL_LABEL_LAST, FL_LABEL_NAMED, FL_LABEL_WORDS, FL_LABEL_GIVEN };
#define FL_CSV_MAX_BYTES   16000000u
#define FL_CSV_MAX_ROWS    100000 // n_train's largest value: every file read can train
#define FL_CSV_MAX_CLASSES 100
typedef struct {
    int label_column;       // the label's column (0-based), or -1 to find it
    const char *label_name; // or the header name of the label's column; NULL to find it
    int drop_missing;       // 1: rows with an empty or NA cell are dropped and counted
} fl_csv_options;
struct fl_csv {
    int rows, features, classes; // classes: the largest label + 1; 0 for real targets
    int header;                  // 1 when the first line was a header
    int encoding;                // FL_CSV_UTF8 ...: how the text was decoded
    int real_line, real_column;  // classes 0: where the first label that is no class is
    char separator;              // ',', ';' or '\t'
    int decimal_comma;           // 1 when a cell such as 1,5 was read as 1.5
    int label_column;            // the label's column in the file, from 0
    int label_from;              // FL_LABEL_*: how it was chosen
    int label_base;              // 1 when labels 1 to K were read as classes 0 to K-1
    int index_dropped;           // 1 when a first column counting the rows was dropped
    int sklearn_header;          // 1 when the first line was scikit-learn's header
    int dropped_rows;            // rows dropped for an empty or NA cell (drop_missing)
    float *x;                    // rows x features
    int32_t *y;                  // rows: the labels as classes (0 when classes is 0)
    float *t;                    // rows: the labels as numbers (the class for names)
    char *names;                 // class names, each NUL-terminated, in class order; or NULL
    char *label_header;          // the label column's header cell (NUL-terminated), or NULL
};
fl_csv_options fl_csv_defaults(void);
fl_status fl_csv_parse(const char *text, size_t len, fl_csv *out, fl_error *err);
fl_status fl_csv_parse_with(const char *text, size_t len, const fl_csv_options *opt, fl_csv *out,
                            fl_error *err);
void fl_csv_free(fl_csv *csv); // accepts a parse that failed

#endif
