// codegen-python.js: the Python that the exported scripts share (web/code/codegen.js
// puts them together): Flatline's data recipe in NumPy, and the Keras 3 update
// rules for PyTorch, whose own optimizers put Adam's and RMSprop's epsilon
// elsewhere (doctor-anchors.md, "Exporting to Keras and PyTorch").

/**
 * make_data(): src/data.c's data sets drawn with NumPy. The same recipe, not
 * the same numbers: a run on them looks like the lab's within seed noise.
 */
export const MAKE_DATA = `
def read_csv_rows(path, sep=",", label=-1, skip=None, names=None, base=0, drop_index=False,
                  drop_missing=False):
    """The rows of a CSV as Flatline's core reads them, features then the label as
    numbers: decoded as the core decodes (a UTF-8 byte-order mark skipped, UTF-16
    either way round, with its mark or without, a no-break space read as a space),
    blank lines skipped, and the core's choices for this file given as arguments:
    the separator (a decimal comma read as a point when it is not a comma), the
    label's column, the header lines to skip (None: a first line whose first cell
    is not a decimal number), the class names the labels are (in class order),
    labels read from 1, a first column that counts the rows, rows with an empty
    or NA cell dropped."""
    import csv
    import re
    raw = open(path, "rb").read()
    if raw[:3] == b"\\xef\\xbb\\xbf":
        text = raw[3:].decode("utf-8", "replace")
    elif raw[:2] in (b"\\xff\\xfe", b"\\xfe\\xff"):
        text = raw[2:].decode("utf-16-le" if raw[0] == 0xFF else "utf-16-be", "replace")
    elif len(raw) >= 4 and raw[0] and not raw[1] and raw[2] and not raw[3]:
        text = raw.decode("utf-16-le", "replace")
    elif len(raw) >= 4 and not raw[0] and raw[1] and not raw[2] and raw[3]:
        text = raw.decode("utf-16-be", "replace")
    else:
        text = raw.decode("utf-8", "replace")
    lines = [l.rstrip("\\r").replace("\\u00a0", " ") for l in text.split("\\n")]
    lines = [l for l in lines if l.strip(" \\t")]
    decimal = r"[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?"
    if skip is None:
        skip = 0 if re.fullmatch(decimal, lines[0].split(sep)[0].strip(" \\t")) else 1
    missing = {"", "na", "n/a", "nan", "null", "none", "?", "#n/a"}
    number = lambda c: float(c.replace(",", ".") if sep != "," and c.count(",") == 1 else c)
    rows = []
    for cells in csv.reader(lines[skip:], delimiter=sep):
        cells = [c.strip(" \\t") for c in cells]
        if any(c.lower() in missing for c in cells):
            if drop_missing:
                continue
            raise ValueError("a row with an empty or NA cell: drop_missing=True drops such rows")
        at = label % len(cells)
        y = names.index(cells[at]) if names is not None else number(cells[at]) - base
        features = [number(c) for i, c in enumerate(cells) if i != at][1 if drop_index else 0:]
        rows.append(features + [y])
    return rows

def make_data(dataset, features=10, classes=3, n_train=1000, n_val=200, label_noise=0.0,
              input_scale=1.0, standardize=False, x1_sq=False, x2_sq=False, x1_x2=False,
              sin_x1=False, sin_x2=False, train_subset=0, zero_inputs=False,
              shuffle_labels=False, seed=1, path=None, val_share=0.2, target_scale=1.0,
              standardize_targets=False, targets=1, reading={}):
    """Flatline's data sets (its src/data.c) drawn with NumPy: the same recipe as
    the lab's, not the same numbers. Returns x_train, y_train, x_val, y_val: the
    labels as integers, or on regression data the targets as rows of floats."""
    rng = np.random.default_rng(seed)

    def teacher_labels(x_train, x_val):
        # A random teacher labels centred features; its output bias is moved
        # until the classes are about equally common on the training inputs.
        if dataset == "linear":
            w = rng.normal(size=(features, classes))
            score = lambda u: u @ w
        else:  # maxout over 4 prototypes per class; prototype j is class j % classes
            p = rng.uniform(-1, 1, (4 * classes, features))
            score = lambda u: (2 * u @ p.T - (p * p).sum(1)).reshape(len(u), 4, classes).max(1)
        z = score(2 * x_train[:4096] - 1)
        bias, step = np.zeros(classes), np.sqrt((z * z).mean()) + 1e-6
        for _ in range(200):
            share = np.bincount((z + bias).argmax(1), minlength=classes) / len(z)
            bias += step * (1 / classes - share)
            step *= 0.98
        return [(score(2 * x - 1) + bias).argmax(1) for x in (x_train, x_val)]

    def plane(n):
        # 2-D points of classes 0, 1, ... in turn, then the engineered inputs.
        c = np.arange(n) % classes
        tau, u, g = 2 * np.pi, rng.random(n), rng.normal(size=(2, n))
        if dataset == "spiral":
            angle = tau * c / classes + 7 * u + 0.12 * g[0]
            x1, x2 = u * np.cos(angle), u * np.sin(angle)
        elif dataset == "circles":
            r, angle = (c + 1) / classes + 0.06 * g[0], tau * u
            x1, x2 = r * np.cos(angle), r * np.sin(angle)
        elif dataset == "xor":  # class (x1 > 0) xor (x2 > 0)
            x1, x2 = rng.uniform(-1, 1, n), rng.uniform(-1, 1, n)
            x2 = np.where(((x1 > 0) ^ (x2 > 0)) != c, -x2, x2)
        else:  # gauss: blobs on a circle of radius 0.6
            angle = tau * c / classes
            x1, x2 = 0.6 * np.cos(angle) + 0.3 * g[0], 0.6 * np.sin(angle) + 0.3 * g[1]
        return engineered(x1, x2), c

    def engineered(x1, x2):
        # x1, x2 and the engineered inputs turned on (TF Playground's)
        cols = [x1, x2] + [f for on, f in [(x1_sq, x1 * x1), (x2_sq, x2 * x2), (x1_x2, x1 * x2),
                                           (sin_x1, np.sin(5 * x1)), (sin_x2, np.sin(5 * x2))] if on]
        return np.stack(cols, 1)

    regression = dataset in ("linear_reg", "teacher_reg")
    if dataset == "csv":  # your own rows, read as Flatline's core reads them (src/csv.c)
        data = np.array(read_csv_rows(path, **reading), dtype=np.float64)
        data = data[rng.permutation(len(data))]
        n_val = min(max(round(len(data) * val_share), 10), len(data) - 10)
        labels = data[:, -1]
        # Labels that are all whole numbers 0 to 99 are classes; any others, real targets.
        regression = not np.all((labels == np.floor(labels)) & (labels >= 0) & (labels < 100))
        y = labels.reshape(-1, 1) if regression else labels.astype(int)
        x_train, y_train = data[:-n_val, :-1], y[:-n_val]
        x_val, y_val = data[-n_val:, :-1], y[-n_val:]
        if x_train.shape[1] == 2:  # a plane of your own takes the engineered inputs too
            x_train, x_val = engineered(*x_train.T), engineered(*x_val.T)
    elif regression:  # a teacher of the centred features, scaled to sd 1, plus noise
        x_train, x_val = rng.random((n_train, features)), rng.random((n_val, features))
        if dataset == "linear_reg":
            w = rng.normal(size=(features, targets))
            teach = lambda u: u @ w
        else:  # 16 tanh units, each with a standard normal bias
            v, b, a = rng.normal(size=(16, features)), rng.normal(size=16), rng.normal(size=(16, targets))
            teach = lambda u: np.tanh(2.5 / np.sqrt(features) * u @ v.T + b) @ a
        t_train, t_val = teach(2 * x_train - 1), teach(2 * x_val - 1)
        mean, sd = t_train.mean(0), t_train.std(0)
        y_train, y_val = [((t - mean) / sd + label_noise * rng.normal(size=t.shape)) * target_scale
                          for t in (t_train, t_val)]
    elif dataset in ("random", "linear", "teacher"):
        x_train, x_val = rng.random((n_train, features)), rng.random((n_val, features))
        if dataset == "random":  # the post's data: labels that ignore the inputs
            y_train, y_val = rng.integers(0, classes, n_train), rng.integers(0, classes, n_val)
        else:
            y_train, y_val = teacher_labels(x_train, x_val)
    else:
        (x_train, y_train), (x_val, y_val) = plane(n_train), plane(n_val)
    for y in (() if regression else (y_train, y_val)):  # label noise: a share of labels drawn anew
        noisy = rng.random(len(y)) < label_noise
        y[noisy] = rng.integers(0, classes, noisy.sum())
    if shuffle_labels:
        y_train = rng.permutation(y_train)
    if train_subset:
        x_train, y_train = x_train[:train_subset], y_train[:train_subset]
    x_train, x_val = x_train * input_scale, x_val * input_scale
    if regression and standardize_targets:  # the targets as z-scores of the training set's
        mean, sd = y_train.mean(0), y_train.std(0)
        sd[sd == 0] = 1
        y_train, y_val = (y_train - mean) / sd, (y_val - mean) / sd
    if standardize:  # z-scores with the training set's statistics
        mean, sd = x_train.mean(0), x_train.std(0)
        sd[sd == 0] = 1
        x_train, x_val = (x_train - mean) / sd, (x_val - mean) / sd
    if zero_inputs:
        x_train, x_val = x_train * 0, x_val * 0
    kind = np.float32 if regression else np.int64
    return (x_train.astype(np.float32), y_train.astype(kind),
            x_val.astype(np.float32), y_val.astype(kind))
`;

