// config.c: the table of config keys (DESIGN.md) and everything driven by it:
// defaults, parsing a key's text, range checks, and the rules between keys.
// The page and the CLI read this table through the exports instead of keeping
// ranges of their own.
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "base.h"
#include "flatline.h"

static const char *const datasets[] = {"random", "linear", "teacher", "spiral",     "circles",
                                       "xor",    "gauss",  "csv",     "linear_reg", "teacher_reg"};
static const char *const activations[] = {"relu", "tanh", "sigmoid", "linear", "leaky_relu"};
static const char *const inits[] = {"glorot_uniform", "glorot_normal", "he_uniform",
                                    "he_normal",      "lecun_uniform", "lecun_normal"};
static const char *const optimizers[] = {"adam", "sgd", "momentum", "rmsprop"};
static const char *const losses[] = {"sparse_categorical_crossentropy", "binary_crossentropy",
                                     "mse", "mae"};
static const char *const outputs[] = {"auto", "softmax", "sigmoid", "linear", "relu", "tanh"};
static const char *const norms[] = {"none", "after", "before"};

typedef enum {
    STORE_INT,
    STORE_FLOAT,
    STORE_U32,
    STORE_LIST,
    STORE_RATES,
    STORE_NAMES,
    STORE_NORMS
} store;

typedef struct {
    fl_key_info info;
    size_t offset;
    store as;
} key_entry;

#define ENUM(names)  names, (int)(sizeof names / sizeof names[0])
#define FIELD(f, as) offsetof(fl_config, f), as

