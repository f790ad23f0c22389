package io.sparkprop.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * LAMB's update on a two-layer network small enough to check by hand: W0 (2 x 2), b0 (2), W1 (2 x 2),
 * b1 (2), against Algorithm 2 of You et al. (2019) computed here tensor by tensor.
 */
class LambTest {
  private static final double B1 = 0.9, B2 = 0.999, EPS = 1e-6;

  /** W0 = [0..4), b0 = [4..6), W1 = [6..10), b1 = [10..12). */
  static final ParameterLayout TWO_LAYERS = new ParameterLayout(List.of(
      new ParameterLayout.Tensor(0, 4, false), new ParameterLayout.Tensor(4, 2, true),
      new ParameterLayout.Tensor(6, 4, false), new ParameterLayout.Tensor(10, 2, true)));

  static double[] weights() { return new double[] {1, -1, 1, 1, 0.5, -0.5, 3, 0, 0, 4, 0.1, 0.2}; }

  static double[] gradient(int step) {
    double s = 1 + 0.5 * step;
    return new double[] {0.2 * s, -0.4, 0.1, 0.3 * s, 0.5, -0.25 * s, -0.02, 0.06 * s, 0.01, -0.03, 0.7, -0.1};
  }

  private static double norm(double[] x) {
    double s = 0;
    for (double v : x) s += v * v;
    return Math.sqrt(s);
  }

  private static double[] slice(double[] x, ParameterLayout.Tensor t) {
    return java.util.Arrays.copyOfRange(x, t.offset(), t.end());
  }

  @Test
  void theFirstStepMovesEachWeightMatrixByEtaTimesItsNormAndEachBiasByAdamsFirstStep() {
    double eta = 0.01;
    double[] w = weights(), before = w.clone(), g = gradient(0);
    new Lamb(TWO_LAYERS, B1, B2, EPS, 0).update(w, g, eta);
    // W0 = (1, -1, 1, 1): |W0| = 2; the first step's r is g / (|g| + eps), about sign(g), |r| about 2,
    // so the ratio is about 1 and each entry moves by about eta against its gradient's sign
    for (int i = 0; i < 4; i++) assertEquals(before[i] - eta * Math.signum(g[i]), w[i], 1e-6, "W0 entry " + i);
    // W1 = (3, 0, 0, 4): |W1| = 5, so W1 moves by exactly 5 eta in norm (whatever eps), about along -sign(g)
    double[] dw1 = new double[4];
    for (int i = 0; i < 4; i++) dw1[i] = w[6 + i] - before[6 + i];
    assertEquals(5 * eta, norm(dw1), 1e-12, "|dW1| = eta |W1|");
    for (int i = 0; i < 4; i++) assertEquals(-5 * eta / 2 * Math.signum(g[6 + i]), dw1[i], 1e-5, "W1 entry " + i);
    // biases: no trust ratio, b -= eta g / (|g| + eps) (m-hat = g, v-hat = g^2 after one step)
    assertEquals(0.5 - eta * 0.5 / (0.5 + EPS), w[4], 1e-15);
    assertEquals(-0.5 + eta * 0.25 / (0.25 + EPS), w[5], 1e-15);
    assertEquals(0.1 - eta * 0.7 / (0.7 + EPS), w[10], 1e-15);
    assertEquals(0.2 + eta * 0.1 / (0.1 + EPS), w[11], 1e-15);
  }

