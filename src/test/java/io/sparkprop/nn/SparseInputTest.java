package io.sparkprop.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The first layer over sparse blocks: its gradient against centered finite differences in double,
 * and the same loss and gradient as the dense path on the same data (1e-9 relative in double,
 * single-precision round-off in float, in both float layouts).
 */
class SparseInputTest {

  static Stream<Arguments> networks() {
    Stream.Builder<Arguments> cases = Stream.builder();
    for (Activation activation : Activation.values())
      for (int[] hidden : new int[][] {{}, {7}, {6, 5}}) cases.add(Arguments.of(activation, hidden));
    return cases.build();
  }

  @ParameterizedTest(name = "{0} hidden={1}")
  @MethodSource("networks")
  void sparseGradientMatchesCenteredDifferences(Activation activation, int[] hidden) {
    NetworkSpec spec = NetworkSpec.of(12, hidden, 3, activation);
    Block[] pair = sparseAndDense(12, 3, 9, 0.25, 11);
    double[] params = perturbed(spec, 3);
    Network<double[]> network = Precision.DOUBLE.network(spec, 16, InputStorage.SPARSE);
    double[] analytic = sparseGradient(network, params, List.of(pair[0]));

    double worst = 0;
    for (int i = 0; i < params.length; i++) {
      double saved = params[i];
      double h = activation == Activation.RELU ? 1e-5 : 1e-4;
      params[i] = saved + h;
      double up = network.loss(params, pair[0]);
      params[i] = saved - h;
      double down = network.loss(params, pair[0]);
      params[i] = saved;
      double numeric = (up - down) / (2 * h) / pair[0].size(); // loss() sums over the samples
      double scale = Math.max(1e-8, Math.abs(numeric) + Math.abs(analytic[i]));
      worst = Math.max(worst, Math.abs(numeric - analytic[i]) / scale);
    }
    assertTrue(worst < 1e-6, "max relative error " + worst);
  }

  @ParameterizedTest(name = "{0} hidden={1}")
  @MethodSource("networks")
  void sparseAndDensePathsGiveTheSameGradientInDouble(Activation activation, int[] hidden) {
    NetworkSpec spec = NetworkSpec.of(40, hidden, 4, activation);
    List<Block> sparse = new ArrayList<>(), dense = new ArrayList<>();
    for (int b = 0; b < 3; b++) {
      Block[] pair = sparseAndDense(40, 4, 20 - b, 0.1, 20 + b);
      sparse.add(pair[0]);
      dense.add(pair[1]);
    }
    double[] params = perturbed(spec, 5);
    double[] expected = new double[spec.numParameters()];
    double denseLoss = Precision.DOUBLE.network(spec, 32).accumulateGradient(params, dense, expected, null);
    Network<double[]> network = Precision.DOUBLE.network(spec, 32, InputStorage.SPARSE);
    SparseInputGradient g = SparseInputGradient.over(spec, sparse);
    double sparseLoss = network.accumulateGradient(params, sparse, g, null);
    double[] actual = new double[spec.numParameters()];
    g.addTo(actual);
    assertEquals(denseLoss, sparseLoss, 1e-12 * Math.abs(denseLoss));
    assertTrue(relativeError(expected, actual) < 1e-9, "relative error " + relativeError(expected, actual));
  }

  static List<Precision<float[]>> floatLayouts() { return List.of(new SinglePrecision(1), new SinglePrecision(3)); }

  @ParameterizedTest
  @MethodSource("floatLayouts")
  void sparseFloatGradientAgreesWithDenseFloatToSinglePrecision(Precision<float[]> single) {
    NetworkSpec spec = NetworkSpec.of(300, new int[] {16, 8}, 5, Activation.RELU);
    List<Block> sparse = new ArrayList<>(), dense = new ArrayList<>();
    for (int b = 0; b < 10; b++) { // more than the 8 blocks float gathers before it flushes
      Block[] pair = sparseAndDense(300, 5, 30, 0.05, 40 + b);
      sparse.add(pair[0]);
      dense.add(pair[1]);
    }
    double[] params = perturbed(spec, 9);
    double[] expected = new double[spec.numParameters()];
    double denseLoss = single.network(spec, 32).accumulateGradient(single.pack(spec, params), dense, expected, i -> DropoutMasks.random(0.2, i));
    SparseInputGradient g = SparseInputGradient.over(spec, sparse);
    double sparseLoss = single.network(spec, 32, InputStorage.SPARSE)
        .accumulateGradient(single.pack(spec, params, InputStorage.SPARSE), sparse, g, i -> DropoutMasks.random(0.2, i));
    double[] actual = new double[spec.numParameters()];
    g.addTo(actual);
    assertEquals(denseLoss, sparseLoss, 1e-5 * Math.abs(denseLoss));
    assertTrue(relativeError(expected, actual) < 1e-5, "relative error " + relativeError(expected, actual));
  }

