package io.sparkprop.bench;

import io.sparkprop.data.DataOptions;
import io.sparkprop.data.DataSource;
import io.sparkprop.data.DataSources;
import io.sparkprop.data.DataSummary;
import io.sparkprop.data.FeatureScaler;
import io.sparkprop.data.LabelMapping;
import io.sparkprop.nn.Activation;
import io.sparkprop.nn.InputStorage;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.optim.OptimizerConfig;
import io.sparkprop.spark.BlockedData;
import io.sparkprop.spark.Evaluation;
import io.sparkprop.spark.StepMetrics;
import io.sparkprop.spark.Trainer;
import io.sparkprop.spark.TrainingConfig;
import io.sparkprop.spark.TrainingListener;
import io.sparkprop.spark.TrainingState;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.regression.LabeledPoint;
import org.apache.spark.storage.StorageLevel;

/**
 * sparkprop on LIBSVM train and test files as `train` runs it with the README's settings for sparse
 * text: read, one-pass summary, max-abs scaling, sparse blocks, Adam in mini-batches, then the
 * test set scored once. The wall time counts from reading the files to the trained parameters.
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
    JavaRDD<LabeledPoint> read = train.read(sc, DataSource.Expectations.NONE, sc.defaultParallelism());
    DataSummary summary = DataSummary.of(read, train);
    LabelMapping labels = summary.labels();
    JavaRDD<LabeledPoint> rows = labels.apply(read);
    FeatureScaler scaler = summary.scaler(FeatureScaler.Kind.MAXABS);
    TrainingConfig config = new TrainingConfig(new int[] {settings.hidden()}, Activation.RELU, OptimizerConfig.adam(settings.learningRate()),
        settings.epochs(), settings.batchSize(), 480, 1e-4, settings.seed(), 2, 0);
    NetworkSpec spec = NetworkSpec.of(summary.features(), config.hidden(), summary.classes(), config.activation());
    BlockedData blocks = BlockedData.stack(rows, spec.inputs(), scaler, Trainer.blockSizeFor(config, rows.getNumPartitions()),
        settings.seed(), StorageLevel.MEMORY_AND_DISK(), InputStorage.SPARSE);
    long[] traffic = new long[3];
    Trainer.Result trained = new Trainer(sc, config).train(blocks, spec, new TrainingListener() {
      @Override public void onStep(StepMetrics m, Supplier<TrainingState> state) {
        traffic[0]++;
        traffic[1] += m.broadcastBytes();
        traffic[2] += m.resultBytes();
      }
    });
    double seconds = (System.nanoTime() - start) / 1e9;
    DataSource test = DataSources.open(testFile, options, sc.hadoopConfiguration());
    BlockedData testBlocks = BlockedData.stack(test.read(sc, new DataSource.Expectations(spec.inputs(), spec.classes(), labels),
        sc.defaultParallelism()), spec.inputs(), scaler, 480, null, StorageLevel.MEMORY_AND_DISK(), InputStorage.SPARSE);
    Evaluation onTest = Evaluation.of(sc, testBlocks, spec, trained.parameters(), 2);
    Result r = new Result(spec.sizes(), spec.numParameters(), blocks.samples(), onTest.count(), blocks.nonZeros(), blocks.cachedBytes(),
        blocks.cachedBytesPerNonZero(), trained.steps(), trained.epochs(), seconds, onTest.accuracy(), traffic[1] / (double) traffic[0], traffic[2] / (double) traffic[0]);
    log.accept(String.format(Locale.ROOT, "sparkprop %s: test accuracy %.4f, %.1f s to train (%.1f s an epoch, %d steps), "
            + "%.1f MB cached (%.2f bytes a non-zero), %.1f MB out and %.1f MB back a step", java.util.Arrays.toString(r.layers()),
        r.testAccuracy(), r.trainSeconds(), r.secondsPerEpoch(), r.steps(), r.cachedBytes() / 1e6, r.cachedBytesPerNonZero(),
        r.broadcastBytesPerStep() / 1e6, r.resultBytesPerStep() / 1e6));
    blocks.unpersist();
    testBlocks.unpersist();
    return r;
  }
}
