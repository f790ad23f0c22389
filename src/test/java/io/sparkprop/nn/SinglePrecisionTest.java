package io.sparkprop.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The float path computes the same function and gradient as the double path (which GradientCheckTest
 * checks against finite differences), up to single-precision rounding, in both of its layouts:
 * hidden layers as they are (native BLAS) and widened to multiples of 3 units (pure-Java BLAS).
 */
class SinglePrecisionTest {

  static List<Precision<float[]>> floatLayouts() { return List.of(new SinglePrecision(1), new SinglePrecision(3)); }

  static List<Arguments> activationsAndLayouts() {
    List<Arguments> all = new ArrayList<>();
    for (Activation activation : Activation.values())
      for (Precision<float[]> single : floatLayouts()) all.add(Arguments.of(activation, single));
    return all;
  }

  @ParameterizedTest
  @MethodSource("activationsAndLayouts")
  void floatGradientAndLossAgreeWithDoubleToSinglePrecision(Activation activation, Precision<float[]> single) {
    // hidden widths 16, 8, 12: one, two and no units short of a multiple of 3
    NetworkSpec spec = NetworkSpec.of(20, new int[] {16, 8, 12}, 4, activation);
    Block block = GradientCheckTest.randomBlock(20, 4, 50, 3);
    double[] params = perturbed(spec);

    double[] exact = new double[spec.numParameters()];
    double exactLoss = Precision.DOUBLE.network(spec, 64).accumulateGradient(params, block, exact);
    double[] gradient = new double[spec.numParameters()];
    double singleLoss = single.network(spec, 64).accumulateGradient(single.pack(spec, params), block, gradient);

    assertEquals(exactLoss, singleLoss, 1e-5 * Math.abs(exactLoss));
    assertTrue(relativeError(exact, gradient) < 1e-5, "relative error " + relativeError(exact, gradient));
  }

  @ParameterizedTest
  @MethodSource("floatLayouts")
  void floatDropoutGradientAgreesWithDoubleUnderTheSameMasks(Precision<float[]> single) {
    NetworkSpec spec = NetworkSpec.of(20, new int[] {16, 8}, 4, Activation.RELU);
    Block block = GradientCheckTest.randomBlock(20, 4, 50, 5);
    double[] params = perturbed(spec);
    double[] exact = new double[spec.numParameters()];
    Precision.DOUBLE.network(spec, 64).accumulateGradient(params, block, exact, DropoutMasks.random(0.3, 9));
    double[] gradient = new double[spec.numParameters()];
    single.network(spec, 64).accumulateGradient(single.pack(spec, params), block, gradient, DropoutMasks.random(0.3, 9));
    assertTrue(relativeError(exact, gradient) < 1e-5, "relative error " + relativeError(exact, gradient));
  }

  @Test
  void widenedLayoutRoundsHiddenLayersUpAndKeepsInputsAndClasses() {
    NetworkSpec spec = NetworkSpec.of(20, new int[] {16, 8, 12}, 4, Activation.RELU);
    assertArrayEquals(new int[] {20, 18, 9, 12, 4}, new SinglePrecision(3).layout(spec).sizes());
    assertEquals(spec, new SinglePrecision(1).layout(spec));
    float[] packed = new SinglePrecision(3).pack(spec, perturbed(spec));
    assertEquals(new SinglePrecision(3).layout(spec).numParameters(), packed.length);
  }

  @ParameterizedTest
  @MethodSource("floatLayouts")
  void floatPredictionsMatchDouble(Precision<float[]> precision) {
    NetworkSpec spec = NetworkSpec.of(20, new int[] {16}, 4, Activation.SIGMOID);
    Block block = GradientCheckTest.randomBlock(20, 4, 50, 7);
    double[] params = perturbed(spec);
    double[] exact = Precision.DOUBLE.network(spec, 64).probabilities(params, block).clone();
    double[] single = precision.network(spec, 64).probabilities(precision.pack(spec, params), block);
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

  @ParameterizedTest
  @MethodSource("floatLayouts")
  void aListOfBlocksAddsWhatTheBlocksAddOneByOne(Precision<float[]> precision) {
    NetworkSpec spec = NetworkSpec.of(20, new int[] {16, 8}, 4, Activation.TANH);
    List<Block> blocks = new ArrayList<>();
    for (int b = 0; b < 19; b++) blocks.add(GradientCheckTest.randomBlock(20, 4, 30 + b, 100 + b));
    float[] params = precision.pack(spec, perturbed(spec));
    Network<float[]> network = precision.network(spec, 64);
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

  /** ‖exact − approx‖ / ‖exact‖. */
  static double relativeError(double[] exact, double[] approx) {
    double diff = 0, norm = 0;
    for (int i = 0; i < exact.length; i++) {
      diff += (exact[i] - approx[i]) * (exact[i] - approx[i]);
      norm += exact[i] * exact[i];
    }
    return Math.sqrt(diff / norm);
  }
}
