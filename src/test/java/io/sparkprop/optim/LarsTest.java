package io.sparkprop.optim;

import static io.sparkprop.optim.LambTest.TWO_LAYERS;
import static io.sparkprop.optim.LambTest.gradient;
import static io.sparkprop.optim.LambTest.weights;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * LARS's update on the two-layer network of {@link LambTest}, against Algorithm 1 of You, Gitman and
 * Ginsburg (2017) computed here tensor by tensor.
 */
class LarsTest {
  @Test
  void theFirstStepScalesEachWeightMatrixsGradientByEtaTimesTheNormRatio() {
    // W1 = (3, 0, 0, 4): |W1| = 5; its gradient (0.6, 0, 0.8, 0) has norm 1
    double[] w = weights(), g = gradient(0);
    g[6] = 0.6; g[7] = 0; g[8] = 0.8; g[9] = 0;
    double[] before = w.clone();
    new Lars(TWO_LAYERS, 0.9, 0.001, 0).update(w, g, 2);
    // local rate 0.001 * 5 / 1 = 0.005, times gamma 2: W1 -= 0.01 g
    assertEquals(3 - 0.006, w[6], 1e-15);
    assertEquals(0, w[7], 1e-15);
    assertEquals(0 - 0.008, w[8], 1e-15);
    assertEquals(4, w[9], 1e-15);
    // W0 = (1, -1, 1, 1), |W0| = 2, g0 = (0.2, -0.4, 0.1, 0.3), |g0| = sqrt(0.3)
    double local0 = 0.001 * 2 / Math.sqrt(0.3);
    for (int i = 0; i < 4; i++) assertEquals(before[i] - 2 * local0 * g[i], w[i], 1e-15, "W0 entry " + i);
    // biases take plain momentum SGD at gamma: b -= 2 g
    for (int i : new int[] {4, 5, 10, 11}) assertEquals(before[i] - 2 * g[i], w[i], 1e-15, "bias entry " + i);
  }

  @Test
  void weightDecayEntersTheGradientAndTheLocalRate() {
    double beta = 0.1;
    double[] w = weights(), g = gradient(0);
    g[6] = 0.6; g[7] = 0; g[8] = 0.8; g[9] = 0;
    new Lars(TWO_LAYERS, 0.9, 0.001, beta).update(w, g, 2);
    // W1: local = 0.001 * 5 / (1 + 0.1 * 5) = 1/300; v = 2/300 (g + 0.1 W1)
    double[] w1 = {3, 0, 0, 4}, g1 = {0.6, 0, 0.8, 0};
    for (int i = 0; i < 4; i++) assertEquals(w1[i] - 2.0 / 300 * (g1[i] + beta * w1[i]), w[6 + i], 1e-15, "W1 entry " + i);
    // biases: no decay
    double[] b = weights(), gb = gradient(0);
    for (int i : new int[] {4, 5, 10, 11}) assertEquals(b[i] - 2 * gb[i], w[i], 1e-15, "bias entry " + i);
  }

  /** Algorithm 1 of the paper, with biases excluded from the adaptation and the decay. */
  private static double[] reference(double[] x0, int steps, double gamma, double m, double eta, double beta) {
    double[] x = x0.clone(), v = new double[x.length];
    for (int t = 0; t < steps; t++) {
      double[] g = gradient(t);
      for (ParameterLayout.Tensor tensor : TWO_LAYERS.tensors()) {
        double wn = 0, gn = 0;
        for (int i = tensor.offset(); i < tensor.end(); i++) {
          wn += x[i] * x[i];
          gn += g[i] * g[i];
        }
        wn = Math.sqrt(wn);
        gn = Math.sqrt(gn);
        double local = tensor.bias() || wn == 0 || gn == 0 ? 1 : eta * wn / (gn + beta * wn);
        double decay = tensor.bias() ? 0 : beta;
        for (int i = tensor.offset(); i < tensor.end(); i++) {
          v[i] = m * v[i] + gamma * local * (g[i] + decay * x[i]);
          x[i] -= v[i];
        }
      }
    }
    return x;
  }

  @Test
  void threeStepsWithMomentumAndWeightDecayFollowThePapersAlgorithm() {
    Lars lars = new Lars(TWO_LAYERS, 0.9, 0.002, 0.01);
    double[] w = weights();
    for (int t = 0; t < 3; t++) lars.update(w, gradient(t), 1.5);
    assertArrayEquals(reference(weights(), 3, 1.5, 0.9, 0.002, 0.01), w, 1e-14);
    assertEquals(3, lars.state().steps());
  }

  @Test
  void theLocalRateIsOneWhenEitherNormIsZero() {
    Lars lars = new Lars(TWO_LAYERS, 0.9, 0.001, 0.1);
    assertEquals(1, lars.localRate(0, 2));
    assertEquals(1, lars.localRate(2, 0));
    assertEquals(0.001 * 2 / (1 + 0.1 * 2), lars.localRate(2, 1), 1e-18);
    // zero weights in W0 take plain momentum SGD: W0 = -gamma g; W1 without a gradient decays at local
    // rate 1, W1 -= gamma beta W1 (the formula at |g| = 0 would give gamma eta W1)
    double[] w = weights(), g = gradient(0);
    for (int i = 0; i < 4; i++) w[i] = 0;
    for (int i = 6; i < 10; i++) g[i] = 0;
    double[] before = w.clone();
    lars.update(w, g, 2);
    for (int i = 0; i < 4; i++) assertEquals(-2 * g[i], w[i], 1e-15, "W0 entry " + i);
    for (int i = 6; i < 10; i++) assertEquals(before[i] * (1 - 2 * 0.1), w[i], 1e-15, "W1 entry " + i);
  }

  @Test
  void badHyperParametersAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Lars(TWO_LAYERS, 1, 0.001, 0));
    assertThrows(IllegalArgumentException.class, () -> new Lars(TWO_LAYERS, 0.9, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new Lars(TWO_LAYERS, 0.9, Double.NaN, 0));
    assertThrows(IllegalArgumentException.class, () -> new Lars(TWO_LAYERS, 0.9, 0.001, -0.1));
    assertThrows(IllegalArgumentException.class, () -> new OptimizerConfig.Lars(1, 0.9, -1));
  }
}
