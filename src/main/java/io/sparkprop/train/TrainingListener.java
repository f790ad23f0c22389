package io.sparkprop.train;

import java.util.function.Supplier;
/** Hooks into the training loop, called on the driver: metrics, checkpoints, validation, early stopping. */
public interface TrainingListener {
  /**
   * After every step, with the state the next step starts from: made on request (a copy of every
   * parameter and optimizer buffer, hundreds of MB for a wide network), and only during this call.
   */
  default void onStep(StepMetrics metrics, Supplier<TrainingState> state) {}

  /** After every epoch (1-based {@code epoch}); returning false stops training. */
  default boolean onEpochEnd(int epoch, TrainingState state) { return true; }

  TrainingListener NONE = new TrainingListener() {};
}
