package io.sparkprop.data;

import java.io.Serializable;
import java.util.Arrays;
import java.util.StringJoiner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.mllib.regression.LabeledPoint;

/**
 * How the labels written in a data set become the class indices 0..K-1 the network trains on, and
 * back. Identity (the default) takes labels as class indices. Otherwise a table: class k is the
 * original label {@code originalLabels[k]}, ascending; e.g. -1/+1 sets (news20.binary, rcv1.binary)
 * read -1 as class 0 and +1 as class 1. Chosen by the training data's summary
 * ({@link DataSummary#labels()}), applied to its rows, stored with the model, and applied to test
 * data (through {@link DataSource.Expectations#labels()}) and to predictions ({@link #originalLabel}).
 */
public final class LabelMapping implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final LabelMapping IDENTITY = new LabelMapping(null);
  /** Labels shown in messages before the list is cut short. */
  private static final int SHOWN = 10;

  /** Class k's original label, strictly ascending; null for the identity. */
  private final int[] originalLabels;

  private LabelMapping(int[] originalLabels) {
    this.originalLabels = originalLabels;
  }

  /** -1 as class 0, +1 as class 1. */
  public static LabelMapping plusMinusOne() { return of(new int[] {-1, 1}); }

  /**
   * The table where class k is {@code originalLabels[k]}.
   *
   * @throws IllegalArgumentException unless the labels are strictly ascending and there are at least 2
   */
  public static LabelMapping of(int[] originalLabels) {
    if (originalLabels.length < 2) throw new IllegalArgumentException("a label mapping needs at least 2 labels, got " + originalLabels.length);
    for (int k = 1; k < originalLabels.length; k++)
      if (originalLabels[k] <= originalLabels[k - 1])
        throw new IllegalArgumentException("original labels must ascend, got " + Arrays.toString(originalLabels));
    return new LabelMapping(originalLabels.clone());
  }

  /**
   * The mapping for a training set whose distinct labels, ascending, are {@code labels}: -1/+1
   * when they are -1 and +1 alone (or -1 alone), otherwise the identity.
   */
  public static LabelMapping chooseFor(double[] labels) {
    boolean plusMinus = labels.length > 0 && labels[0] == -1;
    for (double label : labels) plusMinus &= label == -1 || label == 1;
    return plusMinus ? plusMinusOne() : IDENTITY;
  }

  public boolean isIdentity() { return originalLabels == null; }

  /** The number of classes the table defines; -1 for the identity, which takes any class index. */
  public int classes() { return originalLabels == null ? -1 : originalLabels.length; }

  /** Class k's original label, ascending; null for the identity. */
  public int[] originalLabels() { return originalLabels == null ? null : originalLabels.clone(); }

  /** The class of original label {@code label}, or -1 if it has none. */
  public int classOf(int label) {
    if (originalLabels == null) return label >= 0 ? label : -1;
    int at = Arrays.binarySearch(originalLabels, label);
    return at >= 0 ? at : -1;
  }

  /** The original label of class index {@code classIndex}, as predictions should report it. */
  public int originalLabel(int classIndex) {
    if (originalLabels == null) return classIndex;
    if (classIndex < 0 || classIndex >= originalLabels.length)
      throw new IllegalArgumentException("class " + classIndex + " outside the mapping's " + originalLabels.length + " classes");
    return originalLabels[classIndex];
  }

  /** What is wrong with original label {@code label} under this mapping, or null if it has a class. */
  public String problem(int label) {
    if (classOf(label) >= 0) return null;
    if (originalLabels == null)
      return "label " + label + " is not a class index: -1 is read as class 0 only in data labelled -1/+1 alone";
    return "label " + label + " is not one of the model's labels (" + listed(", ") + ")";
  }

  /**
   * The rows with each original label replaced by its class; the identity returns {@code rows} itself.
   *
   * @throws IllegalArgumentException (in the Spark job) for a label the table lacks: the mapping
   *     must come from these rows' summary, or their labels be checked while reading
   */
  public JavaRDD<LabeledPoint> apply(JavaRDD<LabeledPoint> rows) {
    if (originalLabels == null) return rows;
    // a weighted row keeps its weight (WeightedPoint.withLabel makes a plain LabeledPoint of a plain row)
    return rows.map(row -> WeightedPoint.withLabel(row, classOfRow(row.label())));
  }

  private int classOfRow(double label) {
    int k = label == Math.rint(label) && Math.abs(label) <= Integer.MAX_VALUE ? classOf((int) label) : -1;
    if (k < 0) throw new IllegalArgumentException("label " + label + " has no class in the mapping " + describe());
    return k;
  }

  /** For a log line, e.g. "-1/+1 read as classes 0/1". */
  public String describe() {
    if (originalLabels == null) return "class indices as given";
    StringJoiner classes = new StringJoiner("/");
    for (int k = 0; k < Math.min(originalLabels.length, SHOWN); k++) classes.add(Integer.toString(k));
    if (originalLabels.length > SHOWN) classes.add("…" + (originalLabels.length - 1));
    return listed("/") + " read as classes " + classes;
  }

  /** The original labels joined, positive ones with a plus sign when negative ones are present (as -1/+1 sets write them). */
  private String listed(String separator) {
    StringJoiner joined = new StringJoiner(separator);
    boolean signed = originalLabels[0] < 0;
    for (int k = 0; k < Math.min(originalLabels.length, SHOWN); k++)
      joined.add((signed && originalLabels[k] > 0 ? "+" : "") + originalLabels[k]);
    if (originalLabels.length > SHOWN) joined.add("…" + originalLabels[originalLabels.length - 1]);
    return joined.toString();
  }

  @Override public boolean equals(Object o) {
    return o instanceof LabelMapping m && Arrays.equals(originalLabels, m.originalLabels);
  }
  @Override public int hashCode() { return Arrays.hashCode(originalLabels); }
  @Override public String toString() { return "LabelMapping(" + describe() + ")"; }
}
