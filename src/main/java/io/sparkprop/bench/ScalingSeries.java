package io.sparkprop.bench;

import io.sparkprop.nn.Activation;
import io.sparkprop.nn.Initializer;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.optim.OptimizerConfig;
import io.sparkprop.spark.BatchPlan;
import io.sparkprop.spark.BlockedData;
import io.sparkprop.spark.DistributedGradient;
import io.sparkprop.spark.Trainer;
import io.sparkprop.spark.TrainingConfig;
import io.sparkprop.spark.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * How the cost of training grows with the number of rows: for each size, samples generated on the
 * executors (no driver-side data) are cached, then timed in full gradient passes and in one Adam
 * mini-batch epoch. Last, the fixed cost of a step: steps of one one-sample block per partition.
 */
public final class ScalingSeries {
  /**
   * @param rows data set sizes, smallest first; the tiny-batch steps run on a set of the first size
   * @param passes timed full passes per size (the median counts)
   * @param tinySteps timed tiny-batch steps (the median counts)
   */
  public record Settings(List<Long> rows, int hidden, int blockSize, int passes, int batchSize, int tinySteps, long seed) {}

  private static final int WARMUP_PASSES = 1;
  private static final int WARMUP_STEPS = 5;

  private final JavaSparkContext sc;
  private final Settings settings;
  private final Consumer<String> log;
  private final NetworkSpec spec;
  private final ClassClusters generator;
  private final int partitions;

  public ScalingSeries(JavaSparkContext sc, Settings settings, Consumer<String> log) {
    if (settings.rows().isEmpty()) throw new IllegalArgumentException("no sizes for the scaling series");
    this.sc = sc;
    this.settings = settings;
    this.log = log;
    generator = ClassClusters.fashionMnistShape(settings.seed());
    spec = NetworkSpec.of(generator.features(), new int[] {settings.hidden()}, generator.classes(), Activation.RELU);
    partitions = sc.defaultParallelism();
  }

  public Map<String, Object> run() {
    log.accept("scaling series on " + generator + ", " + partitions + " partitions, layers [" + generator.features() + ","
        + settings.hidden() + "," + generator.classes() + "]");
    List<Map<String, Object>> sizes = new ArrayList<>();
    for (long rows : settings.rows()) sizes.add(measure(rows));
    double stepSeconds = tinyStepSeconds(settings.rows().get(0));

    Map<String, Object> first = sizes.get(0), last = sizes.get(sizes.size() - 1);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("data", generator.toString());
    result.put("partitions", partitions);
    result.put("seconds_per_epoch_is", "median full gradient pass of " + settings.passes());
    result.put("minibatch_epoch_is", "one Adam epoch, batch " + settings.batchSize() + ", driver update included");
    result.put("sizes", sizes);
    result.put("linearity", ratio(last, first, "seconds_per_million"));
    result.put("minibatch_linearity", ratio(last, first, "minibatch_seconds_per_million"));
    result.put("step_overhead_seconds", stepSeconds);
    result.put("step_overhead_batch", partitions);
    peakRssBytes().ifPresent(b -> result.put("peak_rss_bytes", b));
    log.accept(String.format(Locale.ROOT, "scaling: seconds per 1M samples at %,d rows over %,d rows: full pass %.3f, mini-batch epoch %.3f",
        (long) last.get("rows"), (long) first.get("rows"), result.get("linearity"), result.get("minibatch_linearity")));
    return result;
  }

