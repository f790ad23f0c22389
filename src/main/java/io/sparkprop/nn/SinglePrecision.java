package io.sparkprop.nn;

import dev.ludovic.netlib.blas.BLAS;
import java.util.Arrays;

/**
 * Single-precision kernels: sgemm on the cached float blocks as they are (no conversion). Weight
 * gradients gather in a float buffer for a few blocks (gemm adds to it at no extra cost), then join
 * the double sum, so rounding does not grow with the number of blocks.
 *
 * <p>The float copy of the parameters holds each layer's W (out x in) transposed, as W^T (in x out,
 * column-major: a unit's incoming weights contiguous), and the gathered weight gradients are laid out
 * the same way. The forward product Y = (W^T)^T X is then sgemm's transposed-A form and the weight
 * gradient dW^T = X dY^T takes the data block as its first operand. The pure-Java BLAS
 * (dev.ludovic.netlib VectorBLAS) copies the operands of a large product into the transposed-A
 * layout and runs one vector kernel of 3 x 3 dot products over them; the forward's operands then need no
 * transposing, so both products run faster in this layout. Native BLAS runs all forms at about the same rate.
 * Block sizes that are multiples of 16 and 3 and at most 500 (the default, 480) spare that kernel
 * its scalar edges, see conf/sparkprop.properties.
 *
 * <p>For the same reason, on the pure-Java BLAS each hidden layer is computed {@link #layout widened}
 * to a multiple of 3 units (128 -> 129): the widths the 3 x 3 kernel covers whole, which gains far
 * more speed than the extra unit costs. Native BLAS prefers the widths as they are, so it gets them.
 * The rates before and after each change: docs/benchmarks.md, "Where a gradient pass spends its time".
 */
final class SinglePrecision extends Precision<float[]> {
  private static final long serialVersionUID = 1L;
  private static final BLAS BLAS_ = BLAS.getInstance();

  /** Hidden widths {@code blas} runs best: multiples of 3 for Spark's pure-Java BLAS, any for native. */
  static int hiddenMultipleFor(BLAS blas) { return blas instanceof dev.ludovic.netlib.blas.JavaBLAS ? 3 : 1; }

  private final int hiddenMultiple;

  SinglePrecision(int hiddenMultiple) {
    super("float");
    this.hiddenMultiple = hiddenMultiple;
  }

  @Override NetworkSpec layout(NetworkSpec spec) { return spec.withHiddenRoundedUp(hiddenMultiple); }

  /**
   * Each layer's W^T and b in {@link #layout}'s shape; the extra units' entries stay zero. Over sparse
   * input the first layer keeps W (wide out x in): a non-zero of feature j then reads one contiguous row.
   */
  @Override public float[] pack(NetworkSpec spec, double[] params, InputStorage storage) {
    NetworkSpec layout = layout(spec);
    float[] p = new float[layout.numParameters()];
    for (int l = 0; l < spec.numLayers(); l++) {
      int from = spec.weightOffset(l), to = layout.weightOffset(l), out = spec.fanOut(l), in = spec.fanIn(l), wideIn = layout.fanIn(l);
      if (l == 0 && storage == InputStorage.SPARSE) {
        int wideOut = layout.fanOut(0);
        for (int i = 0; i < in; i++)
          for (int j = 0; j < out; j++) p[to + j + i * wideOut] = (float) params[from + j + i * out];
      } else {
        for (int j = 0; j < out; j++)
          for (int i = 0; i < in; i++) p[to + i + j * wideIn] = (float) params[from + j + i * out];
      }
      for (int j = 0; j < out; j++) p[layout.biasOffset(l) + j] = (float) params[spec.biasOffset(l) + j];
    }
    return p;
  }

  @Override float[] allocate(int length) { return new float[length]; }

  @Override float[] features(Block block, float[] scratch) { return block.features(); }


  @Override float[] featureScratch(int length) { return null; }

  @Override float[] pendingGradient(int numParameters) { return new float[numParameters]; }

  @Override void addWeightsTimesInput(int out, int n, int in, float[] params, int offset, float[] x, float[] y) {
    BLAS_.sgemm("T", "N", out, n, in, 1.0f, params, offset, in, x, 0, in, 1.0f, y, 0, out);
  }

  @Override void weightsTransposedTimesDelta(int in, int n, int out, float[] params, int offset, float[] delta, float[] below) {
    BLAS_.sgemm("N", "N", in, n, out, 1.0f, params, offset, in, delta, 0, out, 0.0f, below, 0, in);
  }

  /** Gathers dW^T = X dY^T (in x out), the layout of the packed weights. */
  @Override void addWeightGradient(int out, int in, int n, float[] delta, float[] x, float[] pending, int pendingOffset,
      double[] gradient, int gradientOffset) {
    BLAS_.sgemm("N", "T", in, out, n, 1.0f, x, 0, in, delta, 0, out, 1.0f, pending, pendingOffset, in);
  }

  /** Transposes each layer's gathered dW^T back into the parameters' layout as it adds it. */
  @Override void flush(NetworkSpec spec, NetworkSpec layout, int fromLayer, float[] pending, int pendingShift, double[] gradient,
      int gradientShift) {
    for (int l = fromLayer; l < spec.numLayers(); l++) {
      int to = spec.weightOffset(l) - gradientShift, from = layout.weightOffset(l) - pendingShift;
      int out = spec.fanOut(l), in = spec.fanIn(l), wideIn = layout.fanIn(l);
      for (int i = 0; i < in; i++)
        for (int j = 0; j < out; j++) gradient[to + j + i * out] += pending[from + i + j * wideIn];
    }
    Arrays.fill(pending, 0f);
  }

  @Override void addWeightsTimesSparseInput(int rows, Block block, float[] params, int offset, float[] y) {
    int[] starts = block.starts(), indices = block.indices();
    float[] values = block.values();
    for (int col = 0; col < block.size(); col++) {
      int to = col * rows;
      for (int k = starts[col]; k < starts[col + 1]; k++) {
        float v = values[k];
        int from = offset + indices[k] * rows;
        for (int u = 0; u < rows; u++) y[to + u] += v * params[from + u];
      }
    }
  }

  /** Straight into the double rows: each product in float, as the gemm would form it, summed in double. */
  @Override void addSparseWeightGradient(int units, int stride, Block block, float[] delta, SparseInputGradient gradient) {
    int[] starts = block.starts(), indices = block.indices();
    float[] values = block.values();
    double[] rows = gradient.rows();
    for (int col = 0; col < block.size(); col++) {
      int from = col * stride;
      for (int k = starts[col]; k < starts[col + 1]; k++) {
        float v = values[k];
        int to = gradient.row(indices[k]) * units;
        for (int u = 0; u < units; u++) rows[to + u] += v * delta[from + u];
      }
    }
  }

  /** Straight into the double sum: a float running sum over a block's samples would lose ~1e-5. */
  @Override void addRowSums(float[] a, int rows, int stride, int cols, double[] gradient, int offset) {
    for (int col = 0; col < cols; col++) {
      int base = col * stride;
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

  /**
   * The sender's layout, not this JVM's: executors must read the parameters as the driver packed
   * them, and the two may run different BLAS (pure Java on the driver, native on the executors), whose
   * preferred hidden widths differ. Only an instance with this JVM's own layout is the singleton.
   */
  @Override Object readResolve() { return hiddenMultiple == ((SinglePrecision) SINGLE).hiddenMultiple ? SINGLE : this; }
}
