package io.sparkprop.bench;

import java.util.Arrays;
import java.util.List;

/** How the bench times things: medians of repeated runs after warm-up. */
final class Timing {
  private Timing() {}

  /**
   * Untimed runs before a timing: at least 3, and at least 10 s of them. The JIT keeps compiling
   * Spark's per-job code for tens of seconds (measured: a C2 thread busy half the time over the first
   * 20 s of full passes on 2 cores, stealing from the tasks), so a count of runs alone is not warm.
   */
  static final int WARMUP_RUNS = 3;
  static final double WARMUP_SECONDS = 10.0;

  /**
   * Median wall seconds of {@code runs} timed runs of {@code run}, after the warm-up and a full GC, so
   * that no collection cycle left from earlier work runs during the timing.
   */
  static double medianSeconds(int runs, Runnable run) {
    return median(seconds(runs, run, () -> {}));
  }

  /** Wall seconds of each of {@code runs} timed runs after the warm-up, calling {@code between} (untimed) after each. */
  static double[] seconds(int runs, Runnable run, Runnable between) {
    warmUp(run);
    System.gc();
    double[] seconds = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t = System.nanoTime();
      run.run();
      seconds[i] = (System.nanoTime() - t) / 1e9;
      between.run();
    }
    return seconds;
  }

  private static void warmUp(Runnable run) {
    long end = System.nanoTime() + (long) (WARMUP_SECONDS * 1e9);
    for (int i = 0; i < WARMUP_RUNS || System.nanoTime() < end; i++) run.run();
  }

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
