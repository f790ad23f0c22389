package io.sparkprop.cli;

import io.sparkprop.data.DataOptions;
import io.sparkprop.data.DataSource;
import io.sparkprop.data.DataSources;
import io.sparkprop.model.ModelStore;
import io.sparkprop.nn.InputStorage;
import io.sparkprop.nn.Network;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.report.ConfusionMatrix;
import io.sparkprop.spark.BlockedData;
import io.sparkprop.spark.Evaluation;
import io.sparkprop.train.Checkpoint;
import io.sparkprop.train.CheckpointListener;
import io.sparkprop.train.CheckpointStore;
import io.sparkprop.train.EpochMetrics;
import io.sparkprop.train.FitPipeline;
import io.sparkprop.train.HadoopFolder;
import io.sparkprop.train.SampleWeights;
import io.sparkprop.train.StepMetrics;
import io.sparkprop.train.Trainer;
import io.sparkprop.train.TrainingConfig;
import io.sparkprop.train.TrainingListener;
import io.sparkprop.train.TrainingOptions;
import io.sparkprop.train.TrainingState;
import io.sparkprop.train.ValidationMonitor;
import io.sparkprop.train.ValidationProgress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "train", sortOptions = false, mixinStandardHelpOptions = true,
    description = "Train a softmax classifier on DATA and save it, with metrics.jsonl and summary.json, to DIR.")
final class TrainCommand implements Callable<Integer> {
  @Option(names = "--train", paramLabel = "DATA", description = "training data: a file or folder (LIBSVM, CSV, IDX) or spiral[:K[:N]]; with --resume, the run's unless given")
  String train;

  @Option(names = "--test", paramLabel = "DATA", description = "test data, scored after training")
  String test;

  @Option(names = "--out", paramLabel = "DIR", description = "where the model, metrics.jsonl and summary.json go; with --resume, RUN unless given")
  String out;

  @Option(names = "--hidden", paramLabel = "SIZES", description = "hidden layer sizes, e.g. 256,128; none = softmax regression (default: ${DEFAULT-VALUE})")
  String hidden;

  @Option(names = "--activation", paramLabel = "NAME", description = "relu, tanh or sigmoid (default: ${DEFAULT-VALUE})")
  String activation;

  @Option(names = "--optimizer", paramLabel = "NAME", description = "adam, sgd, lbfgs (full batch), lamb or lars (layer-wise, for large batches) (default: ${DEFAULT-VALUE})")
  String optimizer;

  @Option(names = "--learning-rate", paramLabel = "LR", description = "step size (default: ${DEFAULT-VALUE})")
  double learningRate;

  @Option(names = "--momentum", paramLabel = "MU", description = "sgd and lars momentum (default: ${DEFAULT-VALUE})")
  double momentum;

  @Option(names = "--nesterov", negatable = true, description = "sgd: Nesterov momentum instead of heavy ball (default: ${DEFAULT-VALUE})")
  boolean nesterov;

  @Option(names = "--lbfgs-history", paramLabel = "M", description = "lbfgs: correction pairs kept (default: ${DEFAULT-VALUE})")
  int lbfgsHistory;

