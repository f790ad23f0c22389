# Sourced by the launchers: native BLAS settings for this machine's JVMs (driver, workers, executors).
# One BLAS thread per Spark task: Spark already runs one task per core.
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
# When native OpenBLAS is installed, netlib uses it. In virtual machines that hide the CPU model,
# OpenBLAS falls back to its generic kernels (measured here: 6 instead of 58 GFLOP/s); name the core.
if [ -z "${OPENBLAS_CORETYPE:-}" ] && [ -r /proc/cpuinfo ]; then
  if grep -q -m1 -w avx512f /proc/cpuinfo; then export OPENBLAS_CORETYPE=SkylakeX
  elif grep -q -m1 -w avx2 /proc/cpuinfo; then export OPENBLAS_CORETYPE=Haswell
  fi
fi
