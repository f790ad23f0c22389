package io.sparkprop.nn;

import java.util.BitSet;
import java.util.List;

/**
 * The summed gradient of a network with sparse input: the first layer's weight gradient only for
 * the features that occur in the blocks it sums over, every other parameter dense. In the flat
 * layout dL/dW1[:, j] is one contiguous row of {@code units} entries at j * units, so feature j's
 * row here adds there; the rest (b1, W2, b2, ...) follows the first layer's weights.
 *
 * <p>A task's gradient over a mini-batch of hashed text touches a small share of the 2^18 or more
 * features: this is what it sends back, instead of the first layer whole.
 */
public final class SparseInputGradient {
  private final int units;
  private final int firstLayerWeights;
  private final int[] features;
  private final double[] rows;
  private final double[] rest;

  /** Rows for {@code features} (sorted, distinct) and the rest of {@code spec}'s parameters, all zero. */
  public SparseInputGradient(NetworkSpec spec, int[] features) {
    this(spec.fanOut(0), spec.weightOffset(0) + spec.fanIn(0) * spec.fanOut(0), features,
        new double[Math.multiplyExact(features.length, spec.fanOut(0))], new double[spec.numParameters() - spec.fanIn(0) * spec.fanOut(0)]);
  }

  /** From its parts, as {@link #features}, {@link #rows} and {@link #rest} return them (e.g. after transport). */
  public SparseInputGradient(int units, int firstLayerWeights, int[] features, double[] rows, double[] rest) {
    if ((long) features.length * units != rows.length) throw new IllegalArgumentException("rows do not match " + features.length + " features x " + units + " units");
    this.units = units;
    this.firstLayerWeights = firstLayerWeights;
    this.features = features;
    this.rows = rows;
    this.rest = rest;
  }

  /** A zero gradient with a row for every feature that occurs in {@code blocks} (all sparse). */
  public static SparseInputGradient over(NetworkSpec spec, List<Block> blocks) {
    BitSet seen = new BitSet(spec.inputs());
    for (Block b : blocks) {
      int[] indices = b.indices();
      for (int k = 0, end = b.starts()[b.size()]; k < end; k++) seen.set(indices[k]);
    }
    return new SparseInputGradient(spec, seen.stream().toArray());
  }

  public int units() { return units; }
  /** Where the rest starts in the flat layout: the number of first-layer weights. */
  public int firstLayerWeights() { return firstLayerWeights; }
  /** The features that have a row, increasing. */
  public int[] features() { return features; }
  /** Row r (units entries at r * units) is dL/dW1[:, features[r]]. */
  public double[] rows() { return rows; }
  /** Every parameter after the first layer's weights, in the flat layout's order. */
  public double[] rest() { return rest; }

  /** The row of {@code feature}, which must have one. */
  int row(int feature) { return java.util.Arrays.binarySearch(features, feature); }

  /**
   * The sum of this and {@code other}, with a row for every feature of either. Adding a missing row
   * counts as adding zeros, so the sum is the one the dense gradients would give.
   */
  public SparseInputGradient plus(SparseInputGradient other) {
    for (int i = 0; i < rest.length; i++) rest[i] += other.rest[i];
    if (java.util.Arrays.equals(features, other.features)) {
      for (int i = 0; i < rows.length; i++) rows[i] += other.rows[i];
      return this;
    }
    int[] union = new int[features.length + other.features.length];
    int a = 0, b = 0, n = 0;
    while (a < features.length || b < other.features.length) {
      int next = b == other.features.length || (a < features.length && features[a] <= other.features[b]) ? features[a] : other.features[b];
      union[n++] = next;
      if (a < features.length && features[a] == next) a++;
      if (b < other.features.length && other.features[b] == next) b++;
    }
    union = java.util.Arrays.copyOf(union, n);
    double[] merged = new double[Math.multiplyExact(n, units)];
    a = 0;
    b = 0;
    for (int r = 0; r < n; r++) {
      int to = r * units;
      if (a < features.length && features[a] == union[r]) System.arraycopy(rows, a++ * units, merged, to, units);
      if (b < other.features.length && other.features[b] == union[r]) {
        int from = b++ * units;
        for (int u = 0; u < units; u++) merged[to + u] += other.rows[from + u];
      }
    }
    return new SparseInputGradient(units, firstLayerWeights, union, merged, rest);
  }

  /** Adds this gradient to {@code dense}, laid out as the network's flat parameters. */
  public void addTo(double[] dense) {
    for (int r = 0; r < features.length; r++) {
      int to = features[r] * units, from = r * units;
      for (int u = 0; u < units; u++) dense[to + u] += rows[from + u];
    }
    for (int i = 0; i < rest.length; i++) dense[firstLayerWeights + i] += rest[i];
  }
}
