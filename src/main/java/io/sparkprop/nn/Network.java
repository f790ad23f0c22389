package io.sparkprop.nn;

import dev.ludovic.netlib.blas.BLAS;

/**
 * Forward and backward passes of a {@link NetworkSpec} over blocks of samples, each layer one gemm.
 * Layer l computes Y = W X + b, then X' = f(Y) (hidden) or softmax(Y) (output); backward carries
 * dL/dY down the chain rule: dL/dW = dL/dY X^T, dL/db = sum of dL/dY, dL/dX = W^T dL/dY.
 *
 * <p>Holds its buffers for blocks of up to {@code capacity} samples and reuses them for every block,
 * so one instance serves a whole task. Not thread-safe.
 */
public final class Network {
  private static final BLAS BLAS_ = BLAS.getInstance();

  private final NetworkSpec spec;
  private final int capacity;
  /** outputs[l]: what layer l hands on (f(Y) for hidden layers, probabilities for the last). */
  private final double[][] outputs;
  /** deltas[l]: dL/dY of layer l. */
  private final double[][] deltas;
  /** The current block's features widened to double: the input X of the first layer. */
  private final double[] input;
  /** With dropout, masks[l] and dropped[l] = outputs[l] ⊙ masks[l] for hidden layers; allocated on first use. */
  private double[][] masks;
  private double[][] dropped;

  public Network(NetworkSpec spec, int capacity) {
    this.spec = spec;
    this.capacity = capacity;
    int layers = spec.numLayers();
    outputs = new double[layers][];
    deltas = new double[layers][];
    input = new double[spec.inputs() * capacity];
    for (int l = 0; l < layers; l++) {
      outputs[l] = new double[spec.fanOut(l) * capacity];
      deltas[l] = new double[spec.fanOut(l) * capacity];
    }
  }

  public NetworkSpec spec() { return spec; }

  /** Name of the BLAS implementation in use (Java, vectorized Java, or native through JNI). */
  public static String blasName() { return BLAS_.getClass().getSimpleName(); }

  /**
   * Adds the summed gradient of the block's loss to {@code gradient} and returns the summed loss.
   * Sums, not means: the caller divides by the number of samples of the whole batch.
   */
  public double accumulateGradient(double[] params, Block block, double[] gradient) {
    return accumulateGradient(params, block, gradient, null);
  }

  /** As above, with the hidden units that {@code dropout} masks off (null = no dropout). */
  public double accumulateGradient(double[] params, Block block, double[] gradient, DropoutMasks dropout) {
    int n = block.size();
    if (n == 0) return 0;
    double loss = forward(params, block, true, dropout);
    int last = spec.numLayers() - 1;
    SoftmaxCrossEntropy.delta(outputs[last], spec.classes(), n, block.labels(), deltas[last]);
    for (int l = last; l >= 0; l--) {
      int in = spec.fanIn(l), out = spec.fanOut(l);
      double[] x = l == 0 ? input : dropout != null ? dropped[l - 1] : outputs[l - 1];
      double[] delta = deltas[l];
      // dL/dW = delta X^T
      BLAS_.dgemm("N", "T", out, in, n, 1.0, delta, 0, out, x, 0, in, 1.0, gradient, spec.weightOffset(l), out);
      // dL/db = delta summed over the samples
      int b = spec.biasOffset(l);
      for (int col = 0; col < n; col++) {
        int base = col * out;
        for (int i = 0; i < out; i++) gradient[b + i] += delta[base + i];
      }
      if (l > 0) {
        // dL/dX = W^T delta, then dL/dY = dL/dX ⊙ f'(Y) for the layer below
        BLAS_.dgemm("T", "N", in, n, out, 1.0, params, spec.weightOffset(l), out, delta, 0, out, 0.0, deltas[l - 1], 0, in);
        if (dropout != null) multiply(deltas[l - 1], masks[l - 1], in * n);
        spec.activation().multiplyByDerivative(deltas[l - 1], outputs[l - 1], in * n);
      }
    }
    return loss;
  }

  /** Summed loss of the block, forward only. */
  public double loss(double[] params, Block block) {
    return block.size() == 0 ? 0 : forward(params, block, true, null);
  }

  /**
   * Class probabilities of the block, column-major (classes x size). The returned array is this
   * network's buffer: read it before the next call.
   */
  public double[] probabilities(double[] params, Block block) {
    forward(params, block, false, null);
    return outputs[spec.numLayers() - 1];
  }

  /** Most probable class of each sample into {@code classes}, its probability into {@code confidence} (may be null). */
  public void predict(double[] params, Block block, int[] classes, double[] confidence) {
    double[] p = probabilities(params, block);
    int k = spec.classes();
    for (int col = 0; col < block.size(); col++) {
      int best = 0;
      for (int j = 1; j < k; j++) if (p[col * k + j] > p[col * k + best]) best = j;
      classes[col] = best;
      if (confidence != null) confidence[col] = p[col * k + best];
    }
  }

  private double forward(double[] params, Block block, boolean withLoss, DropoutMasks dropout) {
    int n = block.size();
    if (n > capacity) throw new IllegalArgumentException("block of " + n + " samples exceeds capacity " + capacity);
    if (block.inputs() != spec.inputs())
      throw new IllegalArgumentException("block has " + block.inputs() + " features, network expects " + spec.inputs());
    float[] stored = block.features();
    for (int i = 0, end = spec.inputs() * n; i < end; i++) input[i] = stored[i];
    double[] x = input;
    int last = spec.numLayers() - 1;
    for (int l = 0; l <= last; l++) {
      int in = spec.fanIn(l), out = spec.fanOut(l);
      double[] y = outputs[l];
      // Y = W X + b: every column starts as b, gemm adds W X on top.
      for (int col = 0; col < n; col++) System.arraycopy(params, spec.biasOffset(l), y, col * out, out);
      BLAS_.dgemm("N", "N", out, n, in, 1.0, params, spec.weightOffset(l), out, x, 0, in, 1.0, y, 0, out);
      if (l < last) spec.activation().apply(y, out * n);
      x = y;
      if (l < last && dropout != null) x = drop(l, y, out * n, dropout);
    }
    return SoftmaxCrossEntropy.softmax(outputs[last], spec.classes(), n, withLoss ? block.labels() : null);
  }

  /** Applies layer l's dropout mask, keeping the undropped outputs for f'(Y) in backward. */
  private double[] drop(int l, double[] y, int length, DropoutMasks dropout) {
    if (masks == null) {
      masks = new double[spec.numLayers()][];
      dropped = new double[spec.numLayers()][];
    }
    if (masks[l] == null) {
      masks[l] = new double[spec.fanOut(l) * capacity];
      dropped[l] = new double[spec.fanOut(l) * capacity];
    }
    dropout.fill(l, masks[l], length);
    for (int i = 0; i < length; i++) dropped[l][i] = y[i] * masks[l][i];
    return dropped[l];
  }

  private static void multiply(double[] a, double[] b, int length) {
    for (int i = 0; i < length; i++) a[i] *= b[i];
  }
}
