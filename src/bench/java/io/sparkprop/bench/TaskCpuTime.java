package io.sparkprop.bench;

import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * CPU time the executors' tasks spent, summed as Spark reports it at each task's end. On a shared
 * machine, wall time also counts other processes' turns on the cores; task CPU time does not, so it
 * tells whether the work itself grows linearly when the wall clock says otherwise.
 */
final class TaskCpuTime extends SparkListener implements AutoCloseable {
  private final JavaSparkContext sc;
  private final AtomicLong nanos = new AtomicLong();

  TaskCpuTime(JavaSparkContext sc) {
    this.sc = sc;
    sc.sc().addSparkListener(this);
  }

  @Override public void onTaskEnd(SparkListenerTaskEnd end) {
    TaskMetrics metrics = end.taskMetrics();
    if (metrics != null) nanos.addAndGet(metrics.executorCpuTime());
  }

  /** Task CPU seconds of the jobs finished so far. */
  double seconds() {
    // Task-end events reach listeners asynchronously: drain the bus first (Spark-internal, public in bytecode).
    try {
      sc.sc().listenerBus().waitUntilEmpty(10_000);
    } catch (TimeoutException e) {
      // a late event only makes the figure a little low
    }
    return nanos.get() / 1e9;
  }

  @Override public void close() { sc.sc().removeSparkListener(this); }
}
