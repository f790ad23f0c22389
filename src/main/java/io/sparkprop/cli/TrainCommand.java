package io.sparkprop.cli;

import io.sparkprop.data.DataOptions;
import io.sparkprop.data.DataSource;
import io.sparkprop.data.DataSources;
import io.sparkprop.data.DataSummary;
import io.sparkprop.data.FeatureScaler;
import io.sparkprop.model.CheckpointStore;
import io.sparkprop.model.ModelStore;
import io.sparkprop.model.Provenance;
import io.sparkprop.model.TrainedModel;
import io.sparkprop.nn.Activation;
import io.sparkprop.nn.Network;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.optim.OptimizerConfig;
import io.sparkprop.report.ConfusionMatrix;
import io.sparkprop.report.JsonFiles;
import io.sparkprop.report.JsonLinesWriter;
import io.sparkprop.spark.BlockedData;
import io.sparkprop.spark.Evaluation;
import io.sparkprop.spark.StepMetrics;
import io.sparkprop.spark.Trainer;
import io.sparkprop.spark.TrainingConfig;
import io.sparkprop.spark.TrainingListener;
import io.sparkprop.spark.TrainingState;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.regression.LabeledPoint;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", sortOptions = false, mixinStandardHelpOptions = true,
    description = "Train a softmax classifier on DATA and save it, with metrics.jsonl and summary.json, to DIR.")
