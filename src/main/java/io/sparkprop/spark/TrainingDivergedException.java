package io.sparkprop.spark;

/** The loss or gradient stopped being a finite number: training cannot go on from here. */
public final class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String what;

  /** {@code what} is not finite; the training loop adds the step ({@link #atStep}). */
  public TrainingDivergedException(String what) {
    super("training diverged: " + what + " is not a finite number");
    this.what = what;
  }

  private TrainingDivergedException(long step, String what) {
    super("training diverged at step " + step + ": " + what
        + " is not a finite number; try a smaller --learning-rate (or feature scaling, if it is off)");
    this.what = what;
  }

  /** The same failure, said for step {@code step}. */
  public TrainingDivergedException atStep(long step) { return new TrainingDivergedException(step, what); }
}
