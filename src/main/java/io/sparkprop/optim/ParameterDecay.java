package io.sparkprop.optim;

/**
 * Decoupled weight decay as an update rule applies it: shrinks the parameters in place, after the
 * gradient is taken and before the rule's own update (AdamW's order). Which entries decay (weights,
 * not biases) is the network's business, so the caller supplies it.
 */
@FunctionalInterface
public interface ParameterDecay {
  void apply(double learningRate, double[] params);

  ParameterDecay NONE = (learningRate, params) -> {};
}
