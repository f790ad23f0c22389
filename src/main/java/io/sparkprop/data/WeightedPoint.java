package io.sparkprop.data;

import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.regression.LabeledPoint;

/**
 * A row with a sample weight, read from a weight column. A {@link LabeledPoint} itself, so weighted
 * rows go through every step that takes rows (the validation split, the summary, repartitioning)
 * unchanged; only the steps that make new rows ({@link LabelMapping#apply}) and the block stacker
 * look at the weight. A plain LabeledPoint weighs 1 ({@link #weightOf}).
 *
 * <p>Equality is LabeledPoint's (label and features): the weight is not part of it.
 */
public final class WeightedPoint extends LabeledPoint {
  private static final long serialVersionUID = 1L;

  private final double weight;

  /** @throws IllegalArgumentException for a negative, NaN or infinite weight (readers check first, to name the line) */
  public WeightedPoint(double label, Vector features, double weight) {
    super(label, features);
    String problem = problem(weight);
    if (problem != null) throw new IllegalArgumentException(problem);
    this.weight = weight;
  }

  public double weight() { return weight; }

  /** The row's weight: its own if it has one, else 1. */
  public static double weightOf(LabeledPoint row) { return row instanceof WeightedPoint w ? w.weight : 1; }

  /** What is wrong with {@code weight} as a sample weight, or null if nothing is. */
  public static String problem(double weight) {
    if (weight >= 0 && !Double.isInfinite(weight)) return null;
    return "weight " + weight + " is not allowed: weights must be finite and non-negative";
  }

  /** {@code row}'s label and weight with other features (or the same features and another label): what a row's transform keeps. */
  static LabeledPoint withLabel(LabeledPoint row, double label) {
    return row instanceof WeightedPoint w ? new WeightedPoint(label, row.features(), w.weight) : new LabeledPoint(label, row.features());
  }

  @Override public String toString() { return "(" + label() + "," + features() + ",weight " + weight + ")"; }
}
