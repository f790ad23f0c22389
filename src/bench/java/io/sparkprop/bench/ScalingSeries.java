package io.sparkprop.bench;

import io.sparkprop.nn.Activation;
import io.sparkprop.nn.Initializer;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.nn.Precision;
import io.sparkprop.optim.OptimizerConfig;
import io.sparkprop.spark.BatchPlan;
import io.sparkprop.spark.BlockedData;
import io.sparkprop.spark.DistributedObjective;
import io.sparkprop.train.Trainer;
import io.sparkprop.train.TrainingConfig;
import io.sparkprop.train.TrainingListener;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
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
   * @param warmupSeconds untimed passes over the first size before its timed ones (at least 3 passes)
   */
  public record Settings(List<Long> rows, int hidden, int blockSize, int passes, int batchSize, int tinySteps, long seed,
      Precision<?> precision, double warmupSeconds) {}

  /**
   * One size: full passes timed alone (the smallest size) or each followed by passes over the smallest size
   * ({@code paired}), and a mini-batch epoch. Seconds per 1M samples are per million rows of that size.
   */
  public record Size(long rows, double secondsPerEpoch, double secondsPerMillion, Paired paired, double cpuSecondsPerMillion,
      double gcSecondsPerEpoch, double minibatchSecondsPerEpoch, double minibatchSecondsPerMillion, double minibatchCpuSecondsPerMillion,
      double minibatchGcSeconds, double generateSeconds, long cachedBytes, long cachedOnDiskBytes, OptionalDouble secondsPerMillionAtEnd) {
    /** The smallest size's passes timed alone once more, after the larger sizes. */
    Size withSecondsPerMillionAtEnd(double value) {
      return new Size(rows, secondsPerEpoch, secondsPerMillion, paired, cpuSecondsPerMillion, gcSecondsPerEpoch, minibatchSecondsPerEpoch,
          minibatchSecondsPerMillion, minibatchCpuSecondsPerMillion, minibatchGcSeconds, generateSeconds, cachedBytes, cachedOnDiskBytes,
          OptionalDouble.of(value));
    }

    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("rows", rows);
      m.put("seconds_per_epoch", secondsPerEpoch);
      m.put("seconds_per_million", secondsPerMillion);
      if (paired != null) {
        m.put("reference_seconds_per_million", paired.referenceSecondsPerMillion());
        m.put("best_seconds_per_million", paired.bestSecondsPerMillion());
        m.put("reference_best_seconds_per_million", paired.referenceBestSecondsPerMillion());
        m.put("reference_cpu_seconds_per_million", paired.referenceCpuSecondsPerMillion());
      }
      m.put("cpu_seconds_per_million", cpuSecondsPerMillion);
      m.put("gc_seconds_per_epoch", gcSecondsPerEpoch);
      m.put("minibatch_seconds_per_epoch", minibatchSecondsPerEpoch);
      m.put("minibatch_seconds_per_million", minibatchSecondsPerMillion);
      m.put("minibatch_cpu_seconds_per_million", minibatchCpuSecondsPerMillion);
      m.put("minibatch_gc_seconds", minibatchGcSeconds);
      m.put("generate_seconds", generateSeconds);
      m.put("cached_bytes", cachedBytes);
      m.put("cached_on_disk_bytes", cachedOnDiskBytes);
      secondsPerMillionAtEnd.ifPresent(v -> m.put("seconds_per_million_at_end", v));
      return m;
    }
  }

  /**
   * A larger size's passes against the smallest size's timed in turn with them: the smallest size's median
   * ({@code reference...}) and the fastest pass of each ({@code best...}: the one least slowed by other processes).
   */
  public record Paired(double referenceSecondsPerMillion, double bestSecondsPerMillion, double referenceBestSecondsPerMillion,
      double referenceCpuSecondsPerMillion) {}

  /**
   * The series: per size, and the largest size's seconds per 1M samples over the smallest's ({@code linearity}
   * and its variants; those besides {@code linearity} and {@code minibatchLinearity} need two sizes or more,
   * and are empty with one).
   */
  public record Result(String data, int partitions, String secondsPerEpochIs, String minibatchEpochIs, List<Size> sizes, double linearity,
      OptionalDouble linearityBracketed, OptionalDouble linearityUnpaired, OptionalDouble smallestSizeDrift, double minibatchLinearity,
      OptionalDouble linearityFastest, OptionalDouble cpuLinearity, double stepOverheadSeconds, int stepOverheadBatch,
      OptionalLong peakRssBytes) {
    /** The series as the bench prints it, under "scaling". */
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("data", data);
      m.put("partitions", partitions);
      m.put("seconds_per_epoch_is", secondsPerEpochIs);
      m.put("minibatch_epoch_is", minibatchEpochIs);
      m.put("sizes", sizes.stream().map(Size::toMap).toList());
      m.put("linearity", linearity);
      linearityBracketed.ifPresent(v -> m.put("linearity_bracketed", v));
      linearityUnpaired.ifPresent(v -> m.put("linearity_unpaired", v));
      smallestSizeDrift.ifPresent(v -> m.put("smallest_size_drift", v));
      m.put("minibatch_linearity", minibatchLinearity);
      linearityFastest.ifPresent(v -> m.put("linearity_fastest", v));
      cpuLinearity.ifPresent(v -> m.put("cpu_linearity", v));
      m.put("step_overhead_seconds", stepOverheadSeconds);
      m.put("step_overhead_batch", stepOverheadBatch);
      peakRssBytes.ifPresent(b -> m.put("peak_rss_bytes", b));
      return m;
    }
  }

  private static final int WARMUP_PASSES = 1;
  /**
   * Passes over the smallest set after each pass over a larger one: they are cheap, and a short
   * pass's time scatters more (it ends with the slower of two tasks, and a burst of other work on
   * the machine is a larger share of it), so its median needs more of them.
   */
  private static final int REFERENCE_PASSES_PER_ROUND = 3;
  private static final int WARMUP_STEPS = 5;

  private final JavaSparkContext sc;
  private final Settings settings;
  private final Consumer<String> log;
  private final NetworkSpec spec;
  private final ClassClusters generator;
  private final int partitions;
  private TaskCpuTime cpu;

  public ScalingSeries(JavaSparkContext sc, Settings settings, Consumer<String> log) {
    if (settings.rows().isEmpty()) throw new IllegalArgumentException("no sizes for the scaling series");
    this.sc = sc;
    this.settings = settings;
    this.log = log;
    generator = ClassClusters.fashionMnistShape(settings.seed());
    spec = NetworkSpec.of(generator.features(), new int[] {settings.hidden()}, generator.classes(), Activation.RELU);
    partitions = sc.defaultParallelism();
  }

  public Result run() {
    log.accept("scaling series on " + generator + ", " + partitions + " partitions, layers [" + generator.features() + ","
        + settings.hidden() + "," + generator.classes() + "]");
    List<Size> sizes = new ArrayList<>();
    double stepSeconds;
    FullPass reference = null;
    try (TaskCpuTime cpu = new TaskCpuTime(sc)) {
      this.cpu = cpu;
      for (long rows : settings.rows()) {
        FullPass pass = new FullPass(rows);
        sizes.add(measure(pass, reference));
        // the smallest size stays cached: its passes are timed again between the larger size's passes
        if (reference == null) reference = pass;
        else pass.data.unpersist();
      }
      // the smallest size once more, alone again: with the figure from the start it brackets the
      // larger sizes in time, so a drift of the machine's (or the JVM's) speed shows
      if (sizes.size() > 1) sizes.set(0, sizes.get(0).withSecondsPerMillionAtEnd(secondsPerMillionAlone(reference)));
      stepSeconds = tinyStepSeconds(settings.rows().get(0));
    } finally {
      if (reference != null) reference.data.unpersist();
    }

    Size first = sizes.get(0), last = sizes.get(sizes.size() - 1);
    String secondsPerEpochIs = "median full gradient pass of " + settings.passes() + " (" + smallestSizePasses()
        + " for the smallest size, timed alone before the larger sizes and again after them); linearity (and its fastest-pass and task-CPU"
        + " variants) compares the largest size's seconds per 1M samples with those of passes over the smallest size timed in turn with"
        + " the largest's; linearity_bracketed with the mean of the smallest size's two timings alone";
    String minibatchEpochIs = "one Adam epoch, batch " + settings.batchSize() + ", driver update included";
    double linearity = 1.0;
    OptionalDouble bracketed = OptionalDouble.empty(), unpaired = OptionalDouble.empty(), drift = OptionalDouble.empty();
    OptionalDouble fastest = OptionalDouble.empty(), cpuLinearity = OptionalDouble.empty();
    if (sizes.size() > 1) {
      double firstBefore = first.secondsPerMillion(), firstAfter = first.secondsPerMillionAtEnd().getAsDouble();
      linearity = last.secondsPerMillion() / last.paired().referenceSecondsPerMillion();
      bracketed = OptionalDouble.of(last.secondsPerMillion() / ((firstBefore + firstAfter) / 2));
      unpaired = OptionalDouble.of(last.secondsPerMillion() / first.secondsPerMillion());
      drift = OptionalDouble.of(firstAfter / firstBefore);
      fastest = OptionalDouble.of(last.paired().bestSecondsPerMillion() / last.paired().referenceBestSecondsPerMillion());
      cpuLinearity = OptionalDouble.of(last.cpuSecondsPerMillion() / last.paired().referenceCpuSecondsPerMillion());
    }
    double minibatchLinearity = last.minibatchSecondsPerMillion() / first.minibatchSecondsPerMillion();
    Result result = new Result(generator.toString(), partitions, secondsPerEpochIs, minibatchEpochIs, List.copyOf(sizes), linearity, bracketed,
        unpaired, drift, minibatchLinearity, fastest, cpuLinearity, stepSeconds, partitions, peakRssBytes());
    log.accept(String.format(Locale.ROOT, "scaling: seconds per 1M samples at %,d rows over %,d rows: full pass %.3f timed in turn (fastest "
        + "passes %s, task CPU %s; against the smallest size alone before and after %s, its drift %s), mini-batch epoch %.3f (not timed in turn)",
        last.rows(), first.rows(), linearity, text(fastest), text(cpuLinearity), text(bracketed), text(drift), minibatchLinearity));
    return result;
  }

  /** As the log line showed a ratio before it became optional: the number, or null. */
  private static String text(OptionalDouble v) { return v.isPresent() ? String.valueOf(v.getAsDouble()) : "null"; }

  /** A generated, cached data set and a full gradient pass over it. */
  private final class FullPass {
    final BlockedData data;
    final double generateSeconds;
    final DistributedObjective gradient;
    final double[] params = Initializer.initialParameters(spec, settings.seed());

    FullPass(long rows) {
      long start = System.nanoTime();
      data = generate(rows, settings.blockSize());
      generateSeconds = seconds(start);
      gradient = new DistributedObjective(sc, data, spec, 0, 2, settings.precision());
    }

    /** A timed full pass, checked to have read every row: a fast pass that skipped blocks would pass for linearity. */
    Timed timedPass() {
      return timed(() -> {
        long count = gradient.sum(params, BatchPlan.fullBatch()).count();
        if (count != data.samples()) throw new IllegalStateException("full pass read " + count + " of " + data.samples() + " rows");
      });
    }
  }

  private BlockedData generate(long rows, int blockSize) {
    long start = System.nanoTime();
    BlockedData data = BlockedData.generate(sc, rows, partitions, blockSize, generator, StorageLevel.MEMORY_AND_DISK());
    log.accept(String.format(Locale.ROOT, "scaling %,d rows: generated and cached in %.1f s, %.1f MB cached (%.1f MB of it on disk), heap used %.1f GB",
        rows, seconds(start), CachedBytes.of(sc, data.rddId()) / 1e6, CachedBytes.onDisk(sc, data.rddId()) / 1e6, heapUsedBytes() / 1e9));
    return data;
  }

  /**
   * Full passes over {@code pass}, each followed by a few over {@code reference} when there is one: on a
   * shared machine the other processes' load drifts, and passes timed in turn see the same load.
   */
  private Size measure(FullPass pass, FullPass reference) {
    long rows = pass.data.samples();
    // The first size runs first in the JVM: its passes keep getting faster for tens of seconds while the
    // JIT compiles, so it warms up for settings.warmupSeconds (`--only scaling` measured how long:
    // docs/benchmarks.md, "Scaling series"), the larger sizes for a pass.
    if (reference == null) Timing.warmUp(pass::timedPass, settings.warmupSeconds());
    else for (int i = 0; i < WARMUP_PASSES; i++) pass.timedPass();
    List<Timed> own = new ArrayList<>(), paired = new ArrayList<>();
    int passes = reference == null ? smallestSizePasses() : settings.passes();
    for (int i = 0; i < passes; i++) {
      own.add(pass.timedPass());
      if (reference != null) for (int r = 0; r < REFERENCE_PASSES_PER_ROUND; r++) paired.add(reference.timedPass());
    }
    double seconds = median(own, Timed::wall), cpuSeconds = median(own, Timed::cpu), gc = median(own, Timed::gc);
    if (reference == null) miniBatchEpoch(pass.data); // warm-up: the optimizer's code is not compiled yet
    Timed epoch = miniBatchEpoch(pass.data);
    log.accept(String.format(Locale.ROOT, "scaling %,d rows: full pass %.3f s (%.3f to %.3f; task CPU %.3f s, GC %.3f s), %.3f s per 1M samples; "
        + "mini-batch epoch %.2f s (task CPU %.2f s, GC %.2f s), %.3f s per 1M samples",
        rows, seconds, min(own), max(own), cpuSeconds, gc, seconds * 1e6 / rows, epoch.wall(), epoch.cpu(), epoch.gc(), epoch.wall() * 1e6 / rows));
    Paired timedInTurn = null;
    if (reference != null) {
      long refRows = reference.data.samples();
      double refSeconds = median(paired, Timed::wall), refCpu = median(paired, Timed::cpu);
      timedInTurn = new Paired(refSeconds * 1e6 / refRows, min(own) * 1e6 / rows, min(paired) * 1e6 / refRows, refCpu * 1e6 / refRows);
      log.accept(String.format(Locale.ROOT, "scaling %,d rows: %,d-row passes timed in turn: %.3f s (%.3f to %.3f; task CPU %.3f s), %.3f s per 1M samples; "
          + "ratio %.3f (fastest passes %.3f, task CPU %.3f); %.1f MB of them on disk", rows, refRows, refSeconds, min(paired), max(paired), refCpu,
          refSeconds * 1e6 / refRows, (seconds / rows) / (refSeconds / refRows), (min(own) / rows) / (min(paired) / refRows),
          (cpuSeconds / rows) / (refCpu / refRows), CachedBytes.onDisk(sc, reference.data.rddId()) / 1e6));
    }
    return new Size(rows, seconds, seconds * 1e6 / rows, timedInTurn, cpuSeconds * 1e6 / rows, gc, epoch.wall(), epoch.wall() * 1e6 / rows,
        epoch.cpu() * 1e6 / rows, epoch.gc(), pass.generateSeconds, CachedBytes.of(sc, pass.data.rddId()), CachedBytes.onDisk(sc, pass.data.rddId()),
        OptionalDouble.empty());
  }

  /** Timed passes over the smallest size, alone: as many as are timed in turn with each larger size. */
  private int smallestSizePasses() { return settings.passes() * REFERENCE_PASSES_PER_ROUND; }

  /** Seconds per 1M samples of {@code pass} timed alone, as many passes as the first measurement of the smallest size. */
  private double secondsPerMillionAlone(FullPass pass) {
    List<Timed> times = new ArrayList<>();
    for (int i = 0; i < smallestSizePasses(); i++) times.add(pass.timedPass());
    double seconds = median(times, Timed::wall);
    log.accept(String.format(Locale.ROOT, "scaling %,d rows again, alone: full pass %.3f s (%.3f to %.3f), %.3f s per 1M samples",
        pass.data.samples(), seconds, min(times), max(times), seconds * 1e6 / pass.data.samples()));
    return seconds * 1e6 / pass.data.samples();
  }

  private Timed miniBatchEpoch(BlockedData data) {
    TrainingConfig config = TrainingConfig.builder().hidden(settings.hidden()).activation(Activation.RELU)
        .optimizer(new OptimizerConfig.Adam(0.002)).epochs(1).batchSize(settings.batchSize()).l2(0).seed(settings.seed())
        .blockSize(settings.blockSize()).aggregationDepth(2).logEvery(Integer.MAX_VALUE).precision(settings.precision()).build();
    if (Trainer.blockSizeFor(config, partitions) != settings.blockSize())
      throw new IllegalArgumentException("batch " + settings.batchSize() + " is too narrow for blocks of " + settings.blockSize()
          + " (a step reads at least 4 blocks a partition)");
    return timed(() -> new Trainer(sc, config).train(data, spec, TrainingListener.NONE));
  }

  /** Median seconds of a gradient step over one one-sample block per partition: what a step costs besides arithmetic. */
  private double tinyStepSeconds(long rows) {
    BlockedData data = generate(rows, 1);
    try {
      DistributedObjective gradient = new DistributedObjective(sc, data, spec, 0, 2, settings.precision());
      double[] params = Initializer.initialParameters(spec, settings.seed());
      int stepsPerEpoch = Integer.MAX_VALUE;
      for (int p = 0; p < data.numPartitions(); p++) stepsPerEpoch = Math.min(stepsPerEpoch, data.blocks(p));
      int steps = stepsPerEpoch;
      int[] step = {0};
      double seconds = median(repeat(WARMUP_STEPS, settings.tinySteps(),
          () -> gradient.sum(params, BatchPlan.miniBatch(settings.seed(), 0, step[0]++ % steps, steps))), Timed::wall);
      log.accept(String.format(Locale.ROOT, "scaling: step of %d samples (one per partition) on %,d rows: %.1f ms (median of %d)",
          partitions, rows, seconds * 1e3, settings.tinySteps()));
      return seconds;
    } finally {
      data.unpersist();
    }
  }

  /** Wall, task CPU and garbage-collection seconds of one timed piece of work. */
  private record Timed(double wall, double cpu, double gc) {}

  private Timed timed(Runnable work) {
    double cpuBefore = cpu.seconds(), gcBefore = gcSeconds();
    long start = System.nanoTime();
    work.run();
    double wall = seconds(start);
    return new Timed(wall, cpu.seconds() - cpuBefore, gcSeconds() - gcBefore);
  }

  /** Time the JVM's collectors have spent so far (pauses and concurrent work alike). */
  private static double gcSeconds() {
    long ms = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) ms += Math.max(0, gc.getCollectionTime());
    return ms / 1e3;
  }

  /** {@code runs} timings after {@code warmups} untimed runs, fastest first. */
  private List<Timed> repeat(int warmups, int runs, Runnable work) {
    for (int i = 0; i < warmups; i++) work.run();
    List<Timed> times = new ArrayList<>();
    for (int i = 0; i < runs; i++) times.add(timed(work));
    times.sort(Comparator.comparingDouble(Timed::wall));
    return times;
  }

  private static double min(List<Timed> times) { return times.stream().mapToDouble(Timed::wall).min().orElse(Double.NaN); }
  private static double max(List<Timed> times) { return times.stream().mapToDouble(Timed::wall).max().orElse(Double.NaN); }

  private static double median(List<Timed> times, ToDoubleFunction<Timed> of) {
    return Timing.median(times.stream().mapToDouble(of).toArray());
  }

  private static double seconds(long startNanos) { return (System.nanoTime() - startNanos) / 1e9; }

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
