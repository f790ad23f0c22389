package io.sparkprop.optim;

import java.util.Map;

/**
 * LARS (You, Gitman and Ginsburg 2017, "Large Batch Training of Convolutional Networks",
 * Algorithm 1): momentum SGD whose rate is set per layer tensor from the ratio of the weights' norm
 * to the gradient's, so that every layer moves by about the same share of itself. For each weight
 * tensor w with gradient g (its entries as one vector), at global rate γ (the schedule's):
 *
 * <pre>
 *   local = η ‖w‖ / (‖g‖ + β ‖w‖)        (1 when ‖w‖ or ‖g‖ is 0)
 *   v = m v + γ · local · (g + β w)
 *   w -= v
 * </pre>
 *
 * η is the trust coefficient ({@code --lars-trust}), m the momentum ({@code --momentum}), β the
 * regimen's weight decay, here added to the gradient as the paper does (so no decay is applied
 * before the update). The fallback of 1 is the reference implementations' (TensorFlow's and
 * NVIDIA's LARS): it leaves a layer with zero weights or no gradient to plain momentum SGD.
 *
 * <p>Biases are excluded from the adaptation and the decay, as is common practice: a bias vector
 * takes the plain momentum step {@code v = m v + γ g, b -= v}. Since η scales the weights' steps
 * and not the biases', γ is larger than a plain SGD rate (about 1/η times the share of its norm a
 * weight tensor should move in a step).
 */
public final class Lars extends GradientStep {
  private final ParameterLayout layout;
  private final double momentum;
  private final double trust;
  private final double beta;
  private double[] velocity;
  private long steps;

  public Lars(ParameterLayout layout, double momentum, double trustCoefficient, double weightDecay) {
    super(ParameterDecay.NONE);
    Sgd.checkMomentum(momentum);
    checkTrust(trustCoefficient);
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay))
      throw new IllegalArgumentException("weight decay must be a non-negative number, got " + weightDecay);
    this.layout = layout;
    this.momentum = momentum;
    this.trust = trustCoefficient;
    this.beta = weightDecay;
    this.velocity = new double[layout.numParameters()];
  }

  @Override public void update(double[] w, double[] g, double gamma) {
    for (ParameterLayout.Tensor t : layout.tensors()) {
      double decay = t.bias() ? 0 : beta;
      double rate = gamma * (t.bias() ? 1 : localRate(t.norm(w), t.norm(g)));
      for (int i = t.offset(); i < t.end(); i++) {
        velocity[i] = momentum * velocity[i] + rate * (decay == 0 ? g[i] : g[i] + decay * w[i]);
        w[i] -= velocity[i];
      }
    }
    steps++;
  }

  /** η ‖w‖ / (‖g‖ + β ‖w‖); 1 when either norm is 0. */
  double localRate(double weightNorm, double gradientNorm) {
    return weightNorm > 0 && gradientNorm > 0 ? trust * weightNorm / (gradientNorm + beta * weightNorm) : 1;
  }

  /** The velocity as the paper has it: v, with w -= v (sgd's buffer holds its negative). */
  @Override public OptimizerState state() { return new OptimizerState(name(), steps, Map.of("velocity", velocity)); }

  @Override public void restore(OptimizerState state) {
    Optimizers.checkName(this, state);
    velocity = Optimizers.checkedBuffer(state, "velocity", velocity.length);
    steps = state.steps();
  }

  @Override public String name() { return "lars"; }

  static void checkTrust(double trustCoefficient) {
    if (!(trustCoefficient > 0) || Double.isInfinite(trustCoefficient))
      throw new IllegalArgumentException("lars trust must be a positive number, got " + trustCoefficient);
  }
}