/**
 * KerasRules: Keras 3's SGD (with momentum), RMSprop and Adam in float32, as
 * Flatline's core runs them, for PyTorch.
 */
export const KERAS_RULES = `
class KerasRules:
    """Keras 3's update rules (SGD, SGD with momentum 0.9, RMSprop, Adam with
    epsilon 1e-7 outside the square root of the uncorrected v), which
    torch.optim writes differently. lr_growth multiplies the rate after every step."""

    def __init__(self, params, name, lr, lr_growth=1.0):
        self.params, self.name = list(params), name
        self.lr, self.growth, self.factor, self.t = np.float32(lr), np.float32(lr_growth), 1.0, 0
        self.m = [torch.zeros_like(p) for p in self.params]
        self.v = [torch.zeros_like(p) for p in self.params]
        self.b1_pow = self.b2_pow = 1.0

    @torch.no_grad()
    def step(self):
        lr = float(np.float32(float(self.lr) * self.factor))
        self.t += 1
        self.factor *= float(self.growth)
        b1, b2, eps = np.float32(0.9), np.float32(0.999), np.float32(1e-7)
        if self.name == "adam":
            self.b1_pow *= float(b1)
            self.b2_pow *= float(b2)
            alpha = float(np.float32(lr * np.sqrt(1 - self.b2_pow) / (1 - self.b1_pow)))
        for w, m, v in zip(self.params, self.m, self.v):
            g = w.grad
            if self.name == "sgd":
                w -= lr * g
            elif self.name == "momentum":  # Keras SGD(momentum=0.9)
                m.mul_(0.9).sub_(lr * g)
                w += m
            elif self.name == "rmsprop":
                v.mul_(0.9).add_(float(np.float32(1) - np.float32(0.9)) * (g * g))
                w -= (lr * g) / torch.sqrt(v + float(eps))
            else:
                m.add_((g - m) * float(np.float32(1) - b1))
                v.add_((g * g - v) * float(np.float32(1) - b2))
                w -= (m * alpha) / (torch.sqrt(v) + float(eps))
            w.grad = None
`;

