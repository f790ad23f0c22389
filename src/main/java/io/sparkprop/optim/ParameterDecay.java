package io.sparkprop.optim;

/**
 * Decoupled weight decay as a gradient step applies it: shrinks the parameters in place, after the
 * gradient is taken and before the rule's own update (AdamW's order).
 */
@FunctionalInterface
public interface ParameterDecay {
  void apply(double learningRate, double[] params);

  ParameterDecay NONE = (learningRate, params) -> {};

  /**
   * Loshchilov and Hutter's (AdamW): the weights, not the biases, times 1 - lr * rate, instead of an
   * L2 term in the gradient that Adam's per-parameter scaling would distort. None at rate 0.
   */
  static ParameterDecay decoupled(ParameterLayout layout, double rate) {
    if (rate == 0) return NONE;
    return (learningRate, params) -> {
      double factor = 1 - learningRate * rate;
      for (ParameterLayout.Tensor t : layout.tensors())
        if (!t.bias()) for (int i = t.offset(), end = t.end(); i < end; i++) params[i] *= factor;
    };
  }
}
