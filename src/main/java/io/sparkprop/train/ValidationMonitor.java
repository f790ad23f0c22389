package io.sparkprop.train;

import io.sparkprop.spark.BlockedData;
import io.sparkprop.spark.Evaluation;

import java.util.function.Supplier;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.nn.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After every epoch, scores the parameters on the training data and the validation data (if any),
 * both in one Spark job ({@link Evaluation#ofEach}), remembers the epoch with the lowest validation
 * loss, and stops training once {@code patience} epochs have passed without a new best (patience 0:
 * never stops early). What it has seen is a {@link ValidationProgress}, which checkpoints keep and a
 * resumed run continues from.
 */
public final class ValidationMonitor implements TrainingListener {
  private static final Logger LOG = LoggerFactory.getLogger(ValidationMonitor.class);

  private final JavaSparkContext sc;
  private final BlockedData train;
  private final BlockedData validation;
  private final NetworkSpec spec;
  private final Precision<?> precision;
  private final int depth;
  private final int patience;
  private final Consumer<EpochMetrics> sink;
  private final int every;
  private final int lastEpoch;
  private final List<EpochMetrics> history = new ArrayList<>();
  private long lastStep;
  private long epochStart = System.nanoTime();
  private double[] bestParameters;
  private int bestEpoch;
  private double bestLoss = Double.POSITIVE_INFINITY;
  private boolean stoppedEarly;

  /** {@code validation} may be null: then only the training metrics are recorded and nothing stops. */
  public ValidationMonitor(JavaSparkContext sc, BlockedData train, BlockedData validation, NetworkSpec spec, Precision<?> precision, int depth,
      int patience, Consumer<EpochMetrics> sink) {
    this(sc, train, validation, spec, precision, depth, patience, sink, 1, Integer.MAX_VALUE);
  }

  /**
   * Scores only every {@code every} epochs and at {@code lastEpoch}: each score is one Spark job over
   * both data sets, computed in {@code precision} (the training precision: scoring then runs at its rate).
   */
  public ValidationMonitor(JavaSparkContext sc, BlockedData train, BlockedData validation, NetworkSpec spec, Precision<?> precision, int depth,
      int patience, Consumer<EpochMetrics> sink, int every, int lastEpoch) {
    if (every < 1) throw new IllegalArgumentException("evaluation interval must be at least 1 epoch, got " + every);
    if (patience < 0) throw new IllegalArgumentException("patience must be non-negative, got " + patience);
    if (patience > 0 && validation == null) throw new IllegalArgumentException("early stopping (patience) needs validation data");
    this.sc = sc;
    this.train = train;
    this.validation = validation;
    this.spec = spec;
    this.precision = precision;
    this.depth = depth;
    this.patience = patience;
    this.sink = sink;
    this.every = every;
    this.lastEpoch = lastEpoch;
  }

  /** About {@code points} evaluations over a run of {@code epochs}: every epoch for runs up to that long. */
  public static int automaticInterval(int epochs, int points) { return Math.max(1, (epochs + points - 1) / points); }

  @Override public void onStep(StepMetrics metrics, Supplier<TrainingState> state) { lastStep = metrics.step(); }

  @Override public boolean onEpochEnd(int epoch, TrainingState state) {
    if (epoch % every != 0 && epoch != lastEpoch) return true;
    double[] params = state.parameters();
    long scoringStart = System.nanoTime();
    List<Evaluation> scored = Evaluation.ofEach(sc, validation == null ? List.of(train) : List.of(train, validation), spec, params, depth, precision);
    Evaluation onTrain = scored.get(0);
    Evaluation onValidation = validation == null ? null : scored.get(1);
    double validationLoss = onValidation == null ? Double.NaN : onValidation.meanLoss();
    double scoringSeconds = (System.nanoTime() - scoringStart) / 1e9;
    EpochMetrics m = new EpochMetrics(epoch, lastStep, onTrain.meanLoss(), onTrain.accuracy(), validationLoss,
        onValidation == null ? Double.NaN : onValidation.accuracy(), (System.nanoTime() - epochStart) / 1e9);
    epochStart = System.nanoTime();
    history.add(m);
    sink.accept(m);
    if (onValidation == null) {
      LOG.info(String.format("epoch %d  train loss %.5f accuracy %.4f  (scored in %.2f s)", epoch, m.trainLoss(), m.trainAccuracy(), scoringSeconds));
      return true;
    }
    if (validationLoss < bestLoss) {
      bestLoss = validationLoss;
      bestEpoch = epoch;
      bestParameters = params;
    }
    LOG.info(String.format("epoch %d  train loss %.5f accuracy %.4f  validation loss %.5f accuracy %.4f  (best epoch %d; scored in %.2f s)",
        epoch, m.trainLoss(), m.trainAccuracy(), validationLoss, m.validationAccuracy(), bestEpoch, scoringSeconds));
    if (patience > 0 && epoch - bestEpoch >= patience) {
      LOG.info("early stop: validation loss has not improved for " + patience + " epochs; keeping epoch " + bestEpoch);
      stoppedEarly = true;
      return false;
    }
    return true;
  }

  /**
   * Continues from what a checkpoint kept, at step {@code step} of the run: the scored epochs, the
   * best epoch and its parameters, and with them the epochs the patience has left.
   */
  public void continueFrom(ValidationProgress progress, long step) {
    if (!history.isEmpty()) throw new IllegalStateException("the monitor has scored epochs already");
    history.addAll(progress.history());
    bestEpoch = progress.bestEpoch();
    bestLoss = progress.bestLoss();
    bestParameters = progress.bestParameters();
    lastStep = step;
  }

  /** What it has seen so far, for a checkpoint. */
  public ValidationProgress progress() { return new ValidationProgress(history, bestEpoch, bestLoss, bestParameters); }

  public List<EpochMetrics> history() { return List.copyOf(history); }
  /** The epoch with the lowest validation loss (1-based), or 0 without validation data. */
  public int bestEpoch() { return bestEpoch; }
  /** The parameters at the best epoch, or null without validation data. */
  public double[] bestParameters() { return bestParameters == null ? null : bestParameters.clone(); }
  public boolean stoppedEarly() { return stoppedEarly; }
}
