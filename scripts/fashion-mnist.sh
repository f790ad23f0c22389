#!/usr/bin/env bash
# Fashion-MNIST benchmark: finds or installs the data, trains with conf/fashion-mnist.properties and
# leaves summary.json (test accuracy, best epoch, timings), metrics.jsonl, charts and the model in OUT_DIR.
# Usage: scripts/fashion-mnist.sh [OUT_DIR] [extra train options...]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-runs/fashion-mnist}
shift || true
data=${FASHION_MNIST_DIR:-/usr/share/datasets/fashion-mnist}
files=(train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz)

have_all() { for f in "${files[@]}"; do [ -s "$1/$f" ] || return 1; done; }

if ! have_all "$data"; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "fashion-mnist: installing the Debian package dataset-fashion-mnist" >&2
    apt-get install -y -q dataset-fashion-mnist >&2 || true
  fi
fi
if ! have_all "$data"; then
  # no package: the official files (github.com/zalandoresearch/fashion-mnist)
  data=${XDG_CACHE_HOME:-$HOME/.cache}/sparkprop/fashion-mnist
  mkdir -p "$data"
  for f in "${files[@]}"; do
    [ -s "$data/$f" ] || curl -fsSL -o "$data/$f" "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/$f"
  done
fi

start=$(date +%s)
"$root/scripts/sparkprop" --config "$root/conf/fashion-mnist.properties" train \
  --train "$data/train-images-idx3-ubyte.gz" --test "$data/t10k-images-idx3-ubyte.gz" --out "$out" "$@"
echo "fashion-mnist: $(( $(date +%s) - start )) s wall time; summary in $out/summary.json" >&2
