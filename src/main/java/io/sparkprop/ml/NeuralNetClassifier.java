package io.sparkprop.ml;

import io.sparkprop.data.DataException;
import io.sparkprop.data.DataFrameRows;
import io.sparkprop.data.DataSource;
import io.sparkprop.data.DataSummary;
import io.sparkprop.data.FeatureScaler;
import io.sparkprop.model.Provenance;
import io.sparkprop.model.TrainedModel;
import io.sparkprop.nn.Activation;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.optim.OptimizerConfig;
import io.sparkprop.nn.InputStorage;
import io.sparkprop.spark.BlockedData;
import io.sparkprop.spark.InputStorageChoice;
import io.sparkprop.train.Trainer;
import io.sparkprop.train.TrainingConfig;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.mllib.regression.LabeledPoint;
import org.apache.spark.sql.Dataset;
import org.apache.spark.storage.StorageLevel;

/**
 * A Spark ML estimator for sparkprop's fully-connected softmax classifier: {@code fit} trains with
 * the same distributed trainer as the command line ({@link Trainer}) and returns a
 * {@link NeuralNetClassificationModel}. The column params (featuresCol, labelCol, predictionCol,
 * probabilityCol, rawPredictionCol) are Spark's own, from {@link ProbabilisticClassifier}.
 *
 * <p>Features are scaled inside the model (param {@code scaling}) as the command line does, so the
 * same data and seed give the same network whether or not a StandardScaler comes first. A sparse
 * features column (HashingTF's, say) is never densified: with {@code inputStorage} auto, input whose
 * entries are at most 10 % non-zero is cached and trained on sparse, and scaled by max |x| so that
 * its zeros stay zero (see {@link io.sparkprop.spark.InputStorageChoice}).
 *
 * <p>Not here yet: dropout and a validation fraction. The trainer on this branch has neither; when
 * it does, they become params that feed {@link TrainingConfig} like the others.
 */
