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

  /** A dense block: {@code features} holds the (inputs x size) matrix, column-major. */
  public Block(int inputs, int size, float[] features, int[] labels) {
    if (features.length < (long) inputs * size || labels.length < size)
      throw new IllegalArgumentException("block arrays shorter than " + inputs + " x " + size);
    this.inputs = inputs;
    this.size = size;
    this.features = features;
    this.starts = null;
    this.indices = null;
    this.values = null;
    this.labels = labels;
  }

  private Block(int inputs, int size, int[] starts, int[] indices, float[] values, int[] labels) {
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
  }

  /**
   * A sparse block: sample i's non-zeros are {@code indices[k]} (0-based feature, increasing within
   * a sample, below {@code inputs}) with {@code values[k]} for k in [starts[i], starts[i+1]).
   */
  public static Block sparse(int inputs, int size, int[] starts, int[] indices, float[] values, int[] labels) {
    Block b = new Block(inputs, size, starts, indices, values, labels);
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

  /** Stored non-zeros of a sparse block; entries of the matrix of a dense one. */
  public long nonZeros() { return isSparse() ? starts[size] : (long) inputs * size; }

  /** Bytes held by this block's arrays (for cache accounting). */
  public long arrayBytes() {
    long bytes = 4L * labels.length;
    if (!isSparse()) return bytes + 4L * features.length;
    return bytes + 4L * starts.length + 4L * indices.length + 4L * values.length;
  }
}
