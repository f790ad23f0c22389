package io.sparkprop.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The float path computes the same function and gradient as the double path (which GradientCheckTest
 * checks against finite differences), up to single-precision rounding.
 */
class SinglePrecisionTest {

  @ParameterizedTest
  @EnumSource(Activation.class)
  void floatGradientAndLossAgreeWithDoubleToSinglePrecision(Activation activation) {
    NetworkSpec spec = NetworkSpec.of(20, new int[] {16, 12}, 4, activation);
    Block block = GradientCheckTest.randomBlock(20, 4, 50, 3);
    double[] params = perturbed(spec);

    double[] exact = new double[spec.numParameters()];
    double exactLoss = Precision.DOUBLE.network(spec, 64).accumulateGradient(params, block, exact);
    double[] single = new double[spec.numParameters()];
    double singleLoss = Precision.SINGLE.network(spec, 64).accumulateGradient(Precision.SINGLE.pack(spec, params), block, single);

    assertEquals(exactLoss, singleLoss, 1e-5 * Math.abs(exactLoss));
    assertTrue(relativeError(exact, single) < 1e-5, "relative error " + relativeError(exact, single));
  }

  @Test
  void floatDropoutGradientAgreesWithDoubleUnderTheSameMasks() {
    NetworkSpec spec = NetworkSpec.of(20, new int[] {16}, 4, Activation.RELU);
    Block block = GradientCheckTest.randomBlock(20, 4, 50, 5);
    double[] params = perturbed(spec);
    double[] exact = new double[spec.numParameters()];
    Precision.DOUBLE.network(spec, 64).accumulateGradient(params, block, exact, DropoutMasks.random(0.3, 9));
    double[] single = new double[spec.numParameters()];
    Precision.SINGLE.network(spec, 64).accumulateGradient(Precision.SINGLE.pack(spec, params), block, single, DropoutMasks.random(0.3, 9));
    assertTrue(relativeError(exact, single) < 1e-5, "relative error " + relativeError(exact, single));
  }

  @Test
  void floatPredictionsMatchDouble() {
    NetworkSpec spec = NetworkSpec.of(20, new int[] {16}, 4, Activation.TANH);
    Block block = GradientCheckTest.randomBlock(20, 4, 50, 7);
    double[] params = perturbed(spec);
    double[] exact = Precision.DOUBLE.network(spec, 64).probabilities(params, block).clone();
    double[] single = Precision.SINGLE.network(spec, 64).probabilities(Precision.SINGLE.pack(spec, params), block);
    assertArrayEquals(exact, single, 1e-5);
  }

  @Test
  void gradientsOfManyBlocksAreSummedInDouble() {
    // Summed in float, 4096 block gradients would drift by ~4096 x 6e-8 = 2e-4 relative; float gathers
    // at most a few blocks before the double sum, so the drift stays near 1e-7.
    NetworkSpec spec = NetworkSpec.of(20, new int[] {16}, 4, Activation.RELU);
    Block block = GradientCheckTest.randomBlock(20, 4, 50, 11);
    float[] params = Precision.SINGLE.pack(spec, perturbed(spec));
    Network<float[]> network = Precision.SINGLE.network(spec, 64);
    double[] once = new double[spec.numParameters()];
    network.accumulateGradient(params, block, once);
    int blocks = 4096;
    double[] many = new double[spec.numParameters()];
    network.accumulateGradient(params, java.util.Collections.nCopies(blocks, block), many, null);
    for (int i = 0; i < once.length; i++) assertEquals(once[i] * blocks, many[i], 1e-6 * blocks * Math.max(1e-3, Math.abs(once[i])));
  }

  @Test
  void aListOfBlocksAddsWhatTheBlocksAddOneByOne() {
    NetworkSpec spec = NetworkSpec.of(20, new int[] {16, 8}, 4, Activation.TANH);
    java.util.List<Block> blocks = new java.util.ArrayList<>();
    for (int b = 0; b < 19; b++) blocks.add(GradientCheckTest.randomBlock(20, 4, 30 + b, 100 + b));
    float[] params = Precision.SINGLE.pack(spec, perturbed(spec));
    Network<float[]> network = Precision.SINGLE.network(spec, 64);
    double[] oneByOne = new double[spec.numParameters()];
    double lossOneByOne = 0;
    for (Block b : blocks) lossOneByOne += network.accumulateGradient(params, b, oneByOne);
    double[] together = new double[spec.numParameters()];
    double loss = network.accumulateGradient(params, blocks, together, null);
    assertEquals(lossOneByOne, loss, 1e-9 * Math.abs(loss));
    assertTrue(relativeError(oneByOne, together) < 1e-6, "relative error " + relativeError(oneByOne, together));
  }

  private static double[] perturbed(NetworkSpec spec) {
    double[] params = Initializer.initialParameters(spec, 7);
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < params.length; i++) params[i] += 0.1 * (random.nextDouble() - 0.5);
    return params;
  }

  private static double relativeError(double[] exact, double[] approx) {
    double diff = 0, norm = 0;
    for (int i = 0; i < exact.length; i++) {
      diff += (exact[i] - approx[i]) * (exact[i] - approx[i]);
      norm += exact[i] * exact[i];
    }
    return Math.sqrt(diff / norm);
  }
}
