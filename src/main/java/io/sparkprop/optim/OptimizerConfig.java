package io.sparkprop.optim;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * Which update rule, with its hyper-parameters; immutable, one record per rule. The command line
 * and Spark ML name them by {@link #name()} and give their knobs as flat options ({@link #of}).
 */
public sealed interface OptimizerConfig extends Serializable {
  /** Every rule's name, as users give it. */
  List<String> NAMES = List.of("adam", "sgd", "lbfgs", "lamb", "lars");

  /** The name users give: one of {@link #NAMES}. */
  String name();

  /** The base rate that the schedule scales. */
  double learningRate();

  /**
   * Whether a step searches a line over one fixed objective (L-BFGS). Then every step must see the
   * same function: the full batch, no dropout, no weight decay.
   */
  default boolean searchesLine() { return false; }

  /**
   * A fresh rule for parameters laid out as {@code layout}, with the regimen's weight decay applied
   * as the rule's paper has it: decoupled, before the update, for sgd and adam (AdamW); inside the
   * layer-wise update for lamb and lars.
   */
  Optimizer create(ParameterLayout layout, double weightDecay);

  /** Bytes of state the rule keeps on the driver per parameter, for the memory check. */
  int stateBytesPerParameter();

  /**
   * The rule from flat options: {@code momentum} applies to sgd and lars, {@code nesterov} to sgd,
   * {@code history} to lbfgs, {@code larsTrust} to lars; each rule ignores the others' knobs.
   */
  static OptimizerConfig of(String name, double learningRate, double momentum, boolean nesterov, int history, double larsTrust) {
    return switch (name.toLowerCase(Locale.ROOT).trim()) {
      case "sgd" -> new Sgd(learningRate, momentum, nesterov);
      case "adam" -> new Adam(learningRate);
      case "lbfgs" -> new Lbfgs(history);
      case "lamb" -> new Lamb(learningRate);
      case "lars" -> new Lars(learningRate, momentum, larsTrust);
      default -> throw new IllegalArgumentException("unknown optimizer '" + name + "' (expected " + String.join(", ", NAMES) + ")");
    };
  }

  /** Gradient descent with heavy-ball momentum, or Nesterov's. */
  record Sgd(double learningRate, double momentum, boolean nesterov) implements OptimizerConfig {
    public Sgd {
      checkRate(learningRate);
      io.sparkprop.optim.Sgd.checkMomentum(momentum);
    }

    @Override public String name() { return "sgd"; }

    @Override public Optimizer create(ParameterLayout layout, double weightDecay) {
      return new io.sparkprop.optim.Sgd(layout.numParameters(), momentum, nesterov, ParameterDecay.decoupled(layout, weightDecay));
    }

    @Override public int stateBytesPerParameter() { return momentum == 0 ? 0 : 8; }
  }

  /** Adam with the paper's betas and epsilon unless given. */
  record Adam(double learningRate, double beta1, double beta2, double epsilon) implements OptimizerConfig {
    public Adam {
      checkRate(learningRate);
      io.sparkprop.optim.Adam.check("adam", beta1, beta2, epsilon);
    }

    public Adam(double learningRate) { this(learningRate, 0.9, 0.999, 1e-8); }

    @Override public String name() { return "adam"; }

    @Override public Optimizer create(ParameterLayout layout, double weightDecay) {
      return new io.sparkprop.optim.Adam(layout.numParameters(), beta1, beta2, epsilon, ParameterDecay.decoupled(layout, weightDecay));
    }

    @Override public int stateBytesPerParameter() { return 16; }
  }

  /**
   * LAMB with the paper's betas and the epsilon of its BERT code (1e-6) unless given; the weight
   * decay is the regimen's.
   */
  record Lamb(double learningRate, double beta1, double beta2, double epsilon) implements OptimizerConfig {
    public Lamb {
      checkRate(learningRate);
      io.sparkprop.optim.Adam.check("lamb", beta1, beta2, epsilon);
    }

    public Lamb(double learningRate) { this(learningRate, 0.9, 0.999, 1e-6); }

    @Override public String name() { return "lamb"; }

    @Override public Optimizer create(ParameterLayout layout, double weightDecay) {
      return new io.sparkprop.optim.Lamb(layout, beta1, beta2, epsilon, weightDecay);
    }

    /** The two moments and the step's direction (scratch, but held as long as the rule). */
    @Override public int stateBytesPerParameter() { return 24; }
  }

  /** LARS: momentum SGD at a per-layer rate, {@code trustCoefficient} (η) times the weights' norm over the gradient's. */
  record Lars(double learningRate, double momentum, double trustCoefficient) implements OptimizerConfig {
    public Lars {
      checkRate(learningRate);
      io.sparkprop.optim.Sgd.checkMomentum(momentum);
      io.sparkprop.optim.Lars.checkTrust(trustCoefficient);
    }

    @Override public String name() { return "lars"; }

    @Override public Optimizer create(ParameterLayout layout, double weightDecay) {
      return new io.sparkprop.optim.Lars(layout, momentum, trustCoefficient, weightDecay);
    }

    @Override public int stateBytesPerParameter() { return 8; }
  }

  /** Full-batch L-BFGS keeping {@code history} correction pairs; a line search picks each step's length. */
  record Lbfgs(int history) implements OptimizerConfig {
    public Lbfgs {
      io.sparkprop.optim.Lbfgs.checkHistory(history);
    }

    @Override public String name() { return "lbfgs"; }

    /** Unused: the line search picks each step. 1 keeps schedules, which scale it, well defined. */
    @Override public double learningRate() { return 1; }

    @Override public boolean searchesLine() { return true; }

    /** No decay: L-BFGS needs a fixed objective (use L2 instead); the regimen refuses one. */
    @Override public Optimizer create(ParameterLayout layout, double weightDecay) {
      return new io.sparkprop.optim.Lbfgs(layout.numParameters(), history);
    }

    @Override public int stateBytesPerParameter() { return 16 * history + 24; }
  }

  private static void checkRate(double learningRate) {
    if (!(learningRate > 0) || Double.isInfinite(learningRate))
      throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
  }
}
