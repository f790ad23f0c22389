package io.sparkprop.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.TaskInfo;

/**
 * What Spark's listener bus saw of each job while attached: when the job started and ended, and for
 * each of its tasks when it was launched and finished and how its time divided (deserializing the
 * task, running it, serializing its result). Spark's clocks are milliseconds: single jobs of a few
 * milliseconds read coarsely, means over hundreds of steps do not. Jobs submitted while the local
 * property {@link #IGNORED} is set on the submitting thread are left out (scoring between epochs).
 */
final class JobTrace extends SparkListener implements AutoCloseable {
  /** Local property marking jobs that are not training steps. */
  static final String IGNORED = "sparkprop.bench.untraced";

  /** One task: Spark's TaskInfo times and TaskMetrics durations, in ms. */
  record Task(long launch, long finish, long deserialize, long run, long resultSerialization) {}

  /** One job and its tasks, in the order they ended. */
  record Job(int id, long start, long end, List<Task> tasks) {
    long firstLaunch() { return tasks.stream().mapToLong(Task::launch).min().orElse(start); }
    long firstFinish() { return tasks.stream().mapToLong(Task::finish).min().orElse(end); }
    long lastFinish() { return tasks.stream().mapToLong(Task::finish).max().orElse(end); }
  }

  private final JavaSparkContext sc;
  private final Map<Integer, Integer> jobOfStage = new HashMap<>();
  private final Map<Integer, Long> starts = new HashMap<>();
  private final Map<Integer, List<Task>> tasks = new HashMap<>();
  private final List<Job> jobs = new ArrayList<>();

  private JobTrace(JavaSparkContext sc) { this.sc = sc; }

  /** Attached to {@code sc}'s listener bus until {@link #close}. */
  static JobTrace attach(JavaSparkContext sc) {
    JobTrace trace = new JobTrace(sc);
    sc.sc().addSparkListener(trace);
    return trace;
  }

  @Override public synchronized void onJobStart(SparkListenerJobStart e) {
    if (e.properties() != null && e.properties().getProperty(IGNORED) != null) return;
    starts.put(e.jobId(), e.time());
    tasks.put(e.jobId(), new ArrayList<>());
    scala.collection.Iterator<Object> stages = e.stageIds().iterator();
    while (stages.hasNext()) jobOfStage.put((Integer) stages.next(), e.jobId());
  }

  @Override public synchronized void onTaskEnd(SparkListenerTaskEnd e) {
    Integer job = jobOfStage.get(e.stageId());
    if (job == null) return;
    TaskInfo info = e.taskInfo();
    TaskMetrics m = e.taskMetrics();
    tasks.get(job).add(new Task(info.launchTime(), info.finishTime(), m == null ? 0 : m.executorDeserializeTime(),
        m == null ? 0 : m.executorRunTime(), m == null ? 0 : m.resultSerializationTime()));
  }

  @Override public synchronized void onJobEnd(SparkListenerJobEnd e) {
    Long start = starts.remove(e.jobId());
    if (start == null) return;
    jobs.add(new Job(e.jobId(), start, e.time(), List.copyOf(tasks.remove(e.jobId()))));
  }

  /** The traced jobs in the order they ended, once the listener bus has delivered every event so far. */
  List<Job> jobs() {
    try {
      sc.sc().listenerBus().waitUntilEmpty();
    } catch (Exception e) {
      throw new IllegalStateException("listener bus: " + e.getMessage(), e);
    }
    synchronized (this) {
      return List.copyOf(jobs);
    }
  }

  @Override public void close() { sc.sc().removeSparkListener(this); }
}
