package io.sparkprop.nn;

import java.io.Serializable;

/**
 * A stack of samples, one sample per column, so a layer's forward pass over the whole block is a
 * single matrix product. The first layer's input X is stored in one of two ways:
 * <ul>
 *   <li>dense: a column-major (inputs x size) float matrix;</li>
 *   <li>sparse: compressed columns, sample i's non-zeros at positions [starts[i], starts[i+1]) of
 *       {@code indices} (0-based features, increasing) and {@code values}, so the block costs 8 bytes
 *       per non-zero whatever the number of features.</li>
 * </ul>
 * Values are single precision, which halves the cached data; {@link Network} widens them to double
 * as it reads them when it computes in double.
 *
 * <p>A block may carry a weight per sample ({@link #weights()}, null = every sample weighs 1): the
 * training objective is then sum w_i L_i / sum w_i. Weights are double, not float: the objective's
 * weights are then exactly the ones given (1/3, n / (K n_c)), and the weight sum the caller divides
 * by is the sum of the weights the gradient used.
 */
public final class Block implements Serializable {
  private static final long serialVersionUID = 2L;

  private final int inputs;
  private final int size;
  private final float[] features;
  private final int[] starts;
  private final int[] indices;
  private final float[] values;
  private final int[] labels;
  /** Per-sample weights, or null: unweighted, and nothing is multiplied. */
  private final double[] weights;

  /** A dense block: {@code features} holds the (inputs x size) matrix, column-major. */
  public Block(int inputs, int size, float[] features, int[] labels) {
    this(inputs, size, features, labels, null);
  }

  /** A dense block whose sample i weighs {@code weights[i]} (null = unweighted). */
  public Block(int inputs, int size, float[] features, int[] labels, double[] weights) {
    if (features.length < (long) inputs * size || labels.length < size)
      throw new IllegalArgumentException("block arrays shorter than " + inputs + " x " + size);
    checkWeights(weights, size);
    this.inputs = inputs;
    this.size = size;
    this.features = features;
    this.starts = null;
    this.indices = null;
    this.values = null;
    this.labels = labels;
    this.weights = weights;
  }

  private Block(int inputs, int size, int[] starts, int[] indices, float[] values, int[] labels, double[] weights) {
    checkWeights(weights, size);
    if (starts.length < size + 1 || labels.length < size || starts[0] != 0)
      throw new IllegalArgumentException("sparse block offsets or labels shorter than " + size + " samples");
    int nonZeros = starts[size];
    if (indices.length < nonZeros || values.length < nonZeros)
      throw new IllegalArgumentException("sparse block holds fewer than its " + nonZeros + " non-zeros");
    this.inputs = inputs;
    this.size = size;
    this.features = null;
    this.starts = starts;
    this.indices = indices;
    this.values = values;
    this.labels = labels;
    this.weights = weights;
  }

  private static void checkWeights(double[] weights, int size) {
    if (weights == null) return;
    if (weights.length < size) throw new IllegalArgumentException("block weights shorter than " + size + " samples");
    for (int i = 0; i < size; i++)
      if (!(weights[i] >= 0) || Double.isInfinite(weights[i]))
        throw new IllegalArgumentException("sample " + i + " has weight " + weights[i] + ": weights must be finite and non-negative");
  }

  /**
   * A sparse block: sample i's non-zeros are {@code indices[k]} (0-based feature, increasing within
   * a sample, below {@code inputs}) with {@code values[k]} for k in [starts[i], starts[i+1]).
   */
  public static Block sparse(int inputs, int size, int[] starts, int[] indices, float[] values, int[] labels) {
    return sparse(inputs, size, starts, indices, values, labels, null);
  }

  /** A sparse block whose sample i weighs {@code weights[i]} (null = unweighted). */
  public static Block sparse(int inputs, int size, int[] starts, int[] indices, float[] values, int[] labels, double[] weights) {
    Block b = new Block(inputs, size, starts, indices, values, labels, weights);
    for (int i = 0; i < size; i++) {
      if (starts[i + 1] < starts[i]) throw new IllegalArgumentException("sparse block offsets decrease at sample " + i);
      for (int k = starts[i]; k < starts[i + 1]; k++)
        if (indices[k] < 0 || indices[k] >= inputs || (k > starts[i] && indices[k] <= indices[k - 1]))
          throw new IllegalArgumentException("sample " + i + ": feature index " + indices[k] + " out of order or outside 0.." + (inputs - 1));
    }
    return b;
  }

  public int inputs() { return inputs; }
  public int size() { return size; }
  public boolean isSparse() { return starts != null; }
  /** The dense matrix (null for a sparse block). The backing array, not a copy: blocks are built once and never changed. */
  public float[] features() { return features; }
  /** Sparse: sample i's non-zeros start at starts[i]; starts[size] is the number of non-zeros. */
  public int[] starts() { return starts; }
  public int[] indices() { return indices; }
  public float[] values() { return values; }
  public int[] labels() { return labels; }
  public int label(int sample) { return labels[sample]; }
  /** Per-sample weights (the backing array), or null when every sample weighs 1. */
  public double[] weights() { return weights; }
  public boolean isWeighted() { return weights != null; }

  /** The sum of the samples' weights, in sample order; the sample count when unweighted. */
  public double weightSum() {
    if (weights == null) return size;
    double sum = 0;
    for (int i = 0; i < size; i++) sum += weights[i];
    return sum;
  }

  /** Stored non-zeros of a sparse block; entries of the matrix of a dense one. */
  public long nonZeros() { return isSparse() ? starts[size] : (long) inputs * size; }

  /** Bytes held by this block's arrays (for cache accounting). */
  public long arrayBytes() {
    long bytes = 4L * labels.length + (weights == null ? 0 : 8L * weights.length);
    if (!isSparse()) return bytes + 4L * features.length;
    return bytes + 4L * starts.length + 4L * indices.length + 4L * values.length;
  }
}
