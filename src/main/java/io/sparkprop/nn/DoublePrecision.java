package io.sparkprop.nn;

import dev.ludovic.netlib.blas.BLAS;

/** Double-precision kernels: dgemm, and weight gradients added straight into the sum. */
final class DoublePrecision extends Precision<double[]> {
  private static final long serialVersionUID = 1L;
  private static final BLAS BLAS_ = BLAS.getInstance();

  DoublePrecision() { super("double"); }

  /** W is column-major (out x in), so a feature's weights are already contiguous for sparse input too. */
  @Override public double[] pack(NetworkSpec spec, double[] params, InputStorage storage) { return params; }

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

  @Override void addWeightGradient(int out, int in, int n, double[] delta, double[] x, double[] pending, int pendingOffset,
      double[] gradient, int gradientOffset) {
    BLAS_.dgemm("N", "T", out, in, n, 1.0, delta, 0, out, x, 0, in, 1.0, gradient, gradientOffset, out);
  }

  @Override void flush(NetworkSpec spec, NetworkSpec layout, int fromLayer, double[] pending, int pendingShift, double[] gradient,
      int gradientShift) {}

  @Override void addWeightsTimesSparseInput(int rows, Block block, double[] params, int offset, double[] y) {
    int[] starts = block.starts(), indices = block.indices();
    float[] values = block.values();
    for (int col = 0; col < block.size(); col++) {
      int to = col * rows;
      for (int k = starts[col]; k < starts[col + 1]; k++) {
        double v = values[k];
        int from = offset + indices[k] * rows;
        for (int u = 0; u < rows; u++) y[to + u] += v * params[from + u];
      }
    }
  }

  @Override void addSparseWeightGradient(int units, int stride, Block block, double[] delta, SparseInputGradient gradient) {
    int[] starts = block.starts(), indices = block.indices();
    float[] values = block.values();
    double[] rows = gradient.rows();
    for (int col = 0; col < block.size(); col++) {
      int from = col * stride;
      for (int k = starts[col]; k < starts[col + 1]; k++) {
        double v = values[k];
        int to = gradient.row(indices[k]) * units;
        for (int u = 0; u < units; u++) rows[to + u] += v * delta[from + u];
      }
    }
  }

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
