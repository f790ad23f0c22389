package io.sparkprop.optim;

/**
 * A rule that takes one gradient a step (sgd, adam, lamb, lars): evaluate the objective once, apply
 * decoupled weight decay (none for lamb and lars, which decay inside their update), then
 * {@link #update} from that gradient.
 */
public abstract class GradientStep implements Optimizer {
  private final ParameterDecay decay;

  protected GradientStep(ParameterDecay decay) { this.decay = decay; }

  @Override public final double step(double[] params, Objective objective, double learningRate) {
    Objective.Value value = objective.at(params);
    decay.apply(learningRate, params);
    update(params, value.gradient(), learningRate);
    return value.loss();
  }

  /** Moves {@code params} in place, given the mean gradient of the step's batch. */
  public abstract void update(double[] params, double[] gradient, double learningRate);
}
