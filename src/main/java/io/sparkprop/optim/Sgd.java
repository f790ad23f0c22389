package io.sparkprop.optim;

import java.util.Map;

/**
 * Gradient descent with optional momentum: v = mu v - lr g, then heavy ball p += v, or Nesterov
 * p += mu v - lr g (the gradient taken at the look-ahead point, in Bengio et al.'s 2013 form).
 */
public final class Sgd extends GradientStep {
  private final double momentum;
  private final boolean nesterov;
  private double[] velocity;
  private long steps;

  public Sgd(int numParameters, double momentum, boolean nesterov, ParameterDecay decay) {
    super(decay);
    checkMomentum(momentum);
    this.momentum = momentum;
    this.nesterov = nesterov;
    this.velocity = new double[numParameters];
  }

  @Override public void update(double[] params, double[] gradient, double learningRate) {
    for (int i = 0; i < params.length; i++) {
      velocity[i] = momentum * velocity[i] - learningRate * gradient[i];
      params[i] += nesterov ? momentum * velocity[i] - learningRate * gradient[i] : velocity[i];
    }
    steps++;
  }

  @Override public OptimizerState state() { return new OptimizerState(name(), steps, Map.of("velocity", velocity)); }

  @Override public void restore(OptimizerState state) {
    Optimizers.checkName(this, state);
    velocity = Optimizers.checkedBuffer(state, "velocity", velocity.length);
    steps = state.steps();
  }

  @Override public String name() { return "sgd"; }

  static void checkMomentum(double momentum) {
    if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
  }
}
