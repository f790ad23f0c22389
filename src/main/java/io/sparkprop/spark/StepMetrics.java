package io.sparkprop.spark;

/**
 * One training step as seen by the driver.
 *
 * @param loss mean cross-entropy of the step's batch plus the L2 penalty (the objective minimised)
 * @param seconds wall time of the step (broadcast, aggregate and update)
 */
public record StepMetrics(long step, int epoch, double loss, double learningRate, long samples, double seconds) {
  public double samplesPerSecond() { return seconds > 0 ? samples / seconds : 0; }
}
