package io.sparkprop.optim;

import java.io.Serializable;
import java.util.Locale;

/**
 * Which optimizer, with its hyper-parameters; immutable.
 *
 * @param nesterov sgd: Nesterov instead of heavy-ball momentum
 * @param history lbfgs: how many correction pairs it keeps
 */
public record OptimizerConfig(String name, double learningRate, double momentum, double beta1, double beta2, double epsilon,
    boolean nesterov, int history) implements Serializable {

  public OptimizerConfig(String name, double learningRate, double momentum, double beta1, double beta2, double epsilon) {
    this(name, learningRate, momentum, beta1, beta2, epsilon, false, 10);
  }

  public OptimizerConfig {
    name = name.toLowerCase(Locale.ROOT).trim();
    if (!name.equals("sgd") && !name.equals("adam") && !name.equals("lbfgs"))
      throw new IllegalArgumentException("unknown optimizer '" + name + "' (expected adam, sgd or lbfgs)");
    if (history < 1) throw new IllegalArgumentException("lbfgs history must be at least 1, got " + history);
    if (!(learningRate > 0) || Double.isInfinite(learningRate))
      throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
  }

  public static OptimizerConfig adam(double learningRate) {
    return new OptimizerConfig("adam", learningRate, 0, 0.9, 0.999, 1e-8);
  }

  public static OptimizerConfig sgd(double learningRate, double momentum) {
    return new OptimizerConfig("sgd", learningRate, momentum, 0.9, 0.999, 1e-8);
  }

  public static OptimizerConfig nesterov(double learningRate, double momentum) {
    return new OptimizerConfig("sgd", learningRate, momentum, 0.9, 0.999, 1e-8, true, 10);
  }

  /** Full-batch L-BFGS; the learning rate is unused (a line search picks each step). */
  public static OptimizerConfig lbfgs(int history) {
    return new OptimizerConfig("lbfgs", 1, 0, 0.9, 0.999, 1e-8, false, history);
  }

  /** Whether this optimizer takes one gradient per step (sgd, adam) or searches a line (lbfgs). */
  public boolean firstOrderStep() { return !name.equals("lbfgs"); }
}
