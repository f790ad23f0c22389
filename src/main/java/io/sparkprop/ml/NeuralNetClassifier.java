package io.sparkprop.ml;

import io.sparkprop.data.DataException;
import io.sparkprop.data.DataFrameRows;
import io.sparkprop.data.DataSource;
import io.sparkprop.data.DataSummary;
import io.sparkprop.data.FeatureScaler;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.optim.OptimizerConfig;
import io.sparkprop.train.FitPipeline;
import io.sparkprop.train.HiddenSizes;
import io.sparkprop.train.SampleWeights;
import io.sparkprop.train.TrainingConfig;
import io.sparkprop.train.TrainingListener;
import io.sparkprop.train.TrainingOptions;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.BooleanParam;
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
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * A Spark ML estimator for sparkprop's fully-connected softmax classifier: {@code fit} runs the
 * command line's own fit ({@link FitPipeline}) and returns a {@link NeuralNetClassificationModel}.
 * Every training option of the command line is a Param here, named in camelCase
 * ({@code --learning-rate} is {@code learningRate}), except Spark's own names {@code maxIter} for
 * {@code --epochs} and {@code hiddenLayers} for {@code --hidden}. Defaults and validation are the
 * command line's: one list ({@link TrainingOptions}) feeds both. The column params (featuresCol,
 * labelCol, predictionCol, probabilityCol, rawPredictionCol) are Spark's, from {@link ProbabilisticClassifier};
 * {@code weightCol} is Spark's {@code HasWeightCol} convention (unset or empty: every row weighs 1), and
 * {@code classWeights} is the command line's {@code --class-weights} ({@link SampleWeights}).
 *
 * <p>Features are scaled inside the model (param {@code scaling}) as the command line does, so the
 * same data and seed give the same network whether or not a StandardScaler comes first. A sparse
 * features column (HashingTF's, say) is never densified: with {@code inputStorage} auto, input whose
 * entries are at most 10 % non-zero is cached and trained on sparse, and scaled by max |x| so that
 * its zeros stay zero (see {@link io.sparkprop.spark.InputStorageChoice}).
 */
public class NeuralNetClassifier extends ProbabilisticClassifier<Vector, NeuralNetClassifier, NeuralNetClassificationModel>
    implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private String uid; // no initializer: set by uid() during the superclass constructor, see ConstructionUid

  private final IntArrayParam hiddenLayers = new IntArrayParam(this, "hiddenLayers",
      "hidden layer sizes, e.g. [256, 128]; empty = softmax regression",
      (scala.Function1<int[], Object> & java.io.Serializable) sizes -> java.util.Arrays.stream(sizes).allMatch(s -> s > 0));
  private final Param<String> activation = choice("activation", "hidden activation", "relu", "tanh", "sigmoid");
  private final Param<String> optimizer = choice("optimizer",
      "update rule (lbfgs: full batch, a line search picks each step; lamb, lars: layer-wise trust ratios for large batches)",
      OptimizerConfig.NAMES.toArray(String[]::new));
  private final DoubleParam learningRate = new DoubleParam(this, "learningRate", "step size (> 0)", ParamValidators.gt(0));
  private final DoubleParam momentum = new DoubleParam(this, "momentum", "sgd and lars momentum, in [0, 1)",
      ParamValidators.inRange(0, 1, true, false));
  private final BooleanParam nesterov = new BooleanParam(this, "nesterov", "sgd: Nesterov momentum instead of heavy ball");
  private final IntParam lbfgsHistory = new IntParam(this, "lbfgsHistory", "lbfgs: correction pairs kept (>= 1)", ParamValidators.gtEq(1));
  private final DoubleParam larsTrust = new DoubleParam(this, "larsTrust",
      "lars: trust coefficient eta of the layer-wise rate eta |w| / (|g| + weightDecay |w|) (> 0)", ParamValidators.gt(0));
  private final Param<String> schedule = choice("schedule", "learning rate schedule", "constant", "step", "cosine");
  private final LongParam warmupSteps = new LongParam(this, "warmupSteps", "linear warm-up over this many steps; wins over warmupEpochs",
      ParamValidators.gtEq(0));
  private final DoubleParam warmupEpochs = new DoubleParam(this, "warmupEpochs", "linear warm-up over this many epochs",
      ParamValidators.gtEq(0));
  private final DoubleParam decayEpochs = new DoubleParam(this, "decayEpochs", "step schedule: decay every this many epochs (> 0)",
      ParamValidators.gt(0));
  private final DoubleParam decayRate = new DoubleParam(this, "decayRate", "step schedule: factor per decay, in (0, 1]",
      ParamValidators.inRange(0, 1, false, true));
  private final DoubleParam minLearningRate = new DoubleParam(this, "minLearningRate", "cosine schedule: rate at the last step",
      ParamValidators.gtEq(0));
  private final IntParam maxIter = new IntParam(this, "maxIter", "epochs: passes over the training data (>= 1)", ParamValidators.gtEq(1));
  private final IntParam batchSize = new IntParam(this, "batchSize", "samples per step; 0 = full batch", ParamValidators.gtEq(0));
  private final IntParam blockSize = new IntParam(this, "blockSize", "samples stacked per block (the width of each matrix product)",
      ParamValidators.gtEq(1));
  private final DoubleParam l2 = new DoubleParam(this, "l2", "L2 penalty on weights, not biases (>= 0)", ParamValidators.gtEq(0));
  private final Param<String> precision = choice("precision", "what gradients are computed in, and the model then scores in (float: sgemm)", "float", "double");
  private final DoubleParam weightDecay = new DoubleParam(this, "weightDecay", "decoupled (AdamW-style) weight decay per unit of learning rate",
      ParamValidators.gtEq(0));
  private final DoubleParam dropout = new DoubleParam(this, "dropout", "inverted dropout on hidden units in training, in [0, 1)",
      ParamValidators.inRange(0, 1, true, false));
  private final DoubleParam validationFraction = new DoubleParam(this, "validationFraction",
      "seeded share of the training rows held out for validation and early stopping, in [0, 1)", ParamValidators.inRange(0, 1, true, false));
  private final IntParam patience = new IntParam(this, "patience", "stop after this many scored epochs without a lower validation loss; 0 = never",
      ParamValidators.gtEq(0));
  private final IntParam evalEvery = new IntParam(this, "evalEvery", "score every this many epochs; 0 = about 50 times a run",
      ParamValidators.gtEq(0));
  private final LongParam seed = new LongParam(this, "seed", "initial weights and data order: the same seed gives the same run");
  private final Param<String> inputStorage = choice("inputStorage",
      "how blocks store the input: auto (sparse when at most 10 % of the entries are non-zero)", "auto", "sparse", "dense");
  private final Param<String> scaling = choice("scaling",
      "feature scaling fitted on the training data and kept in the model: auto (standardize, or maxabs for sparse input)",
      FitPipeline.SCALINGS.toArray(String[]::new));
  private final IntParam logEvery = new IntParam(this, "logEvery", "log every this many steps; 0 = automatic", ParamValidators.gtEq(0));
  private final IntParam aggregationDepth = new IntParam(this, "aggregationDepth", "depth of the tree that sums gradients (>= 1)",
      ParamValidators.gtEq(1));
  private final Param<String> validationIndicatorCol = new Param<>(this, "validationIndicatorCol",
      "name of a boolean column: rows where it is true are held out for the validation curve, early stopping and the best epoch");

  /** Not a Param (a model is no JSON value): kept by {@link #copy}, not saved with the estimator. */
  private NeuralNetClassificationModel initialModel;

  private final Param<String> weightCol = new Param<>(this, "weightCol",
      "sample weight column (numeric, finite, non-negative); unset or empty = every row weighs 1");
  private final Param<String> classWeights = new Param<>(this, "classWeights",
      "weight per class, times each row's weight: none, balanced (n / (classes x rows of the class)) or w0,w1,... (class 0 first)",
      (scala.Function1<String, Object> & java.io.Serializable) text -> valid(text));

  /** Defaults as the command line's: {@link TrainingOptions#defaults()}. */
  public NeuralNetClassifier() {
    TrainingOptions.defaults().forEach((option, text) -> {
      @SuppressWarnings("unchecked") Param<Object> p = (Param<Object>) getParam(paramName(option));
      setDefault(p, p.jsonDecode(json(p, text)));
    });
  }

  private static boolean valid(String classWeights) {
    try {
      new SampleWeights(false, classWeights);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
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

  /** The Param for command-line option {@code option}: camelCase, with Spark's names for epochs and hidden layers. */
  static String paramName(String option) {
    return switch (option) {
      case "epochs" -> "maxIter";
      case "hidden" -> "hiddenLayers";
      default -> {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char c : option.toCharArray()) {
          if (c == '-') up = true;
          else b.append(up ? Character.toUpperCase(c) : c);
          if (c != '-') up = false;
        }
        yield b.toString();
      }
    };
  }

  /** The option's value as the command line writes it (hidden sizes comma-separated, "none" for no hidden layer). */
  private String optionText(String option) {
    Object value = $(getParam(paramName(option)));
    if (value instanceof int[] sizes) return HiddenSizes.format(sizes);
    return String.valueOf(value);
  }

  /** A default's text as the JSON its Param decodes. */
  private static String json(Param<?> p, String text) {
    if (p instanceof IntArrayParam) return "[" + text + "]";
    if (p instanceof DoubleParam || p instanceof IntParam || p instanceof LongParam || p instanceof BooleanParam) return text;
    return "\"" + text + "\"";
  }

  private Param<String> choice(String name, String doc, String... values) {
    return new Param<>(this, name, doc + ": " + String.join(", ", values), ParamValidators.inArray(values));
  }

  /** The settings as the trainer takes them, parsed and checked as the command line's. */
  TrainingConfig trainingConfig() { return TrainingOptions.toConfig(this::optionText, ""); }

  public IntArrayParam hiddenLayers() { return hiddenLayers; }
  public Param<String> activation() { return activation; }
  public Param<String> optimizer() { return optimizer; }
  public DoubleParam learningRate() { return learningRate; }
  public DoubleParam momentum() { return momentum; }
  public BooleanParam nesterov() { return nesterov; }
  public IntParam lbfgsHistory() { return lbfgsHistory; }
  public DoubleParam larsTrust() { return larsTrust; }
  public Param<String> schedule() { return schedule; }
  public LongParam warmupSteps() { return warmupSteps; }
  public DoubleParam warmupEpochs() { return warmupEpochs; }
  public DoubleParam decayEpochs() { return decayEpochs; }
  public DoubleParam decayRate() { return decayRate; }
  public DoubleParam minLearningRate() { return minLearningRate; }
  public IntParam maxIter() { return maxIter; }
  public IntParam batchSize() { return batchSize; }
  public IntParam blockSize() { return blockSize; }
  public DoubleParam l2() { return l2; }
  public Param<String> precision() { return precision; }
  public DoubleParam weightDecay() { return weightDecay; }
  public DoubleParam dropout() { return dropout; }
  public DoubleParam validationFraction() { return validationFraction; }
  public IntParam patience() { return patience; }
  public IntParam evalEvery() { return evalEvery; }
  public LongParam seed() { return seed; }
  public Param<String> inputStorage() { return inputStorage; }
  public Param<String> scaling() { return scaling; }
  public IntParam logEvery() { return logEvery; }
  public IntParam aggregationDepth() { return aggregationDepth; }
  public Param<String> validationIndicatorCol() { return validationIndicatorCol; }
  public Param<String> weightCol() { return weightCol; }
  public Param<String> classWeights() { return classWeights; }

  public int[] getHiddenLayers() { return $(hiddenLayers).clone(); }
  public String getActivation() { return $(activation); }
  public String getOptimizer() { return $(optimizer); }
  public double getLearningRate() { return (Double) $(learningRate); }
  public double getMomentum() { return (Double) $(momentum); }
  public boolean getNesterov() { return (Boolean) $(nesterov); }
  public int getLbfgsHistory() { return (Integer) $(lbfgsHistory); }
  public double getLarsTrust() { return (Double) $(larsTrust); }
  public String getSchedule() { return $(schedule); }
  public long getWarmupSteps() { return (Long) $(warmupSteps); }
  public double getWarmupEpochs() { return (Double) $(warmupEpochs); }
  public double getDecayEpochs() { return (Double) $(decayEpochs); }
  public double getDecayRate() { return (Double) $(decayRate); }
  public double getMinLearningRate() { return (Double) $(minLearningRate); }
  public int getMaxIter() { return (Integer) $(maxIter); }
  public int getBatchSize() { return (Integer) $(batchSize); }
  public int getBlockSize() { return (Integer) $(blockSize); }
  public double getL2() { return (Double) $(l2); }
  public String getPrecision() { return $(precision); }
  public double getWeightDecay() { return (Double) $(weightDecay); }
  public double getDropout() { return (Double) $(dropout); }
  public double getValidationFraction() { return (Double) $(validationFraction); }
  public int getPatience() { return (Integer) $(patience); }
  public int getEvalEvery() { return (Integer) $(evalEvery); }
  public long getSeed() { return (Long) $(seed); }
  public String getInputStorage() { return $(inputStorage); }
  public String getScaling() { return $(scaling); }
  public int getLogEvery() { return (Integer) $(logEvery); }
  public int getAggregationDepth() { return (Integer) $(aggregationDepth); }
  public String getValidationIndicatorCol() { return $(validationIndicatorCol); }
  public NeuralNetClassificationModel getInitialModel() { return initialModel; }
  /** The weight column, or "" when unset. */
  public String getWeightCol() { return isDefined(weightCol) ? $(weightCol) : ""; }
  public String getClassWeights() { return $(classWeights); }

  public NeuralNetClassifier setHiddenLayers(int... sizes) { return put(hiddenLayers, sizes.clone()); }
  public NeuralNetClassifier setActivation(String name) { return put(activation, name.toLowerCase(Locale.ROOT)); }
  public NeuralNetClassifier setOptimizer(String name) { return put(optimizer, name.toLowerCase(Locale.ROOT)); }
  public NeuralNetClassifier setLearningRate(double value) { return put(learningRate, value); }
  public NeuralNetClassifier setMomentum(double value) { return put(momentum, value); }
  public NeuralNetClassifier setNesterov(boolean value) { return put(nesterov, value); }
  public NeuralNetClassifier setLbfgsHistory(int pairs) { return put(lbfgsHistory, pairs); }
  public NeuralNetClassifier setLarsTrust(double eta) { return put(larsTrust, eta); }
  public NeuralNetClassifier setSchedule(String kind) { return put(schedule, kind.toLowerCase(Locale.ROOT)); }
  public NeuralNetClassifier setWarmupSteps(long steps) { return put(warmupSteps, steps); }
  public NeuralNetClassifier setWarmupEpochs(double epochs) { return put(warmupEpochs, epochs); }
  public NeuralNetClassifier setDecayEpochs(double epochs) { return put(decayEpochs, epochs); }
  public NeuralNetClassifier setDecayRate(double factor) { return put(decayRate, factor); }
  public NeuralNetClassifier setMinLearningRate(double rate) { return put(minLearningRate, rate); }
  /** Epochs. */
  public NeuralNetClassifier setMaxIter(int epochs) { return put(maxIter, epochs); }
  public NeuralNetClassifier setBatchSize(int samples) { return put(batchSize, samples); }
  public NeuralNetClassifier setBlockSize(int samples) { return put(blockSize, samples); }
  public NeuralNetClassifier setL2(double lambda) { return put(l2, lambda); }
  public NeuralNetClassifier setPrecision(String name) { return put(precision, name.toLowerCase(Locale.ROOT)); }
  public NeuralNetClassifier setWeightDecay(double value) { return put(weightDecay, value); }
  public NeuralNetClassifier setDropout(double rate) { return put(dropout, rate); }
  public NeuralNetClassifier setValidationFraction(double fraction) { return put(validationFraction, fraction); }
  public NeuralNetClassifier setPatience(int epochs) { return put(patience, epochs); }
  public NeuralNetClassifier setEvalEvery(int epochs) { return put(evalEvery, epochs); }
  public NeuralNetClassifier setSeed(long value) { return put(seed, value); }
  public NeuralNetClassifier setInputStorage(String kind) { return put(inputStorage, kind.toLowerCase(Locale.ROOT)); }
  public NeuralNetClassifier setScaling(String kind) { return put(scaling, kind.toLowerCase(Locale.ROOT)); }
  public NeuralNetClassifier setLogEvery(int steps) { return put(logEvery, steps); }
  public NeuralNetClassifier setAggregationDepth(int depth) { return put(aggregationDepth, depth); }
  public NeuralNetClassifier setValidationIndicatorCol(String column) { return put(validationIndicatorCol, column); }

  /**
   * Warm start: train from this model's parameters, scaling and labels (fine-tune, or continue on new
   * data). Its layers must fit the data and {@code hiddenLayers}; null trains from fresh weights.
   */
  public NeuralNetClassifier setInitialModel(NeuralNetClassificationModel model) {
    initialModel = model;
    return this;
  }
  public NeuralNetClassifier setWeightCol(String column) { return put(weightCol, column); }
  public NeuralNetClassifier setClassWeights(String weights) { return put(classWeights, weights); }

  private <T> NeuralNetClassifier put(Param<T> param, T value) {
    set(param, value);
    return this;
  }

  /** The command line's fit on the DataFrame's rows; the model keeps the network, its scaling and the run's history. */
  @Override public NeuralNetClassificationModel train(Dataset<?> dataset) {
    TrainingConfig config = trainingConfig();
    FitPipeline pipeline = new FitPipeline(config, getScaling(), getInputStorage());
    pipeline = pipeline.withSampleWeights(new SampleWeights(!getWeightCol().isEmpty(), getClassWeights()));
    if (initialModel != null) pipeline = pipeline.withInitialModel(initialModel.trainedModel());
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
    String describe = "DataFrame (" + getFeaturesCol() + ", " + getLabelCol() + ")";
    Dataset<Row> all = dataset.toDF(), trainSet = all;
    FitPipeline.TestRows validation = null;
    if (isDefined(validationIndicatorCol) && !getValidationIndicatorCol().isEmpty()) {
      String indicator = getValidationIndicatorCol();
      checkIndicator(all, indicator);
      trainSet = all.filter(functions.not(functions.col(indicator)));
      Dataset<Row> held = all.filter(functions.col(indicator));
      String heldDescribe = describe + " rows where " + indicator + " is true";
      validation = new FitPipeline.TestRows(heldDescribe,
          expect -> DataFrameRows.labeledPoints(held, getFeaturesCol(), getLabelCol(), heldDescribe, false, false, expect));
    }
    JavaRDD<LabeledPoint> rows = DataFrameRows.labeledPoints(trainSet, getFeaturesCol(), getLabelCol(), getWeightCol(), describe, false, false,
        DataSource.Expectations.NONE);
    FitPipeline.Rows source = new FitPipeline.Rows(rows, describe, FeatureScaler.Kind.STANDARDIZE, r -> {
      try {
        return DataSummary.of(r, describe, DataSource.PIXEL_DIVISOR);
      } catch (Exception e) { // Exception, not RuntimeException: Scala throws the (checked) SparkException undeclared
        // a bad value fails a Spark job: hand the user the one-line DataException, not the job's wrappers
        DataException bad = DataException.find(e).orElse(null);
        if (bad != null) throw bad;
        throw e;
      }
    });
    NeuralNetTrainingSummary.Recorder recorder = new NeuralNetTrainingSummary.Recorder();
    try (FitPipeline.Result fit = pipeline.fit(sc, source, validation, null, new FitPipeline.Hooks() {
      @Override public TrainingListener listener(NetworkSpec spec, long trainRows) { return recorder; }
    })) {
      int best = fit.keptBest() ? fit.monitor().bestEpoch() : 0;
      return new NeuralNetClassificationModel(uid(), fit.model(), recorder.summary(fit.run().seconds(), fit.monitor().history(), best));
    }
  }

  @Override public NeuralNetClassifier copy(ParamMap extra) {
    NeuralNetClassifier copy = defaultCopy(extra);
    copy.initialModel = initialModel;
    return copy;
  }

  private static void checkIndicator(Dataset<Row> data, String column) {
    if (!java.util.Arrays.asList(data.schema().fieldNames()).contains(column))
      throw new IllegalArgumentException("validationIndicatorCol: no column '" + column + "' (columns: "
          + String.join(", ", data.schema().fieldNames()) + ")");
    org.apache.spark.sql.types.DataType type = data.schema().apply(column).dataType();
    if (!(type instanceof org.apache.spark.sql.types.BooleanType))
      throw new IllegalArgumentException("validationIndicatorCol: column '" + column + "' is " + type.simpleString() + ", not boolean");
  }

  public static MLReader<NeuralNetClassifier> read() { return new DefaultParamsReader<>(); }

  public static NeuralNetClassifier load(String path) { return read().load(path); }
}
