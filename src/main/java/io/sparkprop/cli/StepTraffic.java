package io.sparkprop.cli;

import io.sparkprop.train.StepMetrics;

/** The bytes a run's steps moved each way, for summary.json. */
final class StepTraffic {
  private long steps;
  private long broadcast;
  private long results;

  void add(StepMetrics m) {
    steps++;
    broadcast += m.broadcastBytes();
    results += m.resultBytes();
  }

  double meanBroadcastBytes() { return steps == 0 ? 0 : broadcast / (double) steps; }
  double meanResultBytes() { return steps == 0 ? 0 : results / (double) steps; }
}
