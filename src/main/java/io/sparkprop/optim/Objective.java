package io.sparkprop.optim;

/**
 * A differentiable function of the flat parameter vector, as an update rule sees it: the loss at
 * {@code x} and its gradient there. Training's objective is the mean loss over a batch plus L2
 * (see {@code spark.DistributedObjective}); the update rules know nothing more of it.
 */
@FunctionalInterface
public interface Objective {
  /** The loss at a point and its gradient there (owned by the caller from then on). */
  record Value(double loss, double[] gradient) {}

  Value at(double[] x);
}
