package io.sparkprop.train;

/**
 * One epoch as seen after it ends: loss and accuracy on the training data and, when there is
 * validation data, on that (NaN otherwise). Losses are mean cross-entropy, without the L2 term.
 */
public record EpochMetrics(int epoch, long step, double trainLoss, double trainAccuracy, double validationLoss,
    double validationAccuracy, double seconds) implements java.io.Serializable {
  public boolean hasValidation() { return !Double.isNaN(validationLoss); }
}