  private Map<String, Object> measure(long rows) {
    long start = System.nanoTime();
    BlockedData data = BlockedData.generate(sc, rows, partitions, settings.blockSize(), generator, StorageLevel.MEMORY_AND_DISK());
    double generateSeconds = seconds(start);
    long cached = CachedBytes.of(sc, data.rddId()), spilled = CachedBytes.onDisk(sc, data.rddId());
    log.accept(String.format(Locale.ROOT, "scaling %,d rows: generated and cached in %.1f s, %.1f MB cached (%.1f MB of it on disk), heap used %.1f GB",
        rows, generateSeconds, cached / 1e6, spilled / 1e6, heapUsedBytes() / 1e9));
    try {
      DistributedGradient gradient = new DistributedGradient(sc, data, spec, 2);
      double[] params = Initializer.initialParameters(spec, settings.seed());
      double pass = median(WARMUP_PASSES, settings.passes(), () -> time(() -> gradient.compute(params, BatchPlan.fullBatch())));
      double epoch = miniBatchEpochSeconds(data);
      log.accept(String.format(Locale.ROOT, "scaling %,d rows: full pass %.3f s (%.3f s per 1M samples), mini-batch epoch %.2f s (%.3f s per 1M samples)",
          rows, pass, pass * 1e6 / rows, epoch, epoch * 1e6 / rows));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("rows", rows);
      m.put("seconds_per_epoch", pass);
      m.put("seconds_per_million", pass * 1e6 / rows);
      m.put("minibatch_seconds_per_epoch", epoch);
      m.put("minibatch_seconds_per_million", epoch * 1e6 / rows);
      m.put("generate_seconds", generateSeconds);
      m.put("cached_bytes", cached);
      m.put("cached_on_disk_bytes", spilled);
      return m;
    } finally {
      data.unpersist();
    }
  }

  private double miniBatchEpochSeconds(BlockedData data) {
    TrainingConfig config = new TrainingConfig(new int[] {settings.hidden()}, Activation.RELU, OptimizerConfig.adam(0.002), 1,
        settings.batchSize(), settings.blockSize(), 0, settings.seed(), 2, Integer.MAX_VALUE);
    if (Trainer.blockSizeFor(config, partitions) != settings.blockSize())
      throw new IllegalArgumentException("batch " + settings.batchSize() + " is narrower than a block per partition");
    return new Trainer(sc, config).train(data, spec, TrainingListener.NONE).seconds();
  }

  /** Median seconds of a gradient step over one one-sample block per partition: what a step costs besides arithmetic. */
  private double tinyStepSeconds(long rows) {
    BlockedData data = BlockedData.generate(sc, rows, partitions, 1, generator, StorageLevel.MEMORY_AND_DISK());
    try {
      DistributedGradient gradient = new DistributedGradient(sc, data, spec, 2);
      double[] params = Initializer.initialParameters(spec, settings.seed());
      int stepsPerEpoch = Integer.MAX_VALUE;
      for (int p = 0; p < data.numPartitions(); p++) stepsPerEpoch = Math.min(stepsPerEpoch, data.blocks(p));
      int steps = stepsPerEpoch;
      int[] step = {0};
      double seconds = median(WARMUP_STEPS, settings.tinySteps(),
          () -> time(() -> gradient.compute(params, BatchPlan.miniBatch(settings.seed(), 0, step[0]++ % steps, steps))));
      log.accept(String.format(Locale.ROOT, "scaling: step of %d samples (one per partition) on %,d rows: %.1f ms (median of %d)",
          partitions, rows, seconds * 1e3, settings.tinySteps()));
      return seconds;
    } finally {
      data.unpersist();
    }
  }

  private static double median(int warmups, int runs, DoubleSupplier timed) {
    for (int i = 0; i < warmups; i++) timed.getAsDouble();
    double[] times = new double[runs];
    for (int i = 0; i < runs; i++) times[i] = timed.getAsDouble();
    Arrays.sort(times);
    return times[runs / 2];
  }

  private static double time(Runnable work) {
    long start = System.nanoTime();
    work.run();
    return seconds(start);
  }

  private static double seconds(long startNanos) { return (System.nanoTime() - startNanos) / 1e9; }

  private static double ratio(Map<String, Object> a, Map<String, Object> b, String key) {
    return (double) a.get(key) / (double) b.get(key);
  }

  private static long heapUsedBytes() {
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }

  /** The process's resident-set high-water mark (Linux), to size the heap the series needs. */
  private static OptionalLong peakRssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status")))
        if (line.startsWith("VmHWM:")) return OptionalLong.of(Long.parseLong(line.replaceAll("\\D", "")) * 1024);
    } catch (IOException | RuntimeException e) {
      // not Linux: leave it out
    }
    return OptionalLong.empty();
  }
}
