"""bench_torch.py: PyTorch's side of `npm run bench` (tools/bench-torch.mjs).

A worker: reads one JSON request per line on stdin and answers one JSON line on
stdout. A request names an MLP (layer sizes), the samples, the batch size and
the epochs; the worker trains it with Adam on random data and sparse
categorical cross-entropy, as the lab's random data set is trained, and answers
the seconds the training took (timed inside the process: the epochs' loops
only, after a warm-up run of the same shape). The first line it writes says
which BLAS the process loaded and how many threads it uses.

    /usr/bin/python3 tools/bench_torch.py THREADS
"""
import json
import sys
import time

import torch
from torch import nn


def blas_in_use():
    """The BLAS library this process mapped (Debian's reference one, or OpenBLAS)."""
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line}
    return sorted(paths)


def train(sizes, n, batch, epochs, seed=1):
    torch.manual_seed(seed)
    x = torch.rand(n, sizes[0])
    y = torch.randint(0, sizes[-1], (n,))
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i + 2 < len(sizes):
            layers.append(nn.ReLU())
    model = nn.Sequential(*layers)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    loss_of = nn.CrossEntropyLoss()
    start = time.perf_counter()
    for _ in range(epochs):
        order = torch.randperm(n)
        for at in range(0, n, batch):
            idx = order[at:at + batch]
            opt.zero_grad(set_to_none=True)
            loss = loss_of(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
    return time.perf_counter() - start


def peak_gflops(size=512, runs=30):
    """The BLAS's own matrix product of two size x size matrices: this machine's ceiling as the BLAS reaches it."""
    a, b = torch.rand(size, size), torch.rand(size, size)
    for _ in range(3):
        a @ b
    start = time.perf_counter()
    for _ in range(runs):
        a @ b
    return 2 * size ** 3 * runs / (time.perf_counter() - start) / 1e9


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    torch.set_num_threads(threads)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "blas": blas_in_use()}), flush=True)
    warm = set()
    for line in sys.stdin:
        req = json.loads(line)
        if req.get("peak"):
            print(json.dumps({"gflops": peak_gflops()}), flush=True)
            continue
        shape = (tuple(req["sizes"]), req["n"], req["batch"])
        if shape not in warm:  # one untimed run of each shape first
            train(req["sizes"], req["n"], req["batch"], 1)
            warm.add(shape)
        seconds = train(req["sizes"], req["n"], req["batch"], req["epochs"])
        print(json.dumps({"seconds": seconds}), flush=True)


if __name__ == "__main__":
    main()
