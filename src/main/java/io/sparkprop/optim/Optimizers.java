package io.sparkprop.optim;

/** Builds optimizers from their configuration and checks restored state. */
public final class Optimizers {
  private Optimizers() {}

  public static Optimizer create(OptimizerConfig config, int numParameters) {
    return switch (config.name()) {
      case "sgd" -> new Sgd(numParameters, config.momentum(), config.nesterov());
      case "adam" -> new Adam(numParameters, config.beta1(), config.beta2(), config.epsilon());
      default -> throw new IllegalArgumentException(config.name() + " is not a per-step optimizer (see LbfgsTrainer)");
    };
  }

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