/**
 * The output layer's activation and the loss over it, in PyTorch, as src/loss.c
 * computes them (probabilities clipped to [1e-7, 1 - 1e-7] where a loss reads
 * them, as Keras does; from_logits taken literally). OUTPUT, LOSS and FROM_LOGITS
 * are set by the script.
 */
export const TORCH_LOSS = `
EPS = 1e-7  # Keras's epsilon: where a loss reads probabilities, they are clipped to [EPS, 1 - EPS]

def output_of(z):
    """The output layer's activation."""
    return {"softmax": lambda: torch.softmax(z, 1), "sigmoid": lambda: torch.sigmoid(z),
            "relu": lambda: torch.relu(z), "tanh": lambda: torch.tanh(z)}.get(OUTPUT, lambda: z)()

def sample_losses(z, y):
    """Each sample's loss from the output layer's pre-activations z."""
    a = output_of(z)
    if LOSS == "sparse_categorical_crossentropy":
        v = z if OUTPUT == "softmax" and not FROM_LOGITS else a if FROM_LOGITS else torch.log(torch.clamp(a, EPS, 1 - EPS))
        return nn.functional.cross_entropy(v, y, reduction="none")
    if LOSS == "binary_crossentropy":
        if FROM_LOGITS or OUTPUT == "sigmoid":
            per = nn.functional.binary_cross_entropy_with_logits(a if FROM_LOGITS else z, y, reduction="none")
        else:
            p = torch.clamp(a, EPS, 1 - EPS)
            per = -(y * torch.log(p) + (1 - y) * torch.log(1 - p))
        return per.mean(1)
    d = a - y
    return (d * d).mean(1) if LOSS == "mse" else d.abs().mean(1)
`;

/** Labels as a loss over units reads them: one-hot on one unit per class, the label itself on one unit. */
export const LOSS_TARGETS = `
def loss_targets(y, units):
    """The labels as the loss compares them with the outputs."""
    y = np.asarray(y)
    if y.dtype.kind == "f":
        return y.astype(np.float32)  # real targets already
    return y.astype(np.float32).reshape(-1, 1) if units == 1 else np.eye(units, dtype=np.float32)[y]
`;
