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
 * the same way. The forward product Y = (W^T)^T X is then sgemm's transposed-A form, the only one the
 * pure-Java BLAS (dev.ludovic.netlib VectorBLAS) vectorizes, and the weight gradient dW^T = X dY^T
 * takes the data block as its first operand, which its plain loops also run faster. Measured on one
 * thread, blocks of 128: forward 13.8 -> 15.0 GFLOP/s, weight gradient 10.3 -> 12.0 (blocks of 512:
 * 16.9 -> 19.5, 14.4 -> 16.7). Native BLAS runs all forms at about the same rate.
 */
final class SinglePrecision extends Precision<float[]> {
  private static final long serialVersionUID = 1L;
  private static final BLAS BLAS_ = BLAS.getInstance();

  SinglePrecision() { super("float"); }

  @Override public float[] pack(NetworkSpec spec, double[] params) {
    float[] p = new float[params.length];
    for (int i = 0; i < p.length; i++) p[i] = (float) params[i];
    for (int l = 0; l < spec.numLayers(); l++) {
      int offset = spec.weightOffset(l), out = spec.fanOut(l), in = spec.fanIn(l);
      for (int j = 0; j < out; j++)
        for (int i = 0; i < in; i++) p[offset + i + j * in] = (float) params[offset + j + i * out];
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
  @Override void addWeightGradient(int out, int in, int n, float[] delta, float[] x, float[] pending, double[] gradient, int offset) {
    BLAS_.sgemm("N", "T", in, out, n, 1.0f, x, 0, in, delta, 0, out, 1.0f, pending, offset, in);
  }

  /** Transposes each layer's gathered dW^T back into the parameters' layout as it adds it. */
  @Override void flush(NetworkSpec spec, float[] pending, double[] gradient) {
    for (int l = 0; l < spec.numLayers(); l++) {
      int offset = spec.weightOffset(l), out = spec.fanOut(l), in = spec.fanIn(l);
      for (int i = 0; i < in; i++)
        for (int j = 0; j < out; j++) gradient[offset + j + i * out] += pending[offset + i + j * in];
    }
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
