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
      for (int i = from; i < to; i++) params[i] = std * random.nextGaussian();
    }
    return params;
  }
}
