package io.sparkprop.nn;

import dev.ludovic.netlib.blas.BLAS;

/** Double-precision kernels: dgemm, and weight gradients added straight into the sum. */
final class DoublePrecision extends Precision<double[]> {
  private static final long serialVersionUID = 1L;
  private static final BLAS BLAS_ = BLAS.getInstance();

  DoublePrecision() { super("double"); }

  @Override public double[] pack(NetworkSpec spec, double[] params) { return params; }

  @Override double[] allocate(int length) { return new double[length]; }

  @Override double[] features(Block block, double[] scratch) {
    float[] stored = block.features();
    for (int i = 0, end = block.inputs() * block.size(); i < end; i++) scratch[i] = stored[i];
    return scratch;
  }

  @Override double[] featureScratch(int length) { return new double[length]; }

  @Override double[] pendingGradient(int numParameters) { return null; }

  @Override void addWeightsTimesInput(int out, int n, int in, double[] params, int offset, double[] x, double[] y) {
    BLAS_.dgemm("N", "N", out, n, in, 1.0, params, offset, out, x, 0, in, 1.0, y, 0, out);
  }

  @Override void weightsTransposedTimesDelta(int in, int n, int out, double[] params, int offset, double[] delta, double[] below) {
    BLAS_.dgemm("T", "N", in, n, out, 1.0, params, offset, out, delta, 0, out, 0.0, below, 0, in);
  }

  @Override void addWeightGradient(int out, int in, int n, double[] delta, double[] x, double[] pending, double[] gradient, int offset) {
    BLAS_.dgemm("N", "T", out, in, n, 1.0, delta, 0, out, x, 0, in, 1.0, gradient, offset, out);
  }

  @Override void flush(NetworkSpec spec, NetworkSpec layout, double[] pending, double[] gradient) {}

  @Override void addRowSums(double[] a, int rows, int stride, int cols, double[] gradient, int offset) {
    for (int col = 0; col < cols; col++) {
      int base = col * stride;
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