  @Test
  void sparseProbabilitiesEqualDenseOnes() {
    NetworkSpec spec = NetworkSpec.of(50, new int[] {10}, 3, Activation.TANH);
    Block[] pair = sparseAndDense(50, 3, 25, 0.1, 3);
    double[] params = perturbed(spec, 1);
    double[] dense = Precision.DOUBLE.network(spec, 32).probabilities(params, pair[1]).clone();
    double[] sparse = Precision.DOUBLE.network(spec, 32, InputStorage.SPARSE).probabilities(params, pair[0]);
    assertArrayEquals(dense, java.util.Arrays.copyOf(sparse, dense.length), 1e-14);
  }

  @Test
  void gradientHasRowsOnlyForTheFeaturesThatOccur() {
    NetworkSpec spec = NetworkSpec.of(1000, new int[] {4}, 2, Activation.RELU);
    Block block = Block.sparse(1000, 2, new int[] {0, 2, 3}, new int[] {5, 900, 5}, new float[] {1, 2, 3}, new int[] {0, 1});
    SparseInputGradient g = SparseInputGradient.over(spec, List.of(block));
    assertArrayEquals(new int[] {5, 900}, g.features());
    assertEquals(2 * 4, g.rows().length);
    assertEquals(spec.numParameters() - 1000 * 4, g.rest().length);
  }

  @Test
  void sumsOfGradientsOverDifferentFeaturesAddAsDenseOnesDo() {
    NetworkSpec spec = NetworkSpec.of(10, new int[] {2}, 2, Activation.RELU);
    SparseInputGradient a = new SparseInputGradient(spec, new int[] {1, 4});
    SparseInputGradient b = new SparseInputGradient(spec, new int[] {4, 7});
    for (int i = 0; i < 4; i++) {
      a.rows()[i] = i + 1;
      b.rows()[i] = 10 * (i + 1);
    }
    a.rest()[0] = 0.5;
    b.rest()[0] = 0.25;
    double[] expected = new double[spec.numParameters()];
    a.addTo(expected);
    b.addTo(expected);
    double[] actual = new double[spec.numParameters()];
    SparseInputGradient sum = a.plus(b);
    sum.addTo(actual);
    assertArrayEquals(new int[] {1, 4, 7}, sum.features());
    assertArrayEquals(expected, actual, 0.0);
  }

  @Test
  void aNetworkRefusesBlocksOfTheOtherStorage() {
    NetworkSpec spec = NetworkSpec.of(6, new int[] {3}, 2, Activation.RELU);
    Block[] pair = sparseAndDense(6, 2, 4, 0.5, 1);
    double[] params = perturbed(spec, 2);
    assertThrows(IllegalArgumentException.class, () -> Precision.DOUBLE.network(spec, 8).loss(params, pair[0]));
    assertThrows(IllegalArgumentException.class, () -> Precision.DOUBLE.network(spec, 8, InputStorage.SPARSE).loss(params, pair[1]));
  }

  /** The gradient of the mean loss over {@code blocks}, in the flat layout. */
  private static double[] sparseGradient(Network<double[]> network, double[] params, List<Block> blocks) {
    NetworkSpec spec = network.spec();
    SparseInputGradient g = SparseInputGradient.over(spec, blocks);
    network.accumulateGradient(params, blocks, g, null);
    double[] dense = new double[spec.numParameters()];
    g.addTo(dense);
    int n = 0;
    for (Block b : blocks) n += b.size();
    for (int i = 0; i < dense.length; i++) dense[i] /= n;
    return dense;
  }

  /** The same random samples (about {@code density} of the entries non-zero) as a sparse and a dense block. */
  static Block[] sparseAndDense(int inputs, int classes, int n, double density, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[inputs * n];
    int[] y = new int[n];
    int[] starts = new int[n + 1];
    List<Integer> indices = new ArrayList<>();
    List<Float> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      y[i] = random.nextInt(classes);
      for (int j = 0; j < inputs; j++) {
        if (random.nextDouble() >= density) continue;
        float v = (float) (2 * random.nextDouble() - 1);
        x[i * inputs + j] = v;
        indices.add(j);
        values.add(v);
      }
      starts[i + 1] = indices.size();
    }
    float[] v = new float[values.size()];
    for (int k = 0; k < v.length; k++) v[k] = values.get(k);
    int[] idx = indices.stream().mapToInt(Integer::intValue).toArray();
    return new Block[] {Block.sparse(inputs, n, starts, idx, v, y.clone()), new Block(inputs, n, x, y)};
  }

  private static double[] perturbed(NetworkSpec spec, long seed) {
    double[] params = Initializer.initialParameters(spec, 7);
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < params.length; i++) params[i] += 0.1 * (random.nextDouble() - 0.5);
    return params;
  }

  private static double relativeError(double[] expected, double[] actual) { return SinglePrecisionTest.relativeError(expected, actual); }
}
