#!/usr/bin/env bash
# Benchmark (a command, not a test): sparkprop against Spark MLlib's MultilayerPerceptronClassifier on
# the same cached Fashion-MNIST partitions, same BLAS, in one run. Prints a line per measurement and,
# as its last line, one JSON object (full_pass_speedup, time_to_87_speedup, gemm_efficiency,
# cache_bytes_ratio, blas, ...). The full run (not --quick) adds the scaling series on generated data;
# `--only scaling` runs just that, `--scaling-rows 60000,600000` chooses its sizes.
#
# `--only transform` times both sides' fitted-model transform (rows per second) on Fashion-MNIST.
#
# `--only sparse-baseline --train F --test F` runs MLlib's LogisticRegression (and a
# MultilayerPerceptronClassifier check) on LIBSVM files instead, e.g. those of scripts/text-data.sh.
#
# Usage: scripts/bench.sh [--quick] [--blas auto|java|native] [more bench options: scripts/bench.sh --help]
#   --blas java    forces Spark's pure-Java BLAS (dev.ludovic.netlib VectorBLAS) on both sides
#   --blas native  requires a native BLAS (installs Debian's libopenblas0 where apt exists)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
data=/usr/share/datasets/fashion-mnist

blas=auto
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --blas) blas=$2; shift 2 ;;
    --blas=*) blas=${1#--blas=}; shift ;;
    *) args+=("$1"); shift ;;
  esac
done

sparse=false
case " ${args[*]:-} " in *" --only sparse-baseline "*|*" --only=sparse-baseline "*|*" --only sparse "*|*" --only=sparse "*) sparse=true ;; esac

if ! $sparse && [ ! -f "$data/train-images-idx3-ubyte.gz" ]; then
  if command -v apt-get >/dev/null; then
    echo "installing Debian's dataset-fashion-mnist..." >&2
    apt-get update -qq && apt-get install -y -qq dataset-fashion-mnist >/dev/null
  else
    echo "bench: Fashion-MNIST not found in $data; install Debian's dataset-fashion-mnist" >&2
    exit 2
  fi
fi

case "$blas" in
  java) export JAVA_OPTS="${JAVA_OPTS:-} -Ddev.ludovic.netlib.blas.nativeLibPath=/nonexistent/force-java-blas" ;;
  native)
    if ! ldconfig -p | grep -q 'libblas.so.3'; then
      echo "installing Debian's libopenblas0..." >&2
      apt-get update -qq && apt-get install -y -qq libopenblas0 >/dev/null
    fi ;;
  auto) ;;
  *) echo "bench: --blas takes auto, java or native" >&2; exit 2 ;;
esac

# Both sides share one JVM: give it room for two cached copies of the training set.
heap="-Xmx8g"
# The full run ends with the scaling series, whose 2.4M rows cache 7.5 GB in two partitions: a larger
# heap, most of it for Spark's cache, and no 1.5x headroom when a partition is unrolled into memory
# (two partitions unrolling at once would ask for 11 GB and the loser would spill to disk). The heap
# is committed and touched once at start (-Xms = -Xmx, AlwaysPreTouch), as we advise for executors
# that cache large data sets: otherwise G1 keeps handing the passes regions of memory never touched
# before, and their page faults (none once pre-touched) cost the short passes most (see
# docs/benchmarks.md, "Scaling series" and "Clusters").
# sparse, sparse-baseline: LogisticRegression keeps 35 x 2^18 coefficients and L-BFGS history on the driver
# (about 1.5 GB), the MLP check caches 2,000 densified rows (4.2 GB) and 10 history pairs of 16.8M weights.
case " ${args[*]:-} " in
  *" --quick "*) ;;
  *" sparse-baseline "*|*" sparse "*) heap="-Xmx12g" ;;
  *" transform "*) heap="-Xmx6g" ;;  # one cached copy of the 60k rows (0.4 GB)
  *) heap="-Xms12g -Xmx12g -XX:+AlwaysPreTouch -Dspark.memory.fraction=0.8 -Dspark.storage.unrollMemoryGrowthFactor=1.0" ;;
esac
export JAVA_OPTS="${JAVA_OPTS:-} $heap"
# The benchmark is not part of the application jar: its own jar (built by the same `mvn package`)
# runs on top of it.
SPARKPROP_MAIN=io.sparkprop.bench.BenchMain SPARKPROP_CLASSPATH="$root/target/bench/sparkprop-bench.jar" \
  exec "$root/scripts/sparkprop" --data-dir "$data" "${args[@]}"
