package io.sparkprop.train;

import io.sparkprop.data.DataSource;
import io.sparkprop.data.DataSummary;
import io.sparkprop.data.FeatureScaler;
import io.sparkprop.data.LabelMapping;
import io.sparkprop.model.Provenance;
import io.sparkprop.model.TrainedModel;
import io.sparkprop.nn.InputStorage;
import io.sparkprop.nn.Network;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.nn.Precision;
import io.sparkprop.spark.BlockedData;
import io.sparkprop.spark.InputStorageChoice;
import io.sparkprop.spark.MemoryBudget;
import io.sparkprop.spark.ValidationSplit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.regression.LabeledPoint;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one fit, for the command line and Spark ML alike: hold out validation rows, summarize the
 * training rows in one pass (features, classes, labels, density), choose the input storage and fit
 * the scaler, build the network, stack and cache the blocks, train (or resume) with the validation
 * monitor and the caller's listeners, and keep the best epoch's parameters when validation decides.
 * What the front ends add is only theirs: where rows come from, and what they report.
 */
public final class FitPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(FitPipeline.class);

  /**
   * Training rows and what the fit needs to know of their source.
   *
   * @param autoScaling what scaling "auto" means for dense input from this source (sparse input is scaled by max |x|)
   * @param summarize the one-pass summary of (the training part of) these rows
   */
  public record Rows(JavaRDD<LabeledPoint> rows, String describe, FeatureScaler.Kind autoScaling,
      Function<JavaRDD<LabeledPoint>, DataSummary> summarize) {
    /** The rows of a file source, read into at least {@code partitions} partitions. */
    public static Rows from(JavaSparkContext sc, DataSource source, int partitions) {
      return new Rows(source.read(sc, DataSource.Expectations.NONE, partitions), source.describe(), source.defaultScaling(),
          r -> DataSummary.of(r, source));
    }
  }

  /**
   * Test rows, read once the network is known so that they are checked against it.
   */
  public record TestRows(String describe, Function<DataSource.Expectations, JavaRDD<LabeledPoint>> read) {
    /** The rows of a file source, read into at least {@code partitions} partitions once the network is known. */
    public static TestRows from(JavaSparkContext sc, DataSource source, int partitions) {
      return new TestRows(source.describe(), expect -> source.read(sc, expect, partitions));
    }
  }

  /** Where a fit ended: the network, the data as cached, the run and the model to save. */
  public record Result(NetworkSpec spec, InputStorage storage, FeatureScaler scaler, LabelMapping labels,
      BlockedData train, BlockedData validation, BlockedData test, boolean heldOut, Trainer.Result run,
      ValidationMonitor monitor, boolean keptBest, TrainingState resumedFrom, TrainedModel model) implements AutoCloseable {
    /** The parameters saved: the best epoch's when validation chose, else the last. */
    public double[] parameters() { return model.parameters(); }

    /** Frees the cached blocks. */
    @Override public void close() {
      train.unpersist();
      if (test != null) test.unpersist();
      if (heldOut) validation.unpersist();
    }
  }

  /** Checks and listeners a front end adds; all optional. */
  public interface Hooks {
    /** Every step and epoch end, after the validation monitor. */
    default TrainingListener listener(NetworkSpec spec, long trainRows) { return TrainingListener.NONE; }

    /**
     * As {@link #listener(NetworkSpec, long)}, with the validation monitor's progress so far (what a
     * checkpoint keeps); called once training is about to start, after {@link #resumeFrom}.
     */
    default TrainingListener listener(NetworkSpec spec, long trainRows, Supplier<ValidationProgress> validation) {
      return listener(spec, trainRows);
    }

    /** Each scored epoch (train and validation loss and accuracy). */
    default void onEpochScored(EpochMetrics metrics) {}

    /** The checkpoint to continue from, for this network and data, or null to start afresh. */
    default Checkpoint resumeFrom(NetworkSpec spec, long trainRows) { return null; }

    /** Called once the data are summarized, before anything is cached (a memory check, a log line). */
    default void onSummary(DataSummary summary, NetworkSpec spec, InputStorage storage) {}

    Hooks NONE = new Hooks() {};
  }

  private final TrainingConfig config;
  private final String scaling;
  private final String inputStorage;
  private final TrainedModel initialModel;
  /** Where sample weights come from; none unless {@link #withSampleWeights} says. */
  private final SampleWeights sampleWeights;

  /** {@code scaling} and {@code inputStorage} as the options {@link TrainingOptions#SCALING} and {@link TrainingOptions#INPUT_STORAGE} take them. */
  public FitPipeline(TrainingConfig config, String scaling, String inputStorage) {
    this(config, scaling, inputStorage, null, SampleWeights.NONE);
  }

  private FitPipeline(TrainingConfig config, String scaling, String inputStorage, TrainedModel initialModel,
      SampleWeights sampleWeights) {
    this.config = config;
    this.scaling = scaling;
    this.inputStorage = inputStorage;
    this.initialModel = initialModel;
    this.sampleWeights = sampleWeights;
    scalingKind(FeatureScaler.Kind.STANDARDIZE, InputStorage.DENSE); // refuse an unknown kind before any Spark job
    InputStorageChoice.resolve(inputStorage, 1);
  }

  /**
   * The same fit, starting from {@code model}'s parameters (warm start: fine-tune, or continue on new
   * data) with a fresh optimizer. The network must be the model's (layers, activation, inputs; the
   * data's classes within the model's), and the model's scaling and label mapping are kept, since
   * its parameters were learned on them.
   */
  public FitPipeline withInitialModel(TrainedModel model) {
    return new FitPipeline(config, scaling, inputStorage, model, sampleWeights);
  }

  /** The same fit, weighing the training samples as {@code weights} says. */
  public FitPipeline withSampleWeights(SampleWeights weights) {
    return new FitPipeline(config, scaling, inputStorage, initialModel, weights);
  }

  /**
   * The settings as text, for a checkpoint to compare on resume: the config's ({@link TrainingConfig#describe()})
   * and the class weights, which the config does not hold.
   */
  public Map<String, String> describe() {
    Map<String, String> text = new LinkedHashMap<>(config.describe());
    text.put("class_weights", sampleWeights.classWeights());
    return text;
  }

  /** Trains on {@code source} alone: no test rows, no hooks. */
  public Result fit(JavaSparkContext sc, Rows source) { return fit(sc, source, null, Hooks.NONE); }

  /** {@code testSource} may be null. */
  public Result fit(JavaSparkContext sc, Rows source, TestRows testSource, Hooks hooks) {
    return fit(sc, source, null, testSource, hooks);
  }

  /**
   * With {@code validationSource} (may be null) as the held-out rows for the validation curve, early
   * stopping and the best epoch, instead of a seeded fraction of the training rows.
   */
  public Result fit(JavaSparkContext sc, Rows source, TestRows validationSource, TestRows testSource, Hooks hooks) {
    if (validationSource != null && config.validation().validationFraction() > 0)
      throw new IllegalArgumentException("--validation and --validation-fraction: give one source of validation rows");
    ValidationSplit split = ValidationSplit.of(source.rows(), config.validation().validationFraction(), config.seed());
    DataSummary summary = source.summarize().apply(split.train());
    LabelMapping labels = initialModel != null ? initialModel.labels() : labels(summary);
    JavaRDD<LabeledPoint> rows = labels.apply(split.train());
    JavaRDD<LabeledPoint> validationRows = split.validation() == null ? null : labels.apply(split.validation());
    InputStorage storage = InputStorageChoice.resolve(inputStorage, summary.density());
    NetworkSpec spec = NetworkSpec.of(summary.features(), config.hidden(), summary.classes(), config.activation());
    FeatureScaler scaler;
    if (initialModel == null) {
      scaler = summary.scaler(scalingKind(source.autoScaling(), storage));
    } else {
      spec = fitsInitialModel(spec);
      scaler = initialModel.scaler(); // stacking refuses it for sparse input if it does not keep zeros
    }
    checkMemory(spec, config, storage, sc);
    hooks.onSummary(summary, spec, storage);
    int blockSize = Trainer.blockSizeFor(config, rows.getNumPartitions());
    StorageLevel level = StorageLevel.MEMORY_AND_DISK();
    BlockedData train = sampleWeights.stack(rows, summary, source.describe(), spec.inputs(), scaler, blockSize, config.seed(), level, storage);
    log(train, spec, summary, scaler, blockSize, sc.master());

    BlockedData test = testSource == null ? null : BlockedData.stackInOrder(
        testSource.read().apply(new DataSource.Expectations(spec.inputs(), spec.classes(), labels)), spec.inputs(), scaler,
        config.blockSize(), level, storage);
    if (validationSource != null)
      validationRows = validationSource.read().apply(new DataSource.Expectations(spec.inputs(), spec.classes(), labels));
    boolean heldOut = validationRows != null;
    BlockedData validation = heldOut
        ? BlockedData.stackInOrder(validationRows, spec.inputs(), scaler, config.blockSize(), level, storage)
        : test;
    int patience = config.validation().patience();
    if (patience > 0 && validation == null)
      throw new IllegalArgumentException("--patience: early stopping needs --validation-fraction or --test");

    Checkpoint checkpoint = hooks.resumeFrom(spec, train.samples());
    TrainingState resumeFrom = checkpoint == null ? null : checkpoint.state();
    ValidationMonitor monitor = new ValidationMonitor(sc, train, validation, spec, config.precision(), config.aggregationDepth(), patience,
        hooks::onEpochScored, config.validation().interval(config.epochs()), config.epochs());
    if (checkpoint != null) {
      if (checkpoint.validation() == null && validation != null)
        LOG.warn("the checkpoint predates keeping the validation history (an older sparkprop): the best epoch and early "
            + "stopping count from step " + checkpoint.step() + " on");
      monitor.continueFrom(checkpoint.validation() == null ? ValidationProgress.NONE : checkpoint.validation(), checkpoint.step());
    }
    TrainingListener extra = hooks.listener(spec, train.samples(), monitor::progress);
    TrainingListener listener = new TrainingListener() {
      @Override public void onStep(StepMetrics m, Supplier<TrainingState> state) {
        monitor.onStep(m, state);
        extra.onStep(m, state);
      }

      @Override public boolean onEpochEnd(int epoch, TrainingState state) {
        boolean go = monitor.onEpochEnd(epoch, state);
        return extra.onEpochEnd(epoch, state) && go;
      }
    };
    Trainer trainer = new Trainer(sc, config);
    Trainer.Result run = resumeFrom != null ? trainer.resume(train, spec, resumeFrom, listener)
        : initialModel != null ? trainer.train(train, spec, initialModel.parameters(), listener)
        : trainer.train(train, spec, listener);
    // The saved model is the best epoch's on held-out rows, or on the test rows when early stopping was
    // asked for; otherwise test rows only draw the curves, so that choosing by them is never silent.
    boolean keepBest = monitor.bestParameters() != null && (heldOut || patience > 0);
    double[] parameters = keepBest ? monitor.bestParameters() : run.parameters();
    Provenance provenance = Provenance.capture(source.describe(), train.samples(),
        testSource == null ? null : testSource.describe(), config.describe(), sc.master());
    TrainedModel model = new TrainedModel(spec, parameters, scaler, labels, provenance);
    return new Result(spec, storage, scaler, labels, train, validation, test, heldOut, run, monitor, keepBest, resumeFrom, model);
  }

  /**
   * The initial model's network, if the data and settings fit it: the same inputs and hidden layers,
   * and no more classes than it has (a class the data lack is kept, untrained on).
   */
  private NetworkSpec fitsInitialModel(NetworkSpec fromData) {
    NetworkSpec model = initialModel.spec();
    int[] sizes = model.sizes();
    int[] hidden = Arrays.copyOfRange(sizes, 1, sizes.length - 1);
    if (!Arrays.equals(hidden, config.hidden()) || model.activation() != config.activation())
      throw new IllegalArgumentException("--init-model: the model is " + model + "; train it with --hidden "
          + HiddenSizes.format(hidden) + " --activation " + model.activation().cliName() + ", not " + fromData);
    if (fromData.inputs() != model.inputs())
      throw new IllegalArgumentException("--init-model: the model takes " + model.inputs() + " features, the data have " + fromData.inputs());
    if (fromData.classes() > model.classes())
      throw new IllegalArgumentException("--init-model: the model has " + model.classes() + " classes, the data have "
          + fromData.classes());
    return model;
  }

  /** Refuses, before any Spark job, a network whose parameters and optimizer state cannot be held. */
  public static void checkMemory(NetworkSpec spec, TrainingConfig config, InputStorage storage, JavaSparkContext sc) {
    MemoryBudget.check(spec, config.optimizer(), config.precision() == Precision.SINGLE, storage, sc.getConf(),
        Runtime.getRuntime().maxMemory(), sc.defaultParallelism());
  }

  /** The kinds {@link TrainingOptions#SCALING} takes. */
  public static final List<String> SCALINGS = List.of("auto", "standardize", "maxabs", "divide", "none");

  /** auto: the source's own, except for sparse input, whose zeros must stay zero (max-abs). */
  private FeatureScaler.Kind scalingKind(FeatureScaler.Kind auto, InputStorage storage) {
    return switch (scaling.toLowerCase(Locale.ROOT)) {
      case "auto" -> storage == InputStorage.SPARSE ? FeatureScaler.Kind.MAXABS : auto;
      case "standardize" -> FeatureScaler.Kind.STANDARDIZE;
      case "maxabs" -> FeatureScaler.Kind.MAXABS;
      case "divide" -> FeatureScaler.Kind.DIVIDE;
      case "none" -> FeatureScaler.Kind.NONE;
      default -> throw new IllegalArgumentException("--scaling: unknown kind '" + scaling
          + "' (expected auto, standardize, maxabs, divide or none)");
    };
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

  private void log(BlockedData train, NetworkSpec spec, DataSummary summary, FeatureScaler scaler, int blockSize, String master) {
    LOG.info(String.format(Locale.ROOT, "data: %,d rows, %d features, %d classes, %d partitions, %.1f MB cached in blocks of %d",
        train.samples(), spec.inputs(), spec.classes(), train.numPartitions(), train.cachedBytes() / 1e6, blockSize));
    if (train.storage() == InputStorage.SPARSE)
      LOG.info(String.format(Locale.ROOT, "input: sparse, %,d non-zeros (%.1f a row, density %.2g), %.2f bytes cached a non-zero; scaling %s",
          train.nonZeros(), train.nonZeros() / (double) train.samples(), summary.density(), train.cachedBytesPerNonZero(),
          scaler.kind().cliName()));
    LOG.info(String.format(Locale.ROOT, "network: %s, %,d parameters, %s; BLAS %s; Spark %s",
        Arrays.toString(spec.sizes()), spec.numParameters(), config.optimizer().name(), Network.blasName(), master));
  }
}