  /** Algorithm 2 of the paper, with biases excluded from the trust ratio and the decay, one tensor at a time. */
  private static double[] reference(double[] x0, int steps, double eta, double lambda) {
    double[] x = x0.clone(), m = new double[x.length], v = new double[x.length];
    for (int t = 1; t <= steps; t++) {
      double[] g = gradient(t - 1);
      for (ParameterLayout.Tensor tensor : TWO_LAYERS.tensors()) {
        int n = tensor.size(), o = tensor.offset();
        double[] update = new double[n];
        for (int j = 0; j < n; j++) {
          m[o + j] = B1 * m[o + j] + (1 - B1) * g[o + j];
          v[o + j] = B2 * v[o + j] + (1 - B2) * g[o + j] * g[o + j];
          double mHat = m[o + j] / (1 - Math.pow(B1, t)), vHat = v[o + j] / (1 - Math.pow(B2, t));
          update[j] = mHat / (Math.sqrt(vHat) + EPS) + (tensor.bias() ? 0 : lambda * x[o + j]);
        }
        double phi = norm(slice(x, tensor)), u = norm(update);
        double ratio = tensor.bias() || phi == 0 || u == 0 ? 1 : phi / u;
        for (int j = 0; j < n; j++) x[o + j] -= eta * ratio * update[j];
      }
    }
    return x;
  }

  @Test
  void threeStepsWithWeightDecayFollowThePapersAlgorithm() {
    Lamb lamb = new Lamb(TWO_LAYERS, B1, B2, EPS, 0.1);
    double[] w = weights();
    for (int t = 0; t < 3; t++) lamb.update(w, gradient(t), 0.02);
    assertArrayEquals(reference(weights(), 3, 0.02, 0.1), w, 1e-14);
    assertEquals(3, lamb.state().steps());
  }

  @Test
  void weightDecayShrinksTheWeightsButNotTheBiases() {
    double[] plain = weights(), decayed = weights();
    new Lamb(TWO_LAYERS, B1, B2, EPS, 0).update(plain, gradient(0), 0.01);
    new Lamb(TWO_LAYERS, B1, B2, EPS, 0.5).update(decayed, gradient(0), 0.01);
    for (int i : new int[] {4, 5, 10, 11}) assertEquals(plain[i], decayed[i], "bias entry " + i);
    assertTrue(norm(slice(decayed, TWO_LAYERS.tensors().get(0))) < norm(slice(plain, TWO_LAYERS.tensors().get(0))), "W0 shrinks");
  }

  @Test
  void theTrustRatioIsOneWhenEitherNormIsZero() {
    assertEquals(1, Lamb.trustRatio(0, 3));
    assertEquals(1, Lamb.trustRatio(2, 0));
    assertEquals(1, Lamb.trustRatio(0, 0));
    assertEquals(0.5, Lamb.trustRatio(2, 4));
    // zero weights in W0 (a fresh zero layer) take r itself, times eta; with decay too, as lambda 0 = 0.
    // W1 without a gradient (r = 0) and without decay does not move, and no 0/0 makes a NaN.
    for (double lambda : new double[] {0, 0.1}) {
      double[] w = weights(), g = gradient(0);
      for (int i = 0; i < 4; i++) w[i] = 0;
      for (int i = 6; i < 10; i++) g[i] = 0;
      double[] before = w.clone();
      new Lamb(TWO_LAYERS, B1, B2, EPS, lambda).update(w, g, 0.01);
      for (int i = 0; i < 4; i++) assertEquals(-0.01 * g[i] / (Math.abs(g[i]) + EPS), w[i], 1e-15, "W0 entry " + i + ", lambda " + lambda);
      // with decay, u = lambda W1: the ratio is 1 / lambda and W1 shrinks by eta of itself
      for (int i = 6; i < 10; i++) assertEquals(before[i] * (lambda == 0 ? 1 : 1 - 0.01), w[i], 1e-15, "W1 entry " + i + ", lambda " + lambda);
    }
  }

  @Test
  void badHyperParametersAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Lamb(TWO_LAYERS, 1, B2, EPS, 0));
    assertThrows(IllegalArgumentException.class, () -> new Lamb(TWO_LAYERS, B1, B2, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new Lamb(TWO_LAYERS, B1, B2, EPS, -1));
    assertThrows(IllegalArgumentException.class, () -> new OptimizerConfig.Lamb(0));
  }
}
