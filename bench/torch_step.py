"""The outside anchor of bench/train-speed.sh: samples/s of one SGD training step of the
paper's CNN in PyTorch (CPU), the same layers, batch and thread count as fedqnn's
TrainStepBench. Usage: python3 torch_step.py CxHxW batch warmup steps repeats threads"""
import sys
import time

import torch
import torch.nn as nn


def main():
    c, h, w = (int(v) for v in sys.argv[1].split("x"))
    batch, warmup, steps, repeats, threads = (int(v) for v in sys.argv[2:7])
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    side = h // 8
    net = nn.Sequential(
        nn.Conv2d(c, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(64, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(64, 256, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(256 * side * side, 10))
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.rand(batch, c, h, w)
    y = torch.randint(0, 10, (batch,))

    def step():
        opt.zero_grad()
        loss_fn(net(x), y).backward()
        opt.step()

    for _ in range(warmup):
        step()
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(steps):
            step()
        runs.append(steps * batch / (time.perf_counter() - t0))
    print("%-14s best %6.0f samples/s  (runs: %s)" % (
        "pytorch " + torch.__version__.split("+")[0], max(runs), " ".join("%.0f" % r for r in runs)))


if __name__ == "__main__":
    main()
