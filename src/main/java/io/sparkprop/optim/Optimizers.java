package io.sparkprop.optim;

/** Checks that a restored state belongs to the optimizer it is restored into. */
public final class Optimizers {
  private Optimizers() {}

  static void checkName(Optimizer optimizer, OptimizerState state) {
    if (!optimizer.name().equals(state.optimizer()))
      throw new IllegalArgumentException("cannot restore " + state.optimizer() + " state into " + optimizer.name());
  }

  static double[] checkedBuffer(OptimizerState state, String name, int length) {
    double[] b = state.buffer(name);
    if (b.length != length)
      throw new IllegalArgumentException(state.optimizer() + " buffer '" + name + "' has " + b.length + " entries, expected " + length);
    return b;
  }
}
