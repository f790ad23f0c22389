package io.sparkprop.train;

import java.util.List;

/**
 * What the {@link ValidationMonitor} has seen of a run so far, as a plain value: the scored epochs,
 * and the epoch with the lowest validation loss with its parameters. Saved with checkpoints, so that
 * after a resume the best epoch, the patience left and the model kept are those of the uninterrupted
 * run.
 *
 * @param bestEpoch      1-based, 0 while no epoch has a validation loss
 * @param bestLoss       its validation loss, +∞ while there is none
 * @param bestParameters its parameters, null while there are none
 */
public record ValidationProgress(List<EpochMetrics> history, int bestEpoch, double bestLoss, double[] bestParameters) {
  /** Nothing scored yet. */
  public static final ValidationProgress NONE = new ValidationProgress(List.of(), 0, Double.POSITIVE_INFINITY, null);

  public ValidationProgress {
    history = List.copyOf(history);
    if ((bestParameters == null) != (bestEpoch == 0))
      throw new IllegalArgumentException("best epoch " + bestEpoch + (bestParameters == null ? " without" : " with") + " parameters");
    bestParameters = bestParameters == null ? null : bestParameters.clone();
  }

  @Override public double[] bestParameters() { return bestParameters == null ? null : bestParameters.clone(); }
}
