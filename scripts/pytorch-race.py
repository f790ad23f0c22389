#!/usr/bin/python3
"""PyTorch's side of the race to 87 % test accuracy on Fashion-MNIST (issue 17).

Measures the wall time PyTorch (Debian's python3-torch, on the CPU) takes to train the network of
sparkprop's race (`scripts/bench.sh --only race`, FashionMnistBench.timeToTarget) until its test
accuracy reaches the target, with the same timing rules. Its settings are issue 17's reference run
(Adam at 0.005, batches of 1024, cosine over 10 epochs: PyTorch 1.13 has no LAMB); sparkprop's race
runs its own recommended settings (docs/benchmarks.md, section 5):

- data: Debian's dataset-fashion-mnist (gzip IDX files), pixels divided by 255, float32, read and
  converted before the clock starts;
- network: Linear(784, 128), ReLU, Linear(128, 10), softmax cross-entropy, PyTorch's default
  initialisation after torch.manual_seed(--seed);
- training: Adam at --lr, mini-batches of --batch reshuffled every epoch, the learning rate decayed
  per step along a cosine down to 0 over --epochs epochs; the run stops at the end of the first
  epoch whose test accuracy reaches --target (or after --epochs epochs);
- threads: torch.set_num_threads(--threads), by default every core, as Spark's local[*] uses them;
- timing: the wall time of training only. The test set is scored at each epoch's end, and that
  scoring is timed and subtracted, as sparkprop's race does. Before the timed run, --warmup-epochs
  untimed epochs train a separately initialised copy (sparkprop's race runs one untimed epoch to
  warm the JIT); the timed run is re-seeded, so it does not depend on the warm-up.

Prints one line per epoch and, as its last line, one JSON object (framework, torch_version,
threads, seconds, epochs, test_accuracy, reached, batch, lr, schedule, ...).

Usage: pytorch-race.py [--data-dir DIR] [--batch N] [--lr LR] [--epochs N] [--target ACC]
                       [--seed N] [--threads N] [--warmup-epochs N] [--limit-rows N]
Quick check: pytorch-race.py --threads 1 --limit-rows 5000 --epochs 2 --warmup-epochs 0
"""
import argparse
import gzip
import json
import math
import os
import sys
import time

import numpy as np
import torch
from torch import nn

DEFAULT_DATA_DIR = "/usr/share/datasets/fashion-mnist"
IMAGES_MAGIC = 2051
LABELS_MAGIC = 2049


def read_idx(path, magic, dims):
    """The array stored in a gzip IDX file of unsigned bytes with `dims` dimensions."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    found = int.from_bytes(data[0:4], "big")
    if found != magic:
        raise ValueError(f"{path}: magic number {found}, expected {magic}")
    header = 4 + 4 * dims
    shape = tuple(int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims))
    values = np.frombuffer(data, dtype=np.uint8, offset=header)
    if values.size != math.prod(shape):
        raise ValueError(f"{path}: {values.size} values for shape {shape}")
    return values.reshape(shape)


def load_split(data_dir, split, limit=None):
    """Features (rows of 784 pixels / 255, float32) and labels (int64) of `split`: train or t10k."""
    images = read_idx(os.path.join(data_dir, f"{split}-images-idx3-ubyte.gz"), IMAGES_MAGIC, 3)
    labels = read_idx(os.path.join(data_dir, f"{split}-labels-idx1-ubyte.gz"), LABELS_MAGIC, 1)
    if len(images) != len(labels):
        raise ValueError(f"{split}: {len(images)} images, {len(labels)} labels")
    if limit is not None:
        images, labels = images[:limit], labels[:limit]
    x = images.reshape(len(images), -1).astype(np.float32) / np.float32(255)
    return torch.from_numpy(x), torch.from_numpy(labels.astype(np.int64))


def new_network(seed):
    """The race's network, initialised from `seed`."""
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))


def accuracy(model, x, y):
    """Fraction of rows of `x` whose most probable class is their label."""
    with torch.no_grad():
        return (model(x).argmax(dim=1) == y).float().mean().item()


def train(model, x, y, args, max_epochs, on_epoch_end):
    """Trains `model` on (x, y) with Adam and a per-step cosine decay over `args.epochs` epochs.

    Runs at most `max_epochs` epochs; after each, calls on_epoch_end(epoch) and stops when it
    returns False. The shuffling order comes from its own generator seeded with `args.seed`.
    """
    rows = len(x)
    steps_per_epoch = math.ceil(rows / args.batch)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=steps_per_epoch * args.epochs, eta_min=0.0)
    loss_fn = nn.CrossEntropyLoss()
    order = torch.Generator().manual_seed(args.seed)
    model.train()
    for epoch in range(1, max_epochs + 1):
        permutation = torch.randperm(rows, generator=order)
        for start in range(0, rows, args.batch):
            batch = permutation[start:start + args.batch]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(x[batch]), y[batch])
            loss.backward()
            optimizer.step()
            schedule.step()
        if not on_epoch_end(epoch):
            break


