package io.sparkprop.cli;

import io.sparkprop.train.CheckpointListener;

import java.util.function.Supplier;
import io.sparkprop.spark.InputStorageChoice;
import io.sparkprop.data.DataOptions;
import io.sparkprop.data.DataSource;
import io.sparkprop.data.DataSources;
import io.sparkprop.data.DataSummary;
import io.sparkprop.data.FeatureScaler;
import io.sparkprop.data.LabelMapping;
import io.sparkprop.train.CheckpointStore;
import io.sparkprop.model.ModelStore;
import io.sparkprop.model.Provenance;
import io.sparkprop.model.TrainedModel;
import io.sparkprop.nn.Activation;
import io.sparkprop.nn.InputStorage;
import io.sparkprop.nn.Network;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.nn.Precision;
import io.sparkprop.optim.LearningRateSchedule;
import io.sparkprop.optim.OptimizerConfig;
import io.sparkprop.report.ConfusionMatrix;
import io.sparkprop.report.JsonFiles;
import io.sparkprop.report.JsonLinesWriter;
import io.sparkprop.spark.BlockedData;
import io.sparkprop.spark.Evaluation;
import io.sparkprop.spark.MemoryBudget;
import io.sparkprop.train.StepMetrics;
import io.sparkprop.train.Trainer;
import io.sparkprop.train.TrainingConfig;
import io.sparkprop.train.TrainingListener;
import io.sparkprop.train.TrainingState;
import io.sparkprop.train.ValidationMonitor;
import io.sparkprop.spark.ValidationSplit;
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

  @Option(names = "--optimizer", paramLabel = "NAME", description = "adam, sgd or lbfgs (full batch) (default: ${DEFAULT-VALUE})")
  String optimizer;

  @Option(names = "--learning-rate", paramLabel = "LR", description = "step size (default: ${DEFAULT-VALUE})")
  double learningRate;

  @Option(names = "--momentum", paramLabel = "MU", description = "sgd momentum (default: ${DEFAULT-VALUE})")
  double momentum;

  @Option(names = "--nesterov", negatable = true, description = "sgd: Nesterov momentum instead of heavy ball (default: ${DEFAULT-VALUE})")
  boolean nesterov;

  @Option(names = "--lbfgs-history", paramLabel = "M", description = "lbfgs: correction pairs kept (default: ${DEFAULT-VALUE})")
  int lbfgsHistory;

  @Option(names = "--schedule", paramLabel = "KIND", description = "learning rate schedule: constant, step or cosine (default: ${DEFAULT-VALUE})")
  String schedule;

  @Option(names = "--warmup-steps", paramLabel = "N", description = "linear warm-up over N steps; wins over --warmup-epochs (default: ${DEFAULT-VALUE})")
  long warmupSteps;

  @Option(names = "--warmup-epochs", paramLabel = "E", description = "linear warm-up over E epochs (default: ${DEFAULT-VALUE})")
  double warmupEpochs;

  @Option(names = "--decay-epochs", paramLabel = "E", description = "step schedule: multiply the rate by --decay-rate every E epochs (default: ${DEFAULT-VALUE})")
  double decayEpochs;

  @Option(names = "--decay-rate", paramLabel = "G", description = "step schedule: factor per decay (default: ${DEFAULT-VALUE})")
  double decayRate;

  @Option(names = "--min-learning-rate", paramLabel = "LR", description = "cosine schedule: rate at the last step (default: ${DEFAULT-VALUE})")
  double minLearningRate;

  @Option(names = "--epochs", paramLabel = "N", description = "passes over the training data (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--batch-size", paramLabel = "N", description = "samples per step; 0 = full batch (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--block-size", paramLabel = "N", description = "samples stacked per block (default: ${DEFAULT-VALUE})")
  int blockSize;

  @Option(names = "--l2", paramLabel = "LAMBDA", description = "L2 penalty on weights (default: ${DEFAULT-VALUE})")
  double l2;

  @Option(names = "--precision", paramLabel = "P",
      description = "float (sgemm, about twice as fast) or double: what gradients are computed in; sums are double either way (default: ${DEFAULT-VALUE})")
  String precision;

  @Option(names = "--weight-decay", paramLabel = "W", description = "decoupled (AdamW-style) weight decay per unit of learning rate (default: ${DEFAULT-VALUE})")
  double weightDecay;

  @Option(names = "--dropout", paramLabel = "P", description = "inverted dropout on hidden units in training (default: ${DEFAULT-VALUE})")
  double dropout;

  @Option(names = "--validation-fraction", paramLabel = "F", description = "hold out this seeded share of the training rows for validation; 0 = use --test, if given (default: ${DEFAULT-VALUE})")
  double validationFraction;

  @Option(names = "--patience", paramLabel = "N", description = "stop after N epochs without a lower validation loss; 0 = never (default: ${DEFAULT-VALUE})")
  int patience;

  @Option(names = "--eval-every", paramLabel = "N", description = "score training and validation data every N epochs; 0 = automatic, about 50 times a run (default: ${DEFAULT-VALUE})")
  int evalEvery;

  @Option(names = "--seed", paramLabel = "N", description = "seed for initial weights, data order and synthetic data (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--input-storage", paramLabel = "KIND",
      description = "auto (sparse when at most 10 % of the entries are non-zero), sparse or dense: how blocks store the first layer's input (default: ${DEFAULT-VALUE})")
  String inputStorage;

  @Option(names = "--scaling", paramLabel = "KIND",
      description = "auto, standardize, maxabs (x / max|x| per feature; keeps zeros, for sparse data), divide (IDX pixels by 255) or none (default: ${DEFAULT-VALUE})")
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
    // With --num-features the first layer is known before any data is read: refuse a network that cannot be held now.
    NetworkSpec smallest = readOptions.numFeatures() > 0 ? NetworkSpec.of(readOptions.numFeatures(), config.hidden(), 2, config.activation()) : null;
    try (SparkOptionsMixin.Session session = sparkOptions.start("sparkprop train")) {
      JavaSparkContext sc = session.sc;
      if (smallest != null) checkMemory(smallest, config, InputStorage.SPARSE, sc);
      ExecutorCounter executors = new ExecutorCounter();
      sc.sc().addSparkListener(executors);
      DataSource trainSource = DataSources.open(train, readOptions, sc.hadoopConfiguration());
      // the test set gets its own seed so that `--test spiral` draws fresh points
      DataSource testSource = test == null ? null : DataSources.open(test, readOptions.withSeed(seed + 1), sc.hadoopConfiguration());
      JavaRDD<LabeledPoint> allRows = trainSource.read(sc, DataSource.Expectations.NONE, dataOptions.partitions(sc));
      ValidationSplit split = ValidationSplit.of(allRows, validationFraction, seed);
      JavaRDD<LabeledPoint> rows = split.train();
      DataSummary summary = DataSummary.of(rows, trainSource);
      LabelMapping labels = labels(summary);
      rows = labels.apply(rows);
      JavaRDD<LabeledPoint> validationRows = split.validation() == null ? null : labels.apply(split.validation());
      InputStorage storage = InputStorageChoice.resolve(inputStorage, summary.density());
      FeatureScaler scaler = scaler(trainSource, summary, storage);
      NetworkSpec spec = NetworkSpec.of(summary.features(), config.hidden(), summary.classes(), config.activation());
      checkMemory(spec, config, storage, sc);
      int blockSize = Trainer.blockSizeFor(config, rows.getNumPartitions());
      BlockedData trainBlocks = BlockedData.stackShuffled(rows, spec.inputs(), scaler, blockSize, seed, StorageLevel.MEMORY_AND_DISK(), storage);
      LOG.info(String.format(Locale.ROOT, "data: %,d rows, %d features, %d classes, %d partitions, %.1f MB cached in blocks of %d",
          trainBlocks.samples(), spec.inputs(), spec.classes(), trainBlocks.numPartitions(), trainBlocks.cachedBytes() / 1e6, blockSize));
      if (storage == InputStorage.SPARSE)
        LOG.info(String.format(Locale.ROOT, "input: sparse, %,d non-zeros (%.1f a row, density %.2g), %.2f bytes cached a non-zero; scaling %s",
            trainBlocks.nonZeros(), trainBlocks.nonZeros() / (double) trainBlocks.samples(), summary.density(),
            trainBlocks.cachedBytesPerNonZero(), scaler.kind().cliName()));
      LOG.info(String.format(Locale.ROOT, "network: %s, %,d parameters, %s; BLAS %s; Spark %s",
          Arrays.toString(spec.sizes()), spec.numParameters(), config.optimizer().name(), Network.blasName(), sc.master()));

      BlockedData testBlocks = null;
      if (testSource != null) {
        JavaRDD<LabeledPoint> testRows = testSource.read(sc, new DataSource.Expectations(spec.inputs(), spec.classes(), labels),
            dataOptions.partitions(sc));
        testBlocks = BlockedData.stackInOrder(testRows, spec.inputs(), scaler, config.blockSize(), StorageLevel.MEMORY_AND_DISK(), storage);
      }
      BlockedData validationBlocks = split.validation() != null
          ? BlockedData.stackInOrder(validationRows, spec.inputs(), scaler, config.blockSize(), StorageLevel.MEMORY_AND_DISK(), storage)
          : testBlocks;
      if (patience > 0 && validationBlocks == null)
        throw new IllegalArgumentException("--patience: early stopping needs --validation-fraction or --test");

      OutputDir dir = OutputDir.create(out);
      TrainingState resumeFrom = resume == null ? null
          : CheckpointListener.resumeState(new CheckpointStore(resume, sc.hadoopConfiguration()), spec, trainBlocks.samples(), config.describe());
      TrainingListener checkpoints = checkpointEvery == 0 ? TrainingListener.NONE
          : new CheckpointListener(new CheckpointStore(out, sc.hadoopConfiguration()), checkpointEvery, spec, trainBlocks.samples(), config.describe());
      Trainer.Result result;
      ValidationMonitor monitor;
      StepTraffic traffic = new StepTraffic();
      try (JsonLinesWriter metrics = new JsonLinesWriter(dir.file("metrics.jsonl"))) {
        int every = evalEvery > 0 ? evalEvery : ValidationMonitor.automaticInterval(config.epochs(), 50);
        monitor = new ValidationMonitor(sc, trainBlocks, validationBlocks, spec, config.aggregationDepth(), patience,
            m -> metrics.write(TrainingReport.epochRecord(m)), every, config.epochs());
        TrainingListener listener = new TrainingListener() {
          @Override public void onStep(StepMetrics m, Supplier<TrainingState> state) {
            metrics.write(stepRecord(m));
            traffic.add(m);
            monitor.onStep(m, state);
            checkpoints.onStep(m, state);
          }

          @Override public boolean onEpochEnd(int epoch, TrainingState state) { return monitor.onEpochEnd(epoch, state); }
        };
        Trainer trainer = new Trainer(sc, config);
        result = resumeFrom == null ? trainer.train(trainBlocks, spec, listener) : trainer.resume(trainBlocks, spec, resumeFrom, listener);
      }
      // The saved model is the best epoch's on held-out rows, or on --test when early stopping was asked
      // for; otherwise --test only draws the curves, so that choosing by it is never silent.
      boolean keepBest = monitor.best() != null && (split.validation() != null || patience > 0);
      double[] finalParams = keepBest ? monitor.best().parameters() : result.parameters();

      Evaluation onTrain = Evaluation.of(sc, trainBlocks, spec, finalParams, config.aggregationDepth());
      Evaluation onTest = testBlocks == null ? null : Evaluation.of(sc, testBlocks, spec, finalParams, config.aggregationDepth());
      Evaluation onValidation = split.validation() == null ? null
          : Evaluation.of(sc, validationBlocks, spec, finalParams, config.aggregationDepth());
      if (testBlocks != null) testBlocks.unpersist();
      if (split.validation() != null) validationBlocks.unpersist();
      TrainingReport.write(dir, monitor.history(), split.validation() != null ? "validation" : "test",
          onTest != null ? onTest : onValidation, onTest != null ? "test" : "validation");

      Provenance provenance = Provenance.capture(trainSource.describe(), trainBlocks.samples(),
          testSource == null ? null : testSource.describe(), config.describe(), sc.master());
      ModelStore.save(new TrainedModel(spec, finalParams, scaler, labels, provenance), dir.path("model"), sc.hadoopConfiguration());
      Map<String, Object> report = summary(spec, config, result, onTrain, onTest, trainBlocks, sc, monitor, onValidation, keepBest);
      report.put("executors", executors.count());
      report.put("input_storage", storage.cliName());
      report.put("non_zeros", trainBlocks.nonZeros());
      report.put("cached_bytes_per_non_zero", trainBlocks.cachedBytesPerNonZero());
      report.put("broadcast_bytes_per_step", traffic.meanBroadcastBytes());
      report.put("result_bytes_per_step", traffic.meanResultBytes());
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
      case "sgd" -> nesterov ? OptimizerConfig.nesterov(learningRate, momentum) : OptimizerConfig.sgd(learningRate, momentum);
      case "lbfgs" -> OptimizerConfig.lbfgs(lbfgsHistory);
      default -> throw new IllegalArgumentException("--optimizer: unknown optimizer '" + optimizer + "' (expected adam, sgd or lbfgs)");
    };
    if (!(validationFraction >= 0 && validationFraction < 1))
      throw new IllegalArgumentException("--validation-fraction must be in [0, 1), got " + validationFraction);
    if (patience < 0) throw new IllegalArgumentException("--patience must be non-negative, got " + patience);
    if (evalEvery < 0) throw new IllegalArgumentException("--eval-every must be non-negative, got " + evalEvery);
    LearningRateSchedule.Config scheduleConfig = new LearningRateSchedule.Config(LearningRateSchedule.Kind.parse(schedule),
        warmupSteps, warmupEpochs, decayEpochs, decayRate, minLearningRate);
    return new TrainingConfig(HiddenSizes.parse(hidden), Activation.parse(activation), optimizerConfig, epochs, batchSize,
        blockSize, l2, seed, sparkOptions.aggregationDepth, logEvery, scheduleConfig, dropout, weightDecay,
        parsePrecision());
  }

  private static void checkMemory(NetworkSpec spec, TrainingConfig config, InputStorage storage, JavaSparkContext sc) {
    MemoryBudget.check(spec, config.optimizer(), config.precision() == Precision.SINGLE, storage, sc.getConf(),
        Runtime.getRuntime().maxMemory(), sc.defaultParallelism());
  }

  private Precision<?> parsePrecision() {
    try {
      return Precision.parse(precision);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--precision: " + e.getMessage());
    }
  }

  /** auto: the source's own, except for sparse input, whose zeros must stay zero (max-abs, see README). */
  private FeatureScaler scaler(DataSource source, DataSummary summary, InputStorage storage) {
    FeatureScaler.Kind kind = switch (scaling.toLowerCase(Locale.ROOT)) {
      case "auto" -> storage == InputStorage.SPARSE ? FeatureScaler.Kind.MAXABS : source.defaultScaling();
      case "standardize" -> FeatureScaler.Kind.STANDARDIZE;
      case "maxabs" -> FeatureScaler.Kind.MAXABS;
      case "divide" -> FeatureScaler.Kind.DIVIDE;
      case "none" -> FeatureScaler.Kind.NONE;
      default -> throw new IllegalArgumentException("--scaling: unknown kind '" + scaling
          + "' (expected auto, standardize, maxabs, divide or none)");
    };
    return summary.scaler(kind);
  }

  /** The summary's label mapping, said in the log when it is not the identity, with a warning for an unused class 0. */
  private static LabelMapping labels(DataSummary summary) {
    LabelMapping labels = summary.labels();
    if (!labels.isIdentity()) LOG.info("labels: " + labels.describe());
    if (summary.classZeroUnused())
      LOG.warn(String.format(Locale.ROOT, "labels: no row has label 0, yet labels are class indices: the network gets %d "
          + "outputs and class 0's is never trained (labels 0..K-1 avoid it)", summary.classes()));
    return labels;
  }

  private static Map<String, Object> stepRecord(StepMetrics m) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("type", "step");
    r.put("step", m.step());
    r.put("epoch", m.epoch());
    r.put("loss", m.loss());
    r.put("learning_rate", m.learningRate());
    r.put("samples", m.samples());
    r.put("seconds", m.seconds());
    r.put("samples_per_second", m.samplesPerSecond());
    r.put("broadcast_bytes", m.broadcastBytes());
    r.put("result_bytes", m.resultBytes());
    return r;
  }

  private Map<String, Object> summary(NetworkSpec spec, TrainingConfig config, Trainer.Result result, Evaluation onTrain,
      Evaluation onTest, BlockedData data, JavaSparkContext sc, ValidationMonitor monitor, Evaluation onValidation,
      boolean keptBest) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("final_loss", onTrain.meanLoss());
    s.put("train_accuracy", onTrain.accuracy());
    if (onTest != null) {
      s.put("test_accuracy", onTest.accuracy());
      s.put("test_loss", onTest.meanLoss());
      s.put("test_rows", onTest.count());
      s.put("test_confusion", ConfusionMatrix.of(onTest.confusionCounts()).toMap());
    }
    if (onValidation != null) {
      s.put("validation_accuracy", onValidation.accuracy());
      s.put("validation_loss", onValidation.meanLoss());
      s.put("validation_rows", onValidation.count());
    }
    if (monitor.best() != null) {
      s.put("best_epoch", monitor.bestEpoch());
      s.put("model_epoch", keptBest ? monitor.bestEpoch() : result.epochs());
      s.put("stopped_early", monitor.stoppedEarly());
    }
    s.put("epoch_history", TrainingReport.history(monitor.history()));
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