static const key_entry keys[] = {
    {{"dataset", FL_KEY_ENUM, 0, 9, 0, ENUM(datasets), 0}, FIELD(dataset, STORE_INT)},
    {{"features", FL_KEY_INT, 1, 64, 10, NULL, 0, 0}, FIELD(features, STORE_INT)},
    {{"classes", FL_KEY_INT, 2, 100, 3, NULL, 0, 0}, FIELD(classes, STORE_INT)},
    {{"n_train", FL_KEY_INT, 10, 100000, 1000, NULL, 0, 0}, FIELD(n_train, STORE_INT)},
    {{"n_val", FL_KEY_INT, 10, 100000, 200, NULL, 0, 0}, FIELD(n_val, STORE_INT)},
    {{"label_noise", FL_KEY_REAL, 0, 1, 0, NULL, 0, 0}, FIELD(label_noise, STORE_FLOAT)},
    {{"input_scale", FL_KEY_REAL, 0.001, 1000, 1, NULL, 0, 1}, FIELD(input_scale, STORE_FLOAT)},
    {{"standardize", FL_KEY_BOOL, 0, 1, 0, NULL, 0, 0}, FIELD(standardize, STORE_INT)},
    {{"depth", FL_KEY_INT, 0, 6, 1, NULL, 0, 0}, FIELD(depth, STORE_INT)},
    {{"width", FL_KEY_INT, 1, 1024, 32, NULL, 0, 0}, FIELD(width, STORE_INT)},
    {{"widths", FL_KEY_LIST, 1, 1024, 0, NULL, 0, 0}, FIELD(widths, STORE_LIST)},
    {{"activation", FL_KEY_ENUM, 0, 4, 0, ENUM(activations), 0}, FIELD(activation, STORE_INT)},
    {{"init", FL_KEY_ENUM, 0, 5, 0, ENUM(inits), 0}, FIELD(init, STORE_INT)},
    {{"optimizer", FL_KEY_ENUM, 0, 3, 0, ENUM(optimizers), 0}, FIELD(optimizer, STORE_INT)},
    {{"lr", FL_KEY_REAL, 1e-6, 10, 0.001, NULL, 0, 1}, FIELD(lr, STORE_FLOAT)},
    {{"batch", FL_KEY_INT, 1, 100000, 32, NULL, 0, 1}, FIELD(batch, STORE_INT)},
    {{"epochs", FL_KEY_INT, 1, 100000, 20, NULL, 0, 1}, FIELD(epochs, STORE_INT)},
    {{"l2", FL_KEY_REAL, 0, 1, 0, NULL, 0, 1}, FIELD(l2, STORE_FLOAT)},
    {{"seed", FL_KEY_INT, 0, 4294967295.0, 1, NULL, 0, 0}, FIELD(seed, STORE_U32)},
    {{"shuffle", FL_KEY_BOOL, 0, 1, 1, NULL, 0, 0}, FIELD(shuffle, STORE_INT)},
    {{"x1_sq", FL_KEY_BOOL, 0, 1, 0, NULL, 0, 0}, FIELD(x1_sq, STORE_INT)},
    {{"x2_sq", FL_KEY_BOOL, 0, 1, 0, NULL, 0, 0}, FIELD(x2_sq, STORE_INT)},
    {{"x1_x2", FL_KEY_BOOL, 0, 1, 0, NULL, 0, 0}, FIELD(x1_x2, STORE_INT)},
    {{"sin_x1", FL_KEY_BOOL, 0, 1, 0, NULL, 0, 0}, FIELD(sin_x1, STORE_INT)},
    {{"sin_x2", FL_KEY_BOOL, 0, 1, 0, NULL, 0, 0}, FIELD(sin_x2, STORE_INT)},
    {{"train_subset", FL_KEY_INT, 0, 100000, 0, NULL, 0, 0}, FIELD(train_subset, STORE_INT)},
    {{"zero_inputs", FL_KEY_BOOL, 0, 1, 0, NULL, 0, 0}, FIELD(zero_inputs, STORE_INT)},
    {{"shuffle_labels", FL_KEY_BOOL, 0, 1, 0, NULL, 0, 0}, FIELD(shuffle_labels, STORE_INT)},
    {{"lr_growth", FL_KEY_REAL, 1, 10, 1, NULL, 0, 0}, FIELD(lr_growth, STORE_FLOAT)},
    {{"step_log", FL_KEY_INT, 0, 100000, 0, NULL, 0, 0}, FIELD(step_log, STORE_INT)},
    {{"val_share", FL_KEY_REAL, 0.05, 0.5, 0.2, NULL, 0, 0}, FIELD(val_share, STORE_FLOAT)},
    {{"loss", FL_KEY_ENUM, 0, 3, 0, ENUM(losses), 0}, FIELD(loss, STORE_INT)},
    {{"output", FL_KEY_ENUM, 0, 5, 0, ENUM(outputs), 0}, FIELD(output, STORE_INT)},
    {{"from_logits", FL_KEY_BOOL, 0, 1, 0, NULL, 0, 0}, FIELD(from_logits, STORE_INT)},
    {{"outputs", FL_KEY_INT, 0, 100, 0, NULL, 0, 0}, FIELD(outputs, STORE_INT)},
    {{"target_scale", FL_KEY_REAL, 0.001, 1e6, 1, NULL, 0, 0}, FIELD(target_scale, STORE_FLOAT)},
    {{"standardize_targets", FL_KEY_BOOL, 0, 1, 0, NULL, 0, 0},
     FIELD(standardize_targets, STORE_INT)},
    {{"dropout", FL_KEY_LIST, 0, 0.95, 0, NULL, 0, 1}, FIELD(dropout, STORE_RATES)},
    {{"activations", FL_KEY_LIST, 0, 4, 0, ENUM(activations), 0}, FIELD(activations, STORE_NAMES)},
    {{"batchnorm", FL_KEY_LIST, 0, 2, 0, ENUM(norms), 0}, FIELD(batchnorm, STORE_NORMS)},
};
enum { N_KEYS = sizeof keys / sizeof keys[0] };

int fl_config_key_count(void) {
    return N_KEYS;
}

const fl_key_info *fl_config_key(int index) {
    return index >= 0 && index < N_KEYS ? &keys[index].info : NULL;
}

static const key_entry *find_key(const char *name) {
    for (int k = 0; k < N_KEYS; k++)
        if (strcmp(keys[k].info.name, name) == 0) return &keys[k];
    return NULL;
}

const fl_key_info *fl_config_find(const char *name) {
    const key_entry *e = find_key(name);
    return e ? &e->info : NULL;
}

static double load(const fl_config *cfg, const key_entry *e) {
    const char *p = (const char *)cfg + e->offset;
    switch (e->as) {
    case STORE_FLOAT:
        return *(const float *)p;
    case STORE_U32:
        return *(const uint32_t *)p;
    case STORE_LIST:
        return cfg->n_widths;
    case STORE_RATES:
        return cfg->n_dropout;
    case STORE_NAMES:
        return cfg->n_activations;
    case STORE_NORMS:
        return cfg->n_batchnorm;
    default:
        return *(const int *)p;
    }
}

