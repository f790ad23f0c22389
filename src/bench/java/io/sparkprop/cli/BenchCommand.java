package io.sparkprop.cli;

import io.sparkprop.bench.BenchResult;
import io.sparkprop.bench.BenchTable;
import io.sparkprop.bench.FashionMnistBench;
import io.sparkprop.bench.ScalingSeries;
import io.sparkprop.bench.SparseBaseline;
import io.sparkprop.bench.SparseBench;
import io.sparkprop.bench.SparseScaling;
import io.sparkprop.bench.SparseTextRun;
import io.sparkprop.bench.StepOverhead;
import io.sparkprop.bench.TransformBench;
import io.sparkprop.nn.Precision;
import io.sparkprop.optim.LearningRateSchedule;
import io.sparkprop.optim.OptimizerConfig;
import io.sparkprop.report.JsonFiles;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The benchmark's command line, run by {@link io.sparkprop.bench.BenchMain} (scripts/bench.sh). It lives in
 * the bench source set (src/bench/java), not in the application jar, but in this package: it starts
 * Spark with train's {@link SparkOptionsMixin} and runs as {@link Main} runs train (the same defaults file,
 * usage errors and failure reports).
 */
@Command(name = "bench", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"sparkprop against Spark MLlib's MultilayerPerceptronClassifier on the same cached Fashion-MNIST partitions.",
        "Prints one line per measurement and, last, one JSON object."})
