package io.sparkprop.cli;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/** Counts the executors that ran at least one task (a replacement for a lost executor counts too). */
final class ExecutorCounter extends SparkListener {
  private final Set<String> executors = ConcurrentHashMap.newKeySet();

  @Override public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    executors.add(taskEnd.taskInfo().executorId());
  }

  int count() { return executors.size(); }
}
