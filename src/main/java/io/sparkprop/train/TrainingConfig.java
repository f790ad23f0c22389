package io.sparkprop.train;

import io.sparkprop.nn.Activation;
import io.sparkprop.nn.DropoutMasks;
import io.sparkprop.nn.Precision;
import io.sparkprop.optim.LearningRateSchedule;
import io.sparkprop.optim.OptimizerConfig;
import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to train, immutable: network shape (besides the data's input and class counts), optimizer,
 * epochs, batch, regularization and the seed that makes a run reproducible.
 *
 * @param batchSize samples per step; 0 means full batch (every step reads the whole data set)
 * @param blockSize samples stacked per block (the gemm width)
 * @param logEvery log one line every this many steps; 0 chooses (every step for full batch, about ten lines an epoch otherwise)
 * @param schedule how the learning rate changes from step to step
 * @param dropout probability of dropping a hidden unit in training (inverted dropout)
 * @param weightDecay decoupled weight decay (AdamW-style), per unit of learning rate
 * @param precision what the executors compute gradients in (float by default; double for checks)
 */
public record TrainingConfig(int[] hidden, Activation activation, OptimizerConfig optimizer, int epochs, int batchSize,
    int blockSize, double l2, long seed, int aggregationDepth, int logEvery, LearningRateSchedule.Config schedule,
    double dropout, double weightDecay, Precision<?> precision) implements Serializable {

  /** Single precision: what training should run on. */
  public TrainingConfig(int[] hidden, Activation activation, OptimizerConfig optimizer, int epochs, int batchSize,
      int blockSize, double l2, long seed, int aggregationDepth, int logEvery, LearningRateSchedule.Config schedule,
      double dropout, double weightDecay) {
    this(hidden, activation, optimizer, epochs, batchSize, blockSize, l2, seed, aggregationDepth, logEvery, schedule,
        dropout, weightDecay, Precision.SINGLE);
  }

  /** Constant learning rate, no dropout, no weight decay. */
  public TrainingConfig(int[] hidden, Activation activation, OptimizerConfig optimizer, int epochs, int batchSize,
      int blockSize, double l2, long seed, int aggregationDepth, int logEvery) {
    this(hidden, activation, optimizer, epochs, batchSize, blockSize, l2, seed, aggregationDepth, logEvery,
        LearningRateSchedule.Config.CONSTANT, 0, 0, Precision.SINGLE);
  }

  /** The same settings, for {@code epochs} epochs. */
  public TrainingConfig withEpochs(int epochs) {
    return new TrainingConfig(hidden, activation, optimizer, epochs, batchSize, blockSize, l2, seed, aggregationDepth, logEvery,
        schedule, dropout, weightDecay, precision);
  }

  /** The same settings, computing in {@code precision}. */
  public TrainingConfig withPrecision(Precision<?> precision) {
    return new TrainingConfig(hidden, activation, optimizer, epochs, batchSize, blockSize, l2, seed, aggregationDepth, logEvery,
        schedule, dropout, weightDecay, precision);
  }

  public TrainingConfig {
    hidden = hidden.clone();
    for (int h : hidden) if (h < 1) throw new IllegalArgumentException("hidden layer sizes must be positive, got " + Arrays.toString(hidden));
    if (epochs < 1) throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
    if (batchSize < 0) throw new IllegalArgumentException("batch size must be 0 (full batch) or positive, got " + batchSize);
    if (blockSize < 1) throw new IllegalArgumentException("block size must be positive, got " + blockSize);
    if (!(l2 >= 0) || Double.isInfinite(l2)) throw new IllegalArgumentException("l2 must be a non-negative number, got " + l2);
    if (aggregationDepth < 1) throw new IllegalArgumentException("aggregation depth must be at least 1, got " + aggregationDepth);
    if (logEvery < 0) throw new IllegalArgumentException("log-every must be non-negative, got " + logEvery);
    DropoutMasks.checkRate(dropout);
    if (precision == null) throw new IllegalArgumentException("precision must be float or double");
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay))
      throw new IllegalArgumentException("weight decay must be a non-negative number, got " + weightDecay);
    if (!optimizer.firstOrderStep() && batchSize != 0)
      throw new IllegalArgumentException("lbfgs trains on the full batch: use batch size 0, got " + batchSize);
    if (!optimizer.firstOrderStep() && (dropout > 0 || weightDecay > 0))
      throw new IllegalArgumentException("lbfgs needs a deterministic objective: no dropout or weight decay (use l2)");
  }

  @Override public int[] hidden() { return hidden.clone(); }

  public boolean fullBatch() { return batchSize == 0; }

  /** The settings as text, for provenance and the summary. */
  public Map<String, String> describe() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("hidden", Arrays.toString(hidden));
    m.put("activation", activation.cliName());
    m.put("optimizer", optimizer.name());
    m.put("learning_rate", Double.toString(optimizer.learningRate()));
    if (optimizer.name().equals("sgd")) m.put("momentum", Double.toString(optimizer.momentum()));
    if (optimizer.nesterov()) m.put("nesterov", "true");
    if (optimizer.name().equals("lbfgs")) m.put("lbfgs_history", Integer.toString(optimizer.history()));
    m.put("schedule", schedule.kind().cliName());
    if (schedule.warmupSteps() > 0) m.put("warmup_steps", Long.toString(schedule.warmupSteps()));
    else if (schedule.warmupEpochs() > 0) m.put("warmup_epochs", Double.toString(schedule.warmupEpochs()));
    if (schedule.kind() == LearningRateSchedule.Kind.STEP) {
      m.put("decay_epochs", Double.toString(schedule.decayEpochs()));
      m.put("decay_rate", Double.toString(schedule.decayRate()));
    }
    if (schedule.kind() == LearningRateSchedule.Kind.COSINE) m.put("min_learning_rate", Double.toString(schedule.minRate()));
    m.put("dropout", Double.toString(dropout));
    m.put("weight_decay", Double.toString(weightDecay));
    m.put("epochs", Integer.toString(epochs));
    m.put("batch_size", batchSize == 0 ? "full" : Integer.toString(batchSize));
    m.put("block_size", Integer.toString(blockSize));
    m.put("l2", Double.toString(l2));
    m.put("seed", Long.toString(seed));
    m.put("precision", precision.cliName());
    return m;
  }

  @Override public boolean equals(Object o) {
    return o instanceof TrainingConfig c && Arrays.equals(hidden, c.hidden) && activation == c.activation
        && optimizer.equals(c.optimizer) && epochs == c.epochs && batchSize == c.batchSize && blockSize == c.blockSize
        && Double.compare(l2, c.l2) == 0 && seed == c.seed && aggregationDepth == c.aggregationDepth && logEvery == c.logEvery
        && schedule.equals(c.schedule) && Double.compare(dropout, c.dropout) == 0 && Double.compare(weightDecay, c.weightDecay) == 0
        && precision == c.precision;
  }

  @Override public int hashCode() { return Arrays.hashCode(hidden) * 31 + Long.hashCode(seed); }

  @Override public String toString() { return describe().toString(); }
}
