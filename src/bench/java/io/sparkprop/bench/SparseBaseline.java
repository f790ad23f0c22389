package io.sparkprop.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerBlockUpdated;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.BlockUpdatedInfo;

/**
 * The sparse baseline a Spark user would pick for hashed text: MLlib's multinomial
 * {@link LogisticRegression} (L-BFGS, L2 only, standardization on, as MLlib defaults) on a LIBSVM
 * training file, scored on a LIBSVM test file; and whether MLlib's MultilayerPerceptronClassifier can
 * train on such data at all (its DataStacker stacks rows into dense double blocks, numFeatures
 * doubles a row).
 *
 * <p>Cached bytes are the peak of what Spark's block manager held in RDD blocks while training
 * (LogisticRegression persists its own blocks of standardized sparse rows, MEMORY_AND_DISK, and drops
 * them at the end; the input DataFrame is not cached here).
 */
public final class SparseBaseline {
  /** Settings of one LogisticRegression run; {@link #defaults} is what the bench runs. */
  public record LrSettings(int maxIter, double regParam, double tol, boolean standardization, int aggregationDepth) {
    /** MLlib's defaults but maxIter 100 and the regParam measured best of those tried (docs/benchmarks.md, "Sparse, hashed text"). */
    public static LrSettings defaults(double regParam) { return new LrSettings(100, regParam, 1e-6, true, 2); }

    public LrSettings withMaxIter(int n) { return new LrSettings(n, regParam, tol, standardization, aggregationDepth); }
  }

  /** One LogisticRegression run: wall seconds of fit (the LIBSVM parse included), test accuracy, L-BFGS iterations. */
  public record LrRun(double regParam, int maxIter, int iterations, double trainSeconds, double testAccuracy,
      long peakCachedBytes, double finalObjective) {}

  /** The MultilayerPerceptronClassifier check on a slice of the training rows. */
  public record MlpCheck(int[] layers, int rows, int maxIter, long weights, long denseBytesFullSet, long denseBytesSlice, String outcome,
      double seconds, int iterations, double testAccuracy, long peakCachedBytes, String error) {}

