package io.sparkprop.optim;

import java.util.Map;

/** Adam (Kingma and Ba, 2015): per-parameter steps from bias-corrected first and second moments. */
public final class Adam extends GradientStep {
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private double[] m;
  private double[] v;
  private long steps;

  public Adam(int numParameters, double beta1, double beta2, double epsilon, ParameterDecay decay) {
    super(decay);
    check(name(), beta1, beta2, epsilon);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.m = new double[numParameters];
    this.v = new double[numParameters];
  }

  @Override public void update(double[] params, double[] gradient, double learningRate) {
    steps++;
    // Bias correction folded into the step size, as in the paper's Algorithm 1 (last paragraph of section 2).
    double stepSize = learningRate * Math.sqrt(1 - Math.pow(beta2, steps)) / (1 - Math.pow(beta1, steps));
    for (int i = 0; i < params.length; i++) {
      double g = gradient[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g;
      v[i] = beta2 * v[i] + (1 - beta2) * g * g;
      params[i] -= stepSize * m[i] / (Math.sqrt(v[i]) + epsilon);
    }
  }

  @Override public OptimizerState state() { return new OptimizerState(name(), steps, Map.of("m", m, "v", v)); }

  @Override public void restore(OptimizerState state) {
    Optimizers.checkName(this, state);
    m = Optimizers.checkedBuffer(state, "m", m.length);
    v = Optimizers.checkedBuffer(state, "v", v.length);
    steps = state.steps();
  }

  @Override public String name() { return "adam"; }

  /** The moment estimates' hyper-parameters, as Adam and {@link Lamb} ({@code rule}) take them. */
  static void check(String rule, double beta1, double beta2, double epsilon) {
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1))
      throw new IllegalArgumentException(rule + " betas must be in [0, 1), got " + beta1 + ", " + beta2);
    if (!(epsilon > 0)) throw new IllegalArgumentException(rule + " epsilon must be positive, got " + epsilon);
  }
}
