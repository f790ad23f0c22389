package io.sparkprop.optim;

/**
 * An update rule, applied on the driver once a step to the full flat parameter vector. It takes
 * the step's {@link Objective} and decides how often to evaluate it: once for a gradient step (sgd,
 * adam), as often as its line search needs for L-BFGS. It keeps its own state between steps
 * (momentum, moments, curvature pairs) as a plain value that a checkpoint can save.
 */
public interface Optimizer {
  /**
   * Moves {@code params} in place by one step on {@code objective}; returns the loss the step
   * reports: at the point the gradient was taken for a gradient step, at the new point for L-BFGS.
   */
  double step(double[] params, Objective objective, double learningRate);

  /** The state after the steps taken so far; restoring it makes the same next step. */
  OptimizerState state();

  void restore(OptimizerState state);

  String name();
}
