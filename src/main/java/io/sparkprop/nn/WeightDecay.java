package io.sparkprop.nn;

/**
 * Decoupled weight decay (Loshchilov and Hutter, AdamW): shrinks the weights (not the biases) by
 * lr * decay before the optimizer's own update, instead of adding an L2 term to the gradient that
 * Adam's per-parameter scaling would then distort.
 */
public final class WeightDecay {
  private WeightDecay() {}

  public static void apply(NetworkSpec spec, double learningRate, double decay, double[] params) {
    if (decay == 0) return;
    double factor = 1 - learningRate * decay;
    for (int l = 0; l < spec.numLayers(); l++)
      for (int i = spec.weightOffset(l), end = spec.biasOffset(l); i < end; i++) params[i] *= factor;
  }
}
