package io.sparkprop.bench;

import java.util.Arrays;
import java.util.List;

/** How the bench times things: medians of repeated runs after warm-up. */
final class Timing {
  private Timing() {}

  /**
   * Median wall seconds of {@code runs} timed runs of {@code run}, after {@code warmup} untimed ones
   * and a full GC, so that no collection cycle left from earlier work runs during the timing.
   */
  static double medianSeconds(int warmup, int runs, Runnable run) {
    for (int i = 0; i < warmup; i++) run.run();
    System.gc();
    double[] seconds = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t = System.nanoTime();
      run.run();
      seconds[i] = (System.nanoTime() - t) / 1e9;
    }
    return median(seconds);
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
