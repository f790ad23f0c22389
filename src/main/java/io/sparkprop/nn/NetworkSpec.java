package io.sparkprop.nn;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The shape of a fully-connected softmax classifier: layer sizes from input to output and the
 * hidden activation. Layer l (0-based) maps sizes[l] inputs to sizes[l+1] outputs; all its
 * parameters live in one flat vector, W_l (column-major, out x in) followed by b_l.
 */
public final class NetworkSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int[] sizes;
  private final Activation activation;
  private final int[] weightOffsets;
  private final int[] biasOffsets;
  private final int numParameters;

  public NetworkSpec(int[] sizes, Activation activation) {
    if (sizes.length < 2) throw new IllegalArgumentException("a network needs an input and an output layer");
    for (int s : sizes) if (s < 1) throw new IllegalArgumentException("every layer needs at least one unit: " + Arrays.toString(sizes));
    if (sizes[sizes.length - 1] < 2) throw new IllegalArgumentException("a classifier needs at least 2 classes");
    this.sizes = sizes.clone();
    this.activation = activation;
    int layers = sizes.length - 1;
    weightOffsets = new int[layers];
    biasOffsets = new int[layers];
    long total = 0;
    for (int l = 0; l < layers; l++) total += (long) sizes[l] * sizes[l + 1] + sizes[l + 1];
    if (total > Integer.MAX_VALUE - 8)
      throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
          "network %s has %,d parameters: more than one flat array holds (%,d); use fewer features or hidden units",
          Arrays.toString(sizes), total, Integer.MAX_VALUE - 8));
    long offset = 0;
    for (int l = 0; l < layers; l++) {
      weightOffsets[l] = (int) offset;
      offset += (long) sizes[l] * sizes[l + 1];
      biasOffsets[l] = (int) offset;
      offset += sizes[l + 1];
    }
    numParameters = (int) offset;
  }

  /** input size, hidden sizes..., number of classes. */
  public static NetworkSpec of(int inputs, int[] hidden, int classes, Activation activation) {
    int[] sizes = new int[hidden.length + 2];
    sizes[0] = inputs;
    System.arraycopy(hidden, 0, sizes, 1, hidden.length);
    sizes[sizes.length - 1] = classes;
    return new NetworkSpec(sizes, activation);
  }

  public int[] sizes() { return sizes.clone(); }
  public int size(int layer) { return sizes[layer]; }
  public int numLayers() { return sizes.length - 1; }
  public int inputs() { return sizes[0]; }
  public int classes() { return sizes[sizes.length - 1]; }
  public Activation activation() { return activation; }
  public int numParameters() { return numParameters; }
  public int weightOffset(int layer) { return weightOffsets[layer]; }
  public int biasOffset(int layer) { return biasOffsets[layer]; }
  public int fanIn(int layer) { return sizes[layer]; }
  public int fanOut(int layer) { return sizes[layer + 1]; }

  /** This shape with every hidden layer widened to a multiple of {@code multiple} units (input and classes kept). */
  NetworkSpec withHiddenRoundedUp(int multiple) {
    int[] wide = sizes.clone();
    for (int l = 1; l < wide.length - 1; l++) wide[l] = (wide[l] + multiple - 1) / multiple * multiple;
    return Arrays.equals(wide, sizes) ? this : new NetworkSpec(wide, activation);
  }

  @Override public boolean equals(Object o) {
    return o instanceof NetworkSpec n && Arrays.equals(sizes, n.sizes) && activation == n.activation;
  }
  @Override public int hashCode() { return 31 * Arrays.hashCode(sizes) + activation.hashCode(); }
  @Override public String toString() { return Arrays.toString(sizes) + " " + activation.cliName(); }
}
