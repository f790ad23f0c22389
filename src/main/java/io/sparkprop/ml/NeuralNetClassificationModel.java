package io.sparkprop.ml;

import io.sparkprop.data.FeatureScaler;
import io.sparkprop.model.ModelStore;
import io.sparkprop.model.TrainedModel;
import io.sparkprop.nn.Block;
import io.sparkprop.nn.InputStorage;
import io.sparkprop.nn.Network;
import io.sparkprop.nn.NetworkSpec;
import io.sparkprop.nn.Precision;
import io.sparkprop.spark.InputStorageChoice;
import java.util.NoSuchElementException;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted sparkprop network as a Spark ML model: {@code transform} adds Spark's usual prediction,
 * probability and raw prediction columns, scoring each partition a block of rows at a time (one
 * gemm per layer); {@code predictRaw} and the other single-row methods score one row. The raw prediction is the log of the probabilities
 * (logits up to a constant), so Spark's softmax turns it back into the same probabilities.
 *
 * <p>Saved as Spark ML saves every stage, metadata (uid and params) under {@code path/metadata},
 * and under {@code path/data} a model in the command line's format ({@link ModelStore}): the CLI's
 * {@code evaluate --model path/data} reads it, and {@link #fromCliModel} reads what the CLI wrote.
 */
public class NeuralNetClassificationModel extends ProbabilisticClassificationModel<Vector, NeuralNetClassificationModel>
    implements MLWritable {
  private static final long serialVersionUID = 1L;

  private String uid; // no initializer: set by uid() during the superclass constructor, see ConstructionUid
  private final TrainedModel trained;
  private final transient NeuralNetTrainingSummary summary;
  private final Param<String> precision = new Param<>(this, "precision",
      "what transform computes in: float (sgemm) or double, for checks; by default what the model was trained in",
      ParamValidators.inArray(new String[] {"float", "double"}));
  /** One network and one-sample block per deserialized copy, for the single-row methods. */
  private transient Network<double[]> network;
  /** For sparse rows of a wide model whose scaling keeps zeros zero: a one-sample sparse block, never densified. */
  private transient Network<double[]> sparseNetwork;
  /** Whether sparse rows are scored sparse (decided once: it reads every feature's scaling). */
  private transient InputStorage sparseRows;
  private transient float[] sample;
  private transient double[] parameters;

  NeuralNetClassificationModel(String uid, TrainedModel trained, NeuralNetTrainingSummary summary) {
    this(ConstructionUid.park(uid), trained, summary);
  }

  private NeuralNetClassificationModel(ConstructionUid.Token parked, TrainedModel trained, NeuralNetTrainingSummary summary) {
    this.trained = trained;
    this.summary = summary;
    setDefault(precision, trained.trainingPrecision().cliName());
  }

  /** A model the command line trained: {@code train --out DIR} wrote it to DIR/model (DIR itself is accepted too). */
  public static NeuralNetClassificationModel fromCliModel(String dir) {
    return NeuralNetModelIO.fromCliModel(dir, SparkSession.active().sparkContext().hadoopConfiguration());
  }

  static NeuralNetClassificationModel of(TrainedModel trained) {
    return new NeuralNetClassificationModel((String) null, trained, null);
  }

  @Override public String uid() {
    if (uid == null) uid = ConstructionUid.take("sparkpropNeuralNetModel");
    return uid;
  }

  /** The network, its parameters, feature scaling and provenance: what the command line saves. */
  public TrainedModel trainedModel() { return trained; }
  /** Layer sizes from input to output. */
  public int[] layers() { return trained.spec().sizes(); }

  @Override public int numClasses() { return trained.spec().classes(); }
  @Override public int numFeatures() { return trained.spec().inputs(); }

  /** What {@link #transform} computes in (the single-row methods compute in double). */
  public Param<String> precision() { return precision; }
  public String getPrecision() { return $(precision); }
  public NeuralNetClassificationModel setPrecision(String name) {
    set(precision, name.toLowerCase(java.util.Locale.ROOT));
    return this;
  }

  public boolean hasSummary() { return summary != null; }

  /** The training history of the fit that made this model; not saved, so a loaded model has none. */
  public NeuralNetTrainingSummary summary() {
    if (summary == null) throw new NoSuchElementException("no training summary: this model was loaded, not fitted");
    return summary;
  }

  /**
   * Spark's columns, computed a block of rows at a time ({@link BatchedTransform}) in
   * {@link #precision()}: in double, the same values as the row-by-row UDFs of
   * ProbabilisticClassificationModel.transform within rounding (1e-12); in float, within float's.
   */
  @Override public Dataset<Row> transform(Dataset<?> dataset) {
    StructType schema = transformSchema(dataset.schema(), true);
    if (isDefined(thresholds()) && getThresholds().length != numClasses())
      throw new IllegalArgumentException(getClass().getSimpleName() + ".transform() called with non-matching numClasses and thresholds.length."
          + " numClasses=" + numClasses() + ", but thresholds has length " + getThresholds().length);
    boolean noColumns = getRawPredictionCol().isEmpty() && getProbabilityCol().isEmpty() && getPredictionCol().isEmpty();
    if (noColumns) return super.transform(dataset); // Spark's warning, and the dataset as it is
    return BatchedTransform.apply(this, dataset, schema);
  }

  /**
   * Spark's own ProbabilisticClassificationModel.transform, one predictRaw call per row: the same
   * columns as {@link #transform}, slower; what the batched path is tested and timed against.
   */
  public Dataset<Row> transformRowByRow(Dataset<?> dataset) { return super.transform(dataset); }

  /** Row by row, as Spark's UDFs call it; {@link #transform} scores blocks instead. */
  @Override public Vector predictRaw(Vector features) {
    return rawPrediction(probabilities(features), 0);
  }

  /** The raw prediction of one sample from its class probabilities at {@code p[offset .. offset + classes)}. */
  Vector rawPrediction(double[] p, int offset) {
    double[] raw = new double[numClasses()];
    // floored so that a probability that underflowed to 0 gives a finite raw score, not -Infinity
    for (int k = 0; k < raw.length; k++) raw[k] = Math.log(Math.max(p[offset + k], Double.MIN_NORMAL));
    return Vectors.dense(raw);
  }

  @Override public Vector raw2probabilityInPlace(Vector raw) {
    if (!(raw instanceof DenseVector dense)) throw new IllegalArgumentException("raw prediction must be dense, got " + raw.getClass());
    double[] v = dense.values();
    double max = Double.NEGATIVE_INFINITY;
    for (double x : v) max = Math.max(max, x);
    double sum = 0;
    for (int k = 0; k < v.length; k++) sum += v[k] = Math.exp(v[k] - max);
    for (int k = 0; k < v.length; k++) v[k] /= sum;
    return raw;
  }

  /** Class probabilities of one sample, scaled as in training. */
  private double[] probabilities(Vector features) {
    NetworkSpec spec = trained.spec();
    if (features.size() != spec.inputs())
      throw new IllegalArgumentException("features have " + features.size() + " values, the model expects " + spec.inputs());
    if (network == null) {
      network = Precision.DOUBLE.network(spec, 1);
      sample = new float[spec.inputs()];
      parameters = trained.parameters();
    }
    FeatureScaler scaler = trained.scaler();
    if (sparseRows == null) sparseRows = InputStorageChoice.forScoring(scaler, spec.inputs());
    if (features instanceof SparseVector sparse && sparseRows == InputStorage.SPARSE) {
      if (sparseNetwork == null) sparseNetwork = Precision.DOUBLE.network(spec, 1, InputStorage.SPARSE);
      int[] indices = sparse.indices();
      double[] values = sparse.values();
      int[] kept = new int[indices.length];
      float[] scaled = new float[indices.length];
      int n = 0;
      for (int k = 0; k < indices.length; k++) {
        float v = (float) scaler.apply(indices[k], values[k]);
        if (v == 0) continue;
        kept[n] = indices[k];
        scaled[n++] = v;
      }
      Block one = Block.sparse(spec.inputs(), 1, new int[] {0, n}, kept, scaled, new int[1]);
      return sparseNetwork.probabilities(parameters, one).clone();
    }
    for (int i = 0; i < sample.length; i++) sample[i] = (float) scaler.apply(i, features.apply(i));
    return network.probabilities(parameters, new Block(spec.inputs(), 1, sample, new int[1])).clone();
  }

  @Override public NeuralNetClassificationModel copy(ParamMap extra) {
    NeuralNetClassificationModel copy = new NeuralNetClassificationModel(uid(), trained, summary);
    return copyValues(copy, extra).setParent(parent());
  }

  /**
   * Java sees this method twice, with return types it calls incompatible (Scala's covariant
   * override); the raw type satisfies both, and Spark's own implementation does the work.
   */
  @SuppressWarnings("rawtypes")
  @Override public scala.Tuple3 findSummaryModel() {
    return super.findSummaryModel();
  }

  @Override public MLWriter write() { return new NeuralNetModelIO.Writer(this); }

  /**
   * Writes this model as an ONNX file, to serve outside Spark: input "features" (float [N, inputs],
   * unscaled), outputs "probabilities" and "label" ({@link io.sparkprop.export.OnnxExport} has the
   * contract). {@code path} is a file on any Hadoop file system; one there is replaced.
   */
  public void exportOnnx(String path) {
    io.sparkprop.export.OnnxExport.write(trained, path, SparkSession.active().sparkContext().hadoopConfiguration());
  }

  public static MLReader<NeuralNetClassificationModel> read() { return new NeuralNetModelIO.Reader(); }

  /** A model saved by {@link #write()}, or a command-line model folder. */
  public static NeuralNetClassificationModel load(String path) { return read().load(path); }

  @Override public String toString() {
    return "NeuralNetClassificationModel: uid=" + uid() + ", layers=" + java.util.Arrays.toString(layers())
        + ", activation=" + trained.spec().activation().cliName();
  }
}