static void save(fl_config *cfg, const key_entry *e, double v) {
    char *p = (char *)cfg + e->offset;
    switch (e->as) {
    case STORE_FLOAT:
        *(float *)p = (float)v;
        break;
    case STORE_U32:
        *(uint32_t *)p = (uint32_t)v;
        break;
    case STORE_LIST: // only its default, the empty list, is set as a number
        cfg->n_widths = 0;
        break;
    case STORE_RATES:
        cfg->n_dropout = 0;
        break;
    case STORE_NAMES:
        cfg->n_activations = 0;
        break;
    case STORE_NORMS:
        cfg->n_batchnorm = 0;
        break;
    default:
        *(int *)p = (int)v;
    }
}

fl_config fl_config_default(void) {
    fl_config cfg;
    memset(&cfg, 0, sizeof cfg);
    for (int k = 0; k < N_KEYS; k++) save(&cfg, &keys[k], keys[k].info.fallback);
    cfg.chunk = 0;
    cfg.memory_mb = 0;
    return cfg;
}

double fl_config_get(const fl_config *cfg, const char *key) {
    const key_entry *e = find_key(key);
    return e ? load(cfg, e) : 0.0 / 0.0;
}

static fl_status whole_number(const fl_key_info *k, double v, fl_error *err) {
    if (k->kind != FL_KEY_REAL && v != (double)(long long)v)
        return error_key(err, k->name, "", v, " is not a whole number");
    return FL_OK;
}

// "lr: 50 is outside its range 1e-06 to 10"
static fl_status range_error(fl_error *err, const fl_key_info *k, double v) {
    if (!err) return FL_EINVAL;
    error_key(err, k->name, "", v, " is outside its range ");
    fl_text m = text_resume(err->message, sizeof err->message);
    text_num(&m, k->min);
    text_str(&m, " to ");
    text_num(&m, k->max);
    return FL_EINVAL;
}

// Checks a stored value. A key stored as a float holds its bounds rounded to
// float too: lr = 1e-6 is stored as 9.99999997e-7, which must still pass as
// the documented minimum.
static fl_status check_range(const key_entry *e, double v, fl_error *err) {
    const fl_key_info *k = &e->info;
    double lo = k->min, hi = k->max;
    if (e->as == STORE_FLOAT) lo = (float)lo, hi = (float)hi;
    if (!(v >= lo && v <= hi)) return range_error(err, k, v);
    return whole_number(k, v, err);
}

// An error whose message quotes the offending text: "lr: 'abc' is not a number".
static fl_status text_error(fl_error *err, const fl_key_info *k, const char *value,
                            const char *why) {
    if (!err) return FL_EINVAL;
    error_key(err, k->name, "'", 0.0 / 0.0, NULL);
    fl_text m = text_resume(err->message, sizeof err->message);
    text_str(&m, value);
    text_str(&m, "' ");
    text_str(&m, why);
    if (k->kind == FL_KEY_ENUM)
        for (int c = 0; c < k->n_choices; c++) {
            text_str(&m, c ? ", " : " ");
            text_str(&m, k->choices[c]);
        }
    return FL_EINVAL;
}

// widths: "64,32", or "" for none. Setting it sets depth to its length.
static fl_status set_list(fl_config *cfg, const fl_key_info *k, const char *value, fl_error *err) {
    int n = 0, w[FL_MAX_DEPTH];
    for (const char *c = value; *c;) {
        if (n == FL_MAX_DEPTH)
            return text_error(err, k, value, "has more layers than depth's largest, 6");
        long v = 0;
        const char *start = c;
        while (*c >= '0' && *c <= '9' && v <= 100000) v = v * 10 + (*c++ - '0');
        if (c == start || (*c && *c != ','))
            return text_error(err, k, value, "is not a list of whole numbers such as 64,32");
        if (v < k->min || v > k->max) return range_error(err, k, (double)v);
        w[n++] = (int)v;
        if (*c == ',' && !*++c)
            return text_error(err, k, value, "is not a list of whole numbers such as 64,32");
    }
    for (int l = 0; l < n; l++) cfg->widths[l] = w[l];
    cfg->n_widths = n;
    if (n) cfg->depth = n;
    return FL_OK;
}

