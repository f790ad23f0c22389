package io.sparkprop.spark;

/** Hooks into the training loop, called on the driver: metrics, checkpoints, validation, early stopping. */
public interface TrainingListener {
  /** After every step, with the state the next step starts from. */
  default void onStep(StepMetrics metrics, TrainingState state) {}

  /** After every epoch (1-based {@code epoch}); returning false stops training. */
  default boolean onEpochEnd(int epoch, TrainingState state) { return true; }

  TrainingListener NONE = new TrainingListener() {};
}
