package io.sparkprop.nn;

import dev.ludovic.netlib.blas.BLAS;

/** Double-precision kernels: dgemm, and weight gradients added straight into the sum. */
final class DoublePrecision extends Precision<double[]> {
  private static final long serialVersionUID = 1L;
  private static final BLAS BLAS_ = BLAS.getInstance();

  DoublePrecision() { super("double"); }

  @Override public double[] pack(double[] params) { return params; }

  @Override double[] allocate(int length) { return new double[length]; }

  @Override double[] features(Block block, double[] scratch) {
    float[] stored = block.features();
    for (int i = 0, end = block.inputs() * block.size(); i < end; i++) scratch[i] = stored[i];
    return scratch;
  }

  @Override double[] featureScratch(int length) { return new double[length]; }

  @Override double[] pendingGradient(int numParameters) { return null; }

  @Override void gemm(boolean transA, boolean transB, int m, int n, int k, double[] a, int aOffset, int lda, double[] b,
      int ldb, boolean accumulate, double[] c, int ldc) {
    BLAS_.dgemm(transA ? "T" : "N", transB ? "T" : "N", m, n, k, 1.0, a, aOffset, lda, b, 0, ldb, accumulate ? 1.0 : 0.0,
        c, 0, ldc);
  }

  @Override void addWeightGradient(int m, int n, int k, double[] a, double[] b, double[] pending, double[] gradient, int offset) {
    BLAS_.dgemm("N", "T", m, n, k, 1.0, a, 0, m, b, 0, n, 1.0, gradient, offset, m);
  }

  @Override void flush(double[] pending, double[] gradient) {}

  @Override void addRowSums(double[] a, int rows, int cols, double[] gradient, int offset) {
    for (int col = 0; col < cols; col++) {
      int base = col * rows;
      for (int i = 0; i < rows; i++) gradient[offset + i] += a[base + i];
    }
  }

  @Override void activate(Activation f, double[] y, int length) { f.apply(y, length); }

  @Override void multiplyByDerivative(Activation f, double[] delta, double[] x, int length) {
    f.multiplyByDerivative(delta, x, length);
  }

  @Override void multiply(double[] a, double[] b, double[] out, int length) {
    for (int i = 0; i < length; i++) out[i] = a[i] * b[i];
  }

  @Override void toDouble(double[] from, double[] to, int length) { System.arraycopy(from, 0, to, 0, length); }

  @Override void fromDouble(double[] from, double[] to, int length) { System.arraycopy(from, 0, to, 0, length); }

  @Override Object readResolve() { return DOUBLE; }
}