// dropout: "0.5" (every hidden layer), "0.5,0,0.2" (one per layer), or "" for none.
static fl_status set_rates(fl_config *cfg, const fl_key_info *k, const char *value, fl_error *err) {
    int n = 0;
    float r[FL_MAX_DEPTH];
    for (const char *c = value; *c;) {
        if (n == FL_MAX_DEPTH)
            return text_error(err, k, value, "has more layers than depth's largest, 6");
        char item[32];
        size_t len = strcspn(c, ",");
        if (len == 0 || len >= sizeof item)
            return text_error(err, k, value, "is not a list of rates such as 0.5 or 0.5,0.2");
        memcpy(item, c, len);
        item[len] = '\0';
        char *end = NULL;
        double v = strtod(item, &end);
        if (!end || *end || !strchr("0123456789.", item[0]) || v != v)
            return text_error(err, k, value, "is not a list of rates such as 0.5 or 0.5,0.2");
        if (v < k->min || v > k->max) return range_error(err, k, v);
        r[n++] = (float)v;
        c += len;
        if (*c == ',' && !*++c)
            return text_error(err, k, value, "is not a list of rates such as 0.5 or 0.5,0.2");
    }
    for (int l = 0; l < n; l++) cfg->dropout[l] = r[l];
    cfg->n_dropout = n;
    return FL_OK;
}

// activations: "relu,tanh", one name per hidden layer; batchnorm: "after" or
// "after,none", names from the key's choices; "" for none. The list goes to the
// int array at the key's field, its length to *count.
static fl_status set_names(fl_config *cfg, const key_entry *e, const char *value, int *count,
                           fl_error *err) {
    const fl_key_info *k = &e->info;
    int n = 0, a[FL_MAX_DEPTH];
    const char *example = e->as == STORE_NORMS ? "after or after,none" : "relu,tanh";
    for (const char *c = value; *c;) {
        if (n == FL_MAX_DEPTH)
            return text_error(err, k, value, "has more layers than depth's largest, 6");
        size_t len = strcspn(c, ",");
        int found = -1;
        for (int i = 0; i < k->n_choices; i++)
            if (strlen(k->choices[i]) == len && !strncmp(k->choices[i], c, len)) found = i;
        if (found < 0) {
            if (!err) return FL_EINVAL;
            text_error(err, k, value, "is not a list such as ");
            fl_text m = text_resume(err->message, sizeof err->message);
            text_str(&m, example);
            text_str(&m, " (each of");
            for (int i = 0; i < k->n_choices; i++) {
                text_str(&m, i ? ", " : " ");
                text_str(&m, k->choices[i]);
            }
            text_str(&m, ")");
            return FL_EINVAL;
        }
        a[n++] = found;
        c += len;
        if (*c == ',' && !*++c) return text_error(err, k, value, "ends in a comma");
    }
    int *to = (int *)((char *)cfg + e->offset);
    for (int l = 0; l < n; l++) to[l] = a[l];
    *count = n;
    return FL_OK;
}

int fl_config_activation(const fl_config *cfg, int l) {
    return cfg->n_activations > 0 ? cfg->activations[l] : cfg->activation;
}

int fl_config_batchnorm(const fl_config *cfg, int l) {
    if (cfg->n_batchnorm == 0) return FL_BN_NONE;
    return cfg->n_batchnorm == 1 ? cfg->batchnorm[0] : cfg->batchnorm[l];
}

float fl_config_dropout(const fl_config *cfg, int l) {
    if (cfg->n_dropout == 0) return 0.0f;
    return cfg->n_dropout == 1 ? cfg->dropout[0] : cfg->dropout[l];
}

fl_status fl_config_text(const fl_config *cfg, const char *key, char *buf, int size) {
    const key_entry *e = find_key(key);
    if (!e || size < 1) return FL_EINVAL;
    fl_text m = text_init(buf, (size_t)size);
    const fl_key_info *k = &e->info;
    double v = load(cfg, e);
    if (e->as == STORE_NAMES || e->as == STORE_NORMS) {
        const int *names = e->as == STORE_NAMES ? cfg->activations : cfg->batchnorm;
        for (int l = 0; l < (int)v; l++) {
            if (l) text_str(&m, ",");
            text_str(&m, k->choices[names[l]]);
        }
    } else if (e->as == STORE_RATES) {
        for (int l = 0; l < cfg->n_dropout; l++) {
            if (l) text_str(&m, ",");
            text_num(&m, cfg->dropout[l]);
        }
    } else if (k->kind == FL_KEY_LIST) {
        for (int l = 0; l < cfg->n_widths; l++) {
            if (l) text_str(&m, ",");
            text_num(&m, cfg->widths[l]);
        }
    } else if (k->kind == FL_KEY_ENUM) {
        text_str(&m, v >= 0 && v < k->n_choices ? k->choices[(int)v] : "?");
    } else {
        text_num(&m, v);
    }
    return FL_OK;
}