def race(x_train, y_train, x_test, y_test, args):
    """The timed run: seconds of training (scoring subtracted), epochs run, last test accuracy."""
    scoring = [0.0]
    result = {"epochs": 0, "test_accuracy": 0.0}

    def on_epoch_end(epoch):
        scored_from = time.perf_counter()
        result["test_accuracy"] = accuracy(model, x_test, y_test)
        result["epochs"] = epoch
        scoring[0] += time.perf_counter() - scored_from
        print(f"pytorch epoch {epoch}: test accuracy {result['test_accuracy']:.4f} at "
              f"{time.perf_counter() - start - scoring[0]:.1f} s of training", flush=True)
        return result["test_accuracy"] < args.target

    model = new_network(args.seed)
    start = time.perf_counter()
    train(model, x_train, y_train, args, args.epochs, on_epoch_end)
    result["seconds"] = time.perf_counter() - start - scoring[0]
    result["scoring_seconds"] = scoring[0]
    return result


def warm_up(x_train, y_train, args):
    """Untimed epochs on a separately initialised network, so the timed run starts warm."""
    if args.warmup_epochs <= 0:
        return
    started = time.perf_counter()
    train(new_network(args.seed + 1), x_train, y_train, args, args.warmup_epochs, lambda epoch: True)
    print(f"pytorch warm-up: {args.warmup_epochs} untimed epoch(s) in {time.perf_counter() - started:.1f} s", flush=True)


def positive_int(text):
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text}")
    return value


def non_negative_int(text):
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a non-negative integer, got {text}")
    return value


def parse_args(argv):
    p = argparse.ArgumentParser(description="PyTorch's side of sparkprop's race to a test accuracy on Fashion-MNIST.")
    p.add_argument("--data-dir", default=DEFAULT_DATA_DIR, help="directory of the gzip IDX files (default: %(default)s)")
    p.add_argument("--batch", type=positive_int, default=1024, help="mini-batch size (default: %(default)s)")
    p.add_argument("--lr", type=float, default=0.005, help="Adam's initial learning rate (default: %(default)s)")
    p.add_argument("--epochs", type=positive_int, default=10,
                   help="most epochs, and the cosine schedule's length (default: %(default)s)")
    p.add_argument("--target", type=float, default=0.87, help="test accuracy to reach (default: %(default)s)")
    p.add_argument("--seed", type=int, default=1, help="seed of the initialisation and the shuffling (default: %(default)s)")
    p.add_argument("--threads", type=positive_int, default=os.cpu_count() or 1,
                   help="torch.set_num_threads (default: every core, %(default)s here)")
    p.add_argument("--warmup-epochs", type=non_negative_int, default=1,
                   help="untimed epochs on a separate copy first (default: %(default)s)")
    p.add_argument("--limit-rows", type=positive_int, default=None,
                   help="train on the first N training rows only, for quick checks (default: all)")
    return p.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    x_train, y_train = load_split(args.data_dir, "train", args.limit_rows)
    x_test, y_test = load_split(args.data_dir, "t10k")
    print(f"pytorch {torch.__version__} on {torch.get_num_threads()} thread(s): {len(x_train):,} training rows, "
          f"{len(x_test):,} test rows, Adam {args.lr}, batch {args.batch}, cosine over {args.epochs} epochs, "
          f"target {args.target}", flush=True)
    warm_up(x_train, y_train, args)
    result = race(x_train, y_train, x_test, y_test, args)
    print(json.dumps({
        "framework": "pytorch",
        "torch_version": torch.__version__,
        "threads": torch.get_num_threads(),
        "seconds": result["seconds"],
        "epochs": result["epochs"],
        "test_accuracy": result["test_accuracy"],
        "reached": result["test_accuracy"] >= args.target,
        "batch": args.batch,
        "lr": args.lr,
        "schedule": f"cosine over {args.epochs} epochs",
        "target": args.target,
        "seed": args.seed,
        "warmup_epochs": args.warmup_epochs,
        "train_rows": len(x_train),
        "scoring_seconds": result["scoring_seconds"],
    }), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
