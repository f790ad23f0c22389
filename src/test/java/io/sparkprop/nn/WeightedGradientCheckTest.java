package io.sparkprop.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The weighted objective sum w_i L_i / sum w_i + L2: its analytic gradient against centered finite
 * differences of {@link Network#objective}, in double, over dense and sparse blocks. Weights include
 * a 0 (the sample must drop out of both) and non-integers.
 */
class WeightedGradientCheckTest {
  private static final double[] WEIGHTS = {0.5, 2, 0, 1, 3.25, 0.1, 1, 7, 0.75};

  static Stream<Arguments> networks() {
    Stream.Builder<Arguments> cases = Stream.builder();
    for (Activation activation : new Activation[] {Activation.TANH, Activation.RELU})
      for (int[] hidden : new int[][] {{}, {6, 5}})
        for (InputStorage storage : InputStorage.values())
          cases.add(Arguments.of(activation, hidden, storage));
    return cases.build();
  }

  @ParameterizedTest(name = "{0} hidden={1} {2}")
  @MethodSource("networks")
  void weightedGradientMatchesCenteredDifferencesOfTheWeightedLoss(Activation activation, int[] hidden, InputStorage storage) {
    NetworkSpec spec = NetworkSpec.of(5, hidden, 3, activation);
    Block block = weighted(GradientCheckTest.randomBlock(5, 3, WEIGHTS.length, 11), storage);
    double l2 = 0.1, weightSum = block.weightSum();
    double[] params = Initializer.initialParameters(spec, 7);
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < params.length; i++) params[i] += 0.1 * (random.nextDouble() - 0.5);
    Network<double[]> network = Precision.DOUBLE.network(spec, 16, storage);

    double[] analytic = new double[spec.numParameters()];
    double lossSum;
    if (storage == InputStorage.SPARSE) {
      SparseInputGradient g = SparseInputGradient.over(spec, List.of(block));
      lossSum = network.accumulateGradient(params, List.of(block), g, null);
      g.addTo(analytic);
    } else {
      lossSum = network.accumulateGradient(params, block, analytic);
    }
    for (int i = 0; i < analytic.length; i++) analytic[i] /= weightSum;
    L2Penalty.addTo(spec, l2, params, analytic);
    assertEquals(network.objective(params, block), lossSum, 1e-12 * Math.abs(lossSum));

    double worst = 0;
    for (int i = 0; i < params.length; i++) {
      double saved = params[i];
      double numeric;
      if (activation == Activation.RELU) { // piecewise linear: a tiny two-point step stays on one piece
        double h = 1e-5;
        numeric = (at(network, spec, params, block, l2, i, saved + h) - at(network, spec, params, block, l2, i, saved - h)) / (2 * h);
      } else { // five-point stencil, as GradientCheckTest
        double h = 1e-3;
        numeric = (-at(network, spec, params, block, l2, i, saved + 2 * h) + 8 * at(network, spec, params, block, l2, i, saved + h)
            - 8 * at(network, spec, params, block, l2, i, saved - h) + at(network, spec, params, block, l2, i, saved - 2 * h)) / (12 * h);
      }
      params[i] = saved;
      double scale = Math.max(1e-8, Math.abs(numeric) + Math.abs(analytic[i]));
      worst = Math.max(worst, Math.abs(numeric - analytic[i]) / scale);
    }
    assertTrue(worst < 1e-6, "max relative error " + worst);
  }

  @ParameterizedTest(name = "{0} hidden={1} {2}")
  @MethodSource("networks")
  void weightsAreTheSameAsRepeatingSamples(Activation activation, int[] hidden, InputStorage storage) {
    // integer weights: weighing sample i by k is adding its loss and gradient k times
    NetworkSpec spec = NetworkSpec.of(5, hidden, 3, activation);
    Block plain = GradientCheckTest.randomBlock(5, 3, 3, 5);
    double[] w = {2, 0, 3};
    Block weighted = weighted(plain, storage, w);
    double[] params = Initializer.initialParameters(spec, 7);
    Network<double[]> network = Precision.DOUBLE.network(spec, 16, storage);
    double repeated = 0;
    for (int i = 0; i < 3; i++) repeated += w[i] * network.loss(params, column(plain, i, storage));
    assertEquals(repeated, network.objective(params, weighted), 1e-12 * repeated);
    // evaluation's loss stays unweighted
    assertEquals(network.loss(params, weighted(plain, storage, new double[] {1, 1, 1})), network.loss(params, weighted), 1e-12);
  }

  private static double at(Network<double[]> network, NetworkSpec spec, double[] params, Block block, double l2, int i, double value) {
    params[i] = value;
    return network.objective(params, block) / block.weightSum() + L2Penalty.addTo(spec, l2, params, new double[params.length]);
  }

  private static Block weighted(Block dense, InputStorage storage) { return weighted(dense, storage, WEIGHTS); }

  /** The dense block's samples, weighted, stored as {@code storage}. */
  static Block weighted(Block dense, InputStorage storage, double[] weights) {
    int f = dense.inputs(), n = dense.size();
    if (storage == InputStorage.DENSE) return new Block(f, n, dense.features(), dense.labels(), weights);
    int[] starts = new int[n + 1], indices = new int[f * n];
    float[] values = new float[f * n];
    for (int i = 0, k = 0; i < n; i++) {
      for (int j = 0; j < f; j++) {
        float v = dense.features()[i * f + j];
        if (v != 0) {
          indices[k] = j;
          values[k++] = v;
        }
      }
      starts[i + 1] = k;
    }
    return Block.sparse(f, n, starts, indices, values, dense.labels(), weights);
  }

  private static Block column(Block dense, int i, InputStorage storage) {
    int f = dense.inputs();
    Block one = new Block(f, 1, java.util.Arrays.copyOfRange(dense.features(), i * f, (i + 1) * f), new int[] {dense.label(i)});
    return weighted(one, storage, null);
  }
}
