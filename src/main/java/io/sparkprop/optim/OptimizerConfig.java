package io.sparkprop.optim;

import java.io.Serializable;
import java.util.Locale;

/** Which optimizer, with its hyper-parameters; immutable. */
public record OptimizerConfig(String name, double learningRate, double momentum, double beta1, double beta2, double epsilon)
    implements Serializable {

  public OptimizerConfig {
    name = name.toLowerCase(Locale.ROOT).trim();
    if (!name.equals("sgd") && !name.equals("adam"))
      throw new IllegalArgumentException("unknown optimizer '" + name + "' (expected sgd or adam)");
    if (!(learningRate > 0) || Double.isInfinite(learningRate))
      throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
  }

  public static OptimizerConfig adam(double learningRate) {
    return new OptimizerConfig("adam", learningRate, 0, 0.9, 0.999, 1e-8);
  }

  public static OptimizerConfig sgd(double learningRate, double momentum) {
    return new OptimizerConfig("sgd", learningRate, momentum, 0.9, 0.999, 1e-8);
  }
}