final class TrainCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);

  @Option(names = "--train", required = true, paramLabel = "DATA", description = "training data: a file or folder (LIBSVM, CSV, IDX) or spiral[:K[:N]]")
  String train;

  @Option(names = "--test", paramLabel = "DATA", description = "test data, scored after training")
  String test;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "where the model, metrics.jsonl and summary.json go")
  String out;

  @Option(names = "--hidden", paramLabel = "SIZES", description = "hidden layer sizes, e.g. 256,128; none = softmax regression (default: ${DEFAULT-VALUE})")
  String hidden;

  @Option(names = "--activation", paramLabel = "NAME", description = "relu, tanh or sigmoid (default: ${DEFAULT-VALUE})")
  String activation;

  @Option(names = "--optimizer", paramLabel = "NAME", description = "adam or sgd (default: ${DEFAULT-VALUE})")
  String optimizer;

  @Option(names = "--learning-rate", paramLabel = "LR", description = "step size (default: ${DEFAULT-VALUE})")
  double learningRate;

  @Option(names = "--momentum", paramLabel = "MU", description = "sgd momentum (default: ${DEFAULT-VALUE})")
  double momentum;

  @Option(names = "--epochs", paramLabel = "N", description = "passes over the training data (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--batch-size", paramLabel = "N", description = "samples per step; 0 = full batch (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--block-size", paramLabel = "N", description = "samples stacked per block (default: ${DEFAULT-VALUE})")
  int blockSize;

  @Option(names = "--l2", paramLabel = "LAMBDA", description = "L2 penalty on weights (default: ${DEFAULT-VALUE})")
  double l2;

  @Option(names = "--seed", paramLabel = "N", description = "seed for initial weights, data order and synthetic data (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--scaling", paramLabel = "KIND", description = "auto, standardize, divide (IDX pixels by 255) or none (default: ${DEFAULT-VALUE})")
  String scaling;

  @Option(names = "--log-every", paramLabel = "N", description = "log every N steps; 0 = automatic (default: ${DEFAULT-VALUE})")
  int logEvery;

  @Option(names = "--checkpoint-every", paramLabel = "K", description = "save a checkpoint to DIR/checkpoints every K steps; 0 = never (default: ${DEFAULT-VALUE})")
  int checkpointEvery;

  @Option(names = "--resume", paramLabel = "RUN", description = "continue from the newest complete checkpoint in RUN/checkpoints (RUN: an earlier --out)")
  String resume;

  @Mixin DataOptionsMixin dataOptions;
  @Mixin SparkOptionsMixin sparkOptions;

  @Override public Integer call() throws Exception {
    TrainingConfig config = trainingConfig();
    DataOptions readOptions = dataOptions.toDataOptions(seed);
    try (SparkOptionsMixin.Session session = sparkOptions.start("sparkprop train")) {
      JavaSparkContext sc = session.sc;
      ExecutorCounter executors = new ExecutorCounter();
      sc.sc().addSparkListener(executors);
      DataSource trainSource = DataSources.open(train, readOptions, sc.hadoopConfiguration());
      // the test set gets its own seed so that `--test spiral` draws fresh points
      DataSource testSource = test == null ? null : DataSources.open(test, readOptions.withSeed(seed + 1), sc.hadoopConfiguration());
      JavaRDD<LabeledPoint> rows = trainSource.read(sc, DataSource.Expectations.NONE, dataOptions.partitions(sc));
      DataSummary summary = DataSummary.of(rows, trainSource);
      FeatureScaler scaler = scaler(trainSource, summary);
      NetworkSpec spec = NetworkSpec.of(summary.features(), config.hidden(), summary.classes(), config.activation());
      int blockSize = Trainer.blockSizeFor(config, rows.getNumPartitions());
      BlockedData trainBlocks = BlockedData.stack(rows, spec.inputs(), scaler, blockSize, seed, StorageLevel.MEMORY_AND_DISK());
      LOG.info(String.format(Locale.ROOT, "data: %,d rows, %d features, %d classes, %d partitions, %.1f MB cached in blocks of %d",
          trainBlocks.samples(), spec.inputs(), spec.classes(), trainBlocks.numPartitions(), trainBlocks.cachedBytes() / 1e6, blockSize));
      LOG.info(String.format(Locale.ROOT, "network: %s, %,d parameters, %s; BLAS %s; Spark %s",
          Arrays.toString(spec.sizes()), spec.numParameters(), config.optimizer().name(), Network.blasName(), sc.master()));

      OutputDir dir = OutputDir.create(out);
      TrainingState resumeFrom = resume == null ? null
          : CheckpointListener.resumeState(new CheckpointStore(resume, sc.hadoopConfiguration()), spec, trainBlocks.samples(), config.describe());
      TrainingListener checkpoints = checkpointEvery == 0 ? TrainingListener.NONE
          : new CheckpointListener(new CheckpointStore(out, sc.hadoopConfiguration()), checkpointEvery, spec, trainBlocks.samples(), config.describe());
      Trainer.Result result;
      try (JsonLinesWriter metrics = new JsonLinesWriter(dir.file("metrics.jsonl"))) {
        TrainingListener listener = new TrainingListener() {
          @Override public void onStep(StepMetrics m, TrainingState state) {
            metrics.write(stepRecord(m));
            checkpoints.onStep(m, state);
          }
        };
        Trainer trainer = new Trainer(sc, config);
        result = resumeFrom == null ? trainer.train(trainBlocks, spec, listener) : trainer.resume(trainBlocks, spec, resumeFrom, listener);
      }

      Evaluation onTrain = Evaluation.of(sc, trainBlocks, spec, result.parameters(), config.aggregationDepth());
      Evaluation onTest = null;
      if (testSource != null) {
        JavaRDD<LabeledPoint> testRows = testSource.read(sc, new DataSource.Expectations(spec.inputs(), spec.classes()), dataOptions.partitions(sc));
        BlockedData testBlocks = BlockedData.stack(testRows, spec.inputs(), scaler, config.blockSize(), null, StorageLevel.MEMORY_AND_DISK());
        onTest = Evaluation.of(sc, testBlocks, spec, result.parameters(), config.aggregationDepth());
        testBlocks.unpersist();
      }

      Provenance provenance = Provenance.capture(trainSource.describe(), trainBlocks.samples(),
          testSource == null ? null : testSource.describe(), config.describe(), sc.master());
      ModelStore.save(new TrainedModel(spec, result.parameters(), scaler, provenance), dir.path("model"), sc.hadoopConfiguration());
      Map<String, Object> report = summary(spec, config, result, onTrain, onTest, trainBlocks, sc);
      report.put("executors", executors.count());
      if (resumeFrom != null) report.put("resumed_from_step", resumeFrom.step());
      JsonFiles.writeAtomically(dir.file("summary.json"), report);
      sc.sc().removeSparkListener(executors);

      System.out.printf(Locale.ROOT, "train accuracy %.4f  loss %.5f  (%,d rows)%n", onTrain.accuracy(), onTrain.meanLoss(), onTrain.count());
      if (onTest != null)
        System.out.printf(Locale.ROOT, "test accuracy  %.4f  loss %.5f  (%,d rows)%n", onTest.accuracy(), onTest.meanLoss(), onTest.count());
      System.out.printf(Locale.ROOT, "%d steps in %.1f s; model and summary in %s%n", result.steps(), result.seconds(), out);
      trainBlocks.unpersist();
    }
    return 0;
  }

  private TrainingConfig trainingConfig() {
    OptimizerConfig optimizerConfig = switch (optimizer.toLowerCase(Locale.ROOT)) {
      case "adam" -> OptimizerConfig.adam(learningRate);
      case "sgd" -> OptimizerConfig.sgd(learningRate, momentum);
      default -> throw new IllegalArgumentException("--optimizer: unknown optimizer '" + optimizer + "' (expected adam or sgd)");
    };
    return new TrainingConfig(HiddenSizes.parse(hidden), Activation.parse(activation), optimizerConfig, epochs, batchSize,
        blockSize, l2, seed, sparkOptions.aggregationDepth, logEvery);
  }

  private FeatureScaler scaler(DataSource source, DataSummary summary) {
    FeatureScaler.Kind kind = switch (scaling.toLowerCase(Locale.ROOT)) {
      case "auto" -> source.defaultScaling();
      case "standardize" -> FeatureScaler.Kind.STANDARDIZE;
      case "divide" -> FeatureScaler.Kind.DIVIDE;
      case "none" -> FeatureScaler.Kind.NONE;
      default -> throw new IllegalArgumentException("--scaling: unknown kind '" + scaling + "' (expected auto, standardize, divide or none)");
    };
    return summary.scaler(kind);
  }

  private static Map<String, Object> stepRecord(StepMetrics m) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("step", m.step());
    r.put("epoch", m.epoch());
    r.put("loss", m.loss());
    r.put("learning_rate", m.learningRate());
    r.put("samples", m.samples());
    r.put("seconds", m.seconds());
    r.put("samples_per_second", m.samplesPerSecond());
    return r;
  }

  private Map<String, Object> summary(NetworkSpec spec, TrainingConfig config, Trainer.Result result, Evaluation onTrain,
      Evaluation onTest, BlockedData data, JavaSparkContext sc) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("final_loss", onTrain.meanLoss());
    s.put("train_accuracy", onTrain.accuracy());
    if (onTest != null) {
      s.put("test_accuracy", onTest.accuracy());
      s.put("test_loss", onTest.meanLoss());
      s.put("test_rows", onTest.count());
      s.put("test_confusion", ConfusionMatrix.of(onTest.confusionCounts()).toMap());
    }
    s.put("last_step_loss", result.lastLoss());
    s.put("steps", result.steps());
    s.put("epochs", result.epochs());
    s.put("train_seconds", result.seconds());
    s.put("samples_per_second", result.seconds() > 0 ? data.samples() * (double) result.epochs() / result.seconds() : 0);
    s.put("layers", spec.sizes());
    s.put("activation", spec.activation().cliName());
    s.put("parameters", spec.numParameters());
    s.put("train_rows", data.samples());
    s.put("partitions", data.numPartitions());
    s.put("cached_bytes", data.cachedBytes());
    s.put("spark_master", sc.master());
    s.put("spark_version", sc.version());
    s.put("blas", Network.blasName());
    s.put("train_data", train);
    if (test != null) s.put("test_data", test);
    s.put("config", config.describe());
    return s;
  }
}
