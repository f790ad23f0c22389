package io.sparkprop.nn;

import dev.ludovic.netlib.blas.BLAS;
import java.util.Arrays;

/**
 * Single-precision kernels: sgemm on the cached float blocks as they are (no conversion). Weight
 * gradients gather in a float buffer for a few blocks (gemm adds to it at no extra cost), then join
 * the double sum, so rounding does not grow with the number of blocks.
 */
final class SinglePrecision extends Precision<float[]> {
  private static final long serialVersionUID = 1L;
  private static final BLAS BLAS_ = BLAS.getInstance();

  SinglePrecision() { super("float"); }

  @Override public float[] pack(double[] params) {
    float[] p = new float[params.length];
    for (int i = 0; i < p.length; i++) p[i] = (float) params[i];
    return p;
  }

  @Override float[] allocate(int length) { return new float[length]; }

  @Override float[] features(Block block, float[] scratch) { return block.features(); }

  @Override float[] featureScratch(int length) { return null; }

  @Override float[] pendingGradient(int numParameters) { return new float[numParameters]; }

  @Override void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOffset, int lda, float[] b,
      int ldb, boolean accumulate, float[] c, int ldc) {
    BLAS_.sgemm(transA ? "T" : "N", transB ? "T" : "N", m, n, k, 1.0f, a, aOffset, lda, b, 0, ldb, accumulate ? 1.0f : 0.0f,
        c, 0, ldc);
  }

  @Override void addWeightGradient(int m, int n, int k, float[] a, float[] b, float[] pending, double[] gradient, int offset) {
    BLAS_.sgemm("N", "T", m, n, k, 1.0f, a, 0, m, b, 0, n, 1.0f, pending, offset, m);
  }

  @Override void flush(float[] pending, double[] gradient) {
    for (int i = 0; i < pending.length; i++) gradient[i] += pending[i];
    Arrays.fill(pending, 0f);
  }

  /** Straight into the double sum: a float running sum over a block's samples would lose ~1e-5. */
  @Override void addRowSums(float[] a, int rows, int cols, double[] gradient, int offset) {
    for (int col = 0; col < cols; col++) {
      int base = col * rows;
      for (int i = 0; i < rows; i++) gradient[offset + i] += a[base + i];
    }
  }

  @Override void activate(Activation f, float[] y, int length) { f.apply(y, length); }

  @Override void multiplyByDerivative(Activation f, float[] delta, float[] x, int length) {
    f.multiplyByDerivative(delta, x, length);
  }

  @Override void multiply(float[] a, float[] b, float[] out, int length) {
    for (int i = 0; i < length; i++) out[i] = a[i] * b[i];
  }

  @Override void toDouble(float[] from, double[] to, int length) {
    for (int i = 0; i < length; i++) to[i] = from[i];
  }

  @Override void fromDouble(double[] from, float[] to, int length) {
    for (int i = 0; i < length; i++) to[i] = (float) from[i];
  }

  @Override Object readResolve() { return SINGLE; }
}
