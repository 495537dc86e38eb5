"""The Seed CNN's training step in PyTorch on one CPU thread (or more), for the bench's reference rows.

Same model as the playground's Seed CNN (Conv 32 → pool → Conv 64 → pool → Conv 128 → pool → Dense 512 → 10,
valid padding, ReLU), Adam at 0.001, batches of random 28×28 images (the cost does not depend on the pixels).
Prints one JSON line: examples per second of each timed round.
Usage: python3 pytorchSeed.py <batch size> <steps per round> <rounds> [threads, default 1]
"""
import json
import sys
import time

import torch
import torch.nn as nn

batch, steps, rounds = (int(a) for a in sys.argv[1:4])
torch.set_num_threads(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
model = nn.Sequential(
    nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(64, 128, 3), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(128, 512), nn.ReLU(), nn.Linear(512, 10),
)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
x = torch.rand(batch, 1, 28, 28)
y = torch.randint(0, 10, (batch,))


def run(n):
    for _ in range(n):
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        loss.item()


run(5)  # warm-up
rates = []
for _ in range(rounds):
    began = time.perf_counter()
    run(steps)
    rates.append(steps * batch / (time.perf_counter() - began))
print(json.dumps({"torch": torch.__version__, "examplesPerSec": rates}))
