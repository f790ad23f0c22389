package io.sparkprop.optim;

/**
 * A first-order update rule applied on the driver once per step, to the full flat parameter vector.
 * Implementations keep their own state (momentum, moments) between steps.
 */
public interface Optimizer {
  /** Moves {@code params} in place, given the mean gradient of the step's batch. */
  void step(double[] params, double[] gradient, double learningRate);

  /** The state after the steps taken so far; restoring it makes the same next step. */
  OptimizerState state();

  void restore(OptimizerState state);

  String name();
}
