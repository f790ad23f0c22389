package io.sparkprop.train;

/**
 * Where a step's wall time went on the driver, in seconds, summed over the step's evaluations of the
 * objective (one for a gradient step, as many as the line search needs for L-BFGS). What happens
 * inside the job (scheduling, task compute, result transfer) is Spark's to report: a SparkListener
 * sees it (bench --only step-breakdown).
 *
 * @param broadcast packing the parameters for the tasks' precision, broadcasting them and removing the broadcast after the job
 * @param job the aggregate's job, from submission until its result is back on the driver
 * @param reduce dividing by the count, adding L2 and checking that everything is finite
 * @param update the update rule itself: the step's time outside the objective's evaluations
 */
public record StepPhases(double broadcast, double job, double reduce, double update) {
  public static final StepPhases NONE = new StepPhases(0, 0, 0, 0);
}