public class NeuralNetClassifier extends ProbabilisticClassifier<Vector, NeuralNetClassifier, NeuralNetClassificationModel>
    implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private String uid; // no initializer: set by uid() during the superclass constructor, see ConstructionUid

  private final IntArrayParam hiddenLayers = new IntArrayParam(this, "hiddenLayers",
      "hidden layer sizes, e.g. [256, 128]; empty = softmax regression",
      (scala.Function1<int[], Object> & java.io.Serializable) sizes -> java.util.Arrays.stream(sizes).allMatch(s -> s > 0));
  private final Param<String> activation = new Param<>(this, "activation", "hidden activation: relu, tanh or sigmoid",
      ParamValidators.inArray(new String[] {"relu", "tanh", "sigmoid"}));
  private final Param<String> optimizer = new Param<>(this, "optimizer", "adam or sgd",
      ParamValidators.inArray(new String[] {"adam", "sgd"}));
  private final DoubleParam learningRate = new DoubleParam(this, "learningRate", "step size (> 0)", ParamValidators.gt(0));
  private final DoubleParam momentum = new DoubleParam(this, "momentum", "sgd momentum, in [0, 1)",
      ParamValidators.inRange(0, 1, true, false));
  private final IntParam maxIter = new IntParam(this, "maxIter", "epochs: passes over the training data (>= 1)", ParamValidators.gtEq(1));
  private final IntParam batchSize = new IntParam(this, "batchSize", "samples per step; 0 = full batch", ParamValidators.gtEq(0));
  private final IntParam blockSize = new IntParam(this, "blockSize", "samples stacked per block (the width of each matrix product)",
      ParamValidators.gtEq(1));
  private final DoubleParam l2 = new DoubleParam(this, "l2", "L2 penalty on weights, not biases (>= 0)", ParamValidators.gtEq(0));
  private final LongParam seed = new LongParam(this, "seed", "initial weights and data order: the same seed gives the same run");
  private final Param<String> scaling = new Param<>(this, "scaling",
      "feature scaling fitted on the training data and kept in the model: auto (standardize, or maxabs for sparse input), "
          + "standardize, maxabs or none",
      ParamValidators.inArray(new String[] {"auto", "standardize", "maxabs", "none"}));
  private final Param<String> inputStorage = new Param<>(this, "inputStorage",
      "how blocks store the input: auto (sparse when at most 10 % of the entries are non-zero), sparse or dense",
      ParamValidators.inArray(new String[] {"auto", "sparse", "dense"}));
  private final IntParam aggregationDepth = new IntParam(this, "aggregationDepth", "depth of the tree that sums gradients (>= 1)",
      ParamValidators.gtEq(1));

  /** Defaults as the command line's (scikit-learn's MLPClassifier): one hidden ReLU layer of 100, Adam at 0.001, batches of 200. */
  public NeuralNetClassifier() {
    setDefault(hiddenLayers, new int[] {100});
    setDefault(activation, "relu");
    setDefault(optimizer, "adam");
    setDefault(learningRate, 0.001);
    setDefault(momentum, 0.9);
    setDefault(maxIter, 200);
    setDefault(batchSize, 200);
    setDefault(blockSize, 480); // the CLI's default (conf/sparkprop.properties)
    setDefault(l2, 1e-4);
    setDefault(seed, 1L);
    setDefault(scaling, "auto");
    setDefault(inputStorage, "auto");
    setDefault(aggregationDepth, 2);
  }

  /** With a given uid: what Spark's readers and {@code copy} call. */
  public NeuralNetClassifier(String uid) {
    this(ConstructionUid.park(uid));
  }

  private NeuralNetClassifier(ConstructionUid.Token parked) {
    this();
  }

  @Override public String uid() {
    if (uid == null) uid = ConstructionUid.take("sparkpropNeuralNet");
    return uid;
  }

  public IntArrayParam hiddenLayers() { return hiddenLayers; }
  public Param<String> activation() { return activation; }
  public Param<String> optimizer() { return optimizer; }
  public DoubleParam learningRate() { return learningRate; }
  public DoubleParam momentum() { return momentum; }
  public IntParam maxIter() { return maxIter; }
  public IntParam batchSize() { return batchSize; }
  public IntParam blockSize() { return blockSize; }
  public DoubleParam l2() { return l2; }
  public LongParam seed() { return seed; }
  public Param<String> scaling() { return scaling; }
  public Param<String> inputStorage() { return inputStorage; }
  public IntParam aggregationDepth() { return aggregationDepth; }

  public int[] getHiddenLayers() { return $(hiddenLayers).clone(); }
  public String getActivation() { return $(activation); }
  public String getOptimizer() { return $(optimizer); }
  public double getLearningRate() { return (Double) $(learningRate); }
  public double getMomentum() { return (Double) $(momentum); }
  public int getMaxIter() { return (Integer) $(maxIter); }
  public int getBatchSize() { return (Integer) $(batchSize); }
  public int getBlockSize() { return (Integer) $(blockSize); }
  public double getL2() { return (Double) $(l2); }
  public long getSeed() { return (Long) $(seed); }
  public String getScaling() { return $(scaling); }
  public String getInputStorage() { return $(inputStorage); }
  public int getAggregationDepth() { return (Integer) $(aggregationDepth); }

  public NeuralNetClassifier setHiddenLayers(int... sizes) { return put(hiddenLayers, sizes.clone()); }
  public NeuralNetClassifier setActivation(String name) { return put(activation, name.toLowerCase(Locale.ROOT)); }
  public NeuralNetClassifier setOptimizer(String name) { return put(optimizer, name.toLowerCase(Locale.ROOT)); }
  public NeuralNetClassifier setLearningRate(double value) { return put(learningRate, value); }
  public NeuralNetClassifier setMomentum(double value) { return put(momentum, value); }
  /** Epochs. */
  public NeuralNetClassifier setMaxIter(int epochs) { return put(maxIter, epochs); }
  public NeuralNetClassifier setBatchSize(int samples) { return put(batchSize, samples); }
  public NeuralNetClassifier setBlockSize(int samples) { return put(blockSize, samples); }
  public NeuralNetClassifier setL2(double lambda) { return put(l2, lambda); }
  public NeuralNetClassifier setSeed(long value) { return put(seed, value); }
  public NeuralNetClassifier setScaling(String kind) { return put(scaling, kind.toLowerCase(Locale.ROOT)); }
  public NeuralNetClassifier setInputStorage(String kind) { return put(inputStorage, kind.toLowerCase(Locale.ROOT)); }
  public NeuralNetClassifier setAggregationDepth(int depth) { return put(aggregationDepth, depth); }

  private <T> NeuralNetClassifier put(Param<T> param, T value) {
    set(param, value);
    return this;
  }

  /** The settings as the trainer takes them. */
  TrainingConfig trainingConfig() {
    OptimizerConfig opt = getOptimizer().equals("sgd") ? OptimizerConfig.sgd(getLearningRate(), getMomentum())
        : OptimizerConfig.adam(getLearningRate());
    return new TrainingConfig(getHiddenLayers(), Activation.parse(getActivation()), opt, getMaxIter(), getBatchSize(),
        getBlockSize(), getL2(), getSeed(), getAggregationDepth(), 0);
  }

  /** The command line's train flow: one-pass summary, scaler, network, cached blocks, the distributed trainer. */
  @Override public NeuralNetClassificationModel train(Dataset<?> dataset) {
    TrainingConfig config = trainingConfig();
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
    String describe = "DataFrame (" + getFeaturesCol() + ", " + getLabelCol() + ")";
    JavaRDD<LabeledPoint> rows = DataFrameRows.labeledPoints(dataset, getFeaturesCol(), getLabelCol(), describe, false, false,
        DataSource.Expectations.NONE);
    DataSummary summary;
    try {
      summary = DataSummary.of(rows, describe, DataSource.PIXEL_DIVISOR);
    } catch (Exception e) { // Exception, not RuntimeException: Scala throws the (checked) SparkException undeclared
      // a bad value fails a Spark job: hand the user the one-line DataException, not the job's wrappers
      DataException bad = DataException.find(e).orElse(null);
      if (bad != null) throw bad;
      throw e;
    }
    InputStorage storage = InputStorageChoice.resolve(getInputStorage(), summary.density());
    FeatureScaler scaler = summary.scaler(switch (getScaling()) {
      case "auto" -> storage == InputStorage.SPARSE ? FeatureScaler.Kind.MAXABS : FeatureScaler.Kind.STANDARDIZE;
      case "maxabs" -> FeatureScaler.Kind.MAXABS;
      case "none" -> FeatureScaler.Kind.NONE;
      default -> FeatureScaler.Kind.STANDARDIZE;
    });
    NetworkSpec spec = NetworkSpec.of(summary.features(), config.hidden(), summary.classes(), config.activation());
    int blocks = Trainer.blockSizeFor(config, rows.getNumPartitions());
    BlockedData data = BlockedData.stackShuffled(rows, spec.inputs(), scaler, blocks, config.seed(), StorageLevel.MEMORY_AND_DISK(), storage);
    try {
      NeuralNetTrainingSummary.Recorder recorder = new NeuralNetTrainingSummary.Recorder();
      Trainer.Result result = new Trainer(sc, config).train(data, spec, recorder);
      Provenance provenance = Provenance.capture(describe, data.samples(), null, config.describe(), sc.master());
      TrainedModel trained = new TrainedModel(spec, result.parameters(), scaler, provenance);
      return new NeuralNetClassificationModel(uid(), trained, recorder.summary(result.seconds()));
    } finally {
      data.unpersist();
    }
  }

  @Override public NeuralNetClassifier copy(ParamMap extra) { return defaultCopy(extra); }

  public static MLReader<NeuralNetClassifier> read() { return new DefaultParamsReader<>(); }

  public static NeuralNetClassifier load(String path) { return read().load(path); }
}