public final class BenchCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(BenchCommand.class);
  /** MultilayerPerceptronClassifier's default blockSize: MLlib runs as its users would run it. */
  private static final int MLLIB_BLOCK_SIZE = 128;

  /** Runs the bench's command line; returns the exit status (0, 2 for usage, 1 otherwise). */
  public static int run(String... args) {
    return Main.run(new BenchCommand(), args);
  }

  // read by Main.run before parsing; declared so that picocli accepts it, as sparkprop's own --config
  @Option(names = "--config", paramLabel = "FILE", description = "defaults file (default: $SPARKPROP_CONF, else the packaged conf/sparkprop.properties)")
  String config;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "/usr/share/datasets/fashion-mnist",
      description = "folder with {train,t10k}-{images-idx3,labels-idx1}-ubyte.gz (default: ${DEFAULT-VALUE})")
  String dataDir;

  @Option(names = "--quick", description = "fewer MLlib runs, no [784,256,10] pass and no scaling series: a result within minutes")
  boolean quick;

  @Option(names = "--bench-hidden", paramLabel = "N", defaultValue = "128", description = "hidden units, layers [784,N,10] (default: ${DEFAULT-VALUE})")
  int hidden;

  @Option(names = "--bench-block-size", paramLabel = "N", defaultValue = "480",
      description = "samples per block on sparkprop's side, its default (default: ${DEFAULT-VALUE}); MLlib keeps its own default, 128")
  int blockSize;

  @Option(names = "--passes", paramLabel = "N", defaultValue = "10", description = "timed full passes per side (default: ${DEFAULT-VALUE})")
  int passes;

  @Option(names = "--target", paramLabel = "ACC", defaultValue = "0.87", description = "test accuracy to time (default: ${DEFAULT-VALUE})")
  double target;

  // The race's recommended settings (LAMB, batches of 2048, 1 warm-up epoch, cosine over 8): of those
  // tried with `bench --only race`, they reached the target soonest with all three seeds; Adam with
  // batches of 1024 needs as many epochs with twice the steps, and batches of 4096 and more need more
  // epochs than they save in steps on one machine (the trials: docs/benchmarks.md, "Time to 87 % test accuracy").
  @Option(names = "--bench-batch", paramLabel = "N", defaultValue = "2048", description = "sparkprop's batch size (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--bench-learning-rate", paramLabel = "LR", defaultValue = "0.02", description = "sparkprop's learning rate in the race (default: ${DEFAULT-VALUE})")
  double learningRate;

  @Option(names = "--bench-optimizer", paramLabel = "NAME", defaultValue = "lamb",
      description = "sparkprop's update rule in the race: adam, lamb, lars or sgd (default: ${DEFAULT-VALUE})")
  String optimizer;

  @Option(names = "--bench-momentum", paramLabel = "M", defaultValue = "0.9", description = "momentum of lars and sgd in the race (default: ${DEFAULT-VALUE})")
  double momentum;

  @Option(names = "--bench-lars-trust", paramLabel = "ETA", defaultValue = "0.001", description = "lars's trust coefficient in the race (default: ${DEFAULT-VALUE})")
  double larsTrust;

  @Option(names = "--bench-weight-decay", paramLabel = "W", defaultValue = "0", description = "weight decay in the race (default: ${DEFAULT-VALUE})")
  double weightDecay;

  @Option(names = "--bench-warmup-epochs", paramLabel = "E", defaultValue = "1",
      description = "linear warm-up of the race's learning rate, in epochs (default: ${DEFAULT-VALUE})")
  double warmupEpochs;

  // Cosine rather than a constant rate: with Adam a constant rate's epoch to the target moved with the seed.
  @Option(names = "--bench-schedule", paramLabel = "KIND", defaultValue = "cosine",
      description = "sparkprop's learning-rate schedule in the race: constant or cosine (down to 0 at --bench-epochs) (default: ${DEFAULT-VALUE})")
  String schedule;

  @Option(names = "--bench-epochs", paramLabel = "N", defaultValue = "8",
      description = "sparkprop's most epochs in the race, and the cosine schedule's length (default: ${DEFAULT-VALUE})")
  int raceEpochs;

  @Option(names = "--bench-seed", paramLabel = "N", defaultValue = "1",
      description = "seed of sparkprop's shuffle, initial weights and batches, and of MLlib's runs (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--bench-precision", paramLabel = "P", defaultValue = "float", description = "what sparkprop computes in: float or double (default: ${DEFAULT-VALUE})")
  String precision;

  @Option(names = "--scaling-rows", paramLabel = "N,N,...", split = ",", defaultValue = "60000,600000,2400000",
      description = "rows of the scaling series, generated on the executors; not run with --quick (default: ${DEFAULT-VALUE})")
  List<Long> scalingRows;

  /**
   * Warm-up of the scaling series' first size: in a fresh JVM its passes keep speeding up for tens of
   * seconds while the JIT compiles Spark's per-job code (docs/benchmarks.md, "Scaling series").
   */
  private static final double SCALING_WARMUP_SECONDS = 40;

  @Option(names = "--scaling-passes", paramLabel = "N", defaultValue = "5", description = "timed full passes per size of the scaling series (default: ${DEFAULT-VALUE})")
  int scalingPasses;

  @Option(names = "--only", paramLabel = "PART",
      description = {"run one part only: scaling (the scaling series), step-overhead (per-step cost with a tiny batch),",
          "race (sparkprop's time to the target accuracy on Fashion-MNIST, to try race settings; no MLlib),",
          "sparse-baseline (MLlib's LogisticRegression and an MLP check on LIBSVM --train/--test files, e.g. from scripts/text-data.sh),",
          "sparse (sparkprop on those files with the README's sparse-text settings, the same baseline, and the epoch cost at 2^18 and 2^20 features),",
          "or transform (rows per second of the fitted models' transform on Fashion-MNIST, sparkprop's and MLlib's MLP)"})
  String only;

  @Option(names = "--transform-rounds", paramLabel = "N", defaultValue = "5", description = "transform: timed rounds, one run of each side a round (default: ${DEFAULT-VALUE})")
  int transformRounds;

  @Option(names = "--overhead-steps", paramLabel = "N", defaultValue = "60", description = "step-overhead: timed steps a kind per round (default: ${DEFAULT-VALUE})")
  int overheadSteps;

  @Option(names = "--overhead-rounds", paramLabel = "N", defaultValue = "5", description = "step-overhead: rounds (default: ${DEFAULT-VALUE})")
  int overheadRounds;

  @Option(names = "--train", paramLabel = "FILE", description = "sparse-baseline: LIBSVM training file (scripts/text-data.sh writes data/text/train.libsvm)")
  String sparseTrain;

  @Option(names = "--test", paramLabel = "FILE", description = "sparse-baseline: LIBSVM test file")
  String sparseTest;

  @Option(names = "--bench-num-features", paramLabel = "N", defaultValue = "262144", description = "sparse, sparse-baseline: features of the LIBSVM files (default: ${DEFAULT-VALUE})")
  int numFeatures;

  @Option(names = "--reg-params", paramLabel = "R,R,...", split = ",", defaultValue = SPARSE_REG_PARAM,
      description = "sparse-baseline: LogisticRegression regParam values, one run each (default: ${DEFAULT-VALUE})")
  List<Double> regParams;

  @Option(names = "--lr-max-iter", paramLabel = "N", defaultValue = "100", description = "sparse-baseline: LogisticRegression maxIter, 0 = no LogisticRegression runs (default: ${DEFAULT-VALUE})")
  int lrMaxIter;

  @Option(names = "--mlp-rows", paramLabel = "N", defaultValue = "2000",
      description = "sparse-baseline: training rows of the MultilayerPerceptronClassifier check, 0 = skip it (default: ${DEFAULT-VALUE})")
  int mlpRows;

  @Option(names = "--mlp-hidden", paramLabel = "N", defaultValue = "64", description = "sparse-baseline: hidden units of the MLP check (default: ${DEFAULT-VALUE})")
  int mlpHidden;

  @Option(names = "--mlp-max-iter", paramLabel = "N", defaultValue = "3", description = "sparse-baseline: L-BFGS iterations of the MLP check (default: ${DEFAULT-VALUE})")
  int mlpMaxIter;

  @Option(names = "--mlp-seconds", paramLabel = "S", defaultValue = "600", description = "sparse-baseline: time limit of the MLP check (default: ${DEFAULT-VALUE})")
  double mlpSeconds;

  @Option(names = "--sparse-rows", paramLabel = "N", defaultValue = "50000",
      description = "sparse: rows of the generated hashed-topics set whose epoch cost is compared at 2^18 and 2^20 features (default: ${DEFAULT-VALUE})")
  long sparseRows;

  /** LogisticRegression's regParam on the hashed text corpus: the best test accuracy of those tried (docs/benchmarks.md, "Sparse, hashed text"). */
  static final String SPARSE_REG_PARAM = "1e-4";

  @Spec CommandSpec command;

  @Mixin SparkOptionsMixin sparkOptions;

  private LearningRateSchedule.Config raceSchedule() {
    switch (schedule.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "constant": return new LearningRateSchedule.Config(LearningRateSchedule.Kind.CONSTANT, 0, warmupEpochs, 10, 0.1, 0);
      case "cosine": return new LearningRateSchedule.Config(LearningRateSchedule.Kind.COSINE, 0, warmupEpochs, 1, 1, 0);
      default: throw new ParameterException(command.commandLine(), "--bench-schedule takes constant or cosine, got " + schedule);
    }
  }

  private OptimizerConfig raceOptimizer() {
    if ("lbfgs".equals(optimizer.trim())) throw new ParameterException(command.commandLine(), "--bench-optimizer: the race takes mini-batch rules, not lbfgs");
    try {
      return OptimizerConfig.of(optimizer, learningRate, momentum, false, 10, larsTrust);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(command.commandLine(), "--bench-optimizer: " + e.getMessage());
    }
  }

  @Override public Integer call() throws Exception {
    if ("step-overhead".equals(only)) { // rows: one epoch of the trainer is overheadSteps steps of 32
      try (SparkOptionsMixin.Session session = sparkOptions.start("sparkprop bench")) {
        StepOverhead.Settings s = new StepOverhead.Settings(hidden, 32 * overheadSteps, 32, overheadSteps, overheadRounds, 1L);
        System.out.println(JsonFiles.oneLine(new StepOverhead(session.sc, s, LOG::info).run().toMap()));
      }
      return 0;
    }
    if ("sparse".equals(only)) return sparse();
    if ("transform".equals(only)) {
      try (SparkOptionsMixin.Session session = sparkOptions.start("sparkprop bench")) {
        System.out.println(JsonFiles.oneLine(new TransformBench(session.sc, LOG::info).run(dataDir, hidden, transformRounds, seed).toMap()));
      }
      return 0;
    }
    if ("sparse-baseline".equals(only)) {
      if (sparseTrain == null || sparseTest == null)
        throw new ParameterException(command.commandLine(), "--only sparse-baseline needs --train FILE and --test FILE (LIBSVM)");
      try (SparkOptionsMixin.Session session = sparkOptions.start("sparkprop bench")) {
        SparkSession spark = SparkSession.builder().sparkContext(session.sc.sc()).getOrCreate();
        SparseBaseline.Result r = new SparseBaseline(spark, LOG::info).run(sparseTrain, sparseTest, numFeatures, regParams, lrMaxIter, mlpRows,
            mlpHidden, mlpMaxIter, mlpSeconds);
        System.out.println(JsonFiles.oneLine(r.toMap()));
      }
      return 0;
    }
    boolean scalingOnly = "scaling".equals(only), raceOnly = "race".equals(only);
    if (only != null && !scalingOnly && !raceOnly)
      throw new ParameterException(command.commandLine(), "--only takes: scaling, step-overhead, race, sparse-baseline, sparse or transform, got " + only);
    for (long rows : scalingRows)
      if (rows < 1) throw new ParameterException(command.commandLine(), "--scaling-rows must be positive, got " + rows);
    List<Integer> mllibIterations = quick ? List.of(60, 80, 100, 130) : List.of(40, 50, 60, 70, 80, 90, 100, 120, 150, 200);
    FashionMnistBench.Settings settings = new FashionMnistBench.Settings(dataDir, new int[] {hidden}, blockSize, MLLIB_BLOCK_SIZE, passes, target,
        mllibIterations, raceOptimizer(), weightDecay, raceSchedule(), batchSize, raceEpochs, seed, Precision.parse(precision),
        quick ? List.of() : List.of(256));
    ScalingSeries.Settings scaling = new ScalingSeries.Settings(scalingRows.stream().sorted().toList(), hidden, blockSize, scalingPasses,
        4096, 40, 1L, settings.precision(), SCALING_WARMUP_SECONDS);
    try (SparkOptionsMixin.Session session = sparkOptions.start("sparkprop bench")) {
      if (raceOnly) {
        System.out.println(JsonFiles.oneLine(new FashionMnistBench(session.sc, settings, LOG::info).raceOnly().toMap()));
        return 0;
      }
      FashionMnistBench.Result fashionMnist = scalingOnly ? null : new FashionMnistBench(session.sc, settings, LOG::info).run();
      // after the Fashion-MNIST part has released its cache: the largest size needs most of the heap
      ScalingSeries.Result series = !quick || scalingOnly ? new ScalingSeries(session.sc, scaling, LOG::info).run() : null;
      BenchResult result = new BenchResult(fashionMnist, series);
      System.out.print(BenchTable.of(result));
      System.out.println(JsonFiles.oneLine(result.toMap()));
    }
    return 0;
  }

  /** sparkprop, MLlib's LogisticRegression and MLP on the same LIBSVM files in one run, then the epoch cost series. */
  private int sparse() {
    if (sparseTrain == null || sparseTest == null)
      throw new ParameterException(command.commandLine(), "--only sparse needs --train FILE and --test FILE (LIBSVM, e.g. from scripts/text-data.sh)");
    try (SparkOptionsMixin.Session session = sparkOptions.start("sparkprop bench")) {
      SparseTextRun.Result ours = SparseTextRun.run(session.sc, sparseTrain, sparseTest, numFeatures, SparseTextRun.Settings.TEXT, LOG::info);
      SparkSession spark = SparkSession.builder().sparkContext(session.sc.sc()).getOrCreate();
      SparseBaseline.Result mllib = new SparseBaseline(spark, LOG::info).run(sparseTrain, sparseTest, numFeatures, regParams, lrMaxIter, mlpRows,
          mlpHidden, mlpMaxIter, mlpSeconds);
      List<SparseScaling.Point> series = SparseScaling.run(session.sc,
          new SparseScaling.Settings(sparseRows, session.sc.defaultParallelism(), 100, 64, 20, 1024, 128, seed), new int[] {1 << 18, 1 << 20}, LOG::info);
      System.out.println(JsonFiles.oneLine(new SparseBench(ours, mllib, series).toMap()));
    }
    return 0;
  }
}
