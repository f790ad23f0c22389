package io.sparkprop.bench;

import io.sparkprop.nn.InputStorage;

import io.sparkprop.data.DataOptions;
import io.sparkprop.data.DataSource;
import io.sparkprop.data.DataSources;
import io.sparkprop.data.FeatureScaler;
import io.sparkprop.nn.Activation;
import io.sparkprop.nn.Initializer;
import io.sparkprop.nn.Network;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.nn.Precision;
import io.sparkprop.optim.LearningRateSchedule;
import io.sparkprop.optim.OptimizerConfig;
import io.sparkprop.spark.BatchPlan;
import io.sparkprop.spark.BlockedData;
import io.sparkprop.spark.DistributedObjective;
import io.sparkprop.spark.Evaluation;
import io.sparkprop.train.StepMetrics;
import io.sparkprop.train.Trainer;
import io.sparkprop.train.TrainingConfig;
import io.sparkprop.train.TrainingListener;
import io.sparkprop.train.TrainingState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.regression.LabeledPoint;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * sparkprop against Spark MLlib's MultilayerPerceptronClassifier on the same cached Fashion-MNIST
 * partitions, in one JVM with one BLAS: full gradient pass, time to a test accuracy, cache size,
 * and how close the full pass comes to the machine's own gemm rate.
 */
public final class FashionMnistBench {
  /**
   * What to run; the recommended sparkprop settings are the defaults of the bench command. Each side
   * stacks rows in blocks of its own default size: {@code blockSize} for sparkprop, {@code mllibBlockSize}
   * for MLlib.
   */
  public record Settings(String dataDir, int[] hidden, int blockSize, int mllibBlockSize, int passes, double target,
      List<Integer> mllibIterations, OptimizerConfig optimizer, double weightDecay, LearningRateSchedule.Config schedule, int batchSize, int maxEpochs,
      long seed, Precision<?> precision, List<Integer> moreHidden) {}