  /** Everything the bench reports. */
  public record Result(String trainFile, String testFile, int numFeatures, long trainRows, long testRows, int classes, int partitions,
      List<LrRun> logisticRegression, MlpCheck mlp) {
    /** The result as the bench prints it: one JSON object, snake_case keys. */
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("train_file", trainFile);
      m.put("test_file", testFile);
      m.put("num_features", numFeatures);
      m.put("train_rows", trainRows);
      m.put("test_rows", testRows);
      m.put("classes", classes);
      m.put("partitions", partitions);
      List<Map<String, Object>> lr = new ArrayList<>();
      for (LrRun r : logisticRegression) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("reg_param", r.regParam());
        x.put("max_iter", r.maxIter());
        x.put("iterations", r.iterations());
        x.put("train_seconds", r.trainSeconds());
        x.put("test_accuracy", r.testAccuracy());
        x.put("peak_cached_bytes", r.peakCachedBytes());
        x.put("final_objective", r.finalObjective());
        lr.add(x);
      }
      m.put("logistic_regression", lr);
      if (mlp != null) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("layers", java.util.Arrays.stream(mlp.layers()).boxed().toList());
        x.put("weights", mlp.weights());
        x.put("dense_bytes_full_set", mlp.denseBytesFullSet());
        x.put("rows", mlp.rows());
        x.put("dense_bytes_slice", mlp.denseBytesSlice());
        x.put("max_iter", mlp.maxIter());
        x.put("outcome", mlp.outcome());
        x.put("seconds", mlp.seconds());
        x.put("iterations", mlp.iterations());
        x.put("test_accuracy_first_rows", mlp.testAccuracy());
        x.put("peak_cached_bytes", mlp.peakCachedBytes());
        if (mlp.error() != null) x.put("error", mlp.error());
        m.put("mlp", x);
      }
      return m;
    }
  }

  private final SparkSession spark;
  private final Consumer<String> log;
  private final PeakRddBytes peak = new PeakRddBytes();

  public SparseBaseline(SparkSession spark, Consumer<String> log) {
    this.spark = spark;
    this.log = log;
    spark.sparkContext().addSparkListener(peak);
  }

  /** A LIBSVM file as (label, features) with exactly {@code numFeatures} columns. */
  public Dataset<Row> read(String file, int numFeatures) {
    return spark.read().format("libsvm").option("numFeatures", numFeatures).load(file);
  }

  /**
   * Runs LogisticRegression once per regParam (none when {@code maxIter} is 0), then (if {@code mlpRows > 0}) the MLP check with
   * layers [numFeatures, mlpHidden, classes] on the first {@code mlpRows} training rows, given at
   * most {@code mlpSeconds}.
   */
  public Result run(String trainFile, String testFile, int numFeatures, List<Double> regParams, int maxIter, int mlpRows, int mlpHidden,
      int mlpMaxIter, double mlpSeconds) {
    Dataset<Row> train = read(trainFile, numFeatures), test = read(testFile, numFeatures);
    long trainRows = train.count(), testRows = test.count();
    int classes = (int) Math.round(Math.max(max(train), max(test))) + 1;
    int partitions = train.rdd().getNumPartitions();
    log.accept(String.format(java.util.Locale.ROOT, "sparse baseline: %d train rows, %d test rows, %d features, %d classes, %d partitions",
        trainRows, testRows, numFeatures, classes, partitions));
    List<LrRun> runs = new ArrayList<>();
    for (double reg : maxIter > 0 ? regParams : List.<Double>of()) {
      LrRun r = logisticRegression(train, test, LrSettings.defaults(reg).withMaxIter(maxIter));
      log.accept(String.format(java.util.Locale.ROOT, "  LogisticRegression regParam %g: %d iterations, %.1f s, test accuracy %.4f, peak cache %.1f MB",
          r.regParam(), r.iterations(), r.trainSeconds(), r.testAccuracy(), r.peakCachedBytes() / 1e6));
      runs.add(r);
    }
    MlpCheck mlp = mlpRows > 0 ? mlpCheck(train, test, trainRows, numFeatures, classes, mlpRows, mlpHidden, mlpMaxIter, mlpSeconds) : null;
    return new Result(trainFile, testFile, numFeatures, trainRows, testRows, classes, partitions, runs, mlp);
  }

  private static double max(Dataset<Row> d) {
    return d.agg(org.apache.spark.sql.functions.max("label")).first().getDouble(0);
  }

  public LrRun logisticRegression(Dataset<Row> train, Dataset<Row> test, LrSettings s) {
    LogisticRegression lr = new LogisticRegression().setFamily("multinomial").setMaxIter(s.maxIter()).setRegParam(s.regParam())
        .setElasticNetParam(0).setTol(s.tol()).setStandardization(s.standardization()).setAggregationDepth(s.aggregationDepth());
    long base = peak.reset();
    long t = System.nanoTime();
    LogisticRegressionModel model = lr.fit(train);
    double seconds = (System.nanoTime() - t) / 1e9;
    long cached = peak.peak() - base;
    double[] history = model.summary().objectiveHistory();
    MulticlassClassificationEvaluator acc = new MulticlassClassificationEvaluator().setMetricName("accuracy");
    // no training accuracy: MLlib scores a sparse row against the model's compressed (sparse) coefficient
    // matrix by walking all of the matrix's non-zeros (BLAS.gemv(SparseMatrix, SparseVector)), so scoring
    // the training rows would cost a large part of the training's own time (docs/benchmarks.md, "Sparse, hashed text")
    return new LrRun(s.regParam(), s.maxIter(), model.summary().totalIterations(), seconds,
        acc.evaluate(model.transform(test)), cached, history.length == 0 ? Double.NaN : history[history.length - 1]);
  }

  /**
   * Can MultilayerPerceptronClassifier train on these rows? Its DataStacker copies every row into a
   * dense block of doubles (numFeatures a row) and persists the blocks, so the full set needs
   * rows x numFeatures x 8 bytes; the slice is timed with L-BFGS, bounded by {@code seconds}
   * (the Spark jobs are cancelled when it runs out).
   */
  public MlpCheck mlpCheck(Dataset<Row> train, Dataset<Row> test, long trainRows, int numFeatures, int classes, int rows, int hidden,
      int maxIter, double seconds) {
    int[] layers = {numFeatures, hidden, classes};
    long weights = (long) numFeatures * hidden + hidden + (long) hidden * classes + classes;
    long fullBytes = trainRows * numFeatures * 8L, sliceBytes = (long) rows * numFeatures * 8L;
    log.accept(String.format(java.util.Locale.ROOT,
        "  MLP [%d,%d,%d]: %,d weights; DataStacker would cache %.1f GB dense for all %d rows, %.2f GB for a slice of %d",
        numFeatures, hidden, classes, weights, fullBytes / 1e9, trainRows, sliceBytes / 1e9, rows));
    Dataset<Row> slice = train.limit(rows).repartition(Math.max(1, spark.sparkContext().defaultParallelism())).cache();
    slice.count();
    Dataset<Row> testSlice = test.limit(rows).cache();
    testSlice.count();
    MultilayerPerceptronClassifier mlp = new MultilayerPerceptronClassifier().setLayers(layers).setMaxIter(maxIter).setSeed(1L)
        .setSolver("l-bfgs");
    String group = "sparkprop-mlp-check";
    ExecutorService pool = Executors.newSingleThreadExecutor();
    long base = peak.reset(); // the two cached slices
    long t = System.nanoTime();
    Future<MultilayerPerceptronClassificationModel> fit = pool.submit(() -> {
      spark.sparkContext().setJobGroup(group, "MLP feasibility check", true);
      return mlp.fit(slice);
    });
    String outcome, error = null;
    double accuracy = Double.NaN, elapsed;
    int iterations = -1;
    try {
      MultilayerPerceptronClassificationModel model = fit.get((long) (seconds * 1000), TimeUnit.MILLISECONDS);
      elapsed = (System.nanoTime() - t) / 1e9;
      iterations = model.summary().totalIterations();
      accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(model.transform(testSlice));
      outcome = "trained";
    } catch (TimeoutException e) {
      spark.sparkContext().cancelJobGroup(group);
      fit.cancel(true);
      elapsed = (System.nanoTime() - t) / 1e9;
      outcome = "timed out";
    } catch (ExecutionException e) {
      elapsed = (System.nanoTime() - t) / 1e9;
      Throwable c = e.getCause();
      while (c.getCause() != null && c.getCause() != c) c = c.getCause();
      outcome = c instanceof OutOfMemoryError ? "out of memory" : "failed";
      error = c.getClass().getName() + ": " + c.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      pool.shutdownNow();
    }
    long cached = peak.peak() - base;
    slice.unpersist();
    testSlice.unpersist();
    log.accept(String.format(java.util.Locale.ROOT, "  MLP on %d rows, maxIter %d: %s after %.1f s (%d iterations)%s, peak cache %.2f GB", rows, maxIter,
        outcome, elapsed, iterations, Double.isNaN(accuracy) ? "" : String.format(java.util.Locale.ROOT, ", test accuracy (first %d test rows) %.4f", rows, accuracy),
        cached / 1e9));
    return new MlpCheck(layers, rows, maxIter, weights, fullBytes, sliceBytes, outcome, elapsed, iterations, accuracy, Math.max(0, cached),
        error);
  }

  /** Peak bytes in RDD blocks (memory plus disk) seen by the block manager since the last reset. */
  static final class PeakRddBytes extends SparkListener {
    private final Map<String, Long> blocks = new ConcurrentHashMap<>();
    private final AtomicLong current = new AtomicLong(), peak = new AtomicLong();

    @Override public void onBlockUpdated(SparkListenerBlockUpdated event) {
      BlockUpdatedInfo info = event.blockUpdatedInfo();
      if (!info.blockId().isRDD()) return;
      long size = info.storageLevel().isValid() ? info.memSize() + info.diskSize() : 0;
      Long before = size == 0 ? blocks.remove(info.blockId().name()) : blocks.put(info.blockId().name(), size);
      long now = current.addAndGet(size - (before == null ? 0 : before));
      peak.accumulateAndGet(now, Math::max);
    }

    /** Starts a new peak; returns the bytes cached now, which the peak includes. */
    long reset() {
      drain();
      long now = current.get();
      peak.set(now);
      return now;
    }

    long peak() {
      drain();
      return peak.get();
    }

    private static void drain() {
      org.apache.spark.SparkContext sc = org.apache.spark.SparkContext.getOrCreate();
      try {
        sc.listenerBus().waitUntilEmpty();
      } catch (Exception e) {
        // a late event only makes the peak a little low
      }
    }
  }
}
