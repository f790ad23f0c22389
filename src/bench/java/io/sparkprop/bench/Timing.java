package io.sparkprop.bench;

import java.util.Arrays;
import java.util.List;

/** How the bench times things: medians of repeated runs after warm-up. */
final class Timing {
  private Timing() {}

  /**
   * Untimed runs before a timing: at least 3, and at least 10 s of them. The JIT keeps compiling
   * Spark's per-job code for tens of seconds, its compiler threads taking cores from the tasks
   * (docs/benchmarks.md, "Where a gradient pass spends its time"), so a count of runs alone is not
   * warm.
   */
  static final int WARMUP_RUNS = 3;
  static final double WARMUP_SECONDS = 10.0;

  /** Runs {@code run} untimed: at least {@link #WARMUP_RUNS} times and {@link #WARMUP_SECONDS}. */
  static void warmUp(Runnable run) { warmUp(run, WARMUP_SECONDS); }

  /** Runs {@code run} untimed: at least {@link #WARMUP_RUNS} times and {@code seconds}. */
  static void warmUp(Runnable run, double seconds) {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    for (int i = 0; i < WARMUP_RUNS || System.nanoTime() < end; i++) run.run();
  }

  /** Wall seconds of one run. */
  static double seconds(Runnable run) {
    long t = System.nanoTime();
    run.run();
    return (System.nanoTime() - t) / 1e9;
  }

  static double min(double[] values) { return Arrays.stream(values).min().orElse(Double.NaN); }

  static double max(double[] values) { return Arrays.stream(values).max().orElse(Double.NaN); }

  static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  static double median(List<Double> values) {
    return median(values.stream().mapToDouble(Double::doubleValue).toArray());
  }
}