int fl_config_width(const fl_config *cfg, int l) {
    return cfg->n_widths > 0 ? cfg->widths[l] : cfg->width;
}

int fl_config_regression(const fl_config *cfg) {
    if (cfg->dataset == FL_DATA_CSV) return cfg->data && cfg->data->classes == 0;
    return cfg->dataset == FL_DATA_LINEAR_REG || cfg->dataset == FL_DATA_TEACHER_REG;
}

int fl_config_outputs(const fl_config *cfg) {
    if (cfg->outputs > 0) return cfg->outputs;
    switch (cfg->loss) {
    case FL_LOSS_SCE:
        return cfg->classes;
    case FL_LOSS_BCE:
        return cfg->classes == 2 ? 1 : cfg->classes;
    default:
        return fl_config_regression(cfg) ? 1 : cfg->classes;
    }
}

int fl_config_output_act(const fl_config *cfg) {
    if (cfg->output != FL_OUT_AUTO) return cfg->output;
    return cfg->loss == FL_LOSS_SCE   ? FL_OUT_SOFTMAX
           : cfg->loss == FL_LOSS_BCE ? FL_OUT_SIGMOID
                                      : FL_OUT_LINEAR;
}

void fl_config_use_data(fl_config *cfg, const fl_csv *data) {
    cfg->data = data;
    cfg->dataset = FL_DATA_CSV;
    cfg->features = data->features;
    cfg->classes = data->classes < 2 ? 2 : data->classes; // real targets: 2, unused
    // A share out of range is fl_config_validate's to refuse; here it only must not overflow.
    double share = cfg->val_share >= 0 && cfg->val_share <= 1 ? cfg->val_share : 0.2;
    int val = (int)(data->rows * share + 0.5);
    if (val > data->rows - 10) val = data->rows - 10;
    if (val < 10) val = 10;
    cfg->n_val = val;
    cfg->n_train = data->rows - val;
}

fl_status fl_config_set(fl_config *cfg, const char *key, const char *value, fl_error *err) {
    const key_entry *e = find_key(key);
    if (!e) {
        if (!err) return FL_EINVAL;
        error_key(err, key, "unknown key; the keys are", 0.0 / 0.0, NULL);
        fl_text m = text_resume(err->message, sizeof err->message);
        for (int k = 0; k < N_KEYS; k++) {
            text_str(&m, k ? ", " : " ");
            text_str(&m, keys[k].info.name);
        }
        return FL_EINVAL;
    }
    const fl_key_info *k = &e->info;
    double v;
    if (e->as == STORE_RATES) return set_rates(cfg, k, value, err);
    if (e->as == STORE_NAMES) return set_names(cfg, e, value, &cfg->n_activations, err);
    if (e->as == STORE_NORMS) return set_names(cfg, e, value, &cfg->n_batchnorm, err);
    if (k->kind == FL_KEY_LIST) return set_list(cfg, k, value, err);
    if (k->kind == FL_KEY_ENUM) {
        int found = -1;
        for (int c = 0; c < k->n_choices; c++)
            if (strcmp(k->choices[c], value) == 0) found = c;
        if (found < 0) return text_error(err, k, value, "is not one of");
        v = found;
    } else if (k->kind == FL_KEY_BOOL && (!strcmp(value, "true") || !strcmp(value, "false"))) {
        v = value[0] == 't';
    } else {
        // Decimal only, as the page reads it: strtod would also take hex
        // ("0x1p3"), "inf" and leading spaces.
        for (const char *c = value; *c; c++)
            if (!strchr("+-.0123456789eE", *c))
                return text_error(err, k, value,
                                  k->kind == FL_KEY_BOOL ? "is not 0 or 1" : "is not a number");
        char *end = NULL;
        v = strtod(value, &end);
        if (!*value || !end || *end || v != v)
            return text_error(err, k, value,
                              k->kind == FL_KEY_BOOL ? "is not 0 or 1" : "is not a number");
        // The value as written, against the documented range; the message
        // quotes the text, so "10.00000001" is never reported as "10".
        if (!(v >= k->min && v <= k->max)) {
            if (!err) return FL_EINVAL;
            error_key(err, k->name, value, 0.0 / 0.0, " is outside its range ");
            fl_text m = text_resume(err->message, sizeof err->message);
            text_num(&m, k->min);
            text_str(&m, " to ");
            text_num(&m, k->max);
            return FL_EINVAL;
        }
        fl_status st = whole_number(k, v, err);
        if (st != FL_OK) return st;
    }
    save(cfg, e, v);
    return FL_OK;
}

