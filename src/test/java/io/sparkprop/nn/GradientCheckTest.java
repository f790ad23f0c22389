package io.sparkprop.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Analytic gradients against centered finite differences, in double precision. */
class GradientCheckTest {

  static Stream<Arguments> networks() {
    Stream.Builder<Arguments> cases = Stream.builder();
    int[][] hiddens = {{}, {7}, {6, 5, 4}};
    for (Activation activation : Activation.values())
      for (int[] hidden : hiddens)
        for (double l2 : new double[] {0, 0.1})
          cases.add(Arguments.of(activation, hidden, l2));
    return cases.build();
  }

  @ParameterizedTest(name = "{0} hidden={1} l2={2}")
  @MethodSource("networks")
  void analyticGradientMatchesCenteredDifferences(Activation activation, int[] hidden, double l2) {
    NetworkSpec spec = NetworkSpec.of(5, hidden, 3, activation);
    Block block = randomBlock(5, 3, 9, 11);
    double[] params = Initializer.initialParameters(spec, 7);
    // Biases start at zero; move them so their gradients are exercised away from a symmetric point.
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < params.length; i++) params[i] += 0.1 * (random.nextDouble() - 0.5);
    Network<double[]> network = Precision.DOUBLE.network(spec, 16);

    double[] analytic = new double[spec.numParameters()];
    double lossSum = network.accumulateGradient(params, block, analytic);
    int n = block.size();
    for (int i = 0; i < analytic.length; i++) analytic[i] /= n;
    double objective = lossSum / n + L2Penalty.addTo(spec, l2, params, analytic);
    assertEquals(objective(network, spec, params, block, l2), objective, 1e-12);

    double worst = 0;
    for (int i = 0; i < params.length; i++) {
      double numeric = centeredDifference(network, spec, params, block, l2, i);
      double scale = Math.max(1e-8, Math.abs(numeric) + Math.abs(analytic[i]));
      worst = Math.max(worst, Math.abs(numeric - analytic[i]) / scale);
    }
    assertTrue(worst < 1e-6, "max relative error " + worst);
  }

  /** A fixed inverted-dropout mask (drop or scale by 1/(1-p)) is part of the function; its gradient must match too. */
  @ParameterizedTest(name = "{0} hidden={1} l2={2}")
  @MethodSource("networks")
  void dropoutGradientWithAFixedMaskMatchesCenteredDifferences(Activation activation, int[] hidden, double l2) {
    if (hidden.length == 0) return; // dropout acts on hidden layers only
    NetworkSpec spec = NetworkSpec.of(5, hidden, 3, activation);
    Block block = randomBlock(5, 3, 9, 11);
    double[] params = Initializer.initialParameters(spec, 7);
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < params.length; i++) params[i] += 0.1 * (random.nextDouble() - 0.5);
    double rate = 0.3;
    double[][] fixed = new double[hidden.length][];
    SplittableRandom maskRandom = new SplittableRandom(17);
    for (int l = 0; l < hidden.length; l++) {
      fixed[l] = new double[hidden[l] * 16];
      for (int i = 0; i < fixed[l].length; i++) fixed[l][i] = maskRandom.nextDouble() < rate ? 0 : 1 / (1 - rate);
    }
    DropoutMasks masks = (layer, mask, length) -> System.arraycopy(fixed[layer], 0, mask, 0, length);
    Network<double[]> network = Precision.DOUBLE.network(spec, 16);
    int n = block.size();

    double[] analytic = new double[spec.numParameters()];
    network.accumulateGradient(params, block, analytic, masks);
    for (int i = 0; i < analytic.length; i++) analytic[i] /= n;
    L2Penalty.addTo(spec, l2, params, analytic);

    double worst = 0;
    for (int i = 0; i < params.length; i++) {
      double saved = params[i];
      double h = spec.activation() == Activation.RELU ? 1e-5 : 1e-4;
      params[i] = saved + h;
      double up = droppedObjective(network, spec, params, block, l2, masks);
      params[i] = saved - h;
      double down = droppedObjective(network, spec, params, block, l2, masks);
      params[i] = saved;
      double numeric = (up - down) / (2 * h);
      double scale = Math.max(1e-8, Math.abs(numeric) + Math.abs(analytic[i]));
      worst = Math.max(worst, Math.abs(numeric - analytic[i]) / scale);
    }
    assertTrue(worst < 1e-5, "max relative error " + worst);
  }

  @org.junit.jupiter.api.Test
  void dropoutIsOffWhenScoring() {
    NetworkSpec spec = NetworkSpec.of(5, new int[] {7}, 3, Activation.RELU);
    Block block = randomBlock(5, 3, 9, 11);
    double[] params = Initializer.initialParameters(spec, 7);
    Network<double[]> network = Precision.DOUBLE.network(spec, 16);
    double before = network.loss(params, block);
    network.accumulateGradient(params, block, new double[spec.numParameters()], DropoutMasks.random(0.5, 1));
    assertEquals(before, network.loss(params, block), 0.0);
  }

  private static double droppedObjective(Network<double[]> network, NetworkSpec spec, double[] params, Block block, double l2, DropoutMasks masks) {
    double loss = network.accumulateGradient(params, block, new double[spec.numParameters()], masks);
    return loss / block.size() + L2Penalty.addTo(spec, l2, params, new double[spec.numParameters()]);
  }

  /**
   * ReLU is piecewise linear, so the two-point centered difference is exact on one piece up to rounding;
   * a tiny step keeps it on that piece. Smooth activations use the five-point centered stencil
   * (truncation O(h^4)) with a larger step, which keeps rounding error (~1e-16 / h) far below the
   * tolerance even for the tiny first-layer gradients of a deep sigmoid network.
   */
  private static double centeredDifference(Network<double[]> network, NetworkSpec spec, double[] params, Block block, double l2, int i) {
    double saved = params[i];
    double d;
    if (spec.activation() == Activation.RELU) {
      double h = 1e-5;
      d = (at(network, spec, params, block, l2, i, saved + h) - at(network, spec, params, block, l2, i, saved - h)) / (2 * h);
    } else {
      double h = 1e-3;
      double f2 = at(network, spec, params, block, l2, i, saved + 2 * h);
      double f1 = at(network, spec, params, block, l2, i, saved + h);
      double b1 = at(network, spec, params, block, l2, i, saved - h);
      double b2 = at(network, spec, params, block, l2, i, saved - 2 * h);
      d = (-f2 + 8 * f1 - 8 * b1 + b2) / (12 * h);
    }
    params[i] = saved;
    return d;
  }

  private static double at(Network<double[]> network, NetworkSpec spec, double[] params, Block block, double l2, int i, double value) {
    params[i] = value;
    return objective(network, spec, params, block, l2);
  }

  private static double objective(Network<double[]> network, NetworkSpec spec, double[] params, Block block, double l2) {
    double[] unused = new double[params.length];
    return network.loss(params, block) / block.size() + L2Penalty.addTo(spec, l2, params, unused);
  }

  static Block randomBlock(int inputs, int classes, int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[inputs * n];
    int[] y = new int[n];
    for (int i = 0; i < x.length; i++) x[i] = (float) (2 * random.nextDouble() - 1);
    for (int i = 0; i < n; i++) y[i] = random.nextInt(classes);
    return new Block(inputs, n, x, y);
  }
}
