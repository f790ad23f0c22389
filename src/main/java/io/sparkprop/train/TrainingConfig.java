package io.sparkprop.train;

import io.sparkprop.nn.Activation;
import io.sparkprop.nn.DropoutMasks;
import io.sparkprop.nn.Precision;
import io.sparkprop.optim.LearningRateSchedule;
import io.sparkprop.optim.OptimizerConfig;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;

/**
 * How to train, immutable, grouped by concern: the hidden layers, the regimen (what is optimized
 * and how), validation (held-out rows and early stopping) and execution (how the work is laid out,
 * which changes speed, not the result, except precision). {@link #DEFAULTS} is the one list of
 * defaults: the command line's {@code conf/sparkprop.properties} and the Spark ML estimator's params
 * are checked against it. Start from it with {@link #builder()}.
 */
public record TrainingConfig(Layers layers, Regimen regimen, Validation validation, Execution execution)
    implements Serializable {

  /** The hidden layers (the data give the input and output widths). */
  public record Layers(int[] hidden, Activation activation) implements Serializable {
    public Layers {
      hidden = hidden.clone();
      for (int h : hidden) if (h < 1) throw new IllegalArgumentException("hidden layer sizes must be positive, got " + Arrays.toString(hidden));
    }

    @Override public int[] hidden() { return hidden.clone(); }

    @Override public boolean equals(Object o) {
      return o instanceof Layers l && Arrays.equals(hidden, l.hidden) && activation == l.activation;
    }

    @Override public int hashCode() { return Arrays.hashCode(hidden) * 31 + activation.hashCode(); }
  }

  /**
   * What is optimized and how.
   *
   * @param batchSize samples per step; 0 means full batch (every step reads the whole data set)
   * @param weightDecay decoupled (AdamW-style) weight decay, per unit of learning rate
   * @param dropout probability of dropping a hidden unit in training (inverted dropout)
   * @param seed initial weights, data order and dropout masks: the same seed gives the same run
   */
  public record Regimen(OptimizerConfig optimizer, LearningRateSchedule.Config schedule, int epochs, int batchSize,
      double l2, double weightDecay, double dropout, long seed) implements Serializable {
    public Regimen {
      if (epochs < 1) throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
      if (batchSize < 0) throw new IllegalArgumentException("batch size must be 0 (full batch) or positive, got " + batchSize);
      if (!(l2 >= 0) || Double.isInfinite(l2)) throw new IllegalArgumentException("l2 must be a non-negative number, got " + l2);
      if (!(weightDecay >= 0) || Double.isInfinite(weightDecay))
        throw new IllegalArgumentException("weight decay must be a non-negative number, got " + weightDecay);
      DropoutMasks.checkRate(dropout);
      if (optimizer.searchesLine() && batchSize != 0)
        throw new IllegalArgumentException(optimizer.name() + " trains on the full batch: use batch size 0, got " + batchSize);
      if (optimizer.searchesLine() && (dropout > 0 || weightDecay > 0))
        throw new IllegalArgumentException(optimizer.name() + " needs a deterministic objective: no dropout or weight decay (use l2)");
    }
  }

  /**
   * Held-out data and early stopping.
   *
   * @param validationFraction seeded share of the training rows held out for validation; 0 = none
   * @param patience stop after this many scored epochs without a lower validation loss; 0 = never
   * @param evalEvery score every this many epochs; 0 = automatically, about 50 times a run
   */
  public record Validation(double validationFraction, int patience, int evalEvery) implements Serializable {
    public Validation {
      if (!(validationFraction >= 0 && validationFraction < 1))
        throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + validationFraction);
      if (patience < 0) throw new IllegalArgumentException("patience must be non-negative, got " + patience);
      if (evalEvery < 0) throw new IllegalArgumentException("eval-every must be non-negative, got " + evalEvery);
    }

    /** Epochs between scores: {@code evalEvery}, or about 50 scores over {@code epochs}. */
    public int interval(int epochs) { return evalEvery > 0 ? evalEvery : ValidationMonitor.automaticInterval(epochs, 50); }
  }

  /**
   * How the work is laid out.
   *
   * @param precision what the executors compute gradients in (float; double for checks)
   * @param blockSize samples stacked per block (the gemm width)
   * @param aggregationDepth depth of the tree that sums the executors' gradients
   * @param logEvery log a line every this many steps; 0 chooses (every step for full batch, about ten lines an epoch otherwise)
   */
  public record Execution(Precision<?> precision, int blockSize, int aggregationDepth, int logEvery) implements Serializable {
    public Execution {
      if (precision == null) throw new IllegalArgumentException("precision must be float or double");
      if (blockSize < 1) throw new IllegalArgumentException("block size must be positive, got " + blockSize);
      if (aggregationDepth < 1) throw new IllegalArgumentException("aggregation depth must be at least 1, got " + aggregationDepth);
      if (logEvery < 0) throw new IllegalArgumentException("log-every must be non-negative, got " + logEvery);
    }
  }

  /**
   * The defaults, after scikit-learn's MLPClassifier, which works well on small and medium tabular
   * data: one hidden ReLU layer of 100, Adam at 0.001, batches of 200, L2 of 1e-4, 200 epochs.
   * Blocks of 480 samples: a shape the pure-Java BLAS's vector kernels run without scalar edges
   * (docs/benchmarks.md has the measurements).
   */
  public static final TrainingConfig DEFAULTS = new TrainingConfig(
      new Layers(new int[] {100}, Activation.RELU),
      new Regimen(new OptimizerConfig.Adam(0.001), LearningRateSchedule.Config.DEFAULT, 200, 200, 1e-4, 0, 0, 1),
      new Validation(0, 0, 0),
      new Execution(Precision.SINGLE, 480, 2, 0));

  /** The momentum sgd gets when only the optimizer's name is given. */
  public static final double DEFAULT_MOMENTUM = 0.9;
  /** The correction pairs lbfgs keeps when only the optimizer's name is given. */
  public static final int DEFAULT_LBFGS_HISTORY = 10;
  /** The trust coefficient η lars gets when only the optimizer's name is given: the paper's. */
  public static final double DEFAULT_LARS_TRUST = 0.001;

  public static Builder builder() { return new Builder(DEFAULTS); }

  public Builder toBuilder() { return new Builder(this); }

  public int[] hidden() { return layers.hidden(); }
  public Activation activation() { return layers.activation(); }
  public OptimizerConfig optimizer() { return regimen.optimizer(); }
  public LearningRateSchedule.Config schedule() { return regimen.schedule(); }
  public int epochs() { return regimen.epochs(); }
  public int batchSize() { return regimen.batchSize(); }
  public boolean fullBatch() { return regimen.batchSize() == 0; }
  public double l2() { return regimen.l2(); }
  public double weightDecay() { return regimen.weightDecay(); }
  public double dropout() { return regimen.dropout(); }
  public long seed() { return regimen.seed(); }
  public Precision<?> precision() { return execution.precision(); }
  public int blockSize() { return execution.blockSize(); }
  public int aggregationDepth() { return execution.aggregationDepth(); }
  public int logEvery() { return execution.logEvery(); }

  /** The same settings, for {@code epochs} epochs. */
  public TrainingConfig withEpochs(int epochs) { return toBuilder().epochs(epochs).build(); }

  /** Every setting as text, by snake_case name, for provenance, checkpoints and the summary. */
  public Map<String, String> describe() { return ConfigText.of(this); }

  @Override public String toString() { return describe().toString(); }

  /** Settings one at a time, from a starting config; {@link #build} checks them together. */
  public static final class Builder {
    private int[] hidden;
    private Activation activation;
    private OptimizerConfig optimizer;
    private LearningRateSchedule.Config schedule;
    private int epochs, batchSize, patience, evalEvery, blockSize, aggregationDepth, logEvery;
    private double l2, weightDecay, dropout, validationFraction;
    private long seed;
    private Precision<?> precision;

    private Builder(TrainingConfig c) {
      hidden = c.hidden();
      activation = c.activation();
      optimizer = c.optimizer();
      schedule = c.schedule();
      epochs = c.epochs();
      batchSize = c.batchSize();
      l2 = c.l2();
      weightDecay = c.weightDecay();
      dropout = c.dropout();
      seed = c.seed();
      validationFraction = c.validation.validationFraction();
      patience = c.validation.patience();
      evalEvery = c.validation.evalEvery();
      precision = c.precision();
      blockSize = c.blockSize();
      aggregationDepth = c.aggregationDepth();
      logEvery = c.logEvery();
    }

    public Builder hidden(int... sizes) { hidden = sizes.clone(); return this; }
    public Builder activation(Activation a) { activation = a; return this; }
    public Builder optimizer(OptimizerConfig o) { optimizer = o; return this; }
    public Builder schedule(LearningRateSchedule.Config s) { schedule = s; return this; }
    public Builder epochs(int n) { epochs = n; return this; }
    /** Samples per step; 0 = full batch. */
    public Builder batchSize(int n) { batchSize = n; return this; }
    public Builder fullBatch() { batchSize = 0; return this; }
    public Builder l2(double lambda) { l2 = lambda; return this; }
    public Builder weightDecay(double w) { weightDecay = w; return this; }
    public Builder dropout(double p) { dropout = p; return this; }
    public Builder seed(long s) { seed = s; return this; }
    public Builder validationFraction(double f) { validationFraction = f; return this; }
    public Builder patience(int epochs) { patience = epochs; return this; }
    public Builder evalEvery(int epochs) { evalEvery = epochs; return this; }
    public Builder precision(Precision<?> p) { precision = p; return this; }
    public Builder blockSize(int n) { blockSize = n; return this; }
    public Builder aggregationDepth(int d) { aggregationDepth = d; return this; }
    public Builder logEvery(int steps) { logEvery = steps; return this; }

    public TrainingConfig build() {
      return new TrainingConfig(new Layers(hidden, activation),
          new Regimen(optimizer, schedule, epochs, batchSize, l2, weightDecay, dropout, seed),
          new Validation(validationFraction, patience, evalEvery),
          new Execution(precision, blockSize, aggregationDepth, logEvery));
    }
  }
}
