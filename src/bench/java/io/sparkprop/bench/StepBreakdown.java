package io.sparkprop.bench;

import io.sparkprop.train.StepMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the race's mini-batch steps spent their wall time, as means per step in milliseconds. The
 * driver's phases come from the trainer's clocks ({@link io.sparkprop.train.StepPhases}), what
 * happened inside each step's job from Spark's listener bus ({@link JobTrace}); an empty job,
 * timed in the same run, is what Spark costs a job with nothing to do.
 *
 * @param step the whole step, from one step's end to the next's (listener and logging included)
 * @param broadcast packing and broadcasting the parameters, and removing the broadcast
 * @param job the aggregate, submission to result on the driver; the next five divide it
 * @param toFirstTask job start (as the listener bus stamps it) to the first task's launch
 * @param taskCompute a task's run time, mean over the step's tasks
 * @param taskOverhead a task's launch to finish beyond its run time (deserializing the task, its result)
 * @param taskDeserialize of that, deserializing the task on the executor (Spark's metric, whole ms)
 * @param resultSerialization of that, serializing the task's result (Spark's metric, whole ms)
 * @param slowerTaskLag the last task's finish after the first's
 * @param resultToDriver the last task's finish to the job's end on the driver (result transfer)
 * @param outsideJob the job's driver wall time beyond its listener-bus span (submission, hand-back)
 * @param reduce the driver's mean, L2 and finite check
 * @param update the update rule
 * @param rest listener, logging, batch planning: the step's time outside the phases above
 * @param emptyJob an empty two-task job's wall time, median
 */
record StepBreakdown(int steps, double step, double broadcast, double job, double toFirstTask, double taskCompute, double taskOverhead,
    double taskDeserialize, double resultSerialization, double slowerTaskLag, double resultToDriver, double outsideJob, double reduce, double update, double rest, double emptyJob) {

  /** The goal for a step: task compute plus 1.3 empty jobs. */
  double goal() { return taskCompute + 1.3 * emptyJob; }

  /**
   * Steps {@code from} on of {@code metrics} (with {@code intervals[i]}, the nanoseconds from step
   * i - 1's end to step i's), whose jobs are {@code jobs} in the same order, one job a step.
   */
  static StepBreakdown of(List<StepMetrics> metrics, long[] intervals, List<JobTrace.Job> jobs, int from, double emptyJobMs) {
    if (jobs.size() != metrics.size())
      throw new IllegalStateException(metrics.size() + " steps but " + jobs.size() + " traced jobs: a step is one job");
    double[] sum = new double[14];
    int n = 0;
    for (int i = from; i < metrics.size(); i++, n++) {
      StepMetrics m = metrics.get(i);
      JobTrace.Job j = jobs.get(i);
      double jobMs = m.phases().job() * 1e3;
      double compute = j.tasks().stream().mapToLong(JobTrace.Task::run).average().orElse(0);
      double duration = j.tasks().stream().mapToLong(t -> t.finish() - t.launch()).average().orElse(0);
      double deserialize = j.tasks().stream().mapToLong(JobTrace.Task::deserialize).average().orElse(0);
      double resultSerialization = j.tasks().stream().mapToLong(JobTrace.Task::resultSerialization).average().orElse(0);
      double phasesMs = (m.phases().broadcast() + m.phases().job() + m.phases().reduce() + m.phases().update()) * 1e3;
      double[] parts = {intervals[i] / 1e6, m.phases().broadcast() * 1e3, jobMs, j.firstLaunch() - j.start(), compute, duration - compute,
          deserialize, resultSerialization, j.lastFinish() - j.firstFinish(), j.end() - j.lastFinish(), jobMs - (j.end() - j.start()), m.phases().reduce() * 1e3,
          m.phases().update() * 1e3, intervals[i] / 1e6 - phasesMs};
      for (int k = 0; k < parts.length; k++) sum[k] += parts[k];
    }
    if (n == 0) throw new IllegalStateException("no steps to break down");
    for (int k = 0; k < sum.length; k++) sum[k] /= n;
    return new StepBreakdown(n, sum[0], sum[1], sum[2], sum[3], sum[4], sum[5], sum[6], sum[7], sum[8], sum[9], sum[10], sum[11],
        sum[12], sum[13], emptyJobMs);
  }

  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("steps", steps);
    m.put("step_ms", step);
    m.put("broadcast_ms", broadcast);
    m.put("job_ms", job);
    m.put("to_first_task_ms", toFirstTask);
    m.put("task_compute_ms", taskCompute);
    m.put("task_overhead_ms", taskOverhead);
    m.put("task_deserialize_ms", taskDeserialize);
    m.put("result_serialization_ms", resultSerialization);
    m.put("slower_task_lag_ms", slowerTaskLag);
    m.put("result_to_driver_ms", resultToDriver);
    m.put("outside_job_ms", outsideJob);
    m.put("reduce_ms", reduce);
    m.put("update_ms", update);
    m.put("rest_ms", rest);
    m.put("empty_job_ms", emptyJob);
    m.put("goal_ms", goal());
    return m;
  }

  @Override public String toString() {
    return String.format(Locale.ROOT, "step breakdown (mean of %d steps): step %.2f ms = broadcast %.2f + job %.2f [to first task %.2f, task compute %.2f,"
        + " task overhead %.2f (deserializing %.2f, result serialization %.2f), slower task lag %.2f, result to driver %.2f, outside the job %.2f] + reduce %.2f + update %.2f + rest %.2f;"
        + " empty job %.2f ms; goal (compute + 1.3 empty jobs) %.2f ms", steps, step, broadcast, job, toFirstTask, taskCompute, taskOverhead,
        taskDeserialize, resultSerialization, slowerTaskLag, resultToDriver, outsideJob, reduce, update, rest, emptyJob, goal());
  }
}
