package io.sparkprop.train;

/**
 * One training step as seen by the driver.
 *
 * @param loss mean cross-entropy of the step's batch plus the L2 penalty (the objective minimised)
 * @param seconds wall time of the step (broadcast, aggregate and update)
 * @param broadcastBytes bytes of parameters the driver broadcast for the step
 * @param resultBytes bytes of gradient the tasks sent back to the driver
 * @param phases how {@code seconds} divides on the driver
 */
public record StepMetrics(long step, int epoch, double loss, double learningRate, long samples, double seconds,
    long broadcastBytes, long resultBytes, StepPhases phases) {

  /** A step whose traffic and phases were not counted. */
  public StepMetrics(long step, int epoch, double loss, double learningRate, long samples, double seconds) {
    this(step, epoch, loss, learningRate, samples, seconds, 0, 0, StepPhases.NONE);
  }

  public double samplesPerSecond() { return seconds > 0 ? samples / seconds : 0; }
}
