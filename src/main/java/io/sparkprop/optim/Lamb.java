package io.sparkprop.optim;

import java.util.Map;

/**
 * LAMB (You et al. 2019, "Large Batch Optimization for Deep Learning", Algorithm 2): Adam's
 * direction, rescaled per layer tensor so that a step moves each weight matrix by about η times its
 * own norm, whatever the scale of its gradient. At step t, for each entry,
 *
 * <pre>
 *   m = β1 m + (1 - β1) g        v = β2 v + (1 - β2) g²
 *   r = (m / (1 - β1^t)) / (sqrt(v / (1 - β2^t)) + ε)
 * </pre>
 *
 * and for each weight tensor w (its entries as one vector), with u = r + λ w,
 * {@code w -= η · ‖w‖ / ‖u‖ · u} (φ the identity); the trust ratio ‖w‖ / ‖u‖ is 1 when either norm
 * is 0 (fresh zero weights, or nothing to move). λ is the regimen's weight decay, inside the update
 * as the paper has it (decoupled from the moments, scaled by the trust ratio), so no decay is
 * applied before it.
 *
 * <p>Biases are excluded from the adaptation and the decay, as in the paper's BERT code and common
 * practice: a bias vector takes the plain bias-corrected Adam step {@code b -= η r}. η is the
 * schedule's rate of the step, so warm-up and decay apply as to every rule.
 */
public final class Lamb extends GradientStep {
  private final ParameterLayout layout;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double lambda;
  private double[] m;
  private double[] v;
  /** Scratch, not state: this step's direction u, so the second pass over a tensor does not recompute it. */
  private final double[] u;
  private long steps;

  public Lamb(ParameterLayout layout, double beta1, double beta2, double epsilon, double weightDecay) {
    super(ParameterDecay.NONE);
    Adam.check(name(), beta1, beta2, epsilon);
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay))
      throw new IllegalArgumentException("weight decay must be a non-negative number, got " + weightDecay);
    this.layout = layout;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.lambda = weightDecay;
    this.m = new double[layout.numParameters()];
    this.v = new double[layout.numParameters()];
    this.u = new double[layout.numParameters()];
  }

  @Override public void update(double[] w, double[] g, double eta) {
    steps++;
    double c1 = 1 - Math.pow(beta1, steps), c2 = 1 - Math.pow(beta2, steps);
    for (ParameterLayout.Tensor t : layout.tensors()) {
      double decay = t.bias() ? 0 : lambda;
      double wSquares = 0, uSquares = 0;
      for (int i = t.offset(); i < t.end(); i++) {
        m[i] = beta1 * m[i] + (1 - beta1) * g[i];
        v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
        u[i] = direction(i, w, decay, c1, c2);
        wSquares += w[i] * w[i];
        uSquares += u[i] * u[i];
      }
      double ratio = t.bias() ? 1 : trustRatio(Math.sqrt(wSquares), Math.sqrt(uSquares));
      double stepSize = eta * ratio;
      for (int i = t.offset(); i < t.end(); i++) w[i] -= stepSize * u[i];
    }
  }

  /** u_i = r_i + λ w_i. */
  private double direction(int i, double[] w, double decay, double c1, double c2) {
    double r = (m[i] / c1) / (Math.sqrt(v[i] / c2) + epsilon);
    return decay == 0 ? r : r + decay * w[i];
  }

  /** φ(‖w‖) / ‖u‖ with φ the identity; 1 when either norm is 0. */
  static double trustRatio(double weightNorm, double updateNorm) {
    return weightNorm > 0 && updateNorm > 0 ? weightNorm / updateNorm : 1;
  }

  @Override public OptimizerState state() { return new OptimizerState(name(), steps, Map.of("m", m, "v", v)); }

  @Override public void restore(OptimizerState state) {
    Optimizers.checkName(this, state);
    m = Optimizers.checkedBuffer(state, "m", m.length);
    v = Optimizers.checkedBuffer(state, "v", v.length);
    steps = state.steps();
  }

  @Override public String name() { return "lamb"; }
}
