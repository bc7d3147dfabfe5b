#!/usr/bin/env python3
"""The AV-MNIST audio student and its training loop in PyTorch, as bench_cnn runs it in C++:
cnn [8, 16, 32] (3x3, padding 1, first stride 2, ReLU, 2x2 max-pool), global average pool,
linear 32 -> 10; SGD lr 0.03, momentum 0.9, weight decay 5e-4; shuffled mini-batches gathered
by index from an in-memory [N, 4000] tensor. Prints "samples_per_second load_share"."""
import argparse
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

p = argparse.ArgumentParser()
p.add_argument("--samples", type=int, default=4096)
p.add_argument("--epochs", type=int, default=3)
p.add_argument("--batch", type=int, default=64)
p.add_argument("--threads", type=int, default=1)
a = p.parse_args()
torch.set_num_threads(a.threads)


class Student(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, stride=2, padding=1)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
        self.conv3 = nn.Conv2d(16, 32, 3, padding=1)
        self.fc1 = nn.Linear(32, 10)

    def forward(self, x):
        h = x.reshape(x.shape[0], 1, 40, 100)
        for c in (self.conv1, self.conv2, self.conv3):
            h = F.max_pool2d(F.relu(c(h)), 2)
        return self.fc1(h.mean((2, 3)))


def train(epochs):
    torch.manual_seed(0)
    x = torch.randn(a.samples, 4000)
    y = torch.arange(a.samples) % 10
    net = Student()
    opt = torch.optim.SGD(net.parameters(), lr=0.03, momentum=0.9, weight_decay=5e-4)
    load = 0.0
    start = time.perf_counter()
    for _ in range(epochs):
        perm = torch.randperm(a.samples)
        for s in range(0, a.samples, a.batch):
            t0 = time.perf_counter()
            idx = perm[s:s + a.batch]
            xb, yb = x.index_select(0, idx), y.index_select(0, idx)
            load += time.perf_counter() - t0
            opt.zero_grad()
            loss = F.cross_entropy(net(xb), yb)
            loss.backward()
            opt.step()
    return time.perf_counter() - start, load


train(1)  # warm-up
seconds, load = train(a.epochs)
print(a.samples * a.epochs / seconds, load / seconds)
