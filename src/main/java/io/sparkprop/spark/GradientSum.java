package io.sparkprop.spark;

import java.io.Serializable;

/**
 * What treeAggregate sums over the partitions: the gradient sum, the loss sum and the sample count.
 * The zero value carries no array, so nothing large is shipped to executors; each task allocates its own.
 */
public final class GradientSum implements Serializable {
  private static final long serialVersionUID = 1L;

  double[] gradient;
  double loss;
  long count;

  static GradientSum zero() { return new GradientSum(); }

  GradientSum add(GradientSum other) {
    if (other.gradient == null) return this;
    if (gradient == null) return other;
    for (int i = 0; i < gradient.length; i++) gradient[i] += other.gradient[i];
    loss += other.loss;
    count += other.count;
    return this;
  }

  /** The summed gradient (null when the batch was empty). */
  public double[] gradient() { return gradient; }
  public double loss() { return loss; }
  public long count() { return count; }
}
