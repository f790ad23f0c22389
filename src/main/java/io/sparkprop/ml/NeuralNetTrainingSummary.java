package io.sparkprop.ml;

import java.util.function.Supplier;
import io.sparkprop.train.EpochMetrics;
import io.sparkprop.train.StepMetrics;
import io.sparkprop.train.TrainingListener;
import io.sparkprop.train.TrainingState;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * What {@link NeuralNetClassifier#fit} saw while training: the loss of every step and the
 * sample-weighted mean loss of every epoch (training loss, L2 penalty included). Like Spark's own
 * training summaries it lives only on the fitted model, not in saved models. With
 * {@code validationFraction} > 0 it also has the scored epochs' validation loss and accuracy, and
 * the best epoch, whose parameters the model holds.
 */
public final class NeuralNetTrainingSummary implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double[] stepLoss;
  private final double[] epochLoss;
  private final double seconds;
  private final List<EpochMetrics> scored;
  private final int bestEpoch;

  NeuralNetTrainingSummary(double[] stepLoss, double[] epochLoss, double seconds, List<EpochMetrics> scored, int bestEpoch) {
    this.stepLoss = stepLoss.clone();
    this.epochLoss = epochLoss.clone();
    this.seconds = seconds;
    this.scored = List.copyOf(scored);
    this.bestEpoch = bestEpoch;
  }

  /** The scored epochs (every epoch for runs up to 50 epochs; see evalEvery): train and validation loss and accuracy. */
  public List<EpochMetrics> scoredEpochs() { return scored; }

  /** Validation loss of each scored epoch, in order; empty without validation. */
  public double[] validationLossHistory() {
    return scored.stream().filter(EpochMetrics::hasValidation).mapToDouble(EpochMetrics::validationLoss).toArray();
  }

  /** The epoch (1-based) with the lowest validation loss, whose parameters the model holds; 0 without validation. */
  public int bestEpoch() { return bestEpoch; }

  /** Loss of each optimizer step, in order (one per epoch for full-batch training). */
  public double[] lossHistory() { return stepLoss.clone(); }
  /** Mean loss of each epoch, weighted by the samples of its steps. */
  public double[] epochLossHistory() { return epochLoss.clone(); }
  public int totalIterations() { return stepLoss.length; }
  public int epochs() { return epochLoss.length; }
  /** Wall-clock seconds of the training loop (data preparation not included). */
  public double trainingSeconds() { return seconds; }

  @Override public String toString() {
    return "NeuralNetTrainingSummary(" + stepLoss.length + " steps, " + epochLoss.length + " epochs, last epoch loss "
        + (epochLoss.length == 0 ? "n/a" : epochLoss[epochLoss.length - 1]) + ")";
  }

  /** Collects the history from the trainer's callbacks. */
  static final class Recorder implements TrainingListener {
    private double[] steps = new double[16];
    private int stepCount;
    private double[] epochs = new double[16];
    private int epochCount;
    private double epochSum;
    private long epochSamples;

    @Override public void onStep(StepMetrics m, Supplier<TrainingState> state) {
      if (stepCount == steps.length) steps = Arrays.copyOf(steps, 2 * stepCount);
      steps[stepCount++] = m.loss();
      epochSum += m.loss() * m.samples();
      epochSamples += m.samples();
    }

    @Override public boolean onEpochEnd(int epoch, TrainingState state) {
      if (epochCount == epochs.length) epochs = Arrays.copyOf(epochs, 2 * epochCount);
      epochs[epochCount++] = epochSamples > 0 ? epochSum / epochSamples : Double.NaN;
      epochSum = 0;
      epochSamples = 0;
      return true;
    }

    NeuralNetTrainingSummary summary(double seconds, List<EpochMetrics> scored, int bestEpoch) {
      return new NeuralNetTrainingSummary(Arrays.copyOf(steps, stepCount), Arrays.copyOf(epochs, epochCount), seconds, scored, bestEpoch);
    }
  }
}