  /** One value for each side, sparkprop's first. */
  public record Sides<T>(T sparkprop, T mllib) {
    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("sparkprop", sparkprop);
      m.put("mllib", mllib);
      return m;
    }
  }

  /**
   * Full gradient passes of both sides on the same rows and {@code layers}: medians of the rounds, and
   * the machine's gemm rate ({@code gemmName}: sgemm or dgemm) timed in the same rounds.
   */
  public record FullPass(List<Integer> layers, double sparkpropSeconds, double mllibSeconds, double speedup, double sparkpropGflops,
      String gemmName, double gemmGflops, double gemmEfficiency) {
    Map<String, Object> gemmMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put(gemmName, gemmGflops);
      return m;
    }

    /** As the full run reports the wider network's pass: full_pass_784_256_10. */
    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("sparkprop_seconds", sparkpropSeconds);
      m.put("mllib_seconds", mllibSeconds);
      m.put("speedup", speedup);
      m.put("sparkprop_gflops", sparkpropGflops);
      m.put("gemm_gflops", gemmMap());
      m.put("gemm_efficiency", gemmEfficiency);
      return m;
    }

    String key() { return "full_pass_" + layers.stream().map(String::valueOf).collect(Collectors.joining("_")); }
  }

  /** sparkprop's run to the target test accuracy; {@code seconds} excludes scoring. */
  public record Race(double seconds, int epochs, double testAccuracy, boolean reached, double stackingSeconds, String optimizer,
      StepBreakdown breakdown, double scoringRatio) {
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("seconds", seconds);
      m.put("epochs", epochs);
      m.put("test_accuracy", testAccuracy);
      m.put("reached", reached);
      m.put("stacking_seconds", stackingSeconds);
      m.put("optimizer", optimizer);
      m.put("step_breakdown", breakdown.toMap());
      m.put("scoring_to_epoch_ratio", scoringRatio);
      return m;
    }
  }

  /** Both sides' time to {@code target} test accuracy: MLlib's first l-bfgs run that reached it (or its last). */
  public record TimeToTarget(double target, Race sparkprop, MllibClassifierRuns.Run mllib) {
    public boolean mllibReached() { return mllib.testAccuracy() >= target; }

    public double speedup() { return mllib.seconds() / sparkprop.seconds(); }

    Map<String, Object> toMap() {
      Map<String, Object> theirs = new LinkedHashMap<>();
      theirs.put("seconds", mllib.seconds());
      theirs.put("iterations", mllib.maxIter());
      theirs.put("test_accuracy", mllib.testAccuracy());
      theirs.put("reached", mllibReached());
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("target", target);
      m.put("sparkprop", sparkprop.toMap());
      m.put("mllib", theirs);
      return m;
    }
  }

  /**
   * What {@link #run} measured: {@code fullPass} on the bench's layers, {@code widerPasses} on the
   * wider networks of {@link Settings#moreHidden}, the cached training data of each side, the race.
   */
  public record Result(long rows, int partitions, Sides<String> blas, Sides<String> precision, FullPass fullPass, List<FullPass> widerPasses,
      Sides<Long> cacheBytes, TimeToTarget timeToTarget) {
    public double cacheBytesRatio() { return (double) cacheBytes.sparkprop() / cacheBytes.mllib(); }

    /** The result as the bench prints it (snake_case keys); {@link BenchResult} adds the scaling series. */
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("rows", rows);
      m.put("partitions", partitions);
      m.put("blas", blas.toMap());
      m.put("precision", precision.toMap());
      m.put("full_pass_seconds", new Sides<>(fullPass.sparkpropSeconds(), fullPass.mllibSeconds()).toMap());
      m.put("full_pass_speedup", fullPass.speedup());
      m.put("gemm_gflops", fullPass.gemmMap());
      m.put("sparkprop_gflops", fullPass.sparkpropGflops());
      m.put("gemm_efficiency", fullPass.gemmEfficiency());
      for (FullPass p : widerPasses) m.put(p.key(), p.toMap());
      m.put("cache_bytes", cacheBytes.toMap());
      m.put("cache_bytes_ratio", cacheBytesRatio());
      m.put("time_to_target", timeToTarget.toMap());
      m.put("time_to_87_speedup", timeToTarget.speedup());
      return m;
    }
  }

  private final JavaSparkContext sc;
  private final Settings settings;
  private final Consumer<String> log;

  public FashionMnistBench(JavaSparkContext sc, Settings settings, Consumer<String> log) {
    this.sc = sc;
    this.settings = settings;
    this.log = log;
  }

  /** sparkprop's side of the race alone, to try race settings (bench --only race). */
  public Race raceOnly() {
    int partitions = sc.defaultParallelism();
    JavaRDD<LabeledPoint> train = scaledRows(settings.dataDir() + "/train-images-idx3-ubyte.gz", partitions);
    JavaRDD<LabeledPoint> test = scaledRows(settings.dataDir() + "/t10k-images-idx3-ubyte.gz", partitions);
    Race r = timeToTarget(train, test, NetworkSpec.of(784, settings.hidden(), 10, Activation.RELU), partitions);
    train.unpersist();
    test.unpersist();
    return r;
  }

  public Result run() throws Exception {
    int partitions = sc.defaultParallelism();
    JavaRDD<LabeledPoint> train = scaledRows(settings.dataDir() + "/train-images-idx3-ubyte.gz", partitions);
    JavaRDD<LabeledPoint> test = scaledRows(settings.dataDir() + "/t10k-images-idx3-ubyte.gz", partitions);
    long trainRows = train.count();
    test.count();
    Sides<String> blas = new Sides<>(Network.blasName(), Network.blasName());

    int[] layers = {784, settings.hidden()[0], 10};
    NetworkSpec spec = NetworkSpec.of(784, settings.hidden(), 10, Activation.RELU);
    BlockedData ours = BlockedData.stackShuffled(train, 784, FeatureScaler.identity(784), settings.blockSize(), settings.seed(), StorageLevel.MEMORY_AND_DISK(), InputStorage.DENSE);
    MllibBaseline mllib = new MllibBaseline(sc, train, layers, settings.mllibBlockSize());
    Sides<String> precision = new Sides<>(settings.precision().cliName(), "double");

    // 1. one full gradient pass, same layers, same rows and partitions
    FullPass pass = fullPass(ours, mllib, spec, trainRows, partitions);
    List<FullPass> wider = new ArrayList<>();
    for (int width : settings.moreHidden()) {
      MllibBaseline widerMllib = new MllibBaseline(sc, train, new int[] {784, width, 10}, settings.mllibBlockSize());
      wider.add(fullPass(ours, widerMllib, NetworkSpec.of(784, new int[] {width}, 10, Activation.RELU), trainRows, partitions));
      widerMllib.unpersist();
    }

    // 2. cached training data, as Spark's block manager counts it
    long ourBytes = CachedBytes.of(sc, ours.rddId());
    long mllibBytes = CachedBytes.of(sc, mllib.cached().id());
    log.accept(String.format(Locale.ROOT, "cached training data: sparkprop %.1f MB, MLlib %.1f MB", ourBytes / 1e6, mllibBytes / 1e6));
    mllib.unpersist();
    ours.unpersist();

    // 3. wall time to reach the target test accuracy, each side with its own recommended optimizer
    Race oursRun = timeToTarget(train, test, spec, partitions);
    MllibClassifierRuns mllibRuns = new MllibClassifierRuns(SparkSession.builder().sparkContext(sc.sc()).getOrCreate(), train, test,
        layers, settings.mllibBlockSize());
    MllibClassifierRuns.Run reached = mllibRuns.firstToReach(settings.target(), settings.mllibIterations(), settings.seed(),
        r -> log.accept(String.format(Locale.ROOT, "MLlib l-bfgs %d iterations: test accuracy %.4f in %.1f s", r.maxIter(), r.testAccuracy(), r.seconds())));
    mllibRuns.unpersist();
    // leave the heap to what runs next (the scaling series)
    train.unpersist();
    test.unpersist();
    return new Result(trainRows, partitions, blas, precision, pass, wider, new Sides<>(ourBytes, mllibBytes),
        new TimeToTarget(settings.target(), oursRun, reached));
  }

  private JavaRDD<LabeledPoint> scaledRows(String images, int partitions) {
    DataSource source = DataSources.open(images, DataOptions.DEFAULTS, sc.hadoopConfiguration());
    double divisor = source.pixelDivisor();
    JavaRDD<LabeledPoint> rows = source.read(sc, DataSource.Expectations.NONE, partitions).map(p -> {
      double[] x = p.features().toArray();
      for (int i = 0; i < x.length; i++) x[i] /= divisor;
      return new LabeledPoint(p.label(), Vectors.dense(x));
    });
    rows.persist(StorageLevel.MEMORY_AND_DISK());
    return rows;
  }

  /**
   * Full gradient passes of each side on the same rows and layers, and ours against the machine's gemm
   * rate. After both sides' warm-up, each round times one pass of ours, a short burst of gemm (as
   * many threads as tasks) and one pass of MLlib's, so all three see the machine in the same state:
   * its speed moves by tens of percent within minutes here. The speed-up and the efficiency are the
   * medians of the rounds' ratios.
   */
  private FullPass fullPass(BlockedData ours, MllibBaseline mllib, NetworkSpec spec, long rows, int partitions) {
    DistributedObjective gradient = new DistributedObjective(sc, ours, spec, 0, 2, settings.precision());
    double[] params = Initializer.initialParameters(spec, settings.seed());
    Runnable oursPass = () -> gradient.sum(params, BatchPlan.fullBatch());
    Runnable mllibPass = mllib.timedPass();
    Timing.warmUp(oursPass);
    Timing.warmUp(mllibPass);
    System.gc(); // no collection cycle left from earlier work during the rounds
    int n = settings.passes();
    double flops = flopsPerSample(spec) * rows;
    double[] oursSeconds = new double[n], mllibSeconds = new double[n], gemmRates = new double[n];
    double[] speedup = new double[n], efficiency = new double[n];
    for (int i = 0; i < n; i++) {
      oursSeconds[i] = Timing.seconds(oursPass);
      gemmRates[i] = gemmRate(spec, partitions);
      mllibSeconds[i] = Timing.seconds(mllibPass);
      speedup[i] = mllibSeconds[i] / oursSeconds[i];
      efficiency[i] = flops / oursSeconds[i] / 1e9 / gemmRates[i];
    }
    double oursPassSeconds = Timing.median(oursSeconds), mllibPassSeconds = Timing.median(mllibSeconds);
    double gflops = flops / oursPassSeconds / 1e9;
    double gemm = Timing.median(gemmRates);
    String gemmName = settings.precision() == Precision.SINGLE ? "sgemm" : "dgemm";
    log.accept(String.format(Locale.ROOT, "full pass %s: sparkprop (%s, blocks of %d) %.3f s (%,.0f samples/s, %.1f GFLOP/s), MLlib (double, blocks of %d) %.3f s (%,.0f samples/s), %.2fx (rounds %.2f-%.2f); %s %.1f GFLOP/s on %d threads, efficiency %.2f (rounds %.2f-%.2f; medians of %d rounds)",
        java.util.Arrays.toString(spec.sizes()), settings.precision(), settings.blockSize(), oursPassSeconds, rows / oursPassSeconds,
        gflops, settings.mllibBlockSize(), mllibPassSeconds, rows / mllibPassSeconds, Timing.median(speedup), Timing.min(speedup), Timing.max(speedup),
        gemmName, gemm, partitions, Timing.median(efficiency), Timing.min(efficiency), Timing.max(efficiency), n));
    return new FullPass(java.util.Arrays.stream(spec.sizes()).boxed().toList(), oursPassSeconds, mllibPassSeconds, Timing.median(speedup),
        gflops, gemmName, gemm, Timing.median(efficiency));
  }

  /** The machine's gemm rate for our first layer's block shape, one BLAS stream per task thread. */
  private double gemmRate(NetworkSpec spec, int partitions) {
    try {
      return GemmRate.gflops(settings.precision(), spec.fanOut(0), settings.blockSize(), spec.inputs(), partitions, 0.5);
    } catch (Exception e) {
      throw new IllegalStateException("gemm rate: " + e.getMessage(), e);
    }
  }

  /** Multiply-adds of the weight products per sample: forward, dW, and dX below the top layer, 2 flops each. */
  static double flopsPerSample(NetworkSpec spec) {
    double flops = 0;
    for (int l = 0; l < spec.numLayers(); l++) flops += (l == 0 ? 4.0 : 6.0) * spec.fanIn(l) * spec.fanOut(l);
    return flops;
  }

  private Race timeToTarget(JavaRDD<LabeledPoint> train, JavaRDD<LabeledPoint> test, NetworkSpec spec, int partitions) {
    TrainingConfig config = TrainingConfig.builder().hidden(settings.hidden()).activation(Activation.RELU).optimizer(settings.optimizer())
        .schedule(settings.schedule()).epochs(settings.maxEpochs()).batchSize(settings.batchSize()).l2(0).weightDecay(settings.weightDecay()).seed(settings.seed())
        .blockSize(settings.blockSize()).aggregationDepth(2).logEvery(100000).precision(settings.precision()).build();
    long stackStart = System.nanoTime();
    BlockedData blocks = BlockedData.stackShuffled(train, 784, FeatureScaler.identity(784), Trainer.blockSizeFor(config, partitions), settings.seed(), StorageLevel.MEMORY_AND_DISK(), InputStorage.DENSE);
    double stackSeconds = (System.nanoTime() - stackStart) / 1e9;
    BlockedData testBlocks = BlockedData.stackInOrder(test, 784, FeatureScaler.identity(784), settings.blockSize(), StorageLevel.MEMORY_AND_DISK(), InputStorage.DENSE);
    // One untimed epoch first: MLlib's timed run comes after its shorter runs have warmed its code,
    // and ours should not pay alone for the JIT's first epoch, much slower than later ones (docs/benchmarks.md).
    new Trainer(sc, config.withEpochs(1)).train(blocks, spec, TrainingListener.NONE);
    double emptyJobMs = StepOverhead.emptyJobMs(sc, 100);
    double[] scoringSeconds = {0};
    double[] accuracy = {0};
    int[] epochs = {0};
    double[][] params = {null};
    List<StepMetrics> steps = new ArrayList<>();
    List<Long> intervals = new ArrayList<>();
    JobTrace trace = JobTrace.attach(sc);
    long start = System.nanoTime();
    long[] lastStepEnd = {start};
    new Trainer(sc, config).train(blocks, spec, new TrainingListener() {
      @Override public void onStep(StepMetrics m, Supplier<TrainingState> state) {
        long now = System.nanoTime();
        steps.add(m);
        intervals.add(now - lastStepEnd[0]);
        lastStepEnd[0] = now;
      }

      @Override public boolean onEpochEnd(int epoch, TrainingState state) {
        long t = System.nanoTime();
        params[0] = state.parameters();
        sc.setLocalProperty(JobTrace.IGNORED, "scoring");
        accuracy[0] = Evaluation.of(sc, testBlocks, spec, state.parameters(), 2, config.precision()).accuracy();
        sc.setLocalProperty(JobTrace.IGNORED, null);
        epochs[0] = epoch;
        lastStepEnd[0] = System.nanoTime(); // the next step's interval starts after scoring
        scoringSeconds[0] += (lastStepEnd[0] - t) / 1e9;
        log.accept(String.format(Locale.ROOT, "sparkprop epoch %d: test accuracy %.4f at %.1f s of training", epoch, accuracy[0],
            (System.nanoTime() - start) / 1e9 - scoringSeconds[0]));
        return accuracy[0] < settings.target();
      }
    });
    double seconds = (System.nanoTime() - start) / 1e9 - scoringSeconds[0];
    List<JobTrace.Job> jobs = trace.jobs();
    trace.close();
    // the first step's interval includes the trainer's set-up
    StepBreakdown breakdown = StepBreakdown.of(steps, intervals.stream().mapToLong(Long::longValue).toArray(), jobs, 1, emptyJobMs);
    log.accept(breakdown.toString());
    // a scoring pass over the training rows against a training epoch over them (issue: at most half)
    double epochSeconds = seconds / Math.max(1, epochs[0]);
    double[] scoring = new double[3];
    for (int i = 0; i < scoring.length; i++) scoring[i] = Timing.seconds(() -> Evaluation.of(sc, blocks, spec, params[0], 2, config.precision()));
    double scoringRatio = Timing.median(scoring) / epochSeconds;
    log.accept(String.format(Locale.ROOT, "scoring the %,d training rows: %.3f s (%s), a training epoch %.3f s: ratio %.2f", blocks.samples(),
        Timing.median(scoring), config.precision(), epochSeconds, scoringRatio));
    blocks.unpersist();
    testBlocks.unpersist();
    String optimizer = settings.optimizer().name() + " lr " + settings.optimizer().learningRate() + " batch " + settings.batchSize()
        + (settings.weightDecay() > 0 ? ", weight decay " + settings.weightDecay() : "")
        + (settings.schedule().warmupEpochs() > 0 ? ", warm-up " + settings.schedule().warmupEpochs() + " epochs" : "")
        + (settings.schedule().kind() == LearningRateSchedule.Kind.CONSTANT ? "" : ", " + settings.schedule().kind().cliName()
            + " over " + settings.maxEpochs() + " epochs");
    return new Race(seconds, epochs[0], accuracy[0], accuracy[0] >= settings.target(), stackSeconds, optimizer, breakdown, scoringRatio);
  }
}
