package io.sparkprop.bench;

import java.util.function.Supplier;
import io.sparkprop.nn.Activation;
import io.sparkprop.nn.Initializer;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.optim.OptimizerConfig;
import io.sparkprop.spark.BatchPlan;
import io.sparkprop.spark.BlockedData;
import io.sparkprop.spark.DistributedObjective;
import io.sparkprop.train.StepMetrics;
import io.sparkprop.train.Trainer;
import io.sparkprop.train.TrainingConfig;
import io.sparkprop.train.TrainingListener;
import io.sparkprop.train.TrainingState;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.storage.StorageLevel;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;

/**
 * What a training step costs besides its arithmetic: wall time per step of (a) an empty Spark job on
 * 2 partitions, (b) one {@link DistributedObjective} step with a tiny mini-batch (one small
 * block per partition) and (c) a full {@link Trainer} step (gradient, Adam update, training state,
 * listener), in wall time and in CPU time of the whole JVM. Random [784,H,10] data generated on the executors; the three kinds are interleaved in
 * rounds so a busy machine slows them alike. Reports medians over rounds of each round's median wall time
 * and mean CPU time per step, in milliseconds.
 */
public final class StepOverhead {
  /** @param rows training rows, @param batch samples a step, @param steps timed steps a kind per round */
  public record Settings(int hidden, int rows, int batch, int steps, int rounds, long seed) {}

  /** One kind of step: each round's median wall time and mean CPU time per step, in milliseconds. */
  public record Kind(String name, List<Double> wallMs, List<Double> cpuMs) {
    public double medianWallMs() { return Timing.median(wallMs); }

    public double medianCpuMs() { return Timing.median(cpuMs); }
  }

