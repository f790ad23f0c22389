package io.sparkprop.nn;

import java.io.Serializable;

/**
 * A stack of samples: features as a column-major (inputs x size) matrix, one sample per column,
 * so a layer's forward pass over the whole block is a single gemm. Features are stored in single
 * precision, which halves the cached data; {@link Network} widens a block to double as it reads it.
 */
public final class Block implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int inputs;
  private final int size;
  private final float[] features;
  private final int[] labels;

  public Block(int inputs, int size, float[] features, int[] labels) {
    if (features.length < (long) inputs * size || labels.length < size)
      throw new IllegalArgumentException("block arrays shorter than " + inputs + " x " + size);
    this.inputs = inputs;
    this.size = size;
    this.features = features;
    this.labels = labels;
  }

  public int inputs() { return inputs; }
  public int size() { return size; }
  /** The backing array, not a copy: blocks are built once and never changed. */
  public float[] features() { return features; }
  public int[] labels() { return labels; }
  public int label(int sample) { return labels[sample]; }

  /** Bytes held by this block's arrays (for cache accounting). */
  public long arrayBytes() { return 4L * features.length + 4L * labels.length; }
}
