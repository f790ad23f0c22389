package io.sparkprop.spark;

import io.sparkprop.nn.InputStorage;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.optim.OptimizerConfig;
import java.util.Arrays;
import java.util.Locale;
import org.apache.spark.SparkConf;

/**
 * Refuses, before any training job, a network whose parameters the driver or an executor cannot
 * hold. Counts what a step keeps per parameter, in bytes:
 * <ul>
 *   <li>driver: the parameters and their gradient (8 + 8), the optimizer's buffers (Adam and LAMB 16, sgd and LARS 8,
 *       L-BFGS 16 per correction pair plus its line search's 24), the step's copy of both for the
 *       listeners, the packed broadcast (4 in float), and two task gradients being added (16);</li>
 *   <li>executor: the broadcast parameters (4 or 8), and per task the dense gradient (8) and the
 *       float gradient buffer (4) of dense input; sparse input keeps only the rows its blocks touch.</li>
 * </ul>
 * In local mode both live in the driver's JVM. The estimate is deliberately rough: it is there to
 * turn an OutOfMemoryError an hour into a run into a clear message at its start.
 */
public final class MemoryBudget {
  private MemoryBudget() {}

  /** Headroom for Spark, the cached blocks and everything not counted. */
  private static final double USABLE = 0.8;

  /** @throws IllegalArgumentException naming the parameter count and the memory it needs, when it does not fit */
  public static void check(NetworkSpec spec, OptimizerConfig optimizer, boolean floatPrecision, InputStorage storage,
      SparkConf conf, long driverMaxMemory, int tasksPerExecutor) {
    long n = spec.numParameters();
    int optimizerBytes = optimizer.stateBytesPerParameter();
    long driver = n * (8 + 8 + 2L * (8 + optimizerBytes) + (floatPrecision ? 4 : 0) + 16);
    long perTask = storage == InputStorage.SPARSE ? (n - (long) spec.fanIn(0) * spec.fanOut(0)) * 12 : n * (8 + (floatPrecision ? 4 : 0));
    long executor = n * (floatPrecision ? 4 : 8) + tasksPerExecutor * perTask;
    boolean local = conf.get("spark.master", "local").startsWith("local");
    long driverNeeds = local ? driver + executor : driver;
    long executorHas = local ? driverMaxMemory : conf.getSizeAsBytes("spark.executor.memory", "1g");
    if (driverNeeds <= USABLE * driverMaxMemory && (local || executor <= USABLE * executorHas)) return;
    throw new IllegalArgumentException(String.format(Locale.ROOT,
        "network %s has %,d parameters: training needs about %s on the driver%s%s (has %s%s); use fewer features or hidden units, "
            + "or more memory (--driver-memory, spark.executor.memory)",
        Arrays.toString(spec.sizes()), n, size(driverNeeds / USABLE), local ? ", executors included" : "",
        local ? "" : " and " + size(executor / USABLE) + " per executor", size(driverMaxMemory),
        local ? "" : ", executors " + size(executorHas)));
  }

  private static String size(double bytes) {
    return bytes >= 1e9 ? String.format(Locale.ROOT, "%.1f GB", bytes / 1e9) : String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
  }
}
