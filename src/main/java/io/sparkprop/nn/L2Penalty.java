package io.sparkprop.nn;

/** lambda/2 * sum of squared weights (biases are not penalised), and its gradient lambda * W. */
public final class L2Penalty {
  private L2Penalty() {}

  /** Adds lambda * W to {@code gradient} and returns lambda/2 * ||W||^2. */
  public static double addTo(NetworkSpec spec, double lambda, double[] params, double[] gradient) {
    if (lambda == 0) return 0;
    double squares = 0;
    for (int l = 0; l < spec.numLayers(); l++) {
      for (int i = spec.weightOffset(l), end = spec.biasOffset(l); i < end; i++) {
        squares += params[i] * params[i];
        gradient[i] += lambda * params[i];
      }
    }
    return 0.5 * lambda * squares;
  }
}