// "batch: 5000 is larger than n_train (1000)"
static fl_status larger_than(fl_error *err, const char *key, double v, const char *other,
                             double limit) {
    if (!err) return FL_EINVAL;
    error_key(err, key, "", v, " is larger than ");
    fl_text m = text_resume(err->message, sizeof err->message);
    text_str(&m, other);
    text_str(&m, " (");
    text_num(&m, limit);
    text_str(&m, ")");
    return FL_EINVAL;
}

// The output units against the loss and the data: what Keras itself would
// refuse (a label past the last unit, shapes that do not broadcast).
static fl_status check_output(const fl_config *cfg, fl_error *err) {
    int O = fl_config_outputs(cfg), C = cfg->classes, reg = fl_config_regression(cfg);
    if (reg && cfg->loss <= FL_LOSS_BCE && cfg->dataset != FL_DATA_CSV)
        return error_key(err, "loss", "the regression sets have real targets: loss mse or mae",
                         0.0 / 0.0, NULL);
    if (cfg->loss == FL_LOSS_SCE && O < C) {
        error_key(err, "outputs", "", O, " output units cannot hold labels up to ");
        if (err) {
            fl_text m = text_resume(err->message, sizeof err->message);
            text_num(&m, C - 1);
            text_str(&m, ": sparse_categorical_crossentropy needs one unit per class");
        }
        return FL_EINVAL;
    }
    if (cfg->loss == FL_LOSS_BCE && O == 1 && C != 2)
        return error_key(err, "outputs", "binary_crossentropy on one unit needs 2 classes, not ", C,
                         NULL);
    if (cfg->loss != FL_LOSS_SCE && !reg && O != 1 && O != C)
        return error_key(err, "outputs", "", O,
                         " units fit neither one label (1 unit) nor one-hot labels (classes)");
    if (reg && cfg->dataset == FL_DATA_CSV && O != 1)
        return error_key(err, "outputs", "", O, " units, but the data has one target column");
    return FL_OK;
}

// "dropout: 2 rates given, but depth is 3: give one rate for every hidden layer, ..."
static fl_status per_layer_error(fl_error *err, const char *key, int n, const char *given,
                                 int depth, const char *advice) {
    if (!err) return FL_EINVAL;
    error_key(err, key, "", n, given);
    fl_text m = text_resume(err->message, sizeof err->message);
    text_num(&m, depth);
    text_str(&m, advice);
    return FL_EINVAL;
}

