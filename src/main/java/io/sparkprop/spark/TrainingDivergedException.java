package io.sparkprop.spark;

/** The loss or gradient stopped being a finite number: training cannot go on from here. */
public final class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TrainingDivergedException(long step, String what) {
    super("training diverged at step " + step + ": " + what
        + " is not a finite number; try a smaller --learning-rate (or feature scaling, if it is off)");
  }
}
