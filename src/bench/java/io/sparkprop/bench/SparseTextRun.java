package io.sparkprop.bench;

import io.sparkprop.data.DataOptions;
import io.sparkprop.data.DataSource;
import io.sparkprop.data.DataSources;
import io.sparkprop.nn.Activation;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.optim.OptimizerConfig;
import io.sparkprop.spark.BlockedData;
import io.sparkprop.spark.Evaluation;
import io.sparkprop.train.StepMetrics;
import io.sparkprop.train.FitPipeline;
import io.sparkprop.train.TrainingConfig;
import io.sparkprop.train.TrainingListener;
import io.sparkprop.train.TrainingState;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * sparkprop on LIBSVM train and test files through the fit `train` runs ({@link FitPipeline}), with
 * the README's settings for sparse text: one-pass summary, max-abs scaling, sparse blocks, Adam in
 * mini-batches, the training data scored after the last epoch, then the test set scored once. The
 * wall time counts from reading the files to the trained parameters.
 */
public final class SparseTextRun {
  private SparseTextRun() {}

  /** The README's settings for hashed text (see "Sparse, high-dimensional data"). */
  public record Settings(int hidden, double learningRate, int batchSize, int epochs, long seed) {
    public static final Settings TEXT = new Settings(128, 1e-3, 1024, 5, 1);
  }

  public record Result(int[] layers, long parameters, long trainRows, long testRows, long nonZeros, long cachedBytes,
      double cachedBytesPerNonZero, long steps, int epochs, double trainSeconds, double testAccuracy, double broadcastBytesPerStep,
      double resultBytesPerStep) {
    public double secondsPerEpoch() { return trainSeconds / epochs; }

    /** The run as the bench prints it, snake_case keys. */
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("layers", layers);
      m.put("parameters", parameters);
      m.put("train_rows", trainRows);
      m.put("test_rows", testRows);
      m.put("test_accuracy", testAccuracy);
      m.put("train_seconds", trainSeconds);
      m.put("seconds_per_epoch", secondsPerEpoch());
      m.put("epochs", epochs);
      m.put("steps", steps);
      m.put("non_zeros", nonZeros);
      m.put("cached_bytes", cachedBytes);
      m.put("cached_bytes_per_non_zero", cachedBytesPerNonZero);
      m.put("broadcast_bytes_per_step", broadcastBytesPerStep);
      m.put("result_bytes_per_step", resultBytesPerStep);
      return m;
    }
  }

  public static Result run(JavaSparkContext sc, String trainFile, String testFile, int numFeatures, Settings settings, Consumer<String> log) {
    long start = System.nanoTime();
    DataOptions options = DataOptions.DEFAULTS.withFormat(DataOptions.Format.LIBSVM).withNumFeatures(numFeatures);
    DataSource train = DataSources.open(trainFile, options, sc.hadoopConfiguration());
    DataSource test = DataSources.open(testFile, options, sc.hadoopConfiguration());
    TrainingConfig config = TrainingConfig.builder().hidden(settings.hidden()).activation(Activation.RELU)
        .optimizer(new OptimizerConfig.Adam(settings.learningRate())).epochs(settings.epochs()).batchSize(settings.batchSize())
        .l2(1e-4).seed(settings.seed()).blockSize(480).aggregationDepth(2).evalEvery(settings.epochs()).build();
    long[] traffic = new long[3];
    FitPipeline.Rows rows = FitPipeline.Rows.from(sc, train, sc.defaultParallelism());
    FitPipeline.TestRows testRows = FitPipeline.TestRows.from(sc, test, sc.defaultParallelism());
    try (FitPipeline.Result fit = new FitPipeline(config, "maxabs", "sparse").fit(sc, rows, testRows, new FitPipeline.Hooks() {
      @Override public TrainingListener listener(NetworkSpec spec, long trainRows) {
        return new TrainingListener() {
          @Override public void onStep(StepMetrics m, Supplier<TrainingState> state) {
            traffic[0]++;
            traffic[1] += m.broadcastBytes();
            traffic[2] += m.resultBytes();
          }
        };
      }
    })) {
      double seconds = (System.nanoTime() - start) / 1e9;
      NetworkSpec spec = fit.spec();
      BlockedData blocks = fit.train();
      Evaluation onTest = Evaluation.of(sc, fit.test(), spec, fit.parameters(), 2, config.precision());
      Result r = new Result(spec.sizes(), spec.numParameters(), blocks.samples(), onTest.count(), blocks.nonZeros(), blocks.cachedBytes(),
          blocks.cachedBytesPerNonZero(), fit.run().steps(), fit.run().epochs(), seconds, onTest.accuracy(),
          traffic[1] / (double) traffic[0], traffic[2] / (double) traffic[0]);
      log.accept(String.format(Locale.ROOT, "sparkprop %s: test accuracy %.4f, %.1f s to train (%.1f s an epoch, %d steps), "
              + "%.1f MB cached (%.2f bytes a non-zero), %.1f MB out and %.1f MB back a step", java.util.Arrays.toString(r.layers()),
          r.testAccuracy(), r.trainSeconds(), r.secondsPerEpoch(), r.steps(), r.cachedBytes() / 1e6, r.cachedBytesPerNonZero(),
          r.broadcastBytesPerStep() / 1e6, r.resultBytesPerStep() / 1e6));
      return r;
    }
  }
}