fl_status fl_config_validate(const fl_config *cfg, fl_error *err) {
    for (int k = 0; k < N_KEYS; k++) {
        if (keys[k].info.kind == FL_KEY_LIST) continue; // below
        fl_status st = check_range(&keys[k], load(cfg, &keys[k]), err);
        if (st != FL_OK) return st;
    }
    const fl_key_info *wk = fl_config_find("widths");
    if (cfg->n_widths < 0 || cfg->n_widths > FL_MAX_DEPTH)
        return error_key(err, "widths", "", cfg->n_widths, " layers is outside 0 to 6");
    for (int l = 0; l < cfg->n_widths; l++)
        if (cfg->widths[l] < wk->min || cfg->widths[l] > wk->max)
            return range_error(err, wk, cfg->widths[l]);
    if (cfg->n_activations < 0 || cfg->n_activations > FL_MAX_DEPTH)
        return error_key(err, "activations", "", cfg->n_activations, " layers is outside 0 to 6");
    for (int l = 0; l < cfg->n_activations; l++)
        if (cfg->activations[l] < 0 || cfg->activations[l] > FL_ACT_LEAKY_RELU)
            return error_key(err, "activations", "", cfg->activations[l], " is not an activation");
    if (cfg->n_activations > 0 && cfg->n_activations != cfg->depth)
        return per_layer_error(err, "activations", cfg->n_activations,
                               " activations given, but depth is ", cfg->depth,
                               ": give one per hidden layer");
    if (cfg->n_dropout < 0 || cfg->n_dropout > FL_MAX_DEPTH)
        return error_key(err, "dropout", "", cfg->n_dropout, " rates is outside 0 to 6");
    for (int l = 0; l < cfg->n_dropout; l++)
        if (!(cfg->dropout[l] >= 0.0f && cfg->dropout[l] <= 0.95f))
            return error_key(err, "dropout", "", cfg->dropout[l],
                             " is outside its range 0 to 0.95");
    if (cfg->n_dropout > 1 && cfg->n_dropout != cfg->depth)
        return per_layer_error(err, "dropout", cfg->n_dropout, " rates given, but depth is ",
                               cfg->depth,
                               ": give one rate for every hidden layer, or one per layer");
    if (cfg->n_batchnorm < 0 || cfg->n_batchnorm > FL_MAX_DEPTH)
        return error_key(err, "batchnorm", "", cfg->n_batchnorm, " layers is outside 0 to 6");
    for (int l = 0; l < cfg->n_batchnorm; l++)
        if (cfg->batchnorm[l] < FL_BN_NONE || cfg->batchnorm[l] > FL_BN_BEFORE)
            return error_key(err, "batchnorm", "", cfg->batchnorm[l],
                             " is not none, after or before");
    if (cfg->n_batchnorm > 1 && cfg->n_batchnorm != cfg->depth)
        return per_layer_error(err, "batchnorm", cfg->n_batchnorm, " layers given, but depth is ",
                               cfg->depth, ": give one for every hidden layer, or one per layer");
    if (cfg->n_widths > 0 && cfg->n_widths != cfg->depth)
        return per_layer_error(err, "widths", cfg->n_widths, " layers given, but depth is ",
                               cfg->depth, "");
    if (cfg->dataset == FL_DATA_CSV) {
        const fl_csv *d = cfg->data;
        if (!d)
            return error_key(err, "dataset",
                             "csv needs rows of data: --data FILE, or Your data in the page",
                             0.0 / 0.0, NULL);
        if (cfg->features != d->features)
            return error_key(err, "features", "", cfg->features,
                             " is not the data's column count less the label");
        if (cfg->classes < d->classes)
            return error_key(err, "classes", "", cfg->classes,
                             " is fewer than the data's labels need");
        if (d->classes == 0 && cfg->loss <= FL_LOSS_BCE) {
            if (!err) return FL_EINVAL;
            error_key(err, "loss", "", 0.0 / 0.0, NULL);
            fl_text m = text_resume(err->message, sizeof err->message);
            text_str(&m, cfg->loss == FL_LOSS_SCE ? "sparse_categorical_crossentropy"
                                                  : "binary_crossentropy");
            text_str(
                &m,
                " needs classes, whole numbers 0 to 99 or names, but the data's label on line ");
            text_num(&m, d->real_line);
            text_str(&m, " is not one; for a regression use loss mse or mae");
            return FL_EINVAL;
        }
        if (cfg->n_train + cfg->n_val != d->rows)
            return error_key(err, "n_train", "n_train + n_val is not the data's row count ",
                             d->rows, NULL);
    }
    if (cfg->batch > cfg->n_train)
        return larger_than(err, "batch", cfg->batch, "n_train", cfg->n_train);
    if (cfg->train_subset > cfg->n_train)
        return larger_than(err, "train_subset", cfg->train_subset, "n_train", cfg->n_train);
    if (cfg->train_subset > 0 && cfg->batch > cfg->train_subset)
        return larger_than(err, "batch", cfg->batch, "train_subset", cfg->train_subset);
    if (cfg->dataset != FL_DATA_CSV && cfg->classes > 10)
        return error_key(err, "classes", "", cfg->classes,
                         " is more than the generated sets' 10 (your own data: up to 100)");
    if (cfg->dataset == FL_DATA_XOR && cfg->classes != 2)
        return error_key(err, "classes", "the xor data set has 2 classes, not ", cfg->classes,
                         NULL);
    fl_status st = check_output(cfg, err);
    if (st != FL_OK) return st;
    if (cfg->chunk < 0 || cfg->chunk > 4096)
        return error_key(err, "chunk", "", cfg->chunk, " is outside its range 0 to 4096");
    return FL_OK;
}