  /** The three kinds (empty_job, gradient_step, trainer_step) over {@code partitions} partitions. */
  public record Result(List<Kind> kinds, int partitions, int batch, int parameters) {
    /** The result as the bench prints it: medians per kind, then each round's figures. */
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      Map<String, Object> wall = new LinkedHashMap<>(), cpu = new LinkedHashMap<>();
      for (Kind k : kinds) {
        m.put(k.name() + "_ms", k.medianWallMs());
        m.put(k.name() + "_cpu_ms", k.medianCpuMs());
        wall.put(k.name(), k.wallMs());
        cpu.put(k.name(), k.cpuMs());
      }
      Map<String, Object> rounds = new LinkedHashMap<>();
      rounds.put("wall_ms", wall);
      rounds.put("cpu_ms", cpu);
      m.put("rounds", rounds);
      m.put("partitions", partitions);
      m.put("batch", batch);
      m.put("parameters", parameters);
      return m;
    }
  }

  private final JavaSparkContext sc;
  private final Settings settings;
  private final Consumer<String> log;

  public StepOverhead(JavaSparkContext sc, Settings settings, Consumer<String> log) {
    this.sc = sc;
    this.settings = settings;
    this.log = log;
  }

  public Result run() {
    int partitions = sc.defaultParallelism();
    NetworkSpec spec = NetworkSpec.of(784, new int[] {settings.hidden()}, 10, Activation.RELU);
    int stepsPerEpoch = Math.max(1, (settings.rows() + settings.batch() - 1) / settings.batch());
    TrainingConfig config = TrainingConfig.builder().hidden(settings.hidden()).activation(Activation.RELU)
        .optimizer(new OptimizerConfig.Adam(0.001)).epochs(Math.max(1, (settings.steps() + stepsPerEpoch - 1) / stepsPerEpoch))
        .batchSize(settings.batch()).l2(1e-4).seed(settings.seed()).blockSize(128).aggregationDepth(2).logEvery(1 << 30).build();
    int blockSize = Trainer.blockSizeFor(config, partitions);
    BlockedData data = BlockedData.generate(sc, settings.rows(), partitions, blockSize, ClassClusters.fashionMnistShape(settings.seed()),
        StorageLevel.MEMORY_ONLY());
    JavaRDD<Integer> two = sc.parallelize(List.of(0, 1), 2);
    DistributedObjective pass = new DistributedObjective(sc, data, spec, 0, 2, config.precision());
    double[] params = Initializer.initialParameters(spec, settings.seed());
    log.accept(String.format(Locale.ROOT, "step overhead: %d rows in %d partitions, blocks of %d, batch %d (%d steps an epoch), %d parameters, %d steps x %d rounds",
        data.samples(), partitions, blockSize, settings.batch(), stepsPerEpoch, spec.numParameters(), settings.steps(), settings.rounds()));

    String[] kinds = {"empty_job", "gradient_step", "trainer_step"};
    Map<String, List<Double>> wall = new LinkedHashMap<>(), cpu = new LinkedHashMap<>();
    for (String k : kinds) {
      wall.put(k, new ArrayList<>());
      cpu.put(k, new ArrayList<>());
    }
    for (int round = -1; round < settings.rounds(); round++) { // round -1 warms up
      double[][] e = time(() -> emptyJob(sc, two));
      int[] i = {0};
      double[][] g = time(() -> pass.sum(params, BatchPlan.miniBatch(settings.seed(), 0, i[0]++ % stepsPerEpoch, stepsPerEpoch)));
      double[][] t = {new double[settings.steps()], new double[settings.steps()]};
      int[] n = {0};
      long[] last = {System.nanoTime(), cpuNanos()};
      new Trainer(sc, config).train(data, spec, new TrainingListener() {
        @Override public void onStep(StepMetrics metrics, Supplier<TrainingState> state) {
          long now = System.nanoTime(), cpuNow = cpuNanos();
          if (n[0] < settings.steps()) {
            t[0][n[0]] = (now - last[0]) / 1e6;
            t[1][n[0]++] = (cpuNow - last[1]) / 1e6;
          }
          last[0] = now;
          last[1] = cpuNow;
        }
      });
      if (round < 0) continue;
      double[][][] all = {e, g, {java.util.Arrays.copyOfRange(t[0], 1, n[0]), java.util.Arrays.copyOfRange(t[1], 1, n[0])}}; // the first trainer interval includes its set-up
      StringBuilder line = new StringBuilder("round " + (round + 1) + ":");
      for (int k = 0; k < kinds.length; k++) {
        wall.get(kinds[k]).add(Timing.median(all[k][0]));
        cpu.get(kinds[k]).add(mean(all[k][1]));
        line.append(String.format(Locale.ROOT, "  %s %.1f ms (cpu %.1f ms)", kinds[k].replace('_', ' '), Timing.median(all[k][0]), mean(all[k][1])));
      }
      log.accept(line.toString());
    }
    data.unpersist();
    List<Kind> result = new ArrayList<>();
    StringBuilder line = new StringBuilder("median of " + settings.rounds() + " rounds:");
    for (String k : kinds) {
      Kind kind = new Kind(k, List.copyOf(wall.get(k)), List.copyOf(cpu.get(k)));
      result.add(kind);
      line.append(String.format(Locale.ROOT, "  %s %.1f ms (cpu %.1f ms)", k.replace('_', ' '), kind.medianWallMs(), kind.medianCpuMs()));
    }
    log.accept(line.toString());
    return new Result(result, partitions, settings.batch(), spec.numParameters());
  }

  /** Wall and process CPU milliseconds of each of {@code settings.steps()} runs of {@code step}. */
  private double[][] time(Runnable step) {
    double[][] ms = {new double[settings.steps()], new double[settings.steps()]};
    for (int i = 0; i < settings.steps(); i++) {
      long t0 = System.nanoTime(), c0 = cpuNanos();
      step.run();
      ms[0][i] = (System.nanoTime() - t0) / 1e6;
      ms[1][i] = (cpuNanos() - c0) / 1e6;
    }
    return ms;
  }

  /** CPU time of the whole JVM (driver, executor threads, GC): steadier than wall time on a shared machine. */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** CPU time: the process clock ticks in 10 ms here, so per step only its mean over a round means anything. */
  static double mean(double[] xs) {
    double sum = 0;
    for (double x : xs) sum += x;
    return sum / xs.length;
  }

  /**
   * The median wall time of {@code runs} empty jobs on two partitions, in ms, after as many untimed
   * ones. Run as the steps run theirs: {@code SparkContext.runJob} with a named Scala function. An
   * empty job through the Java RDD API ({@code foreachPartition}) costs about twice as much here,
   * most of it Spark's closure cleaner reading class files, which our steps never pay.
   */
  static double emptyJobMs(JavaSparkContext sc, int runs) {
    JavaRDD<Integer> two = sc.parallelize(List.of(0, 1), 2);
    double[] ms = new double[runs];
    for (int i = -runs; i < runs; i++) {
      long t0 = System.nanoTime();
      emptyJob(sc, two);
      if (i >= 0) ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    return Timing.median(ms);
  }

  private static void emptyJob(JavaSparkContext sc, JavaRDD<Integer> two) {
    sc.sc().runJob(two.rdd(), new Noop(), ClassTag$.MODULE$.AnyRef());
  }

  /** An empty Spark job's function. */
  private static final class Noop extends AbstractFunction2<TaskContext, scala.collection.Iterator<Integer>, Object> implements Serializable {
    private static final long serialVersionUID = 1L;

    @Override public Object apply(TaskContext context, scala.collection.Iterator<Integer> it) { return null; }
  }
}
