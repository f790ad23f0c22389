package io.sparkprop.bench;

import io.sparkprop.nn.Activation;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.nn.Precision;
import io.sparkprop.spark.BatchPlan;
import io.sparkprop.spark.BlockedData;
import io.sparkprop.spark.DistributedObjective;
import io.sparkprop.spark.GradientSum;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * Does an epoch over sparse input cost what its non-zeros cost? For each feature count the same
 * rows' worth of non-zeros ({@link HashedTopics}, generated on the executors) is trained over in
 * mini-batch steps, and the first layer's parameter traffic is timed apart: the same number of
 * steps whose batch plan picks no block, so that they broadcast the parameters and collect nothing.
 * The rest of the epoch is the cost of the non-zeros.
 */
public final class SparseScaling {
  private SparseScaling() {}

  /** One feature count's epoch: wall seconds, of which parameter traffic, and the bytes each step moved. */
  public record Point(int features, long rows, long nonZeros, int steps, double epochSeconds, double trafficSeconds,
      double broadcastBytesPerStep, double resultBytesPerStep) {
    public double nonZeroSeconds() { return epochSeconds - trafficSeconds; }

    /** The point as the bench prints it, snake_case keys. */
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("features", features);
      m.put("rows", rows);
      m.put("non_zeros", nonZeros);
      m.put("steps", steps);
      m.put("epoch_seconds", epochSeconds);
      m.put("parameter_traffic_seconds", trafficSeconds);
      m.put("non_zero_seconds", nonZeroSeconds());
      m.put("broadcast_bytes_per_step", broadcastBytesPerStep);
      m.put("result_bytes_per_step", resultBytesPerStep);
      return m;
    }
  }

  public record Settings(long rows, int partitions, int nonZerosPerRow, int hidden, int classes, int batchSize, int blockSize, long seed) {}

  public static List<Point> run(JavaSparkContext sc, Settings settings, int[] featureCounts, Consumer<String> log) {
    List<Point> points = new ArrayList<>();
    for (int features : featureCounts) {
      HashedTopics generator = new HashedTopics(features, settings.classes(), settings.nonZerosPerRow(), 400, 0.3, settings.seed());
      BlockedData data = BlockedData.generateSparse(sc, settings.rows(), settings.partitions(), settings.blockSize(), generator,
          StorageLevel.MEMORY_ONLY());
      NetworkSpec spec = NetworkSpec.of(features, new int[] {settings.hidden()}, settings.classes(), Activation.RELU);
      double[] params = io.sparkprop.nn.Initializer.initialParameters(spec, settings.seed());
      DistributedObjective pass = new DistributedObjective(sc, data, spec, 0, 2, Precision.SINGLE);
      int steps = (int) ((settings.rows() + settings.batchSize() - 1) / settings.batchSize());
      epoch(pass, params, settings.seed(), steps, true); // warm-up: JIT, the cache, the broadcast path
      long[] bytes = new long[2];
      double epoch = Timing.seconds(() -> {
        long[] b = epoch(pass, params, settings.seed(), steps, true);
        bytes[0] = b[0];
        bytes[1] = b[1];
      });
      double traffic = Timing.seconds(() -> epoch(pass, params, settings.seed(), steps, false));
      Point p = new Point(features, data.samples(), data.nonZeros(), steps, epoch, traffic, bytes[0] / (double) steps, bytes[1] / (double) steps);
      log.accept(String.format(Locale.ROOT, "sparse epoch, %,d features: %.2f s (%d steps), of which parameter traffic %.2f s; "
          + "non-zeros %.2f s; %.1f MB out, %.1f MB back a step", features, p.epochSeconds(), steps, p.trafficSeconds(),
          p.nonZeroSeconds(), p.broadcastBytesPerStep() / 1e6, p.resultBytesPerStep() / 1e6));
      points.add(p);
      data.unpersist();
    }
    return points;
  }

  /** One epoch of gradient passes (no update: the parameters stay); {broadcast, result} bytes summed. */
  private static long[] epoch(DistributedObjective pass, double[] params, long seed, int steps, boolean readBlocks) {
    long[] bytes = new long[2];
    for (int s = 0; s < steps; s++) {
      // a plan of more steps than there are blocks picks none in its first step: traffic, no work
      BatchPlan plan = readBlocks ? BatchPlan.miniBatch(seed, 0, s, steps) : BatchPlan.miniBatch(seed, 0, 0, Integer.MAX_VALUE);
      GradientSum sum = pass.sum(params, plan);
      bytes[0] += sum.broadcastBytes();
      bytes[1] += sum.resultBytes();
    }
    return bytes;
  }
}
