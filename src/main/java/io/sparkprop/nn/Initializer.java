package io.sparkprop.nn;

import java.util.SplittableRandom;

/** Draws initial parameters: weights from N(0, std(activation)), biases zero. */
public final class Initializer {
  private Initializer() {}

  public static double[] initialParameters(NetworkSpec spec, long seed) {
    double[] params = new double[spec.numParameters()];
    SplittableRandom random = new SplittableRandom(seed);
    for (int l = 0; l < spec.numLayers(); l++) {
      double std = spec.activation().initStdDev(spec.fanIn(l), spec.fanOut(l));
      int from = spec.weightOffset(l), to = spec.biasOffset(l);
      for (int i = from; i < to; i++) params[i] = std * gaussian(random);
    }
    return params;
  }

  /** Box-Muller, so the sequence depends only on the seed (SplittableRandom has no nextGaussian on Java 17). */
  private static double gaussian(SplittableRandom random) {
    double u1 = 1.0 - random.nextDouble(); // in (0, 1]
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
