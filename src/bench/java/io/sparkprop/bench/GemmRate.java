package io.sparkprop.bench;

import dev.ludovic.netlib.blas.BLAS;
import io.sparkprop.nn.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The machine's matrix-multiply rate for one shape, with one BLAS call stream per thread, as Spark tasks run. */
public final class GemmRate {
  private GemmRate() {}

  /**
   * GFLOP/s of C(m x n) += A(m x k) B(k x n) in {@code precision} (dgemm or sgemm), summed over
   * {@code threads} concurrent threads.
   */
  public static double gflops(Precision<?> precision, int m, int n, int k, int threads, double seconds) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Double>> rates = new ArrayList<>();
      for (int t = 0; t < threads; t++) rates.add(pool.submit(() -> oneThread(precision == Precision.SINGLE, m, n, k, seconds)));
      double total = 0;
      for (Future<Double> f : rates) total += f.get();
      return total;
    } finally {
      pool.shutdownNow();
    }
  }

  private static double oneThread(boolean single, int m, int n, int k, double seconds) {
    Runnable gemm = single ? sgemm(m, n, k) : dgemm(m, n, k);
    long warmEnd = System.nanoTime() + (long) (seconds * 0.3e9);
    while (System.nanoTime() < warmEnd) gemm.run();
    long calls = 0;
    long start = System.nanoTime(), end = start + (long) (seconds * 1e9);
    long now;
    do {
      gemm.run();
      calls++;
    } while ((now = System.nanoTime()) < end);
    return 2.0 * m * n * k * calls / ((now - start) / 1e9) / 1e9;
  }

  private static Runnable dgemm(int m, int n, int k) {
    BLAS blas = BLAS.getInstance();
    double[] a = new double[m * k], b = new double[k * n], c = new double[m * n];
    for (int i = 0; i < a.length; i++) a[i] = (i % 13) * 0.01;
    for (int i = 0; i < b.length; i++) b[i] = (i % 7) * 0.01;
    return () -> blas.dgemm("N", "N", m, n, k, 1.0, a, m, b, k, 0.0, c, m);
  }

  private static Runnable sgemm(int m, int n, int k) {
    BLAS blas = BLAS.getInstance();
    float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
    for (int i = 0; i < a.length; i++) a[i] = (i % 13) * 0.01f;
    for (int i = 0; i < b.length; i++) b[i] = (i % 7) * 0.01f;
    return () -> blas.sgemm("N", "N", m, n, k, 1.0f, a, m, b, k, 0.0f, c, m);
  }
}