  @Option(names = "--lars-trust", paramLabel = "ETA",
      description = "lars: trust coefficient, the layer-wise rate ETA |w| / (|g| + weight-decay |w|) (default: ${DEFAULT-VALUE})")
  double larsTrust;

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
      description = "float (sgemm, about twice as fast) or double: what gradients and scores are computed in; sums are double either way (default: ${DEFAULT-VALUE})")
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

  @Option(names = "--class-weights", paramLabel = "balanced|W0,W1,...",
      description = "weight per class, times each row's weight: balanced = n / (classes x rows of the class), or one weight per class; none = 1 (default: ${DEFAULT-VALUE})")
  String classWeights;

  @Option(names = "--log-every", paramLabel = "N", description = "log every N steps; 0 = automatic (default: ${DEFAULT-VALUE})")
  int logEvery;

  @Option(names = "--checkpoint-every", paramLabel = "K", description = "save a checkpoint to DIR/checkpoints every K steps; 0 = never (default: ${DEFAULT-VALUE})")
  int checkpointEvery;

  @Option(names = "--validation", paramLabel = "DATA",
      description = "validation data, for the validation curve, early stopping and the best epoch (instead of --validation-fraction)")
  String validation;

  @Option(names = "--init-model", paramLabel = "DIR",
      description = "start from this model's parameters, scaling and labels (an earlier --out); its layers must fit")
  String initModel;

  @Option(names = "--resume", paramLabel = "RUN",
      description = "continue the run in RUN (an earlier --out) from the newest complete checkpoint in RUN/checkpoints, with the options it was started with; options given here win")
  String resume;

  @Mixin DataOptionsMixin dataOptions;
  @Mixin SparkOptionsMixin sparkOptions;

  @Spec CommandSpec command;

  /** With --resume, the resumed run's record, if it has one: the options it was started with. */
  private RunRecord startedWith;

  @Override public Integer call() throws Exception {
    Settings early = resume == null ? settings() : null; // a bad option fails before Spark starts
    try (SparkOptionsMixin.Session session = sparkOptions.start("sparkprop train")) {
      JavaSparkContext sc = session.sc;
      Checkpoint resumed = resume == null ? null : continueRun(sc.hadoopConfiguration());
      Settings settings = early != null ? early : settings();
      TrainingConfig config = settings.config;
      DataOptions readOptions = settings.readOptions;
      if (settings.smallest != null) FitPipeline.checkMemory(settings.smallest, config, InputStorage.SPARSE, sc);
      ExecutorCounter executors = new ExecutorCounter();
      sc.sc().addSparkListener(executors);
      DataSource trainSource = DataSources.open(train, readOptions, sc.hadoopConfiguration());
      // the test set gets its own seed so that `--test spiral` draws fresh points
      DataSource testSource = test == null ? null : DataSources.open(test, readOptions.withSeed(seed + 1), sc.hadoopConfiguration());
      FitPipeline.Rows rows = FitPipeline.Rows.from(sc, trainSource, dataOptions.partitions(sc));
      FitPipeline.TestRows testRows = testSource == null ? null : FitPipeline.TestRows.from(sc, testSource, dataOptions.partitions(sc));
      FitPipeline.TestRows validationRows = validation == null ? null
          : FitPipeline.TestRows.from(sc, DataSources.open(validation, readOptions.withSeed(seed + 2), sc.hadoopConfiguration()),
              dataOptions.partitions(sc));
      FitPipeline fitting = initModel == null ? settings.pipeline : settings.pipeline.withInitialModel(ModelOptions.load(initModel, sc));

      OutputDir dir = OutputDir.create(out, sc.hadoopConfiguration());
      HadoopFolder outFolder = new HadoopFolder(out, sc.hadoopConfiguration());
      StepTraffic traffic = new StepTraffic();
      FitPipeline.Result fit;
      try (MetricsFile metrics = new MetricsFile(dir)) {
        fit = fitting.fit(sc, rows, validationRows, testRows, new FitPipeline.Hooks() {
          @Override public TrainingListener listener(NetworkSpec spec, long trainRows, Supplier<ValidationProgress> validation) {
            // Training starts: only now, with a resume accepted, do the record and the metrics of DIR change.
            RunRecord.of(command, startedWith).write(outFolder);
            if (resumed == null) metrics.startFresh();
            else metrics.startAfter(new HadoopFolder(resume, sc.hadoopConfiguration()), resumed.step());
            TrainingListener checkpoints = checkpointEvery == 0 ? TrainingListener.NONE
                : new CheckpointListener(new CheckpointStore(outFolder), checkpointEvery, spec, trainRows, settings.pipeline.describe(), validation);
            return new TrainingListener() {
              @Override public void onStep(StepMetrics m, Supplier<TrainingState> state) {
                metrics.write(stepRecord(m));
                traffic.add(m);
                checkpoints.onStep(m, state);
              }
            };
          }

          @Override public void onEpochScored(EpochMetrics m) { metrics.write(TrainingReport.epochRecord(m)); }

          @Override public Checkpoint resumeFrom(NetworkSpec spec, long trainRows) {
            return resumed == null ? null : CheckpointListener.check(resumed, spec, trainRows, settings.pipeline.describe(), resume);
          }
        });
      }
      try (fit) {
        report(fit, config, sc, dir, executors, traffic);
      }
    }
    return 0;
  }

  /** What the options say, checked: the training settings, how to read data, and the fit. */
  private record Settings(TrainingConfig config, DataOptions readOptions, FitPipeline pipeline, NetworkSpec smallest) {}

  private Settings settings() {
    if (train == null || out == null) {
      List<String> missing = new ArrayList<>();
      if (train == null) missing.add("'--train=DATA'");
      if (out == null) missing.add("'--out=DIR'");
      throw new ParameterException(command.commandLine(), (missing.size() == 1 ? "Missing required option: " : "Missing required options: ")
          + String.join(", ", missing) + " (or --resume RUN, to continue a run)");
    }
    TrainingConfig config = TrainingOptions.toConfig(name -> String.valueOf((Object) command.findOption(name).getValue()), "--");
    DataOptions readOptions = dataOptions.toDataOptions(seed);
    FitPipeline pipeline = new FitPipeline(config, scaling, inputStorage)
        .withSampleWeights(new SampleWeights(readOptions.weightColumn() != null, classWeights));
    // With --num-features the first layer is known before any data is read: refuse a network that cannot be held now.
    NetworkSpec smallest = readOptions.numFeatures() > 0 ? NetworkSpec.of(readOptions.numFeatures(), config.hidden(), 2, config.activation()) : null;
    return new Settings(config, readOptions, pipeline, smallest);
  }

  /**
   * With --resume: the options the run was started with wherever none is given now, RUN as the output
   * folder unless --out says otherwise, and the newest checkpoint to continue from (checked against
   * the network once the data are read).
   */
  private Checkpoint continueRun(Configuration conf) {
    HadoopFolder run = new HadoopFolder(resume, conf);
    startedWith = RunRecord.read(run).orElse(null);
    if (startedWith != null) startedWith.applyTo(command);
    Checkpoint newest = CheckpointListener.newest(new CheckpointStore(run));
    if (startedWith == null && train == null) {
      String known = RunRecord.optionsIn(newest, command);
      throw new IllegalArgumentException("--resume: " + resume + " has no " + RunRecord.NAME + ", the record of its options (a run of an "
          + "older sparkprop): give them as it was started, --train DATA with its data options and --partitions"
          + (known.isEmpty() ? "" : ", and from its checkpoint " + known));
    }
    if (out == null) out = resume;
    return newest;
  }

  private void report(FitPipeline.Result fit, TrainingConfig config, JavaSparkContext sc, OutputDir dir, ExecutorCounter executors,
      StepTraffic traffic) throws java.io.IOException {
    NetworkSpec spec = fit.spec();
    double[] finalParams = fit.parameters();
    // train, test and held-out validation in one job
    List<BlockedData> sets = new ArrayList<>(List.of(fit.train()));
    if (fit.test() != null) sets.add(fit.test());
    if (fit.heldOut()) sets.add(fit.validation());
    Iterator<Evaluation> scored = Evaluation.ofEach(sc, sets, spec, finalParams, config.aggregationDepth(), config.precision()).iterator();
    Evaluation onTrain = scored.next();
    Evaluation onTest = fit.test() == null ? null : scored.next();
    Evaluation onValidation = fit.heldOut() ? scored.next() : null;
    TrainingReport.write(dir, fit.monitor().history(), fit.heldOut() ? "validation" : "test",
        onTest != null ? onTest : onValidation, onTest != null ? "test" : "validation");
    ModelStore.save(fit.model(), dir.path("model"), sc.hadoopConfiguration());
    Map<String, Object> report = summary(spec, config, fit.run(), onTrain, onTest, fit.train(), sc, fit.monitor(), onValidation, fit.keptBest());
    report.put("executors", executors.count());
    report.put("input_storage", fit.storage().cliName());
    report.put("non_zeros", fit.train().nonZeros());
    report.put("cached_bytes_per_non_zero", fit.train().cachedBytesPerNonZero());
    report.put("broadcast_bytes_per_step", traffic.meanBroadcastBytes());
    report.put("result_bytes_per_step", traffic.meanResultBytes());
    if (fit.resumedFrom() != null) report.put("resumed_from_step", fit.resumedFrom().step());
    dir.writeJson("summary.json", report);
    sc.sc().removeSparkListener(executors);

    System.out.printf(Locale.ROOT, "train accuracy %.4f  loss %.5f  (%,d rows)%n", onTrain.accuracy(), onTrain.meanLoss(), onTrain.count());
    if (onTest != null)
      System.out.printf(Locale.ROOT, "test accuracy  %.4f  loss %.5f  (%,d rows)%n", onTest.accuracy(), onTest.meanLoss(), onTest.count());
    System.out.printf(Locale.ROOT, "%d steps in %.1f s; model and summary in %s%n", fit.run().steps(), fit.run().seconds(), dir.location());
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
    if (monitor.bestParameters() != null) {
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
    // on YARN the master is just "yarn": where the driver ran, and the application id its logs are filed under
    s.put("spark_deploy_mode", sc.getConf().get("spark.submit.deployMode", "client"));
    s.put("spark_application_id", sc.sc().applicationId());
    s.put("spark_version", sc.version());
    s.put("blas", Network.blasName());
    s.put("train_data", train);
    if (test != null) s.put("test_data", test);
    if (validation != null) s.put("validation_data", validation);
    if (initModel != null) s.put("init_model", initModel);
    s.put("config", config.describe());
    return s;
  }
}
